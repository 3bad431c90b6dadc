"""The live functions (docs/live.md): the WebSocket API's connect, message and disconnect
handlers, and the stream reader that pushes. Each is its own Lambda with its own policy.

The socket handlers are registered on the app itself (functions/notifications/app.py): Chalice
wraps a WebSocket handler in its event only when the app's own decorator registers it, not a
blueprint's. The stream reader is this module's blueprint, as the relay is handlers'.

Messages a page sends (API Gateway's $default route; JSON with an "action"):
- {"action": "hello", "presence": true}: answered {"type": "hello", "operators_online": n};
  with presence, the socket is told each time an operator comes or goes;
- {"action": "typing", "chat_id": …}: passed on to the chat's other side (chat.typing).
Anything else is answered {"type": "error", "code": …}: a socket has no status line.
"""

import os
from datetime import UTC, datetime
from typing import Any

from chalice.app import Blueprint, DynamoDBEvent, Response, WebsocketEvent

from functions.core.settings import check_at_cold_start

EVENTS_STREAM_ARN = os.environ.get(
    "PORTAL_EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/portal-local-portal/stream/local"
)
check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
live_sockets = Blueprint(__name__)


def connect(event: WebsocketEvent) -> Response | None:
    """A socket with a good ticket is kept; any other is refused before it opens (401)."""
    from functions.notifications import live
    from functions.notifications.live_push import tell_presence

    now = datetime.now(UTC)
    ticket = (event.to_dict().get("queryStringParameters") or {}).get("ticket")
    watcher = live.connect(event.connection_id, ticket, now.timestamp(), now.isoformat())
    if watcher is None:
        return Response(body={"code": "live_ticket_refused"}, status_code=401)
    if watcher.is_staff:
        tell_presence(joined=watcher.principal_id)
    return None


def message(event: WebsocketEvent) -> None:
    from functions.notifications.live_talk import answer

    answer(event.connection_id, event.body)


def disconnect(event: WebsocketEvent) -> None:
    from functions.notifications import live
    from functions.notifications.live_push import tell_presence

    gone = live.connection(event.connection_id)
    live.forget(event.connection_id)
    if gone is not None and gone.kind == "staff":
        tell_presence(left=event.connection_id)


@live_sockets.on_dynamodb_record(stream_arn=EVENTS_STREAM_ARN, batch_size=100, starting_position="LATEST")
def push_live(event: DynamoDBEvent) -> dict[str, Any]:
    """Every change the table's stream shows that someone watching should see, to their sockets."""
    from functions.notifications.live_push import fan_out

    return fan_out(event.to_dict(), event.context)
