"""Why a field is refused, in words a page translates: pydantic's error types mapped onto
core.errors.REASONS (docs/errors.md). Request bodies and query strings both go through here.

The portal's own validators raise PydanticCustomError with a reason of REASONS as its type,
which passes through as it is; any error type not mapped here is "invalid".
"""

import re
from typing import Any

from pydantic import ValidationError

from functions.core.contact import EMAIL_PATTERN, PHONE_PATTERN
from functions.core.errors import REASONS, FieldProblem, field_problem
from functions.core.money import CURRENCY_PATTERN
from functions.core.schemas import DAY_PATTERN

# pydantic's error types, as the reasons pages translate (core.errors.REASONS).
_REASON_OF_TYPE = {
    "missing": "required",
    "missing_argument": "required",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "too_short": "too_few",
    "too_long": "too_many",
    "greater_than": "too_small",
    "greater_than_equal": "too_small",
    "less_than": "too_large",
    "less_than_equal": "too_large",
    "int_type": "not_a_number",
    "int_parsing": "not_a_whole_number",
    "int_from_float": "not_a_whole_number",
    "int_parsing_size": "too_large",
    "float_type": "not_a_number",
    "float_parsing": "not_a_number",
    "finite_number": "not_a_number",
    "decimal_type": "not_a_number",
    "decimal_parsing": "not_a_number",
    "string_type": "not_text",
    "string_unicode": "not_text",
    "bool_type": "not_true_false",
    "bool_parsing": "not_true_false",
    "list_type": "not_a_list",
    "tuple_type": "not_a_list",
    "set_type": "not_a_list",
    "frozen_set_type": "not_a_list",
    "iterable_type": "not_a_list",
    "dict_type": "not_an_object",
    "model_type": "not_an_object",
    "model_attributes_type": "not_an_object",
    "dataclass_type": "not_an_object",
    "date_type": "not_a_date",
    "date_parsing": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_from_datetime_inexact": "not_a_date",
    "datetime_type": "not_a_date",
    "datetime_parsing": "not_a_date",
    "datetime_from_date_parsing": "not_a_date",
    "datetime_object_invalid": "not_a_date",
    "time_type": "not_a_time",
    "time_parsing": "not_a_time",
    "string_pattern_mismatch": "wrong_format",
    "url_parsing": "wrong_format",
    "url_type": "wrong_format",
    "uuid_parsing": "wrong_format",
    "uuid_type": "wrong_format",
    "enum": "not_allowed",
    "literal_error": "not_allowed",
    "union_tag_invalid": "not_allowed",
    "union_tag_not_found": "required",
    "extra_forbidden": "unknown_field",
    "multiple_of": "not_a_multiple",
}
# A pattern mismatch says more where the pattern is one of the portal's own kinds of value.
_REASON_OF_PATTERN = {
    EMAIL_PATTERN: "not_an_email",
    PHONE_PATTERN: "not_a_mobile_number",
    CURRENCY_PATTERN: "not_a_currency",
    DAY_PATTERN: "not_a_date",
}
_LIMIT_OF_REASON = {
    "too_short": "min_length",
    "too_long": "max_length",
    "too_few": "min_length",
    "too_many": "max_length",
}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _limit(reason: str, kind: str, ctx: dict[str, Any]) -> int | None:
    """The limit a reason names: a length, a count, or the least or greatest value allowed."""
    if "limit" in ctx:  # the portal's own validators name it so
        bound = ctx["limit"]
    elif reason in _LIMIT_OF_REASON:
        bound = ctx.get(_LIMIT_OF_REASON[reason])
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = ctx.get({"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt"}.get(kind, "le"))
        if isinstance(bound, int | float) and float(bound).is_integer():
            # an exclusive bound on whole numbers: the next whole number is the one allowed
            step = {"greater_than": 1, "less_than": -1}.get(kind, 0)
            return int(bound) + step
        return None
    elif kind == "multiple_of":
        bound = ctx.get("multiple_of")
    else:
        bound = None
    return bound if isinstance(bound, int) and not isinstance(bound, bool) else None


def _choices(ctx: dict[str, Any]) -> list[str | int]:
    """The values an enum or a literal allows, from pydantic's "'a', 'b' or 'c'"."""
    expected = str(ctx.get("expected", ""))
    quoted = _QUOTED.findall(expected)
    if quoted:
        return list(quoted)
    return [int(n) for n in re.findall(r"-?\d+", expected)]


def field_problems(exc: ValidationError, whole: str) -> list[FieldProblem]:
    """A ValidationError as the fields it refuses, each with its reason (core.errors.REASONS)."""
    problems: list[FieldProblem] = []
    for err in exc.errors(include_url=False, include_input=False):
        kind = err["type"]
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        # pydantic's own types first: its "too_short" of a list is our too_few
        reason = _REASON_OF_TYPE.get(kind) or (kind if kind in REASONS else "invalid")
        if kind == "string_pattern_mismatch":
            reason = _REASON_OF_PATTERN.get(str(ctx.get("pattern")), reason)
        problem = field_problem(
            ".".join(str(p) for p in err["loc"]) or whole, reason, err["msg"], _limit(reason, kind, ctx)
        )
        if reason == "not_allowed" and kind in ("enum", "literal_error"):
            problem["choices"] = _choices(ctx)
        problems.append(problem)
    return problems
