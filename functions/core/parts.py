"""The parts of the portal the business can turn off, and the gate that keeps them off.

A part turned off answers 404 to customers, not only vanishes from their pages. Operators
keep every route: what they set up stays theirs to manage. Webhooks stay on: money paid
before payments were turned off must still be posted. Which part a route belongs to is said
once, by its Routes (core.http), so the gate needs no table of paths.

The switches are one map on the portal's settings item (the portal domain owns the rest of
it and extends `PartsItem`). Every customer request asks, so a container keeps what it read
for CACHE_SECONDS: a change made in the console reaches every container within that, with
no redeploy, and at once in the container that saved it (`forget`).

The same item says whether the business approves each contact an account admin invites; the
customers domain asks only when someone is invited, so that is read afresh each time.
"""

import time
from collections.abc import Callable
from typing import Any

from chalice.app import Chalice, Request, Response
from pynamodb.attributes import BooleanAttribute, MapAttribute
from pynamodb.exceptions import DoesNotExist

from functions.core.errors import NotFound
from functions.core.http import route_spec
from functions.core.table import PortalItem

SETTINGS = ("PORTAL", "SETTINGS")
PARTS = ("orders", "payments", "documents", "bookings", "tickets", "inbox", "chat")
CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, dict[str, bool]]] = {}


class PartsItem(PortalItem):
    """What other domains read of the portal settings item: the switches (part -> on; a part
    never saved is on) and whether invited contacts wait for the business's approval."""

    actions = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    invites_need_approval = BooleanAttribute(null=True)  # never saved: they do not


def parts_on() -> dict[str, bool]:
    kept = _cache.get("parts")
    if kept and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    try:
        item = PartsItem.get(*SETTINGS, attributes_to_get=["actions"])
        stored: dict[str, Any] = item.actions.as_dict() if item.actions else {}  # type: ignore[no-untyped-call]
    except DoesNotExist:
        stored = {}
    switches = {part: bool(stored.get(part, True)) for part in PARTS}
    _cache["parts"] = (time.monotonic(), switches)
    return switches


def invites_need_approval() -> bool:
    """Whether a contact an account admin invites waits for the business to approve them.
    Read afresh, uncached: it is asked only when someone is invited, and a business that has
    just turned approval on expects the very next invitation to wait."""
    try:
        item = PartsItem.get(*SETTINGS, attributes_to_get=["invites_need_approval"], consistent_read=True)
    except DoesNotExist:
        return False
    return bool(item.invites_need_approval)


def forget() -> None:
    _cache.clear()


def install_parts_gate(app: Chalice) -> None:
    @app.middleware("http")
    def only_parts_turned_on(event: Request, get_response: Callable[[Request], Response]) -> Any:
        _, spec = route_spec(app, event)
        if spec is not None and spec.part is not None and spec.access == "customer" and not parts_on()[spec.part]:
            raise NotFound("This part of the portal is turned off.", code="part_turned_off")
        return get_response(event)
