"""The HTTP edge shared by every domain: routes that parse, errors that map, one JSON shape.

A domain declares its routes on a `Routes` (a Chalice blueprint that knows its tag, its part
of the portal and who may call it) with one line each, and the view's signature says the rest:

    @orders_api.get("/{order_id}", "One of my orders, with its timeline", errors=(404,))
    def my_order(order_id: str, principal: Principal) -> Order: ...

`body: Model` is the request body and `query: Model` the query string, each validated by its
pydantic model before the view runs (a 400 that names the fields otherwise); `principal` is
the signed-in person; the return annotation is the reply's model (a view that returns a
`Response` of its own, a file, a redirect or a 304, says so). What is read from the view is
recorded on the route, which is what core.openapi reads: the document is built from the live
routing table, so it cannot drift from the code.
"""

import inspect
import json
import re
import types
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal, TypedDict, TypeVar, Union, Unpack, get_args, get_origin, get_type_hints

from chalice.app import Blueprint, Chalice, Request, Response
from pydantic import BaseModel, Field, ValidationError

from functions.core import deadline
from functions.core.errors import REASONS, DomainError, FieldProblem, InvalidRequest, PayloadTooLarge, Value
from functions.core.logging import logger
from functions.core.paging import cursor_scope
from functions.core.reasons import field_problems
from functions.core.roles import PART_AREA, Area, authorize
from functions.core.shape import Schema

MAX_BODY_BYTES = 64 * 1024
# No body the portal takes nests deeper than a few levels; Python's parser recurses per
# level and dies at about a thousand, so depth is refused before parsing is attempted.
MAX_JSON_DEPTH = 32
_QUOTE, _BACKSLASH, _OPENING, _CLOSING = ord('"'), ord("\\"), b"[{", b"]}"
CORRELATION_HEADER = "X-Correlation-Id"
_CORRELATION_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class MoneyValueBody(Schema):
    amount: int = Field(description="Minor units (cents for EUR).")
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class FieldDetail(Schema):
    """One field refused, and why (docs/errors.md)."""

    field: str = Field(description='Dotted path of the field ("lines.0.quantity"); "body" or "query" for the whole.')
    reason: str = Field(json_schema_extra={"enum": list(REASONS)}, description="Translated as reason.<reason>.")
    limit: int | None = Field(
        default=None,
        description="too_short, too_long: characters; too_few, too_many: items; too_small, too_large: "
        "the least or the greatest value allowed (inclusive).",
    )
    choices: list[str | int] | None = Field(default=None, description="not_allowed: the values allowed.")
    message: str = Field(description="English, for developers; pages show reason.<reason> instead.")


class ErrorBody(Schema):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Stable; a page shows error.<code> in its language.")
    message: str = Field(description="English, for developers and logs; never shown to a customer.")
    values: dict[str, str | int | MoneyValueBody] | None = Field(
        default=None,
        description="What the translated message names: text (a day YYYY-MM-DD, a moment ISO 8601), "
        "whole numbers, money in minor units.",
    )
    details: list[FieldDetail] | None = Field(default=None, description="The fields refused, each with its reason.")
    data: Any = Field(
        default=None, description="slot_taken: the days with times still free, shaped as the slots reply."
    )


class ErrorReply(Schema):
    error: ErrorBody


@dataclass(frozen=True)
class EndpointSpec:
    """What core.openapi needs to describe one route, and the gates to guard it."""

    summary: str
    body: type[BaseModel] | None
    reply: type[BaseModel] | None
    status: int
    errors: tuple[int, ...]
    query: tuple[str, ...]  # the names of the query model's parameters
    tag: str
    access: "Access"
    headers: tuple[str, ...] = ()
    query_model: type[BaseModel] | None = None
    part: str | None = None  # the part of the portal the business can turn off (portal settings)
    area: Area | None = None  # customer routes: what a contact's role must cover (core.roles)


