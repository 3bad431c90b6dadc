"""The in-app feed: what was told, newest first, and what the customer has not read yet.

An entry and the unread count in the customer's summary move together, so the header's
badge is one read of the summary, never a count of the feed.

An entry keeps what its message needs (the event's type and payload, the business's time
zone as delivered) and is told when it is read, in the reader's language of the moment: a
customer who switched to French reads last month's entries in French too. The language is
the signed-in person's (the session's one read of them), so a page costs no more calls.
An entry written before payloads were kept reads as it was written.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from pynamodb.exceptions import TransactWriteError

from functions.core import summary
from functions.core.errors import NotFound
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import customer_key
from functions.core.settings import get_settings
from functions.core.table import cancellation_codes
from functions.core.transactions import Transaction
from functions.notifications.models import NOTIFICATION_PREFIX, NotificationItem, unread_of
from functions.notifications.schemas import Notification
from functions.notifications.templates import Rendered, render

# One transaction holds at most 100 items: 99 entries and the summary.
_MARK_AT_ONCE = 99
# The unread index is eventually consistent: an entry just marked may be listed once more.
_MARK_ROUNDS = 50


def to_notification(item: NotificationItem, language: str | None = None) -> Notification:
    """The entry told in `language` (None: in the words it was delivered in)."""
    title, body = item.title, item.body
    if language is not None and isinstance(item.payload, Mapping):
        told = render(item.event_type, item.payload, language, get_settings().business_name, item.time_zone or "UTC")
        if told is not None:  # None: an event no longer told; its words as delivered stay
            title, body = told.subject, told.body
    return Notification(
        notification_id=item.notification_id,
        event_type=item.event_type,
        category=item.category,
        title=title,
        body=body,
        link=item.link,
        created_at=item.created_at,
        read=item.read_at is not None,
    )


def post(
    customer_id: str,
    event_id: str,
    event_type: str,
    note: Rendered,
    at: datetime,
    payload: Mapping[str, Any],
    zone: str,
) -> bool:
    """Add the entry for this event; False if it is there already (the event came twice).

    `note` is the event told in the customer's language now; `payload` and `zone` (the one
    `note` was told in) let the feed tell it again in whatever language they read it in."""
    item = NotificationItem(
        customer_key(customer_id),
        f"{NOTIFICATION_PREFIX}{event_id}",
        notification_id=event_id,
        event_type=event_type,
        category=note.category,
        title=note.subject,
        body=note.body,
        payload=dict(payload),
        time_zone=zone,
        link=note.link,
        created_at=at.isoformat(),
        gsi1pk=unread_of(customer_id),
        gsi1sk=event_id,
    )
    try:
        with Transaction() as transaction:
            transaction.save(item, condition=NotificationItem.pk.does_not_exist())
            summary.count(transaction, customer_id, unread_notifications=1)
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" in cancellation_codes(exc):
            return False
        raise
    return True


def feed(customer_id: str, cursor: str | None, limit: int, language: str) -> Page[Notification]:
    """A page of the customer's entries, newest first, each told in `language` (the reader's)."""
    results = NotificationItem.query(
        customer_key(customer_id),
        NotificationItem.sk.startswith(NOTIFICATION_PREFIX),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = [to_notification(item, language) for item in results]
    return Page(items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def unread_count(customer_id: str) -> int:
    return max(0, int(summary.summary_of(customer_id).unread_notifications))


def mark_read(customer_id: str, notification_id: str, now: datetime, language: str | None = None) -> Notification:
    """Mark the entry read; it comes back told in `language`, as the feed tells it."""
    try:
        item = NotificationItem.get(
            customer_key(customer_id), f"{NOTIFICATION_PREFIX}{notification_id}", consistent_read=True
        )
    except NotificationItem.DoesNotExist as exc:
        raise NotFound("There is no such notification.") from exc
    if item.read_at is None:
        _mark(customer_id, [item], now)
        item.read_at = now.isoformat()
    return to_notification(item, language)


def mark_all_read(customer_id: str, now: datetime) -> int:
    """Every unread entry, a transaction per 99; returns how many were marked."""
    marked = 0
    for _ in range(_MARK_ROUNDS):
        unread = cast(
            list[NotificationItem], list(NotificationItem.unread.query(unread_of(customer_id), limit=_MARK_AT_ONCE))
        )
        if not unread:
            break
        marked += _mark(customer_id, unread, now)
    return marked


def _mark(customer_id: str, items: list[NotificationItem], now: datetime) -> int:
    """Read, with the count down by as many; an entry read meanwhile makes the batch retry."""
    try:
        with Transaction() as transaction:
            for item in items:
                transaction.update(
                    item,
                    actions=[
                        NotificationItem.read_at.set(now.isoformat()),
                        NotificationItem.gsi1pk.remove(),
                        NotificationItem.gsi1sk.remove(),
                    ],
                    condition=NotificationItem.read_at.does_not_exist(),
                )
            summary.count(transaction, customer_id, unread_notifications=-len(items))
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" not in cancellation_codes(exc):
            raise
        return 0  # another tab marked some of them; the caller reads again
    return len(items)
