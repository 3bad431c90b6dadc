"""The OpenAPI 3.1 document, built from Chalice's routing table and the pydantic models.

Every route must have been registered through core.http's Routes; one that was not is a
programming error and fails here (and in the test that builds this document). A route's query
parameters are the fields of its query model, each described by the schema pydantic gives it:
what the server validates is what the document states.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from chalice.app import Chalice
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, JsonSchemaValue, models_json_schema

from functions.core.http import MAX_BODY_BYTES, OPEN_ACCESS, PATH_PARAMETER, UNSAFE_METHODS, EndpointSpec, ErrorReply
from functions.core.roles import READ_METHODS, readers, writers

_REF = "#/components/schemas/{model}"
_HEADER_SCHEMAS: dict[str, dict[str, Any]] = {
    "Idempotency-Key": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,100}$"},
}
_REASONS = {
    400: "The request is not valid.",
    401: "Not signed in.",
    403: "Not allowed.",
    404: "Not found.",
    409: "Conflicts with the current state.",
    413: "Too large.",
    415: "This kind of file is not accepted.",
    429: "Too many requests; try again later.",
}


def _reason(status: int, spec: EndpointSpec) -> str:
    if status == 413 and spec.body is not None:
        limit = f"Too large: a request body may be at most {MAX_BODY_BYTES // 1024} KB"
        return f"{limit}, and a file at most its upload limit." if 413 in spec.errors else f"{limit}."
    return _REASONS.get(status, "Refused.")


def routes_of(apps: Iterable[Chalice]) -> list[tuple[str, str, EndpointSpec]]:
    """(path, method, spec) of every route of every app, sorted; a route two apps serve is an error."""
    specs: dict[tuple[str, str], EndpointSpec] = {}
    for app in apps:
        for path, methods in app.routes.items():
            for method, entry in methods.items():
                spec = getattr(entry.view_function, "endpoint_spec", None)
                if spec is None:
                    raise ValueError(f"{method} {path} was not registered through core.http.Routes")
                if (path, method) in specs:
                    raise ValueError(f"{method} {path} is served by two apps")
                specs[(path, method)] = spec
    return [(path, method, spec) for (path, method), spec in sorted(specs.items())]


def build_openapi(apps: Iterable[Chalice], title: str, version: str) -> dict[str, Any]:
    """One document for every route of the domain apps (each served under /api)."""
    specs = routes_of(apps)

    models: set[type[BaseModel]] = {ErrorReply}
    for _, _, spec in specs:
        models.update(m for m in (spec.body, spec.reply) if m is not None)
    modes: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (m, "validation" if _is_input(m, specs) else "serialization")
        for m in sorted(models, key=lambda m: (m.__name__, m.__module__))
    ]
    refs, components = models_json_schema(modes, ref_template=_REF)
    # The references pydantic made, not ones rebuilt from class names: two models of one
    # name (orders' and bookings' Cancellation) get two components, each route its own.
    ref_of = {model: refs[(model, mode)] for model, mode in modes}

    paths: dict[str, dict[str, Any]] = {}
    for path, method, spec in specs:
        paths.setdefault(path, {})[method.lower()] = _operation(path, method, spec, ref_of)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {"schemas": components.get("$defs", {})},
    }


def _is_input(model: type[BaseModel], specs: list[tuple[str, str, EndpointSpec]]) -> bool:
    return any(spec.body is model for _, _, spec in specs)


def _operation_id(path: str, method: str) -> str:
    words = PATH_PARAMETER.sub(r"\1", path).strip("/").replace("/", "_").replace(".", "_")
    return f"{method.lower()}_{words or 'root'}"


def _query_parameters(model: type[BaseModel] | None) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema(mode="validation")  # by alias: ?from=, not from_
    if "$defs" in schema:
        raise ValueError(f"{model.__name__}: a query parameter is one value, not a model of its own")
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema["properties"].items():
        parameter = {"name": name, "in": "query", "required": name in required, "schema": _parameter_schema(field)}
        if "description" in field:
            parameter["description"] = field["description"]
        parameters.append(parameter)
    return parameters


def _parameter_schema(field: dict[str, Any]) -> dict[str, Any]:
    schema = {key: value for key, value in field.items() if key not in ("title", "description")}
    if "anyOf" in schema:  # `X | None = None`: left out, it is None; given, it is an X
        given = [branch for branch in schema.pop("anyOf") if branch != {"type": "null"}]
        if len(given) != 1:
            raise ValueError(f"a query parameter is of one type, not {given}")
        schema = {**given[0], **schema}
    if "default" in schema and schema["default"] is None:
        del schema["default"]
    return schema


def _operation(
    path: str, method: str, spec: EndpointSpec, ref_of: Mapping[type[BaseModel], JsonSchemaValue]
) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in PATH_PARAMETER.findall(path)
    ]
    parameters += [
        {"name": name, "in": "header", "required": True, "schema": _HEADER_SCHEMAS[name]} for name in spec.headers
    ]
    parameters += _query_parameters(spec.query_model)
    ok: dict[str, Any] = {"description": "Success."}
    if spec.reply is not None:
        ok["content"] = {"application/json": {"schema": ref_of[spec.reply]}}
    responses: dict[str, Any] = {str(spec.status): ok}
    # Any body: 400 when it does not fit its schema, 413 when it is over core.http's limit.
    error_statuses = set(spec.errors) | ({400, 413} if spec.body is not None else set())
    if spec.part is not None and spec.access != "staff":
        error_statuses |= {404}  # the part of the portal is turned off (core.parts)
    if spec.access not in OPEN_ACCESS:
        error_statuses |= {401, 403}
    if spec.access == "customer" and spec.area not in (None, "own"):
        error_statuses |= {409}  # account_not_chosen: a contact of several accounts has not chosen
    if spec.query or spec.headers:
        # A parameter its model refuses, a cursor the server did not make; a required header
        # (an Idempotency-Key) missing or malformed.
        error_statuses |= {400}
    if method in UNSAFE_METHODS and spec.access != "signed":
        error_statuses |= {403}  # no CSRF token
    for status in sorted(error_statuses):
        if status == 304:  # a conditional GET: the caller's copy is current, no body
            responses["304"] = {"description": "Not modified since the ETag sent as If-None-Match."}
            continue
        responses[str(status)] = {
            "description": _reason(status, spec),
            "content": {"application/json": {"schema": ref_of[ErrorReply]}},
        }
    operation: dict[str, Any] = {
        "operationId": _operation_id(path, method),
        "summary": spec.summary,
        "tags": [spec.tag],
        # Who may call it, before anything of the request is read: anyone (public), a signed
        # webhook, a customer's contact or the business's staff (core.http's gate).
        "x-access": spec.access,
        "parameters": parameters,
        "responses": responses,
    }
    if spec.access == "customer" and spec.area is not None:
        # The roles that may call it (core.roles): the one check every customer route runs.
        roles = list(readers(spec.area) if method in READ_METHODS else writers(spec.area))
        operation["x-roles"] = roles
        operation["description"] = f"Roles on the account: {', '.join(roles)} (area {spec.area})."
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref_of[spec.body]}},
        }
    return operation
