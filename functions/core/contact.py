"""E-mail addresses and phone numbers, as the portal stores and compares them."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

Language = Literal["en", "fr", "pl", "fi"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "pl", "fi")

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def normalise_email(value: str) -> str:
    email = value.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValueError("is not an e-mail address")
    return email


def normalise_phone(value: str) -> str:
    """E.164: '+' and digits; spaces, dots, dashes and brackets people type are dropped."""
    phone = re.sub(r"[\s().-]", "", value.strip())
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if not _E164.match(phone):
        raise ValueError("is not a mobile number in international form, such as +358401234567")
    return phone


def looks_like_phone(value: str) -> bool:
    return bool(re.fullmatch(r"[+0-9\s().-]{7,}", value.strip())) and "@" not in value


Email = Annotated[str, Field(max_length=254), AfterValidator(normalise_email)]
Phone = Annotated[str, Field(max_length=32), AfterValidator(normalise_phone)]
