"""A customer's summary (pk CUSTOMER#id, sk SUMMARY): the counts the dashboard shows.

Each count moves in the same transaction as the change it counts (a document shared or
opened, a ticket opened or resolved, a notification delivered or read), by an ADD, which
needs no read and creates the item the first time. The dashboard reads this item and the
account instead of counting history.
"""

from typing import Any

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from functions.core.table import PortalItem, register

SUMMARY = "SUMMARY"


@register
class SummaryItem(PortalItem):
    new_documents = NumberAttribute(default=0)
    open_tickets = NumberAttribute(default=0)
    unread_notifications = NumberAttribute(default=0)


def _key(customer_id: str) -> tuple[str, str]:
    return f"CUSTOMER#{customer_id}", SUMMARY


def count(transaction: TransactWrite, customer_id: str, **deltas: int) -> None:
    """Add to the summary's counts inside `transaction` (nothing to add: nothing written)."""
    actions: list[Any] = [getattr(SummaryItem, name).add(delta) for name, delta in deltas.items() if delta]
    if actions:
        transaction.update(SummaryItem(*_key(customer_id)), actions=actions)


def summary_of(customer_id: str) -> SummaryItem:
    try:
        return SummaryItem.get(*_key(customer_id), consistent_read=True)
    except DoesNotExist:
        return SummaryItem(*_key(customer_id))
