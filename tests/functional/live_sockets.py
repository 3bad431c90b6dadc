"""Sockets in the functional tests: the WebSocket API's events handed to the notifications
app's handlers as API Gateway hands them (local.live.websocket_event), the stream's records to
the live pushes as Lambda's mapping does (local.worker), and what each socket was sent read
back from moto's management API, which the functions post to with their real boto3 client.

moto keeps every connection it is asked about, where API Gateway says GoneException for one
that has closed: `api_gateway_says_gone` makes moto refuse them as AWS does.
"""

import json
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from moto.apigatewaymanagementapi.models import ApiGatewayManagementApiBackend, apigatewaymanagementapi_backends
from moto.core.exceptions import JsonRESTError

from local.live import API_ID, STAGE, websocket_event
from local.worker import Worker
from tests.functional.visitor import Visitor

REGION = "us-east-1"
ACCOUNT = "123456789012"
DOMAIN = f"{API_ID}.execute-api.{REGION}.amazonaws.com"
LIVE_ENDPOINT = f"https://{DOMAIN}/{STAGE}"


class GoneException(JsonRESTError):
    code = 410

    def __init__(self) -> None:
        super().__init__("GoneException", "The connection is gone.")


def _backend() -> ApiGatewayManagementApiBackend:
    return apigatewaymanagementapi_backends[ACCOUNT][REGION]


@pytest.fixture
def api_gateway_says_gone(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """API Gateway answers PostToConnection and DeleteConnection to a closed connection with
    410 GoneException; moto makes a connection up for any id. The set returned names the open
    ones (the sockets' connect adds them); any other is gone."""
    open_ids: set[str] = set()
    post, delete = ApiGatewayManagementApiBackend.post_to_connection, ApiGatewayManagementApiBackend.delete_connection

    def refusing_post(self: ApiGatewayManagementApiBackend, data: bytes, connection_id: str) -> None:
        if connection_id not in open_ids:
            raise GoneException()
        post(self, data, connection_id)

    def refusing_delete(self: ApiGatewayManagementApiBackend, connection_id: str) -> None:
        if connection_id not in open_ids:
            raise GoneException()
        open_ids.discard(connection_id)
        delete(self, connection_id)

    monkeypatch.setattr(ApiGatewayManagementApiBackend, "post_to_connection", refusing_post)
    monkeypatch.setattr(ApiGatewayManagementApiBackend, "delete_connection", refusing_delete)
    return open_ids


@dataclass
class Socket:
    connection_id: str
    live: "Live"
    read: int = 0
    status: int = 0

    def received(self) -> list[dict[str, Any]]:
        """Every message posted to this socket so far (moto keeps them end to end)."""
        connection = _backend().connections.get(self.connection_id)
        raw = connection.data.decode() if connection is not None else ""
        decoder, found, at = json.JSONDecoder(), [], 0
        while at < len(raw):
            value, at = decoder.raw_decode(raw, at)
            found.append(value)
        return found

    def new(self) -> list[dict[str, Any]]:
        """What came since the last call."""
        everything = self.received()
        fresh, self.read = everything[self.read :], len(everything)
        return fresh

    def say(self, message: dict[str, Any]) -> None:
        self.live.call("$default", self.connection_id, body=json.dumps(message))

    def close(self) -> None:
        self.live.open_ids.discard(self.connection_id)
        self.live.call("$disconnect", self.connection_id)

    @property
    def is_closed(self) -> bool:
        """Whether the portal ended it (DeleteConnection) or it closed."""
        return self.connection_id not in self.live.open_ids


@dataclass
class Live:
    """The live functions, run on demand; `pump` hands the stream's new records to push_live."""

    aws: boto3.session.Session
    outputs: dict[str, str]
    open_ids: set[str]
    worker: Worker = field(init=False)
    count: int = 0

    def __post_init__(self) -> None:
        from functions.notifications.app import app

        self.app = app
        self.worker = Worker([app], self.aws, self.outputs, checkpoints={})
        self.pump()  # a mapping at LATEST: what is there already is not its business

    def call(self, route_key: str, connection_id: str, **values: Any) -> dict[str, Any]:
        handler = self.app.handler_map[self.app.websocket_handlers[route_key].name]
        reply: dict[str, Any] = self.worker.invoke(handler, websocket_event(route_key, connection_id, DOMAIN, **values))
        return reply

    def pump(self) -> int:
        """Hand push_live every new record, as its mapping would: a failed record again on the
        next pass, until a pass finds nothing left (or the mapping gives the record up)."""
        from functions.notifications.live_handlers import push_live

        done, idle = 0, 0
        while idle < 2:
            pushed = self.worker.follow_stream(self.outputs["TableStreamArn"], push_live)
            done, idle = done + pushed, 0 if pushed else idle + 1
        return done

    def ticket(self, visitor: Visitor, path: str = "/notifications/live/tickets") -> str:
        reply = visitor.post(path)
        assert reply.status_code == 201, reply.json_body
        return str(reply.json_body["ticket"])

    def connect(self, ticket: str | None) -> Socket:
        self.count += 1
        connection_id = f"conn{self.count:04d}"  # API Gateway's have "=" too, which moto keeps URL-encoded
        self.open_ids.add(connection_id)
        reply = self.call("$connect", connection_id, query={"ticket": ticket} if ticket else None)
        socket = Socket(connection_id, self, status=int(reply["statusCode"]))
        if socket.status != 200:
            self.open_ids.discard(connection_id)
        return socket

    def open(self, visitor: Visitor, *, staff: bool = False) -> Socket:
        path = "/notifications/operator/live/tickets" if staff else "/notifications/live/tickets"
        socket = self.connect(self.ticket(visitor, path))
        assert socket.status == 200
        return socket


@pytest.fixture
def live(
    aws: boto3.session.Session, stack_outputs: dict[str, str], api_gateway_says_gone: set[str], people: dict[str, str]
) -> Live:
    return Live(aws, stack_outputs, api_gateway_says_gone)
