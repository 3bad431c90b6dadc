"""Domain errors. Services raise these; core.http turns each class into one HTTP status.

A refusal answers {"error": {"code", "message", "values", "details"}} (docs/errors.md):
`code` is stable and says the situation, so a page can say it in its reader's language
(`error.<code>` in web/i18n); `message` is English for developers and logs; `values` are
what the translated message names; `details` the fields that are wrong, each with a reason
from REASONS. The class sets the HTTP status and a generic code; `code=` makes it specific.

They derive from ChaliceUnhandledError only so that Chalice lets them reach our middleware
instead of wrapping them in its own error shape.
"""

from typing import Any, TypedDict

from chalice.app import ChaliceUnhandledError


class MoneyValue(TypedDict):
    amount: int  # minor units
    currency: str  # ISO 4217


# What a translated message may name: text (a day is "YYYY-MM-DD", a moment ISO 8601), a
# whole number, or money. Never an enumeration's word (a status): the page would show English.
Value = str | int | MoneyValue


def money(amount: int, currency: str) -> MoneyValue:
    return {"amount": int(amount), "currency": currency}


# Why a field is refused: `details[].reason`, each with `reason.<reason>` in web/i18n.
# too_short, too_long: `limit` is the length in characters; too_few, too_many: the count of
# items; too_small, too_large: the least and the greatest value allowed; not_a_multiple: the
# number the value must be a multiple of. not_allowed carries `choices`. The last group is
# said by the portal's own validators and services.
REASONS: tuple[str, ...] = (
    "required",
    "too_short",
    "too_long",
    "too_small",
    "too_large",
    "not_a_number",
    "not_a_whole_number",
    "not_text",
    "not_true_false",
    "not_a_list",
    "not_an_object",
    "not_a_date",
    "not_a_time",
    "wrong_format",
    "not_allowed",
    "unknown_field",
    "too_many",
    "too_few",
    "not_a_multiple",
    "invalid",
    # said by the portal's validators and services
    "not_an_email",
    "not_a_mobile_number",
    "not_a_currency",
    "not_a_time_zone",
    "blank",
    "not_one_line",
    "control_character",
    "bidirectional_override",
    "nothing_to_change",
    "ends_before_start",
    "overlapping",
    "price_needs_currency",
    "file_type_not_accepted",
    "not_a_cursor",
    "unchanged",
    "taken",
    "too_little_contrast",
    "email_or_mobile",
)


class FieldProblem(TypedDict, total=False):
    field: str  # dotted path: "lines.0.quantity"; "body" or "query" for the whole
    reason: str  # one of REASONS
    limit: int  # only where the reason has one
    choices: list[str | int]  # only for not_allowed
    message: str  # English, for developers


def field_problem(field: str, reason: str, message: str, limit: int | None = None) -> FieldProblem:
    problem: FieldProblem = {"field": field, "reason": reason}
    if limit is not None:
        problem["limit"] = limit
    problem["message"] = message
    return problem


class DomainError(ChaliceUnhandledError):
    """A failure the caller can understand and act on."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        details: list[FieldProblem] | None = None,
        *,
        code: str | None = None,
        values: dict[str, Value] | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code
        self.values = values
        self.data = data  # what the refusal offers instead (slot_taken: the times still free)


class InvalidRequest(DomainError):
    status = 400
    code = "invalid_request"


class NotSignedIn(DomainError):
    status = 401
    code = "not_signed_in"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"


class UnsupportedFileType(DomainError):
    status = 415
    code = "unsupported_file_type"


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"


class Unavailable(DomainError):
    status = 503
    code = "unavailable"


class ConfigurationError(RuntimeError):
    """The process was started without the settings it needs. Never reaches a user."""


def invalid_field(
    field: str,
    reason: str,
    message: str,
    *,
    limit: int | None = None,
    choices: list[str | int] | None = None,
    code: str = "invalid_query",
) -> InvalidRequest:
    """A 400 for one field a service checks itself (most often a query parameter)."""
    problem = field_problem(field, reason, message, limit)
    if choices is not None:
        problem["choices"] = choices
    return InvalidRequest(message, [problem], code=code)
