"""The account's timeline: everything that happened on it, newest first, one Query a page.

The consumer hears every event (consumer.py) and writes each happening here before it tells
anyone, so a channel that fails never loses the entry. An entry is keyed by its event id,
which is time-ordered (core.ids), and written with plain puts: a redelivered event writes the
same items, never a second entry. Reminders are not happenings (the invoice or booking they
recall is already on the timeline), nor is invoice.requested (orders asking payments for an
invoice: the order's confirmation and the invoice's issue are the happenings).

Who reads what (core.roles): the route's area is "account", but each entry belongs to the
area of its item. Admins and viewers read the whole account's key; a buyer, billing or
support contact reads their area's key (gsi2); a kind filter is its own key (gsi1), refused
403 when the kind is outside the reader's areas; a contact who sees only their own reads the
creator's copy (pk ...#BY#contact, with the same two indexes), so "only mine" is a key too.
"""

from collections.abc import Collection, Mapping
from typing import Any, Final

from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import customer_key
from functions.core.roles import AREA_ROLE, Area, RoleNotAllowed
from functions.core.table import Reader, contact_only
from functions.core.transactions import Transaction
from functions.notifications.events import Event
from functions.notifications.models import TimelineItem
from functions.notifications.schemas import TimelineEntry

# What each event family is on the timeline, and the area of the portal it belongs to (as
# audience.py and the pages have it: orders and bookings buying; invoices, payments and
# documents billing; tickets, messages and chats support).
KIND_OF: Final = {
    "order": "order",
    "invoice": "invoice",
    "payment": "payment",
    "document": "document",
    "ticket": "ticket",
    "booking": "booking",
    "inbox": "message",
    "chat": "message",
}
KIND_AREA: Final[dict[str, Area]] = {
    "order": "buying",
    "booking": "buying",
    "invoice": "billing",
    "payment": "billing",
    "document": "billing",
    "ticket": "support",
    "message": "support",
}
TIMELINE_AREAS: Final[tuple[Area, ...]] = ("buying", "billing", "support")
NOT_HAPPENINGS: Final = frozenset({"invoice.requested"})

# The item's id and the words the page names it by, first found first.
_ITEM_ID = ("order_id", "invoice_id", "payment_id", "document_id", "request_id", "ticket_id", "booking_id", "chat_id")
_LABEL = ("order_number", "invoice_number", "payment_number", "ticket_number", "number", "title", "service_name")
_LABEL_CHARACTERS = 80  # a message's first words: the page shows one line of it


def timeline_key(account_id: str, creator: str | None = None) -> str:
    """The account's timeline, or the creator's copy of it (what that contact made)."""
    base = f"{customer_key(account_id)}#TIMELINE"
    return base if creator is None else f"{base}#BY#{creator}"


def kind_key(account_id: str, kind: str, creator: str | None = None) -> str:
    return f"{timeline_key(account_id, creator)}#KIND#{kind}"


def area_key(account_id: str, area: str, creator: str | None = None) -> str:
    return f"{timeline_key(account_id, creator)}#AREA#{area}"


def _link(kind: str, event_type: str, item_id: str | None) -> str:
    """The portal page of the entry's item (web/js/nav.js)."""
    if kind == "order" and item_id:
        return f"/orders/{item_id}"
    if kind == "invoice" and item_id:
        return f"/invoices/{item_id}"
    if kind == "ticket" and item_id:
        return f"/support/{item_id}"
    if kind == "message":
        return "/chat" if event_type.startswith("chat.") else "/inbox"
    return {"payment": "/billing", "document": "/documents", "booking": "/bookings"}.get(kind, "/")


