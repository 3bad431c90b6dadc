"""GET /health, GET /openapi.json, and the error shape every route shares."""

import io
import json
import logging
from typing import Any, Literal

import pytest
from chalice.app import Chalice
from chalice.test import Client
from pydantic import BaseModel, Field

from functions.core.errors import Conflict, NotFound, field_problem
from functions.core.http import SERVER_ERROR_LOG, Routes, install_middleware
from functions.core.logging import logger
from functions.core.openapi import build_openapi
from functions.core.paging import PageQuery
from functions.core.principal import Principal


def test_health_answers_ok_with_the_stage(client: Client) -> None:
    reply = client.http.get("/portal/health")

    assert reply.status_code == 200
    assert reply.json_body == {"status": "ok", "stage": "local", "version": "0.1.0"}
    assert reply.headers["X-Correlation-Id"]


def test_a_safe_correlation_id_from_the_caller_is_kept(client: Client) -> None:
    reply = client.http.get("/portal/health", headers={"X-Correlation-Id": "abc-123"})

    assert reply.headers["X-Correlation-Id"] == "abc-123"


def test_an_unsafe_correlation_id_is_replaced(client: Client) -> None:
    reply = client.http.get("/portal/health", headers={"X-Correlation-Id": "<script>" * 3})

    assert reply.headers["X-Correlation-Id"] != "<script>" * 3


def test_openapi_describes_every_route_of_every_domain_app(client: Client, portal: dict[str, Chalice]) -> None:
    document = client.http.get("/openapi.json").json_body

    described = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    routed = {(path, method) for app in portal.values() for path, methods in app.routes.items() for method in methods}
    assert described == routed
    health = document["paths"]["/portal/health"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert document["components"]["schemas"][health["$ref"].rsplit("/", 1)[-1]]["required"] == [
        "status",
        "stage",
        "version",
    ]
    assert document["servers"] == [{"url": "/api"}]


class Greeting(BaseModel):
    name: str = Field(min_length=1, max_length=20)


class Reply(BaseModel):
    text: str


class ShelfQuery(PageQuery):
    genre: Literal["poetry", "prose"] | None = None


@pytest.fixture
def demo_client() -> Any:
    """A tiny app using core.http exactly as the domains do."""
    demo = Chalice(app_name="demo")
    install_middleware(demo)
    demo_api = Routes(__name__, tag="demo")

    @demo_api.post("/greet", "Greet", status=201)
    def greet(body: Greeting) -> Reply:
        if body.name == "taken":
            problem = field_problem("name", "taken", "is taken")
            raise Conflict("That name is taken.", [problem], code="name_taken", values={"name": body.name})
        return Reply(text=f"hello {body.name}")

    @demo_api.get("/things/{thing_id}", "A thing", errors=(404,))
    def thing(thing_id: str) -> Reply:
        raise NotFound(f"No thing {thing_id}.")

    @demo_api.get("/boom", "Fails")
    def boom() -> Reply:
        raise RuntimeError("secret internals")

    @demo_api.get("/shelf", "Books on a shelf")
    def shelf(query: ShelfQuery) -> Reply:
        return Reply(text=f"{query.genre} {query.limit} {query.cursor}")

    demo.register_blueprint(demo_api)
    with Client(demo) as test_client:
        yield demo, test_client


def _post(client: Client, body: bytes) -> Any:
    return client.http.post("/greet", body=body, headers={"Content-Type": "application/json"})


def test_a_valid_body_reaches_the_view_and_the_reply_is_its_model(demo_client: Any) -> None:
    _, client = demo_client

    reply = _post(client, json.dumps({"name": "Ada"}).encode())

    assert reply.status_code == 201
    assert reply.json_body == {"text": "hello Ada"}


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b"{not json", "body_not_json", "The request body is not valid JSON."),
        (b"", "invalid_fields", "Some fields are missing or not valid."),
        (json.dumps({"name": ""}).encode(), "invalid_fields", "Some fields are missing or not valid."),
        (json.dumps({"name": "x" * 21}).encode(), "invalid_fields", "Some fields are missing or not valid."),
    ],
)
def test_bad_bodies_get_a_400_that_says_why(demo_client: Any, body: bytes, code: str, message: str) -> None:
    _, client = demo_client

    reply = _post(client, body)

    assert reply.status_code == 400
    assert reply.json_body["error"]["code"] == code
    assert reply.json_body["error"]["message"] == message


def test_field_problems_name_the_field_and_the_reason(demo_client: Any) -> None:
    _, client = demo_client

    empty = _post(client, json.dumps({"name": ""}).encode())
    long = _post(client, json.dumps({"name": "x" * 21}).encode())
    none = _post(client, b"")

    assert [(d["field"], d["reason"], d["limit"]) for d in empty.json_body["error"]["details"]] == [
        ("name", "too_short", 1)
    ]
    assert [(d["field"], d["reason"], d["limit"]) for d in long.json_body["error"]["details"]] == [
        ("name", "too_long", 20)
    ]
    assert [(d["field"], d["reason"]) for d in none.json_body["error"]["details"]] == [("body", "not_an_object")]


