"""A refused field is answered with a reason from a fixed list (core.errors.REASONS) and,
where the reason has one, its limit: pages translate the reason, never pydantic's English."""

import re
from datetime import date, time
from enum import Enum
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from functions.bookings.schemas import BookingSettings, NewService, Opening
from functions.core.contact import Email, OneLine, Phone
from functions.core.errors import REASONS, FieldProblem
from functions.core.money import Currency
from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.paging import PageQuery
from functions.core.reasons import field_problems
from functions.core.schemas import Changes, Day
from functions.documents.schemas import FileFacts


class Colour(Enum):
    RED = "red"
    BLUE = "blue"


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="x", min_length=2, max_length=5)
    count: Annotated[int, Field(ge=1, le=9), NUMBER_NOT_TEXT] = 1
    above: Annotated[int, Field(gt=0, lt=10)] = 1
    step: Annotated[int, Field(multiple_of=5)] = 5
    ratio: float = 0.5
    flag: bool = False
    tags: list[str] = Field(default_factory=lambda: ["a"], min_length=1, max_length=2)
    nested: dict[str, int] = Field(default_factory=dict)
    day: date = date(2026, 1, 1)
    at: time = time(9)
    code: str = Field(default="AB", pattern=r"^[A-Z]{2}$")
    colour: Colour = Colour.RED
    kind: Literal["a", "b"] = "a"
    size: Literal[1, 2, 3] = 1


def _problems(model: type[BaseModel], data: Any, *, strict: bool = True) -> list[FieldProblem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, strict=strict)
    return field_problems(caught.value, "body")


def _one(model: type[BaseModel], data: Any, **options: Any) -> FieldProblem:
    [problem] = _problems(model, data, **options)
    assert problem["message"]  # English, for developers
    return problem


@pytest.mark.parametrize(
    ("data", "field", "reason", "limit"),
    [
        ({"name": "a"}, "name", "too_short", 2),
        ({"name": "abcdef"}, "name", "too_long", 5),
        ({"count": 0}, "count", "too_small", 1),
        ({"count": 10}, "count", "too_large", 9),
        ({"above": 0}, "above", "too_small", 1),  # gt=0 on whole numbers: the least allowed is 1
        ({"above": 10}, "above", "too_large", 9),
        ({"step": 7}, "step", "not_a_multiple", 5),
        ({"count": "3"}, "count", "not_a_number", None),
        ({"count": True}, "count", "not_a_number", None),
        ({"above": 2.5}, "above", "not_a_whole_number", None),
        ({"above": "x"}, "above", "not_a_whole_number", None),  # from text, as a query string is
        ({"ratio": "half"}, "ratio", "not_a_number", None),
        ({"name": 5}, "name", "not_text", None),
        ({"flag": "maybe"}, "flag", "not_true_false", None),
        ({"tags": "a"}, "tags", "not_a_list", None),
        ({"tags": []}, "tags", "too_few", 1),
        ({"tags": ["a", "b", "c"]}, "tags", "too_many", 2),
        ({"nested": []}, "nested", "not_an_object", None),
        ({"nested": {"a": "b"}}, "nested.a", "not_a_number", None),
        ({"day": "2026-13-01"}, "day", "not_a_date", None),
        ({"at": "25:00"}, "at", "not_a_time", None),
        ({"code": "abc"}, "code", "wrong_format", None),
        ({"surprise": 1}, "surprise", "unknown_field", None),
    ],
)
def test_each_pydantic_error_type_maps_to_its_reason_and_limit(
    data: dict[str, Any], field: str, reason: str, limit: int | None
) -> None:
    strict = not any(key in data for key in ("day", "at", "above", "ratio", "flag"))
    problem = _one(Sample, data, strict=strict)

    assert (problem["field"], problem["reason"], problem.get("limit")) == (field, reason, limit)
    assert problem["reason"] in REASONS


def test_a_missing_field_is_required_and_the_whole_body_is_named_body() -> None:
    class Needs(BaseModel):
        name: str

    assert _one(Needs, {})["reason"] == "required"
    assert (_one(Needs, None)["field"], _one(Needs, None)["reason"]) == ("body", "not_an_object")