def _first(payload: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    found = next((payload[name] for name in names if isinstance(payload.get(name), str) and payload[name]), None)
    return str(found) if found is not None else None


def _label(event_type: str, payload: Mapping[str, Any]) -> str | None:
    if event_type == "inbox.message":  # no number: the message's first words
        body = " ".join(str(payload.get("body") or "").split())
        return (body[: _LABEL_CHARACTERS - 1] + "…") if len(body) > _LABEL_CHARACTERS else (body or None)
    return _first(payload, _LABEL)


def _amount(event_type: str, payload: Mapping[str, Any]) -> int | None:
    """Minor units the event is about: a refund's refunded part, else its total or amount."""
    names = ("refunded", "amount") if event_type == "payment.refunded" else ("total", "amount")
    found = next((payload[name] for name in names if name in payload), None)
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def _actor(event_type: str, payload: Mapping[str, Any]) -> str | None:
    if event_type == "ticket.answered":
        return "business"
    if event_type == "ticket.customer_replied":
        return "customer"
    if event_type == "inbox.message":
        return "business" if payload.get("from_kind") == "staff" else "customer"
    return None


def entries_of(event: Event) -> list[TimelineItem]:
    """The items an event puts on its account's timeline: none for an event that is no
    happening, one for the account, one more for the contact who created its item."""
    family, _, what = event.event_type.partition(".")
    kind = KIND_OF.get(family)
    if kind is None or event.event_type in NOT_HAPPENINGS or not event.customer_id:
        return []
    account, payload, area = event.customer_id, event.payload, KIND_AREA[kind]
    item_id = _first(payload, _ITEM_ID)
    created_by = payload.get("created_by") if isinstance(payload.get("created_by"), str) else None
    values: dict[str, Any] = {
        "entry_id": event.event_id,
        "account_id": account,
        "kind": kind,
        "area": area,
        "event_type": event.event_type,
        "item_id": item_id,
        "label": _label(event.event_type, payload),
        "status": payload.get("status") if isinstance(payload.get("status"), str) else what,
        "amount": _amount(event.event_type, payload),
        "currency": payload.get("currency") if isinstance(payload.get("currency"), str) else None,
        "actor": _actor(event.event_type, payload),
        "created_by": created_by or None,
        "link": _link(kind, event.event_type, item_id),
        "occurred_at": event.occurred_at,
    }
    owners = [None, created_by] if created_by else [None]
    return [
        TimelineItem(
            timeline_key(account, owner),
            event.event_id,
            gsi1pk=kind_key(account, kind, owner),
            gsi1sk=event.event_id,
            gsi2pk=area_key(account, area, owner),
            gsi2sk=event.event_id,
            **values,
        )
        for owner in owners
    ]


def record(event: Event) -> int:
    """Put the event's happening on the timeline; how many items that wrote (0: none to put).

    Plain puts of items made from the event alone: a second delivery writes them again, the
    same, so the timeline never holds an event twice (and needs no condition to read first)."""
    items = entries_of(event)
    if items:
        with Transaction() as transaction:
            for item in items:
                transaction.save(item)
    return len(items)


class KindNotReadable(RoleNotAllowed):
    """A kind filter outside the reader's areas: refused as core.roles refuses a route."""


def _refuse(area: Area, role: str | None) -> KindNotReadable:
    needed = AREA_ROLE[area]
    return KindNotReadable(
        f"This needs the {needed} role on this account (or admin); yours is {role}.",
        values={"role": needed, "yours": role or ""},
    )


def _query_of(account: str, creator: str | None, kind: str | None, reads: Collection[str], role: str | None) -> Any:
    """The one key this reader's page is read from, and the index it is in."""
    if kind is not None:
        if KIND_AREA[kind] not in reads:
            raise _refuse(KIND_AREA[kind], role)
        return TimelineItem.by_kind, kind_key(account, kind, creator)
    areas = [area for area in TIMELINE_AREAS if area in reads]
    if len(areas) == len(TIMELINE_AREAS):
        return TimelineItem, timeline_key(account, creator)
    if len(areas) == 1:
        return TimelineItem.by_area, area_key(account, areas[0], creator)
    # No role reads two of the three areas (core.roles); one that read none could not be here.
    raise _refuse(TIMELINE_AREAS[0], role)


def timeline(
    reader: Reader, kind: str | None, cursor: str | None, limit: int, reads: Collection[str], role: str | None
) -> Page[TimelineEntry]:
    """A page of the account's happenings the reader may see, newest first: one Query."""
    creator = contact_only(reader)
    source, key = _query_of(reader.account_id, creator, kind, reads, role)
    me = reader.principal_id or None
    return _page(source, key, cursor, limit, me)


def account_timeline(account_id: str, kind: str | None, cursor: str | None, limit: int) -> Page[TimelineEntry]:
    """The whole account's timeline, for the business's console: one Query."""
    source, key = _query_of(account_id, None, kind, TIMELINE_AREAS, "staff")
    return _page(source, key, cursor, limit, None)


def _page(source: Any, key: str, cursor: str | None, limit: int, me: str | None) -> Page[TimelineEntry]:
    results = source.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor))
    items = [to_entry(item, me) for item in results]
    return Page(items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def to_entry(item: TimelineItem, me: str | None) -> TimelineEntry:
    return TimelineEntry(
        entry_id=item.entry_id,
        kind=item.kind,
        area=item.area,
        event_type=item.event_type,
        item_id=item.item_id,
        label=item.label,
        status=item.status,
        amount=int(item.amount) if item.amount is not None else None,
        currency=item.currency,
        actor=item.actor,
        yours=me is not None and item.created_by == me,
        link=item.link,
        occurred_at=item.occurred_at,
    )
