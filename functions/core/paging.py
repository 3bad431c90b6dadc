"""Opaque paging cursors.

A cursor is DynamoDB's LastEvaluatedKey, serialised and signed with nothing secret but
checked for shape, then base64url-encoded so clients treat it as a token, not as a key they
can edit. A cursor a client tampered with is a 400, never a read of someone else's keys:
the service re-applies the caller's partition key on every page.
"""

import base64
import binascii
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from functions.core.errors import InvalidRequest

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass back as ?cursor= for the next page; null at the end."
    )


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest("This page link is not valid any more; start from the first page.") from exc
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise InvalidRequest("This page link is not valid any more; start from the first page.")
    return value


def page_size(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise InvalidRequest(f"limit must be a whole number from 1 to {MAX_PAGE_SIZE}.")
    return int(raw)