# "signed": public, but the caller proves itself by signing the body (a provider's webhook),
# so there is no session and no CSRF token to check.
Access = Literal["public", "signed", "customer", "staff"]
OPEN_ACCESS = ("public", "signed")
# (request, access) -> the signed-in principal, or a DomainError; one per app (core.app sets it).
AccessResolver = Callable[[Request, Access], Any]
_access_resolvers: dict[str, AccessResolver] = {}
_response_cookies: ContextVar[list[str] | None] = ContextVar("response_cookies", default=None)
# The request being answered, for what is recorded about it below the view (core.audit: from
# which device and address); None outside a request (a queue's consumer, a schedule).
_request: ContextVar[Request | None] = ContextVar("request", default=None)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PATH_PARAMETER = re.compile(r"{([^}]+)}")
View = TypeVar("View", bound=Callable[..., Any])


class RouteOptions(TypedDict, total=False):
    """What a view's signature cannot say about its route."""

    status: int  # of a success; 200 unless said
    errors: tuple[int, ...]  # the refusals of the service (core.openapi adds the edge's own)
    headers: tuple[str, ...]  # request headers the route requires, e.g. Idempotency-Key


class Routes(Blueprint):
    """A domain's routes that share a tag (their section of the API document), a part of the
    portal (turned off in the portal settings, its customer routes answer 404), who may call
    them and, for customer routes, the area a contact's role must cover (core.roles; a part's
    own area unless said). Where one module's routes differ in those, it has one Routes each."""

    def __init__(
        self,
        import_name: str,
        *,
        tag: str,
        part: str | None = None,
        access: "Access" = "public",
        area: Area | None = None,
    ) -> None:
        super().__init__(import_name)
        self.tag = tag
        self.part = part
        self.access: Access = access
        self.area: Area | None = area or (PART_AREA.get(part) if part else None)
        if access == "customer" and self.area is None:  # no customer route without a role check
            raise TypeError(f"{import_name}: customer routes of no part must say their area")

    def get(self, path: str, summary: str, **options: Unpack[RouteOptions]) -> Callable[[View], View]:
        return endpoint(self, "GET", path, summary, **options)

    def post(self, path: str, summary: str, **options: Unpack[RouteOptions]) -> Callable[[View], View]:
        return endpoint(self, "POST", path, summary, **options)

    def put(self, path: str, summary: str, **options: Unpack[RouteOptions]) -> Callable[[View], View]:
        return endpoint(self, "PUT", path, summary, **options)

    def patch(self, path: str, summary: str, **options: Unpack[RouteOptions]) -> Callable[[View], View]:
        return endpoint(self, "PATCH", path, summary, **options)

    def delete(self, path: str, summary: str, **options: Unpack[RouteOptions]) -> Callable[[View], View]:
        return endpoint(self, "DELETE", path, summary, **options)


def set_access_resolver(app: Chalice, resolver: AccessResolver) -> None:
    """Who calls the app's customer and staff routes: `resolver(request, access)`."""
    _access_resolvers[app.app_name] = resolver


def require_signed_in(routes: Routes) -> Any:
    """Whoever is signed in, customer or staff, or a 401: for a public route that the business
    may keep to signed-in people (the help centre, when it is not public)."""
    return _access_resolvers[routes.current_app.app_name](_current_request(routes), "public")


def route_spec(app: Chalice, request: Request) -> tuple[bool, EndpointSpec | None]:
    """Whether the request's method and path are a route of `app`, and that route's spec."""
    route = app.routes.get((request.context or {}).get("resourcePath", ""), {})
    entry = route.get(request.method)
    return entry is not None, getattr(entry.view_function, "endpoint_spec", None) if entry else None


def current_request() -> Request | None:
    """The request this code runs for, or None outside any."""
    return _request.get()


