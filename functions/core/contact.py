"""E-mail addresses and phone numbers, as the portal stores and compares them."""

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

Language = Literal["en", "fr", "pl", "fi"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "pl", "fi")

# Explicit character classes, not \s: pydantic checks patterns with Rust's regex, browsers
# with JavaScript's, and the two disagree on what counts as white space.
_NOT_AT_OR_SPACE = r"[^@ \t\r\n]"
EMAIL_PATTERN = f"^{_NOT_AT_OR_SPACE}{{1,64}}@{_NOT_AT_OR_SPACE}+\\.{_NOT_AT_OR_SPACE}{{2,}}$"
PHONE_PATTERN = r"^(\+|00)[1-9]([ ().-]*[0-9]){6,14}[ ().-]*$"
_EMAIL = re.compile(EMAIL_PATTERN)
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def normalise_email(value: str) -> str:
    """Checked as sent (the same rule as the published pattern), then compared in lower case."""
    if len(value) > 254 or not _EMAIL.match(value):
        raise ValueError("is not an e-mail address")
    return value.lower()


def normalise_phone(value: str) -> str:
    """E.164: '+' and digits; spaces, dots, dashes and brackets people type are dropped."""
    phone = re.sub(r"[ ().-]", "", value.strip())
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if not _E164.match(phone):
        raise ValueError("is not a mobile number in international form, such as +358401234567")
    return phone


def looks_like_phone(value: str) -> bool:
    return bool(re.fullmatch(r"[+0-9 ().-]{7,}", value.strip()))


# The patterns put into the OpenAPI document what the normalisers accept, so clients (and
# schemathesis) know the rule before they are told no.
# Something to read: at least one character that str.strip() keeps. Spelled out with \u
# escapes because pydantic (Rust), browsers (JavaScript) and Python disagree on \s.
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
VISIBLE_PATTERN = f"[^{_SPACES}]"
PersonName = Annotated[str, Field(min_length=1, max_length=120, pattern=VISIBLE_PATTERN)]

Email = Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN), AfterValidator(normalise_email)]
Phone = Annotated[str, Field(max_length=32, pattern=PHONE_PATTERN), AfterValidator(normalise_phone)]
