"""E-mail addresses, phone numbers and the text people type, as the portal stores and compares them."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

Language = Literal["en", "fr", "pl", "fi"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "pl", "fi")

# Explicit character classes, not \s: pydantic checks patterns with Rust's regex, browsers
# with JavaScript's, and the two disagree on what counts as white space.
# No controls or bidirectional overrides either: the same characters text may not carry.
_NOT_AT_OR_SPACE = "[^@ \\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]"
EMAIL_PATTERN = f"^{_NOT_AT_OR_SPACE}{{1,64}}@{_NOT_AT_OR_SPACE}+\\.{_NOT_AT_OR_SPACE}{{2,}}$"
PHONE_PATTERN = r"^(\+|00)[1-9]([ ().-]*[0-9]){6,14}[ ().-]*$"
_EMAIL = re.compile(EMAIL_PATTERN)
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def normalise_email(value: str) -> str:
    """Checked as sent (the same rule as the published pattern), then compared in lower case."""
    if len(value) > 254 or not _EMAIL.match(value):
        raise PydanticCustomError("not_an_email", "is not an e-mail address")
    return value.lower()


def normalise_phone(value: str) -> str:
    """E.164: '+' and digits; spaces, dots, dashes and brackets people type are dropped."""
    phone = re.sub(r"[ ().-]", "", value.strip())
    if phone.startswith("00"):
        phone = "+" + phone[2:]
    if not _E164.match(phone):
        raise PydanticCustomError(
            "not_a_mobile_number", "is not a mobile number in international form, such as +358401234567"
        )
    return phone


def looks_like_phone(value: str) -> bool:
    return bool(re.fullmatch(r"[+0-9 ().-]{7,}", value.strip()))


# The patterns put into the OpenAPI document what the normalisers accept, so clients (and
# schemathesis) know the rule before they are told no.
# Something to read: at least one character that str.strip() keeps. Spelled out with \u
# escapes because pydantic (Rust), browsers (JavaScript) and Python disagree on \s.
_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
VISIBLE_PATTERN = f"[^{_SPACES}]"

# What no text a person types may carry. Control characters: a CR/LF in a title ends an
# e-mail's Subject header and starts another; NUL and escapes garble logs and exports.
# Bidirectional overrides and isolates: U+202E makes "Invoice‮fdp.exe" read "Invoiceexe.pdf".
# (The marks U+200E/U+200F stay: right-to-left writing needs them and they reorder nothing.)
_CONTROLS = "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f"
_BIDI_OVERRIDES = "\\u202a-\\u202e\\u2066-\\u2069"
_NOT_IN_LINES = _CONTROLS + _BIDI_OVERRIDES  # several lines keep \n and \t
_NOT_IN_A_LINE = _NOT_IN_LINES + "\\u0009\\u000a\\u2028\\u2029"  # and one line does not


def _text_pattern(refused: str, blank: bool) -> str:
    """Anchored, so the rule holds for every character; a visible one somewhere unless blank."""
    return f"^[^{refused}]*$" if blank else f"^[^{refused}]*[^{refused}{_SPACES}][^{refused}]*$"


ONE_LINE_PATTERN = _text_pattern(_NOT_IN_A_LINE, blank=False)
MULTI_LINE_PATTERN = _text_pattern(_NOT_IN_LINES, blank=False)
_REFUSED_IN_A_LINE = re.compile(f"[{_NOT_IN_A_LINE}]")
_REFUSED_IN_LINES = re.compile(f"[{_NOT_IN_LINES}]")
_BIDI = re.compile(f"[{_BIDI_OVERRIDES}]")
_BREAKS = re.compile("[\\r\\n\\u2028\\u2029]")


def _why_refused(character: str, one_line: bool) -> tuple[str, str]:
    """(reason, English) for a character text may not carry."""
    code = f"U+{ord(character):04X}"
    if _BIDI.match(character):
        return (
            "bidirectional_override",
            f"must not contain {code}, a bidirectional override: it can make text read backwards",
        )
    if one_line and _BREAKS.match(character):
        return "not_one_line", f"must be one line: it contains a line break ({code})"
    if one_line and character == "\t":
        return "not_one_line", f"must be one line: it contains a tab ({code})"
    return "control_character", f"must not contain a control character ({code})"


@dataclass(frozen=True)
class _TypedText(GroupedMetadata):
    """A text field as people type it: `Annotated[str, OneLine(120)]`.

    The pattern goes into the OpenAPI document (so clients and schemathesis know the rule);
    the validator runs first and says which character was refused, and where it is not
    obvious, why. max_length is inside, so the 400 reads "at most 120 characters".
    """

    max_length: int
    blank: bool = False  # True: an empty (or all-space) answer is allowed, e.g. an optional note
    one_line: ClassVar[bool]

    def __iter__(self) -> Iterator[Any]:
        refused = _NOT_IN_A_LINE if self.one_line else _NOT_IN_LINES
        yield Field(
            min_length=0 if self.blank else 1,
            max_length=self.max_length,
            pattern=_text_pattern(refused, self.blank),
        )
        yield BeforeValidator(self._check)

    def _check(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str schema after this says what is wrong with it
        found = (_REFUSED_IN_A_LINE if self.one_line else _REFUSED_IN_LINES).search(value)
        if found:
            reason, why = _why_refused(found.group(), self.one_line)
            raise PydanticCustomError(
                reason, "{why} at character {position}", {"why": why, "position": found.start() + 1}
            )
        if not self.blank and not value.strip():
            raise PydanticCustomError("blank", "must not be blank")
        return value


class OneLine(_TypedText):
    """Names, titles, subjects, tags, reasons, references: what goes in one input box."""

    one_line = True


class MultiLine(_TypedText):
    """Messages, descriptions and notes: new lines and tabs kept, other controls refused."""

    one_line = False


def as_one_line(text: str) -> str:
    """Stored text made safe for one line (an e-mail Subject): breaks and controls become
    one space, overrides go. For data stored before the rule, and defence in depth after it."""
    parts = _REFUSED_IN_A_LINE.split(_BIDI.sub("", text))
    return " ".join(part.strip() for part in parts if part.strip())


PersonName = Annotated[str, OneLine(120)]

Email = Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN), AfterValidator(normalise_email)]
Phone = Annotated[str, Field(max_length=32, pattern=PHONE_PATTERN), AfterValidator(normalise_phone)]
