"""The local stack's WebSocket API (local/live.py) answers as API Gateway's does: a real socket
on /ws opened with a ticket, the same handlers called, and the management API the functions'
boto3 client posts to, GoneException included (docs/live.md)."""

import json
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import simple_websocket
from botocore.exceptions import ClientError
from chalice.app import Chalice
from werkzeug.serving import BaseWSGIServer, make_server

from functions.core import clients
from functions.core.settings import get_settings
from local.live import LocalWebSocketApi
from local.outbox import Outbox
from local.server import PortalServer
from local.worker import Worker
from tests.functional.visitor import Visitor

LIVE_APIS: dict[str, LocalWebSocketApi] = {}  # a running local server's WebSocket API, by host


@pytest.fixture
def local_server(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    portal: dict[str, Chalice],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """The local server on a free port, its management API what the functions post to."""
    worker = Worker(list(portal.values()), aws, stack_outputs)
    holder: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return holder["server"](environ, start_response)

    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    host = f"127.0.0.1:{server.server_port}"
    live = LocalWebSocketApi(portal["notifications"], host, worker.invoke)
    LIVE_APIS[host] = live
    holder["server"] = PortalServer(portal, Outbox("us-east-1"), {}, worker.run_schedule, "", live=live)
    monkeypatch.setenv("LIVE_ENDPOINT", f"http://{host}/dev/live")
    get_settings.cache_clear()
    clients.live_connections.cache_clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield host
    server.shutdown()
    LIVE_APIS.pop(host)
    clients.live_connections.cache_clear()


def _open(host: str, visitor: Visitor) -> simple_websocket.Client:
    ticket = visitor.post("/notifications/live/tickets").json_body["ticket"]
    return simple_websocket.Client.connect(f"ws://{host}/ws?ticket={ticket}")


def _said(socket: simple_websocket.Client) -> dict[str, Any]:
    data = socket.receive(timeout=5)
    assert data is not None, "nothing came within 5 s"
    return dict(json.loads(data))


def test_a_socket_opened_with_a_ticket_talks_to_the_handlers(local_server: str, dana: Visitor) -> None:
    socket = _open(local_server, dana)
    socket.send(json.dumps({"action": "hello", "presence": True}))
    hello = _said(socket)
    assert (hello["type"], hello["operators_online"]) == ("hello", 0)
    socket.close()


def test_a_socket_without_a_good_ticket_is_refused_before_it_opens(local_server: str) -> None:
    with pytest.raises(simple_websocket.ConnectionError, match="401"):
        simple_websocket.Client.connect(f"ws://{local_server}/ws?ticket=made-up")


def test_the_management_api_posts_and_says_gone_as_api_gateways_does(local_server: str, dana: Visitor) -> None:
    socket = _open(local_server, dana)
    socket.send(json.dumps({"action": "hello"}))
    connection_id = _said(socket)["id"].removeprefix("hello-")
    management = clients.live_connections()

    management.post_to_connection(ConnectionId=connection_id, Data=b'{"type": "ping"}')
    assert _said(socket) == {"type": "ping"}
    management.delete_connection(ConnectionId=connection_id)
    with pytest.raises(simple_websocket.ConnectionClosed) as closed:
        socket.receive(timeout=5)
    assert closed.value.reason == 1000

    with pytest.raises(ClientError) as refused:
        management.post_to_connection(ConnectionId=connection_id, Data=b"{}")
    assert refused.value.response["Error"]["Code"] == "GoneException"


def _raises(error: Exception) -> Any:
    def send(*_: Any) -> None:
        raise error

    return send


def test_a_connection_whose_network_dropped_is_gone_at_once_not_a_server_error(
    local_server: str, dana: Visitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the network failing and the socket's own thread noticing (as late as its ping),
    a push to it is a GoneException, as API Gateway answers for a client gone: a server error
    there would fail the stream's whole batch, again and again, holding every push behind it."""
    socket = _open(local_server, dana)
    socket.send(json.dumps({"action": "hello"}))
    connection_id = _said(socket)["id"].removeprefix("hello-")
    # What a write to it raises once its network has gone, before its own thread has noticed.
    server_side = LIVE_APIS[local_server]._sockets[connection_id]
    monkeypatch.setattr(server_side, "send", _raises(OSError(9, "Bad file descriptor")))
    with pytest.raises(ClientError) as refused:
        clients.live_connections().post_to_connection(ConnectionId=connection_id, Data=b"{}")
    assert refused.value.response["Error"]["Code"] == "GoneException"
