"""The notifications app, deployed as its own functions:
the dashboard, the in-portal feed and preferences; the relay, the delivery and reminders;
the WebSocket API's handlers and the live pushes (docs/live.md).
"""

from chalice.app import Response, WebsocketEvent

from functions.core.app import domain_app
from functions.notifications import live_handlers
from functions.notifications.api import dashboard_api, notifications_api, staff_api
from functions.notifications.handlers import notification_events
from functions.notifications.live_handlers import live_sockets

app = domain_app(
    "notifications", dashboard_api, notifications_api, staff_api, functions=(notification_events, live_sockets)
)
# Chalice's WebSocket support is behind a feature flag: `chalice deploy` creates the WebSocket
# API and its $connect, $default and $disconnect routes for this app's handlers.
app.experimental_feature_flags.update(["WEBSOCKETS"])


@app.on_ws_connect()
def websocket_connect(event: WebsocketEvent) -> Response | None:
    return live_handlers.connect(event)


@app.on_ws_message()
def websocket_message(event: WebsocketEvent) -> None:
    live_handlers.message(event)


@app.on_ws_disconnect()
def websocket_disconnect(event: WebsocketEvent) -> None:
    live_handlers.disconnect(event)
