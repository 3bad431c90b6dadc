"""API Gateway's WebSocket API on the local server (docs/live.md): /ws on the portal's own
origin, as CloudFront serves it, and the management API at /dev/live/@connections/{id}, which
the functions' boto3 client is pointed at (settings.live_endpoint).

A socket's life calls the notifications app's handlers with the events API Gateway sends:
$connect (its query string, whose ticket the handler takes; a refusal is an HTTP 401 and no
socket), $default for each message, $disconnect when either side closes. PostToConnection to a
socket that is gone answers 410 GoneException, as API Gateway does; DeleteConnection closes it.
"""

import contextlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from socket import SHUT_RDWR
from typing import Any
from urllib.parse import parse_qs, urlsplit

from chalice.app import Chalice
from simple_websocket import ConnectionClosed, Server
from werkzeug.wrappers import Request, Response

STAGE = "live"
API_ID = "local-live"
MANAGEMENT_PREFIX = "/dev/live/@connections/"
PING_SECONDS = 25


def as_deployed(url: str, region: str) -> str:
    """The URL API Gateway's management API would be called at for a call to the local
    stand-in (http://<host>/dev/live/@connections/<id>), so that IAM's checks of the call
    (infra.policies) place it on this API and stage as they would on AWS."""
    path = urlsplit(url).path
    if not path.startswith(MANAGEMENT_PREFIX):
        return url
    connection = path.removeprefix(MANAGEMENT_PREFIX)
    return f"https://{API_ID}.execute-api.{region}.amazonaws.com/{STAGE}/@connections/{connection}"


def websocket_event(
    route_key: str,
    connection_id: str,
    domain_name: str,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    identity: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The event API Gateway's WebSocket API hands a route's function (what Chalice reads)."""
    event_type = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route_key, "MESSAGE")
    now = int(time.time() * 1000)
    return {
        "requestContext": {
            "routeKey": route_key,
            "eventType": event_type,
            "connectionId": connection_id,
            "domainName": domain_name,
            "apiId": API_ID,
            "stage": STAGE,
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": now,
            "connectedAt": now,
            "identity": identity or {"sourceIp": "127.0.0.1"},
        },
        "headers": headers or {},
        "queryStringParameters": query or None,
        "isBase64Encoded": False,
        "body": body,
    }


class LocalWebSocketApi:
    def __init__(self, app: Chalice, domain_name: str, invoke: Callable[[Any, dict[str, Any]], Any]) -> None:
        """`invoke(handler, event)`: as Lambda runs a function (local.worker.Worker.invoke)."""
        self._handlers = {key: app.handler_map[config.name] for key, config in app.websocket_handlers.items()}
        self._domain_name = domain_name
        self._invoke = invoke
        self._sockets: dict[str, Server] = {}
        # Pushes to a socket whose $connect has answered but whose upgrade is not done yet:
        # sent as soon as it is (a push can come that fast from the stream).
        self._waiting: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        # A socket's frames written one at a time: the stream's pushes and the socket's own
        # replies (hello, typing) come on different threads; interleaved they garble each other.
        self._sending: dict[str, threading.Lock] = {}

    def _call(self, route_key: str, connection_id: str, request: Request, body: str | None = None) -> dict[str, Any]:
        handler = self._handlers[route_key]
        query = {k: v[-1] for k, v in parse_qs(request.query_string.decode()).items()}
        headers = dict(request.headers.items()) if route_key == "$connect" else {}
        source = {"sourceIp": request.remote_addr or "127.0.0.1", "userAgent": request.user_agent.string}
        event = websocket_event(route_key, connection_id, self._domain_name, query, headers, body, source)
        reply: dict[str, Any] = self._invoke(handler, event)
        return reply

    def serve(self, environ: dict[str, Any]) -> Response:
        """One socket, from its upgrade to its close (this thread is its connection's)."""
        request = Request(environ)
        connection_id = secrets.token_urlsafe(12) + "="
        with self._lock:
            self._waiting[connection_id] = []
        reply = self._call("$connect", connection_id, request)
        if reply.get("statusCode") != 200:
            with self._lock:
                self._waiting.pop(connection_id, None)
            return Response(reply.get("body") or "", status=int(reply.get("statusCode") or 500))
        socket = Server.accept(environ, ping_interval=PING_SECONDS)
        sending = threading.Lock()
        with self._lock:
            self._sockets[connection_id] = socket
            self._sending[connection_id] = sending
            waiting = self._waiting.pop(connection_id, [])
        try:
            with sending:
                for data in waiting:
                    socket.send(data)
            while True:
                data = socket.receive()
                if data is None:
                    continue
                self._call("$default", connection_id, request, data if isinstance(data, str) else data.decode())
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._sockets.pop(connection_id, None)
                self._sending.pop(connection_id, None)
            self._call("$disconnect", connection_id, request)
        # Werkzeug's server takes a ConnectionError as the client gone: nothing more is written.
        raise ConnectionError("the socket is closed")

    def manage(self, request: Request) -> Response:
        """The management API: POST (send), GET (describe), DELETE (close) one connection."""
        connection_id = request.path.removeprefix(MANAGEMENT_PREFIX)
        with self._lock:
            socket = self._sockets.get(connection_id)
            sending = self._sending.get(connection_id)
            waiting = self._waiting.get(connection_id)
            if socket is None and waiting is not None and request.method == "POST":
                waiting.append(request.get_data(as_text=True))
                return Response(status=200)
        if socket is None or sending is None:
            return _gone()
        if request.method == "POST":
            try:
                with sending:
                    socket.send(request.get_data(as_text=True))
            except (ConnectionClosed, OSError):  # OSError: its network dropped, not yet noticed
                return _gone()
            return Response(status=200)
        if request.method == "DELETE":
            try:
                with sending:
                    socket.close(message="closed by the portal")
            except (ConnectionClosed, OSError):
                return _gone()
            return Response(status=204)
        described = {"connectedAt": "", "identity": {"sourceIp": "127.0.0.1"}, "lastActiveAt": ""}
        return Response(json.dumps(described), mimetype="application/json")

    def drop(self, connection_id: str) -> bool:
        """A network failure, for the tests: the socket ends without a close (no 1000)."""
        with self._lock:
            socket = self._sockets.get(connection_id)
        if socket is None:
            return False
        with contextlib.suppress(OSError):
            socket.sock.shutdown(SHUT_RDWR)
        socket.sock.close()
        return True

    def connection_ids(self) -> list[str]:
        with self._lock:
            return list(self._sockets)


def _gone() -> Response:
    body = json.dumps({"message": "The connection is gone."})
    return Response(body, status=410, mimetype="application/json", headers={"x-amzn-ErrorType": "GoneException"})
