"""The in-app feed: what each contact was told, newest first, and what they have not read yet.

Every contact told of an event has an entry of their own (an invoice is in the bookkeeper's
feed and the owner's), read by them alone: one reading it leaves it unread for the other.
An entry and the contact's unread count (models.UnreadItem) move together, so the header's
badge is one read, never a count of the feed.

An entry keeps what its message needs (the event's type and payload, the business's time
zone as delivered) and is told when it is read, in the reader's language of the moment: a
contact who switched to French reads last month's entries in French too. The language is
the signed-in person's (the session's one read of them), so a page costs no more calls.
An entry written before payloads were kept reads as it was written.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.core.errors import NotFound
from functions.core.live import Image, Push, keys_of
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.settings import get_settings
from functions.core.table import cancellation_codes
from functions.core.transactions import Transaction
from functions.notifications.models import (
    NOTIFICATION_PREFIX,
    UNREAD,
    NotificationItem,
    UnreadItem,
    feed_key,
    unread_of,
)
from functions.notifications.schemas import Notification
from functions.notifications.templates import Rendered, render

# One transaction holds at most 100 items: 99 entries and the unread count.
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
        account_id=item.account_id,
        created_at=item.created_at,
        read=item.read_at is not None,
    )


def post(
    contact_id: str,
    account_id: str,
    event_id: str,
    event_type: str,
    note: Rendered,
    at: datetime,
    payload: Mapping[str, Any],
    zone: str,
) -> bool:
    """Add the entry for this event; False if it is there already (the event came twice).

    `note` is the event told in the contact's language now; `payload` and `zone` (the one
    `note` was told in) let the feed tell it again in whatever language they read it in."""
    item = NotificationItem(
        feed_key(contact_id),
        f"{NOTIFICATION_PREFIX}{event_id}",
        notification_id=event_id,
        event_type=event_type,
        category=note.category,
        title=note.subject,
        body=note.body,
        payload=dict(payload),
        time_zone=zone,
        link=note.link,
        account_id=account_id,
        created_at=at.isoformat(),
        gsi1pk=unread_of(contact_id),
        gsi1sk=event_id,
    )
    try:
        with Transaction() as transaction:
            transaction.save(item, condition=NotificationItem.pk.does_not_exist())
            count_unread(transaction, contact_id, 1)
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" in cancellation_codes(exc):
            return False
        raise
    return True


def feed(contact_id: str, cursor: str | None, limit: int, language: str) -> Page[Notification]:
    """A page of the contact's entries, newest first, each told in `language` (the reader's)."""
    results = NotificationItem.query(
        feed_key(contact_id),
        NotificationItem.sk.startswith(NOTIFICATION_PREFIX),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = [to_notification(item, language) for item in results]
    return Page(items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def count_unread(transaction: TransactWrite, contact_id: str, delta: int) -> None:
    """Move the contact's unread count inside `transaction` (an ADD: made the first time)."""
    transaction.update(UnreadItem(feed_key(contact_id), UNREAD), actions=[UnreadItem.unread.add(delta)])


def unread_key(contact_id: str) -> tuple[str, str]:
    """Where the contact's unread count is kept, for a page that reads it with others."""
    return feed_key(contact_id), UNREAD


def unread_from(raw: dict[str, Any] | None) -> int:
    """The unread count of an UnreadItem read raw at unread_key (none yet: 0)."""
    return 0 if raw is None else max(0, int(UnreadItem.from_raw_data(raw).unread))


def unread_count(contact_id: str) -> int:
    try:
        return max(0, int(UnreadItem.get(*unread_key(contact_id), consistent_read=True).unread))
    except DoesNotExist:
        return 0


def mark_read(contact_id: str, notification_id: str, now: datetime, language: str | None = None) -> Notification:
    """Mark the entry read; it comes back told in `language`, as the feed tells it."""
    try:
        item = NotificationItem.get(
            feed_key(contact_id), f"{NOTIFICATION_PREFIX}{notification_id}", consistent_read=True
        )
    except NotificationItem.DoesNotExist as exc:
        raise NotFound("There is no such notification.") from exc
    if item.read_at is None:
        _mark(contact_id, [item], now)
        item.read_at = now.isoformat()
    return to_notification(item, language)


def mark_all_read(contact_id: str, now: datetime) -> int:
    """Every unread entry, a transaction per 99; returns how many were marked."""
    marked = 0
    for _ in range(_MARK_ROUNDS):
        unread = cast(
            list[NotificationItem], list(NotificationItem.unread.query(unread_of(contact_id), limit=_MARK_AT_ONCE))
        )
        if not unread:
            break
        marked += _mark(contact_id, unread, now)
    return marked


def _mark(contact_id: str, items: list[NotificationItem], now: datetime) -> int:
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
            count_unread(transaction, contact_id, -len(items))
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" not in cancellation_codes(exc):
            raise
        return 0  # another tab marked some of them; the caller reads again
    return len(items)


def unread_pushes(keys: Image, image: Image | None) -> list[Push]:
    """The header's badge, live (core.live): a contact's unread count as it is written, to them."""
    pk, sk = keys_of(keys)
    if sk != UNREAD or image is None or not pk.startswith("CONTACT#") or not pk.endswith("#NOTIFICATIONS"):
        return []
    contact_id = pk.removeprefix("CONTACT#").removesuffix("#NOTIFICATIONS")
    unread = max(0, int(UnreadItem.from_raw_data(dict(image)).unread))
    return [Push({"type": "unread", "id": f"unread-{contact_id}-{unread}", "unread": unread}, contact_id=contact_id)]
