"""Bodies no client of ours sends: nested past reason, or not UTF-8. A 400, never a 500."""

import json
from typing import Any

from chalice.test import Client

from tests.functional.visitor import Visitor


def _raw(visitor: Visitor, client: Client, path: str, raw: bytes, method: str = "POST") -> Any:
    headers = {"Content-Type": "application/json", "X-CSRF-Token": visitor.cookies.get("csrf_token", "")}
    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())
    return client.http.request(method, path, headers=headers, body=raw)


def test_deeply_nested_json_to_sign_in_is_a_400_not_valid_json(client: Client, visitor: Visitor) -> None:
    # Given a visitor with a session cookie and its CSRF token
    visitor.get("/auth/session")
    # When it posts 2,000 nested brackets to /auth/start
    reply = _raw(visitor, client, "/auth/start", b"[" * 2000 + b"]" * 2000)
    # Then it is told the body is not valid JSON
    assert reply.status_code == 400
    assert reply.json_body["error"]["code"] == "body_too_deep"
    assert reply.json_body["error"]["values"] == {"limit": 32}
    assert "not valid JSON" in reply.json_body["error"]["message"]


def test_deeply_nested_json_on_a_customer_route_is_a_400(client: Client, dana: Visitor) -> None:
    # valid JSON, 1,000 levels deep: Python's parser gives up (RecursionError) before any schema
    body = b'{"subject": ' + b'{"a": [' * 500 + b"1" + b"]}" * 500 + b"}"
    reply = _raw(dana, client, "/tickets", body)
    assert reply.status_code == 400
    assert "nests deeper" in reply.json_body["error"]["message"]


def test_brackets_inside_strings_are_text_not_nesting(client: Client, dana: Visitor) -> None:
    # Given a profile change whose name is made of brackets
    name = "[" * 60 + "{" * 59
    reply = _raw(dana, client, "/customers/profile", json.dumps({"name": name}).encode(), "PATCH")
    # Then the brackets are read as text and the change is taken
    assert reply.status_code == 200, reply.json_body
    assert dana.get("/customers/profile").json_body["name"] == name


def test_a_body_in_utf16_is_refused(client: Client, visitor: Visitor) -> None:
    visitor.get("/auth/session")
    reply = _raw(visitor, client, "/auth/start", json.dumps({"identifier": "demo@example.com"}).encode("utf-16"))
    assert reply.status_code == 400
    assert "UTF-8" in reply.json_body["error"]["message"]
