"""A browser's part in the conversation: a cookie jar, the CSRF echo and the session renewal the
pages make (web/js/api.js), over the local edge's test client."""

import json
import re
import uuid
from typing import Any

from local.edge import EdgeClient
from local.outbox import Outbox, SentMessage
from tests.functional.set_ups import SET_UPS

CODE = re.compile(r"\b(\d{6})\b")


class Visitor:
    def __init__(self, client: EdgeClient) -> None:
        self._client = client
        self.cookies: dict[str, str] = {}

    def call(
        self, method: str, path: str, body: Any = None, *, csrf: bool = True, headers: dict[str, str] | None = None
    ) -> Any:
        """As the pages do: an expired session (401 session_expired) is renewed once and the call sent again."""
        reply = self.send(method, path, body, csrf=csrf, headers=headers)
        expired = reply.status_code == 401 and error_code(reply) == "session_expired"
        if expired and self.send("POST", "/auth/refresh").status_code == 200:
            return self.send(method, path, body, csrf=csrf, headers=headers)
        return reply

    def send(
        self, method: str, path: str, body: Any = None, *, csrf: bool = True, headers: dict[str, str] | None = None
    ) -> Any:
        """One request, as it is."""
        headers = {"Content-Type": "application/json", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and "csrf_token" in self.cookies:
            headers["X-CSRF-Token"] = self.cookies["csrf_token"]
        raw = json.dumps(body).encode() if body is not None else b""
        reply = self._client.http.request(method, path, headers=headers, body=raw)
        set_cookies = reply.headers.get("Set-Cookie") or []
        for header in [set_cookies] if isinstance(set_cookies, str) else set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def get(self, path: str) -> Any:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body)

    def create(self, path: str, body: Any = None, key: str | None = None) -> Any:
        """POST as a form submission does: with its own Idempotency-Key (or `key`, to retry)."""
        return self.call("POST", path, body, headers={"Idempotency-Key": key or uuid.uuid4().hex})

    def submit_cart(self, key: str) -> Any:
        """Order what is in the cart at the total just reviewed, as the cart page does."""
        review = self.get("/orders/cart").json_body
        body = {"cart_id": review["cart_id"], "expected_total": review["total"]}
        return self.call("POST", "/orders", body, headers={"Idempotency-Key": key})

    def patch(self, path: str, body: Any = None) -> Any:
        return self.call("PATCH", path, body)

    def start(self, identifier: str) -> Any:
        if "csrf_token" not in self.cookies:
            self.get("/auth/session")
        return self.post("/auth/start", {"identifier": identifier})

    def sign_in(self, identifier: str, outbox: Outbox) -> Any:
        before = len(outbox.messages())
        self.start(identifier)
        code = latest_code(outbox, since=before)
        reply = self.post("/auth/verify", {"code": code})
        assert reply.status_code == 200, reply.json_body
        return reply


def signed_in(client: EdgeClient, identifier: str, outbox: Outbox) -> Visitor:
    """A visitor signed in with a code, or that sign-in replayed (tests.functional.set_ups)."""
    visitor = Visitor(client)

    def made() -> dict[str, str]:
        visitor.sign_in(identifier, outbox)
        return visitor.cookies

    visitor.cookies = SET_UPS.step(f"signed in as {identifier}", made)
    return visitor


def error_code(reply: Any) -> str | None:
    try:
        return str(json.loads(reply.body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def messages_since(outbox: Outbox, since: int) -> list[SentMessage]:
    """Messages sent after the first `since`, oldest first."""
    return list(reversed(outbox.messages()))[since:]


def latest_code(outbox: Outbox, since: int = 0) -> str:
    sent = [m for m in messages_since(outbox, since) if CODE.search(m.body)]
    assert sent, "no code was sent"
    match = CODE.search(sent[-1].body)
    assert match
    return match.group(1)
