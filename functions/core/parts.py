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
customers domain asks only when someone is invited, so that is read afresh each time. It also
says whether the help centre is readable before sign-in and the business's own language,
which the help centre serves when an article has no version in the reader's: read and kept
with the switches.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalice.app import Chalice, Request, Response
from pynamodb.attributes import BooleanAttribute, MapAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from functions.core.errors import NotFound
from functions.core.http import route_spec
from functions.core.table import PortalItem

SETTINGS = ("PORTAL", "SETTINGS")
PARTS = ("orders", "payments", "documents", "bookings", "tickets", "inbox", "chat", "help")
CACHE_SECONDS = 30.0
_READ = ["actions", "help_public", "default_language"]


@dataclass(frozen=True)
class _Choices:
    switches: dict[str, bool]
    help_public: bool
    language: str


_cache: dict[str, tuple[float, _Choices]] = {}


class PartsItem(PortalItem):
    """What other domains read of the portal settings item: the switches (part -> on; a part
    never saved is on), whether invited contacts wait for the business's approval, whether the
    help centre is public and the business's language."""

    actions = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    invites_need_approval = BooleanAttribute(null=True)  # never saved: they do not
    help_public = BooleanAttribute(null=True)  # never saved: it is
    default_language = UnicodeAttribute(null=True)  # never saved: English


def _choices() -> _Choices:
    kept = _cache.get("parts")
    if kept and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    try:
        item = PartsItem.get(*SETTINGS, attributes_to_get=_READ)
        stored: dict[str, Any] = item.actions.as_dict() if item.actions else {}  # type: ignore[no-untyped-call]
        public, language = item.help_public is not False, item.default_language or "en"
    except DoesNotExist:
        stored, public, language = {}, True, "en"
    current = _Choices({part: bool(stored.get(part, True)) for part in PARTS}, public, language)
    _cache["parts"] = (time.monotonic(), current)
    return current


def parts_on() -> dict[str, bool]:
    return _choices().switches


def help_is_public() -> bool:
    """Whether the help centre is readable before sign-in (the business's choice; it is)."""
    return _choices().help_public


def business_language() -> str:
    """The business's own language (portal settings' default_language): English until set."""
    return _choices().language


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
        # Customers' routes and the public ones a part has (the help centre's); never the staff's.
        if spec is not None and spec.part is not None and spec.access != "staff" and not parts_on()[spec.part]:
            raise NotFound("This part of the portal is turned off.", code="part_turned_off")
        return get_response(event)
