"""Opaque paging cursors, signed and bound to the request that made them.

A cursor is DynamoDB's LastEvaluatedKey, base64url-encoded and signed (HMAC-SHA256 with the
stage's paging key) together with the scope it was made in: the route, its path and filter
parameters, and who asked. So a client cannot edit where a page starts, nor take a cursor
from one list, filter or person to another (each would start a query at a key outside its
partition, which DynamoDB answers with an error); anything but a cursor this route gave
this caller is a 400. The service still re-applies the caller's partition key on every page.
"""

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, TypeAdapter, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError
from pynamodb.models import Model

from functions.core.errors import InvalidRequest, field_problem
from functions.core.reasons import field_problems
from functions.core.secrets import paging_cursor_key
from functions.core.shape import Schema

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_TAG_BYTES = 16  # 128 bits of HMAC-SHA256: forging one is 2**128 guesses
# Outside a request (a schedule, a script) cursors are bound to this scope alone.
_scope: ContextVar[str] = ContextVar("paging_scope", default="")


class InvalidCursor(InvalidRequest):
    code = "invalid_cursor"

    def __init__(self) -> None:
        problem = field_problem("cursor", "not_a_cursor", "is not a cursor this list gave you")
        super().__init__("This page link is not valid here; start from the first page.", [problem])


def in_digits(value: object) -> object:
    """A query string's whole number, in digits alone: pydantic would also take "+5", " 5" or
    "5.0". Before the number's limits: `Annotated[int, Field(ge=1), BeforeValidator(in_digits)]`
    (after them, the limits would no longer reach the published schema)."""
    if not isinstance(value, str):
        return value
    if not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("not_a_whole_number", "must be a whole number, written in digits")
    return int(value)


PageSize = Annotated[
    int,
    Field(ge=1, le=MAX_PAGE_SIZE, description="How many items a page holds at most."),
    BeforeValidator(in_digits),
]
# What a cursor looks like is published, not checked here: one this route did not make is
# refused by decode_cursor as invalid_cursor, whatever it looks like.
Cursor = Annotated[
    str | None,
    # base64url of the key, ".", base64url of its HMAC tag
    WithJsonSchema({"type": "string", "pattern": "^([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)?$"}),
    Field(description="The next_cursor of the page before; none for the first page."),
]


class CursorQuery(Schema):
    """?cursor=: where a list's page starts."""

    cursor: Cursor = None


class PageQuery(CursorQuery):
    """?cursor= and ?limit=: where a list's page starts and how many items it holds."""

    limit: PageSize = DEFAULT_PAGE_SIZE


# The query parameters that move along one list rather than choose which list it is.
PAGE_PARAMETERS = frozenset(PageQuery.model_fields)
_PAGE_SIZE: TypeAdapter[int] = TypeAdapter(PageSize)


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass back as ?cursor= for the next page; null at the end."
    )


@contextmanager
def cursor_scope(route: str, path_params: Mapping[str, str], query: Mapping[str, str], caller: str) -> Iterator[None]:
    """Cursors made and read inside belong to this route, these parameters and this caller."""
    chosen = {name: value for name, value in query.items() if name not in PAGE_PARAMETERS}
    scope = json.dumps([route, sorted(path_params.items()), sorted(chosen.items()), caller], separators=(",", ":"))
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


def _tag(payload: str) -> bytes:
    key = paging_cursor_key().encode()
    message = f"{_scope.get()}\n{payload}".encode()
    return hmac.new(key, message, hashlib.sha256).digest()[:_TAG_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    payload = _b64(json.dumps(last_key, sort_keys=True, separators=(",", ":")).encode())
    return f"{payload}.{_b64(_tag(payload))}"


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    payload, _, tag = cursor.partition(".")
    try:
        genuine = hmac.compare_digest(_unb64(tag), _tag(payload))
        value = json.loads(_unb64(payload)) if genuine else None
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor from exc
    if not isinstance(value, dict) or not value:
        raise InvalidCursor
    return value


def one_read(model: type[Model], results: Any) -> tuple[list[Any], str | None]:
    """The items of a query's first DynamoDB page and the cursor after it, never a second read.

    For a list with a filter that is not a key: pynamodb with `limit` reads on until it has
    that many matches (a customer with 10,000 tickets and 3 open ones: hundreds of calls for
    one page). Queried with `page_size=limit` and no `limit`, one read looks at `limit` items;
    the page shows the matches among them, perhaps fewer or none, and the cursor goes on.
    """
    page = next(results.page_iter, None)
    raw = page.get("Items", []) if page else []
    return [model.from_raw_data(item) for item in raw], encode_cursor(results.page_iter.last_evaluated_key)


def page_size(raw: str | None) -> int:
    """?limit= read by PageQuery's rule, outside a query model."""
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        return _PAGE_SIZE.validate_strings(raw, strict=True)
    except ValidationError as exc:
        raise InvalidRequest(
            f"limit must be a whole number from 1 to {MAX_PAGE_SIZE}.",
            field_problems(exc, "limit"),
            code="invalid_query",
        ) from exc
