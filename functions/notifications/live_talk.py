"""What a page says over its socket (live_handlers.message), and the answers.

A socket has no status line: a message it cannot act on is answered {"type": "error", "code",
"field", "reason"} with the same codes and reasons the HTTP routes give (the pages translate
`error.<code>`), and changes nothing.
"""

import json
from typing import Any

from functions.core.errors import NotFound
from functions.core.roles import allowed
from functions.notifications import live
from functions.notifications.live_push import Sockets, send
from functions.tickets import live as tickets_live

CHAT_ID_LENGTH = 64


def _said(body: str | None) -> dict[str, Any] | None:
    try:
        said = json.loads(body or "")
    except ValueError:
        return None
    return said if isinstance(said, dict) else None


def _send(connection_id: str, message: dict[str, Any]) -> None:
    send(connection_id, json.dumps(message, separators=(",", ":"), sort_keys=True).encode())


def _error(connection_id: str, code: str, field: str, reason: str) -> None:
    _send(connection_id, {"type": "error", "id": f"error-{code}", "code": code, "field": field, "reason": reason})


def answer(connection_id: str, body: str | None) -> None:
    """Act on one message from a socket, or say why not."""
    kept = live.connection(connection_id)
    if kept is None:  # ended meanwhile (its person signed out): nothing to answer
        return
    said = _said(body)
    action = said.get("action") if said else None
    if said is None or action not in ("hello", "typing"):
        _error(connection_id, "invalid_request", "action", "not_allowed")
        return
    if action == "hello":
        live.watch_presence(connection_id, said.get("presence") is True)
        online = live.operators_online()
        _send(connection_id, {"type": "hello", "id": f"hello-{connection_id}", "operators_online": online})
        return
    chat_id = said.get("chat_id")
    if not isinstance(chat_id, str) or not 0 < len(chat_id) <= CHAT_ID_LENGTH:
        _error(connection_id, "invalid_request", "chat_id", "required")
        return
    sender = live.watcher_of(kept)
    if not sender.is_staff and not allowed(sender.role, "support", "POST"):  # a viewer types nothing
        _error(connection_id, "role_not_allowed", "chat_id", "not_allowed")
        return
    try:
        push = tickets_live.typing(chat_id, None if sender.is_staff else sender, sender.name)
    except NotFound:
        _error(connection_id, "not_found", "chat_id", "invalid")
        return
    if push is not None:
        Sockets().push(push, but=connection_id)