def add_response_cookie(header: str) -> None:
    """Queue a Set-Cookie header for the reply being built (any layer may add one)."""
    cookies = _response_cookies.get()
    if cookies is None:
        raise RuntimeError("a cookie was set outside a request")
    cookies.append(header)


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[FieldProblem] | None = None,
    values: dict[str, Value] | None = None,
    data: Any = None,
) -> Response:
    body = ErrorReply.model_validate(
        {"error": {"code": code, "message": message, "values": values, "details": details, "data": data}}
    )
    return Response(
        body=body.model_dump_json(exclude_none=True),
        status_code=status,
        headers={"Content-Type": "application/json"},
    )


def _integral_as_int(text: str) -> float | int:
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def json_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in `raw` (brackets inside strings not counted), or
    MAX_JSON_DEPTH + 1 as soon as it is deeper. One pass over the bytes, no regex: a pattern
    for strings backtracks over an unclosed one, quadratic in the body's length."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return MAX_JSON_DEPTH  # cannot be deeper: the common case costs two counts
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                break
        elif byte in _CLOSING:
            depth -= 1
    return deepest


def read_json(raw: bytes) -> Any:
    """A request body as JSON: UTF-8 only, nested at most MAX_JSON_DEPTH deep, else a 400."""
    try:
        # json.loads would guess UTF-16 or UTF-32 from bytes; RFC 8259 says UTF-8 alone.
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRequest("The request body is not valid JSON: it must be UTF-8.", code="body_not_json") from exc
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise InvalidRequest(
            f"The request body is not valid JSON: it nests deeper than {MAX_JSON_DEPTH} levels.",
            code="body_too_deep",
            values={"limit": MAX_JSON_DEPTH},
        )
    try:
        # 30.0 is an integer to JSON Schema (and so to every client reading ours): made one
        # here, so that strict validation takes it and still refuses "30", false or 30.5.
        return json.loads(text, parse_float=_integral_as_int)
    except ValueError as exc:
        raise InvalidRequest("The request body is not valid JSON.", code="body_not_json") from exc


def parse_body(request: Request, model: type[BaseModel]) -> BaseModel:
    body = request.raw_body or b""
    raw = body.encode() if isinstance(body, str) else body
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            f"The request body is larger than {MAX_BODY_BYTES // 1024} KB.",
            code="body_too_large",
            values={"kilobytes": MAX_BODY_BYTES // 1024},
        )
    data = read_json(raw) if raw else None
    try:
        # Strict: a body is judged by the types its published schema states, not coerced
        # ("5" is not a number, 0 is not false); JSON mode still reads dates from strings.
        return model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        details = field_problems(exc, "body")
        raise InvalidRequest("Some fields are missing or not valid.", details, code="invalid_fields") from exc


def parse_query(request: Request, model: type[BaseModel]) -> BaseModel:
    params: Any = request.query_params or {}
    given = {name: params[name] for name in params}  # a name given twice: its last value
    try:
        # From text, as a query string is, but strictly: "true" is no number, "2026-1-1" no date.
        return model.model_validate_strings(given, strict=True)
    except ValidationError as exc:
        details = field_problems(exc, "query")
        raise InvalidRequest("Some query parameters are not valid.", details, code="invalid_query") from exc


@dataclass(frozen=True)
class _Signature:
    """What a view's signature says of its route."""

    body: type[BaseModel] | None
    query: type[BaseModel] | None
    reply: type[BaseModel] | None
    takes_principal: bool


def _model(view: Callable[..., Any], annotation: Any, what: str) -> type[BaseModel]:
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        raise TypeError(f"{view.__qualname__}: `{what}` must be annotated with a pydantic model")
    return annotation


def _reply(view: Callable[..., Any], annotation: Any) -> type[BaseModel] | None:
    """The reply's model: `-> Model`; `-> None` or `-> Response` for none; `-> Model | Response`
    for a view that builds its Response by hand around the model (a 304, an ETag)."""
    if annotation is type(None) or annotation is Response:
        return None
    if get_origin(annotation) in (Union, types.UnionType) and Response in get_args(annotation):
        models = [arg for arg in get_args(annotation) if arg is not Response]
        annotation = models[0] if len(models) == 1 else None
    return _model(view, annotation, "the return")


