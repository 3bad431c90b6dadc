"""The text people type: one line (names, titles, subjects, tags, reasons) or several (ticket
messages), never control characters or bidirectional overrides; and the published patterns
say exactly what the validators accept."""

import re
from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from functions.core.contact import (
    MULTI_LINE_PATTERN,
    ONE_LINE_PATTERN,
    MultiLine,
    OneLine,
    as_one_line,
)

# Field names that may hold several lines; any other text is one line.
MULTI_LINE_FIELDS = {"description", "body", "note", "notes", "comment"}
REFUSED_EVERYWHERE = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u202a", "\u202e", "\u2066", "\u2069"]
LINE_BREAKS = ["\n", "\r", "\u2028", "\u2029"]
KEPT_IN_MESSAGES = {"\n", "\u2028", "\u2029"}  # \r too is refused: a new line is \n


class Sample(BaseModel):
    line: Annotated[str, OneLine(40)] = "x"
    reference: Annotated[str, OneLine(40, blank=True)] = ""
    message: Annotated[str, MultiLine(200)] = "x"


def _matches(pattern: str, text: str) -> bool:
    """As JSON Schema reads a pattern (ECMA 262): "$" ends the text; to Python's re it may
    also stand before a final newline."""
    return re.search(re.sub(r"\$$", r"\\Z", pattern), text) is not None


def _problem(**fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(fields, strict=True)
    return str(caught.value.errors()[0]["msg"])


@pytest.mark.parametrize("character", [*REFUSED_EVERYWHERE, *LINE_BREAKS, "\t"])
def test_a_line_refuses_breaks_tabs_controls_and_overrides(character: str) -> None:
    problem = _problem(line=f"Léa{character}Martin")

    assert f"U+{ord(character):04X}" in problem
    assert not _matches(ONE_LINE_PATTERN, f"Léa{character}Martin")


@pytest.mark.parametrize("character", [*REFUSED_EVERYWHERE, "\r"])
def test_several_lines_refuse_controls_other_than_newline_and_tab(character: str) -> None:
    assert f"U+{ord(character):04X}" in _problem(message=f"Hello{character}there")


def test_several_lines_keep_newlines_and_tabs_and_a_line_keeps_right_to_left_script() -> None:
    kept = Sample.model_validate({"message": "Hello\n\n\tthere", "line": "שלום עולם"}, strict=True)

    assert kept.message == "Hello\n\n\tthere"
    assert kept.line == "שלום עולם"


def test_blank_text_is_refused_unless_the_field_allows_it() -> None:
    assert "blank" in _problem(line="   ")
    assert Sample.model_validate({"reference": ""}, strict=True).reference == ""
    assert "U+000A" in _problem(reference="a\nb")


def test_the_length_limit_reads_as_characters() -> None:
    assert _problem(line="x" * 41) == "String should have at most 40 characters"


ALPHABET = st.sampled_from(["a", " ", "\u00a0", "é", "ש", *REFUSED_EVERYWHERE, *LINE_BREAKS, "\t", "\u200f"])


@given(st.text(alphabet=ALPHABET, max_size=8))
def test_the_published_patterns_accept_exactly_what_the_validators_accept(text: str) -> None:
    for field, pattern in (("line", ONE_LINE_PATTERN), ("message", MULTI_LINE_PATTERN)):
        try:
            Sample.model_validate({field: text}, strict=True)
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == _matches(pattern, text), (field, text)


@pytest.mark.parametrize(
    ("stored", "line"),
    [
        ("Proof of address\r\nBcc: x@example.com", "Proof of address Bcc: x@example.com"),
        ("  Tab\tand\u0000NUL\u202e  ", "Tab and NUL"),
        ("\n\n", ""),
        ("Plain", "Plain"),
    ],
)
def test_as_one_line_makes_stored_text_safe_for_a_subject(stored: str, line: str) -> None:
    assert as_one_line(stored) == line


# --- every field of every request body ---------------------------------------------------


def _strings(schema: dict[str, Any], components: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """(field path, string schema) for each string a body may carry."""
    if "$ref" in schema:
        return _strings(components[schema["$ref"].rsplit("/", 1)[-1]], components, path)
    found: list[tuple[str, dict[str, Any]]] = []
    for branch in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        found += _strings(branch, components, path)
    if schema.get("type") == "string":
        found.append((path, schema))
    for name, child in schema.get("properties", {}).items():
        found += _strings(child, components, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        found += _strings(schema["items"], components, f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        found += _strings(schema["additionalProperties"], components, f"{path}{{}}")
    return found


def _body_strings() -> list[tuple[str, dict[str, Any]]]:
    from functions.core.openapi import build_openapi
    from local.edge import load_apps

    document = build_openapi(load_apps().values(), "portal", "test")
    components = document["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                for path, string in _strings(schema, components, f"{method.upper()} {route} "):
                    found[path] = string
    return sorted(found.items())


# Strings not stored as typed: an identifier looked up (auth normalises it as an e-mail or
# a phone), a file name made safe by core.storage.safe_file_name.
CHECKED_ELSEWHERE = {"POST /auth/start .identifier"}
MADE_SAFE = ".file_name"
# Legitimate values that carry a character for each kind of pattern the document uses.
CARRIERS = ("a{c}a", "a{c}a@example.com", "https://example.com/a{c}a", "+35840{c}1234567", "Europe/{c}Helsinki")


def test_every_string_a_request_body_takes_states_its_characters() -> None:
    strings = _body_strings()
    assert len(strings) > 50, "the walk found too few fields"

    unbounded = [
        path
        for path, s in strings
        if not {"pattern", "enum"} & set(s)
        and s.get("format") != "date-time"
        and path not in CHECKED_ELSEWHERE
        and not path.endswith(MADE_SAFE)
    ]

    assert unbounded == []


@pytest.mark.parametrize("character", [*REFUSED_EVERYWHERE, *LINE_BREAKS])
def test_no_request_body_takes_a_control_character_or_an_override_and_only_messages_take_line_breaks(
    character: str,
) -> None:
    taken = []
    for path, string in _body_strings():
        if "pattern" not in string:
            continue
        multi_line = path.rsplit(".", 1)[-1].rstrip("[]") in MULTI_LINE_FIELDS
        if multi_line and character in KEPT_IN_MESSAGES:
            continue
        if any(_matches(string["pattern"], carrier.format(c=character)) for carrier in CARRIERS):
            taken.append(path)

    assert taken == []
