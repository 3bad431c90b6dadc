"""Domain errors. Services raise these; core.http turns each class into one HTTP status.

They derive from ChaliceUnhandledError only so that Chalice lets them reach our middleware
instead of wrapping them in its own error shape.
"""

from typing import Any

from chalice.app import ChaliceUnhandledError


class DomainError(ChaliceUnhandledError):
    """A failure the caller can understand and act on."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


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
