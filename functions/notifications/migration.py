"""Feeds and channel choices kept before accounts had contacts, moved to the contact's.

Until then a customer was one person: their feed entries and preferences were under the
account (CUSTOMER#id), their unread count in the account's summary. That person is now the
account's first contact, whose contact id is the account's id, so everything moves to them.
The customers' migration calls `move_to_contacts` for each account; run again, it moves
nothing more and counts nothing twice: an entry leaves the account in the transaction that
gives it to the contact, with both counts moved by as many.
"""

from dataclasses import dataclass
from typing import cast

from pynamodb.exceptions import TransactWriteError

from functions.core.principal import contact_key, customer_key
from functions.core.summary import SUMMARY, SummaryItem
from functions.core.table import cancellation_codes
from functions.core.transactions import CONDITION_FAILED, Transaction
from functions.notifications.feed import count_unread
from functions.notifications.models import (
    NOTIFICATION_PREFIX,
    PREFERENCES,
    NotificationItem,
    PreferencesItem,
    feed_key,
    unread_of,
)

# Two writes an entry (the contact's copy, the account's deleted) and the two counts: 100
# items a transaction.
_MOVE_AT_ONCE = 49


@dataclass(frozen=True)
class Moved:
    entries: int  # feed entries moved
    unread: int  # of which unread
    preferences: bool  # whether the account's channel choices became the contact's


def move_to_contacts(account_id: str) -> Moved:
    """Give the account's feed and channel choices to its first contact (contact id = account id)."""
    entries = unread = 0
    while batch := _account_entries(account_id):
        try:
            unread += _give(account_id, batch)
            entries += len(batch)
        except TransactWriteError as exc:
            told_meanwhile = _already_in_feed(exc, batch)
            if not told_meanwhile:
                raise
            _forget(account_id, told_meanwhile)
    return Moved(entries=entries, unread=unread, preferences=_move_preferences(account_id))


def _account_entries(account_id: str) -> list[NotificationItem]:
    """The next entries still under the account (those moved are gone from it)."""
    found = NotificationItem.query(
        customer_key(account_id),
        NotificationItem.sk.startswith(NOTIFICATION_PREFIX),
        consistent_read=True,
        limit=_MOVE_AT_ONCE,
    )
    return cast(list[NotificationItem], list(found))


def _give(account_id: str, entries: list[NotificationItem]) -> int:
    """One transaction: the entries into the contact's feed, read or not as they were, and out
    of the account's, with both unread counts moved; returns how many were unread."""
    contact_id = account_id
    unread = sum(1 for entry in entries if entry.read_at is None)
    with Transaction() as transaction:
        for entry in entries:
            transaction.delete(entry)
        for entry in entries:
            transaction.save(_contacts_copy(entry, account_id), condition=NotificationItem.pk.does_not_exist())
        _count(transaction, account_id, contact_id, unread)
    return unread


def _contacts_copy(entry: NotificationItem, account_id: str) -> NotificationItem:
    """The entry in the feed of the account's first contact, saying which account it is about."""
    contact_id = account_id
    kept = {name: value for name, value in entry.attribute_values.items() if name not in ("pk", "sk")}
    kept["account_id"] = account_id
    if entry.read_at is None:  # the unread index names the contact now, for "mark all read"
        kept.update(gsi1pk=unread_of(contact_id), gsi1sk=entry.notification_id)
    return NotificationItem(feed_key(contact_id), entry.sk, **kept)


def _count(transaction: Transaction, account_id: str, contact_id: str, unread: int) -> None:
    """The contact's unread count up, the account's down, by as many: nothing counted twice."""
    if unread:
        count_unread(transaction, contact_id, unread)
        transaction.update(
            SummaryItem(customer_key(account_id), SUMMARY), actions=[SummaryItem.unread_notifications.add(-unread)]
        )


def _already_in_feed(exc: TransactWriteError, entries: list[NotificationItem]) -> list[NotificationItem]:
    """The entries whose event the contact was told again meanwhile (a redelivery after the
    feeds moved): their copy refused. The transaction lists the deletes first, then the puts."""
    codes = cancellation_codes(exc)
    puts = codes[len(entries) : 2 * len(entries)]
    return [entry for entry, code in zip(entries, puts, strict=False) if code == CONDITION_FAILED]


def _forget(account_id: str, entries: list[NotificationItem]) -> None:
    """The account's copies of entries the contact already has: gone, the account's count down."""
    with Transaction() as transaction:
        for entry in entries:
            transaction.delete(entry)
        unread = sum(1 for entry in entries if entry.read_at is None)
        if unread:
            transaction.update(
                SummaryItem(customer_key(account_id), SUMMARY), actions=[SummaryItem.unread_notifications.add(-unread)]
            )


def _move_preferences(account_id: str) -> bool:
    """The account's channel choices become its first contact's, unless they chose since."""
    try:
        old = PreferencesItem.get(customer_key(account_id), PREFERENCES, consistent_read=True)
    except PreferencesItem.DoesNotExist:
        return False
    mine = PreferencesItem(contact_key(account_id), PREFERENCES, channels=old.channels, updated_at=old.updated_at)
    try:
        with Transaction() as transaction:
            transaction.delete(old)
            transaction.save(mine, condition=PreferencesItem.pk.does_not_exist())
    except TransactWriteError as exc:
        if CONDITION_FAILED not in cancellation_codes(exc):
            raise
        old.delete()  # theirs, chosen after the move began, wins
        return False
    return True
