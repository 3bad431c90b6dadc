"""The whole OpenAPI document: valid OpenAPI 3.1, every $ref resolves, and each limit it
publishes is the limit the server applies (a schema looser than the server tells clients,
and schemathesis, that a request is fine which is then refused; one stricter hides a route)."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from pydantic import BaseModel, ValidationError

from functions.core.http import MAX_BODY_BYTES
from functions.core.openapi import build_openapi
from functions.core.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, cursor_scope, encode_cursor
from functions.core.schemas import UPLOAD_MAX_BYTES
from functions.core.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from local.edge import load_apps

    return build_openapi(load_apps().values(), "portal", "test")


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    validate(document, cls=OpenAPIV31SpecValidator)


def test_every_ref_resolves(document: dict[str, Any]) -> None:
    dangling = []
    for ref in set(_refs(document)):
        try:
            _resolve(document, ref)
        except KeyError:
            dangling.append(ref)

    assert dangling == []


def test_every_cancel_route_has_its_body_described(document: dict[str, Any]) -> None:
    cancels = [(path, op) for path, _, op in _operations(document) if path.endswith("/cancel") and "requestBody" in op]

    assert len(cancels) == 4
    for path, operation in cancels:
        schema = _resolve(document, operation["requestBody"]["content"]["application/json"]["schema"]["$ref"])
        assert "reason" in schema["properties"], path


def _properties_named(document: dict[str, Any], name: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (component, schema["properties"][name])
        for component, schema in document["components"]["schemas"].items()
        if name in schema.get("properties", {})
    ]


def test_the_upload_size_the_schema_allows_is_the_size_the_server_allows(document: dict[str, Any]) -> None:
    sizes = dict(_properties_named(document, "size"))
    announced = {
        name: sizes[name]["maximum"] for name in ("NewShare", "NewVersion", "RequestUpload", "AttachmentUpload")
    }

    assert set(announced.values()) == {UPLOAD_MAX_BYTES}
    assert Settings.model_fields["upload_max_bytes"].default == UPLOAD_MAX_BYTES


def test_every_page_size_the_schema_allows_is_the_one_the_server_allows(document: dict[str, Any]) -> None:
    limits = [
        parameter["schema"]
        for _, _, operation in _operations(document)
        for parameter in operation["parameters"]
        if parameter["name"] == "limit"
    ]

    assert limits
    page_size = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}
    assert all(limit == page_size for limit in limits)


def test_a_cursor_the_server_makes_matches_the_published_cursor_pattern(
    document: dict[str, Any], stage_secrets: dict[str, str]
) -> None:
    import re

    with cursor_scope("GET /orders", {}, {}, "dana"):
        cursor = encode_cursor({"pk": {"S": "CUSTOMER#01H"}, "sk": {"S": "ORDER#2026-11-23#01J"}})
    patterns = {
        parameter["schema"]["pattern"]
        for _, _, operation in _operations(document)
        for parameter in operation["parameters"]
        if parameter["name"] == "cursor"
    }

    assert cursor is not None
    assert patterns
    assert all(re.fullmatch(pattern, cursor) for pattern in patterns)


def test_every_route_with_a_body_says_how_large_a_body_may_be(document: dict[str, Any]) -> None:
    stated = f"{MAX_BODY_BYTES // 1024} KB"
    silent = [
        f"{method} {path}"
        for path, method, operation in _operations(document)
        if "requestBody" in operation and stated not in operation["responses"].get("413", {}).get("description", "")
    ]

    assert silent == []


def _largest(schema: dict[str, Any], document: dict[str, Any]) -> int:
    """Bytes of the largest body `schema` allows, in plain ASCII; 10**9 if it sets no bound."""
    if "$ref" in schema:
        return _largest(_resolve(document, schema["$ref"]), document)
    if "anyOf" in schema:
        return max(_largest(branch, document) for branch in schema["anyOf"])
    if "enum" in schema:
        return max(len(json.dumps(value)) for value in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        return 2 + schema.get("maxLength", 64)  # no maxLength: an id, a date, a code
    if kind in ("integer", "number", "boolean", "null"):
        return 20
    if kind == "array":
        return 2 + schema.get("maxItems", 10**9) * (1 + _largest(schema["items"], document))
    total = 2 + sum(len(name) + 4 + _largest(value, document) for name, value in schema.get("properties", {}).items())
    if isinstance(schema.get("additionalProperties"), dict):
        names = schema.get("propertyNames", {}).get("enum", [])
        total += len(names) * (12 + _largest(schema["additionalProperties"], document)) if names else 10**9
    return total


def test_every_body_the_schema_allows_fits_the_server_s_body_limit(document: dict[str, Any]) -> None:
    too_large = {
        f"{method} {path}": size
        for path, method, operation in _operations(document)
        if "requestBody" in operation
        and (size := _largest(operation["requestBody"]["content"]["application/json"]["schema"], document))
        > MAX_BODY_BYTES
    }

    assert too_large == {}


def _body_models() -> Iterator[tuple[str, type[BaseModel]]]:
    from functions.core.openapi import routes_of
    from local.edge import load_apps

    for path, method, spec in routes_of(load_apps().values()):
        if spec.body is not None:
            yield f"{method} {path}", spec.body


def test_a_body_whose_schema_wants_properties_refuses_an_empty_object() -> None:
    taken = []
    for route, model in _body_models():
        wanted = model.model_json_schema().get("minProperties", 0)
        if not wanted:
            continue
        try:
            model.model_validate_json("{}", strict=True)
            taken.append(route)
        except ValidationError:
            pass

    assert "PATCH /operator/tickets/{ticket_id}" not in taken
    assert taken == []