def test_an_oversized_body_is_refused(demo_client: Any) -> None:
    _, client = demo_client

    reply = _post(client, json.dumps({"name": "x" * 70_000}).encode())

    assert reply.status_code == 413


def test_domain_errors_map_to_their_status(demo_client: Any) -> None:
    _, client = demo_client

    conflict = _post(client, json.dumps({"name": "taken"}).encode())
    missing = client.http.get("/things/42")

    assert conflict.status_code == 409
    assert conflict.json_body["error"] == {
        "code": "name_taken",
        "message": "That name is taken.",
        "values": {"name": "taken"},
        "details": [{"field": "name", "reason": "taken", "message": "is taken"}],
    }
    assert missing.status_code == 404
    assert missing.json_body["error"]["message"] == "No thing 42."


def test_an_unexpected_failure_is_a_500_without_internals(demo_client: Any, caplog: pytest.LogCaptureFixture) -> None:
    _, client = demo_client

    reply = client.http.get("/boom")

    assert reply.status_code == 500
    assert reply.json_body["error"]["code"] == "internal_error"
    assert b"secret internals" not in reply.body
    assert b"Traceback" not in reply.body
    # the one line the stage's log metric filter counts for its server-error alarm
    ours = [r for r in caplog.records if r.name == "customer-portal" and r.levelno == logging.ERROR]
    assert [(r.getMessage(), getattr(r, "status", None)) for r in ours] == [(SERVER_ERROR_LOG, 500)]


def test_openapi_lists_declared_errors_and_body(demo_client: Any) -> None:
    demo, _ = demo_client

    document = build_openapi([demo], "demo", "1")

    # 403: no CSRF token; 413: a body over the 64 KB every route refuses
    assert set(document["paths"]["/greet"]["post"]["responses"]) == {"201", "400", "403", "413"}
    assert document["paths"]["/greet"]["post"]["requestBody"]["required"] is True
    assert set(document["paths"]["/things/{thing_id}"]["get"]["responses"]) == {"200", "404"}
    assert document["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["name"] == "thing_id"


def test_a_query_string_reaches_the_view_as_its_model(demo_client: Any) -> None:
    _, client = demo_client

    chosen = client.http.get("/shelf?genre=poetry&limit=5&cursor=")
    left_out = client.http.get("/shelf")

    assert chosen.json_body == {"text": "poetry 5 "}
    assert left_out.json_body == {"text": "None 20 None"}


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=5.0", "limit"), ("limit=+5", "limit"), ("genre=x", "genre")],
)
def test_a_query_value_its_model_refuses_is_a_400_that_names_the_parameter(
    demo_client: Any, query: str, field: str
) -> None:
    _, client = demo_client

    reply = client.http.get(f"/shelf?{query}")

    assert reply.status_code == 400
    assert reply.json_body["error"]["code"] == "invalid_query"
    assert [detail["field"] for detail in reply.json_body["error"]["details"]] == [field]


def test_openapi_describes_query_parameters_from_the_model(demo_client: Any) -> None:
    demo, _ = demo_client

    shelf = build_openapi([demo], "demo", "1")["paths"]["/shelf"]["get"]

    schemas = {parameter["name"]: parameter["schema"] for parameter in shelf["parameters"]}
    assert schemas["genre"] == {"type": "string", "enum": ["poetry", "prose"]}
    assert schemas["limit"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert set(schemas) == {"cursor", "limit", "genre"}
    assert "400" in shelf["responses"]


def test_a_view_whose_signature_does_not_fit_its_route_is_refused() -> None:
    demo_api = Routes(__name__, tag="demo")

    def wrong_name(thing: str) -> Reply:
        return Reply(text=thing)

    def signed_in(principal: Principal) -> Reply:
        return Reply(text=principal.principal_id)

    with pytest.raises(TypeError, match="thing_id"):
        demo_api.get("/things/{thing_id}", "A thing")(wrong_name)
    with pytest.raises(TypeError, match="public route"):
        demo_api.get("/me", "Who am I")(signed_in)


def test_a_route_registered_around_core_http_is_refused_by_openapi() -> None:
    rogue = Chalice(app_name="rogue")

    @rogue.route("/raw")
    def raw() -> dict[str, str]:
        return {}

    with pytest.raises(ValueError, match="GET /raw"):
        build_openapi([rogue], "rogue", "1")


def test_log_lines_carry_the_correlation_id(demo_client: Any) -> None:
    _, client = demo_client
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)

    try:
        client.http.get("/things/42", headers={"X-Correlation-Id": "trace-77"})
    finally:
        logger.removeHandler(handler)

    lines = [json.loads(line) for line in written.getvalue().splitlines()]
    refused = [line for line in lines if line["message"] == "request refused"]
    assert refused
    assert refused[0]["correlation_id"] == "trace-77"
    assert refused[0]["status"] == 404
