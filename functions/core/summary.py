"""Kept counts: a customer's summary (pk CUSTOMER#id, sk SUMMARY), the counts the dashboard
shows, and the staff summary (pk STAFF, sk SUMMARY), the counts beside the console's menu.

Beside the account's summary, each contact has their own (pk CUSTOMER#id, sk
SUMMARY#BY#contact) of what counts items a contact creates (their open tickets): what a
contact who sees only their own items is shown (core.table.contact_only), read with the
account's in the same batch, so their dashboard costs the same calls.

Each count moves in the same transaction as the change it counts (a document shared or
opened, a document asked for or received, a ticket opened or resolved, a notification
delivered or read, a message written or read, a chat started or picked up), by an ADD, which
needs no read and creates the item the first time. Pages read these items instead of
counting history. A count must not move twice for one change: each change that moves one is
already guarded by a condition (a status, a version, a count read) that a replay fails, and
the count's ADD fails with it.
"""

from typing import Any

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from functions.core.table import PortalItem, register

SUMMARY = "SUMMARY"
STAFF_SUMMARY_KEY = ("STAFF", SUMMARY)  # one item for the whole business: its staff share it


@register
class SummaryItem(PortalItem):
    new_documents = NumberAttribute(default=0)
    open_tickets = NumberAttribute(default=0)
    unread_notifications = NumberAttribute(default=0)
    requested_documents = NumberAttribute(default=0)  # asked for, not yet received nor cancelled
    unanswered_messages = NumberAttribute(default=0)  # the business's inbox messages the customer has not read


@register
class StaffSummaryItem(PortalItem):
    new_tickets = NumberAttribute(default=0)  # tickets in status open: nobody has answered or moved them on
    waiting_chats = NumberAttribute(default=0)  # chats nobody has picked up
    unread_messages = NumberAttribute(default=0)  # customers' inbox messages no staff member has read


def _key(customer_id: str) -> tuple[str, str]:
    return f"CUSTOMER#{customer_id}", SUMMARY


def _add(transaction: TransactWrite, item: PortalItem, deltas: dict[str, int]) -> None:
    model = type(item)
    actions: list[Any] = [getattr(model, name).add(delta) for name, delta in deltas.items() if delta]
    if actions:
        transaction.update(item, actions=actions)


def count(transaction: TransactWrite, customer_id: str, **deltas: int) -> None:
    """Add to the customer's counts inside `transaction` (nothing to add: nothing written)."""
    _add(transaction, SummaryItem(*_key(customer_id)), deltas)


def creator_key(customer_id: str, contact_id: str) -> tuple[str, str]:
    """Where one contact's own counts on an account are kept: of the items they created."""
    return f"CUSTOMER#{customer_id}", f"{SUMMARY}#BY#{contact_id}"


def count_for_creator(transaction: TransactWrite, customer_id: str, contact_id: str, **deltas: int) -> None:
    """Add to the counts of the items `contact_id` created on the account, inside `transaction`."""
    _add(transaction, SummaryItem(*creator_key(customer_id, contact_id)), deltas)


def count_for_staff(transaction: TransactWrite, **deltas: int) -> None:
    """Add to the staff counts inside `transaction` (nothing to add: nothing written)."""
    _add(transaction, StaffSummaryItem(*STAFF_SUMMARY_KEY), deltas)


def summary_of(customer_id: str) -> SummaryItem:
    try:
        return SummaryItem.get(*_key(customer_id), consistent_read=True)
    except DoesNotExist:
        return SummaryItem(*_key(customer_id))


def staff_summary() -> StaffSummaryItem:
    """The staff counts, one read (none yet: all zero)."""
    try:
        return StaffSummaryItem.get(*STAFF_SUMMARY_KEY, consistent_read=True)
    except DoesNotExist:
        return StaffSummaryItem(*STAFF_SUMMARY_KEY)