@pytest.mark.parametrize(
    ("data", "choices"),
    [({"colour": "green"}, ["red", "blue"]), ({"kind": "c"}, ["a", "b"]), ({"size": 4}, [1, 2, 3])],
)
def test_a_value_not_among_the_choices_lists_them(data: dict[str, Any], choices: list[Any]) -> None:
    problem = _one(Sample, data, strict=False)

    assert (problem["reason"], problem["choices"]) == ("not_allowed", choices)


class Contact(BaseModel):
    email: Email | None = None
    mobile: Phone | None = None
    currency: Currency | None = None
    day: Day | None = None
    line: Annotated[str, OneLine(40)] | None = None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"email": "not-an-address"}, "not_an_email"),  # the published pattern
        ({"mobile": "12345"}, "not_a_mobile_number"),
        ({"mobile": "+1 2"}, "not_a_mobile_number"),
        ({"currency": "eur"}, "not_a_currency"),
        ({"currency": "XXQ"}, "not_a_currency"),  # the pattern fits; the validator knows no such code
        ({"day": "2026-1-1"}, "not_a_date"),
        ({"day": "2026-02-30"}, "not_a_date"),  # the pattern fits; the validator knows the calendar
        ({"line": "a\nb"}, "not_one_line"),
        ({"line": "a\tb"}, "not_one_line"),
        ({"line": "a\x00b"}, "control_character"),
        ({"line": "a\u202eb"}, "bidirectional_override"),
        ({"line": "   "}, "blank"),
    ],
)
def test_the_portals_own_validators_answer_their_own_reason(data: dict[str, Any], reason: str) -> None:
    problem = _one(Contact, data)

    assert (problem["field"], problem["reason"]) == (next(iter(data)), reason)


def test_model_validators_answer_their_reasons() -> None:
    assert _one(Opening, {"opens": "10:00", "closes": "09:00"}, strict=False)["reason"] == "ends_before_start"
    assert _one(NewService, {"name": "Cut", "duration_minutes": 30, "price": 100}, strict=False)["reason"] == (
        "price_needs_currency"
    )
    assert _one(Changes, {})["reason"] == "nothing_to_change"


def test_opening_hours_say_too_many_spans_with_the_limit_or_that_they_overlap() -> None:
    span = {"opens": "09:00", "closes": "10:00"}
    base = {"time_zone": "Europe/Helsinki", "notice_hours": 24, "horizon_days": 14}
    too_many = _problems(BookingSettings, {**base, "opening_hours": {"mon": [span] * 5}}, strict=False)
    overlapping = [{"opens": "09:00", "closes": "11:00"}, {"opens": "10:00", "closes": "12:00"}]
    overlap = _problems(BookingSettings, {**base, "opening_hours": {"mon": overlapping}}, strict=False)
    zone = _problems(BookingSettings, {**base, "time_zone": "Mars/Olympus"}, strict=False)

    assert [(p["field"], p["reason"], p.get("limit")) for p in too_many] == [("opening_hours.mon", "too_many", 4)]
    assert [(p["field"], p["reason"]) for p in overlap] == [("opening_hours", "overlapping")]
    assert ("time_zone", "not_a_time_zone") in [(p["field"], p["reason"]) for p in zone]


def test_a_file_type_not_accepted_and_a_query_number_not_in_digits() -> None:
    facts = _problems(FileFacts, {"file_name": "a.exe", "content_type": "application/x-msdownload", "size": 2000})
    limit = _one(PageQuery, {"limit": "+5"}, strict=False)

    assert ("content_type", "file_type_not_accepted") in [(p["field"], p["reason"]) for p in facts]
    assert (limit["field"], limit["reason"]) == ("limit", "not_a_whole_number")


def test_no_custom_validator_of_the_portal_raises_a_bare_value_error() -> None:
    """Every validator of a request shape says its reason (PydanticCustomError); a ValueError
    would reach the page as "invalid". Only settings and app wiring, never a request, may."""
    from pathlib import Path

    allowed = {"core/settings.py", "core/app.py", "core/openapi.py"}
    root = Path(__file__).resolve().parents[2] / "functions"
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        if str(path.relative_to(root)) not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"raise ValueError\(", line)
    ]
    assert offenders == []


def test_custom_reasons_are_in_the_list() -> None:
    root_reasons = set(REASONS)
    error = PydanticCustomError("not_an_email", "is not an e-mail address")
    assert error.type in root_reasons
    assert len(REASONS) == len(root_reasons)