def _read(view: Callable[..., Any], path: str, access: Access) -> _Signature:
    hints = get_type_hints(view)
    names = set(inspect.signature(view).parameters)
    in_path = set(PATH_PARAMETER.findall(path))
    if names - in_path - {"body", "query", "principal"} or in_path - names:
        wanted = f"the path's {sorted(in_path)}, and body, query or principal"
        raise TypeError(f"{view.__qualname__} takes {sorted(names)}: it should take {wanted}")
    if "principal" in names and access in OPEN_ACCESS:
        raise TypeError(f"{view.__qualname__}: a {access} route has nobody signed in to give it")
    if "return" not in hints:
        raise TypeError(f"{view.__qualname__}: say what it returns")
    return _Signature(
        body=_model(view, hints.get("body"), "body") if "body" in names else None,
        query=_model(view, hints.get("query"), "query") if "query" in names else None,
        reply=_reply(view, hints["return"]),
        takes_principal="principal" in names,
    )


def _parameter_names(model: type[BaseModel] | None) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items()) if model else ()


def endpoint(
    routes: Routes,
    method: str,
    path: str,
    summary: str,
    *,
    status: int = 200,
    errors: tuple[int, ...] = (),
    headers: tuple[str, ...] = (),
) -> Callable[[View], View]:
    """Register `method path` on `routes` for the view it decorates (what Routes.get and the
    others call). The view gets its path parameters and, as its signature asks, the parsed
    `body` and `query` and the signed-in `principal`; nobody but that principal reaches a
    customer or staff route, whether the view asks for the principal or not."""
    access = routes.access

    def decorate(view: View) -> View:
        read = _read(view, path, access)
        spec = EndpointSpec(
            summary=summary,
            body=read.body,
            reply=read.reply,
            status=status,
            errors=errors,
            query=_parameter_names(read.query),
            tag=routes.tag,
            access=access,
            headers=headers,
            query_model=read.query,
            part=routes.part,
            area=routes.area,
        )

        def handle(**path_params: str) -> Response:
            args: dict[str, Any] = dict(path_params)
            request = _current_request(routes)
            principal: Any = None
            if access not in OPEN_ACCESS:
                principal = _access_resolvers[routes.current_app.app_name](request, access)
            if access == "customer" and routes.area is not None:  # the one role check (core.roles)
                authorize(
                    principal.role, principal.account.account_id if principal.account else None, routes.area, method
                )
            if read.takes_principal:
                args["principal"] = principal
            if read.body is not None:
                args["body"] = parse_body(request, read.body)
            if read.query is not None:
                args["query"] = parse_query(request, read.query)
            # A cursor is bound to who asked, for which account and seeing what: carried across
            # an account switch or a change of scope, it would name another list's position.
            caller = _caller(principal)
            # The full route (with its domain's prefix): the blueprint's own path repeats across domains.
            route = str((request.context or {}).get("resourcePath") or path)
            with cursor_scope(f"{method} {route}", path_params, request.query_params or {}, caller):
                result = view(**args)
            if isinstance(result, Response):
                return result
            payload = result.model_dump_json() if isinstance(result, BaseModel) else ""
            return Response(
                body=payload,
                status_code=status,
                headers={"Content-Type": "application/json"} if payload else {},
            )

        handle.__name__ = view.__name__
        handle.__doc__ = view.__doc__
        handle.endpoint_spec = spec  # type: ignore[attr-defined]
        routes.route(path, methods=[method])(handle)
        return view

    return decorate


def _caller(principal: Any) -> str:
    if principal is None:
        return ""
    account = principal.account
    return f"{principal.principal_id}@{account.account_id}:{account.scope}" if account else principal.principal_id


