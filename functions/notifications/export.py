"""The requesting contact's feed, for the account's data export (functions/documents/exports.py).

A feed is one person's, not the account's: the export holds the feed of the contact who asked
for it, and of it only the entries about this account (a contact of several accounts has one
feed for all; what another account was told is not this account's data). One page of the
feed a call, in the words as delivered.
"""

from typing import Any

from functions.core.clock import Clock
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.notifications.feed import to_notification
from functions.notifications.models import NOTIFICATION_PREFIX, NotificationItem, feed_key

SECTIONS = ("feed",)
PAGE = 50


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the contact's feed, newest first: its entries about `account_id`."""
    if section != "feed":
        raise LookupError(f"the notifications domain exports no {section}")
    results: Any = NotificationItem.query(
        feed_key(contact_id),
        NotificationItem.sk.startswith(NOTIFICATION_PREFIX),
        scan_index_forward=False,
        limit=PAGE,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = [to_notification(item).model_dump(mode="json") for item in results if item.account_id == account_id]
    return Page[dict[str, Any]](items=items, next_cursor=encode_cursor(results.last_evaluated_key))
