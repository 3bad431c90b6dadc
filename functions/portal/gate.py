"""A part of the portal the business turned off answers 404 to customers, not only vanishes
from their pages. Operators keep every route: what they set up stays theirs to manage."""

from collections.abc import Callable
from typing import Any

from chalice.app import Chalice, Request, Response

from functions.core.errors import NotFound
from functions.core.openapi import document_path_errors
from functions.portal.settings import portal_settings

# A customer route's first path segment -> the action it belongs to. Webhooks stay on:
# money paid before payments were turned off must still be posted.
ACTION_OF = {
    "catalogue": "orders",
    "cart": "orders",
    "orders": "orders",
    "account": "payments",
    "invoices": "payments",
    "payments": "payments",
    "statement": "payments",
    "documents": "documents",
    "document-requests": "documents",
    "bookings": "bookings",
    "services": "bookings",
    "tickets": "tickets",
    "support": "tickets",
    "inbox": "inbox",
    "chats": "chat",
}


def action_of(resource_path: str) -> str | None:
    return ACTION_OF.get(resource_path.lstrip("/").split("/", 1)[0])


def install_action_gate(app: Chalice) -> None:
    document_path_errors(lambda path: {404} if action_of(path) else set())

    @app.middleware("http")
    def only_actions_turned_on(event: Request, get_response: Callable[[Request], Response]) -> Any:
        action = action_of(str((event.context or {}).get("resourcePath", "")))
        if action is not None and not getattr(portal_settings().actions, action):
            raise NotFound("This part of the portal is turned off.")
        return get_response(event)