_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,100}$")


def idempotency_key(router: Blueprint | Chalice) -> str:
    """The request's Idempotency-Key header: the same key makes the same thing, once."""
    key = request_header(router, "idempotency-key") or ""
    if not _IDEMPOTENCY_KEY.match(key):
        raise InvalidRequest(
            "Send an Idempotency-Key header of 8 to 100 letters, digits, - or _.", code="idempotency_key_missing"
        )
    return str(key)


def request_header(router: Blueprint | Chalice, name: str) -> str | None:
    """One header of the current request (names are case-insensitive), or None."""
    headers: Any = _current_request(router).headers or {}
    value = headers.get(name.lower())
    return str(value) if value else None


def _current_request(router: Blueprint | Chalice) -> Request:
    request = router.current_request
    if request is None:
        raise RuntimeError("a view ran outside a request")
    return request


# One line for every reply of 500 or more, whatever made it: the deploy's log metric filters
# count it and the stage's alarms watch the count (infra/alarms.py).
SERVER_ERROR_LOG = "answered with a server error"


def install_middleware(app: Chalice) -> None:
    """Correlation ids on every log line and reply; domain errors to JSON; no stack traces."""

    @app.middleware("http")
    def correlate_and_map_errors(event: Request, get_response: Callable[[Request], Response]) -> Response:
        headers: Any = event.headers or {}
        offered = str(headers.get(CORRELATION_HEADER.lower()) or "")
        correlation_id = offered if _CORRELATION_PATTERN.match(offered) else str(uuid.uuid4())
        logger.set_correlation_id(correlation_id)
        cookies: list[str] = []
        token = _response_cookies.set(cookies)
        answering = _request.set(event)
        try:
            with deadline.within(deadline.budget(event.lambda_context)):
                response = get_response(event)
        except DomainError as exc:
            logger.info("request refused", extra={"error_code": exc.code, "status": exc.status})
            response = error_response(exc.status, exc.code, exc.message, exc.details, exc.values, exc.data)
        finally:
            _response_cookies.reset(token)
            _request.reset(answering)
        if response.status_code >= 400 and _is_chalice_error_shape(response.body):
            response = _our_shape(response)
        if response.status_code >= 500:
            logger.error(SERVER_ERROR_LOG, extra={"status": response.status_code})
        response.headers[CORRELATION_HEADER] = correlation_id
        if cookies:
            response.headers["Set-Cookie"] = cookies  # a list: one header each (multiValueHeaders)
        return response


# Chalice's own refusals, by the Code it gives them; any other it may make is a bad_request.
CHALICE_CODES = {
    "MethodNotAllowedError": "method_not_allowed",
    "UnsupportedMediaType": "unsupported_media_type",
    "BadRequest": "bad_request",
    "BadRequestError": "bad_request",
    "NotFoundError": "not_found",
    "ForbiddenError": "forbidden",
    "UnauthorizedError": "not_signed_in",
    "RequestTimeoutError": "unavailable",
    "ConflictError": "conflict",
    "TooManyRequestsError": "too_many_requests",
    "UnprocessableEntityError": "bad_request",
}


def _our_shape(response: Response) -> Response:
    """Chalice's own refusals (405, 415) and the 500 it makes of an unexpected exception."""
    if response.status_code >= 500:  # Chalice logged it; the caller learns nothing inside
        return _internal_error()
    code = CHALICE_CODES.get(str(response.body["Code"]), "bad_request")
    refused = error_response(response.status_code, code, str(response.body["Message"]))
    refused.headers.update({k: v for k, v in response.headers.items() if k == "Allow"})
    return refused


def _internal_error() -> Response:
    return error_response(500, code="internal_error", message="Something went wrong on our side. Please try again.")


def _is_chalice_error_shape(body: Any) -> bool:
    return isinstance(body, dict) and "Code" in body and "Message" in body
