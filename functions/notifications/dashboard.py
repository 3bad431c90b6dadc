"""The customer's dashboard: two DynamoDB round trips, whatever their history.

1. One TransactGetItems for the account (balance, and what each open invoice still owes
   by when: kept by every posting), the summary (counts kept by every write), the
   upcoming bookings (kept by every booking change) and the reader's unread count (their
   feed is theirs, not the account's: feed.py). Each domain names where its item is
   kept and reads the raw item into plain values; the dashboard only batches the read.
2. One query for the five latest orders, with their status as it is now.

A contact sees only the parts their role reads (docs/accounts.md): the money for billing,
documents for billing, tickets and messages for support, orders and bookings for buying;
the others are null or empty. A contact who sees only their own items (core.table's
contact_only, as every list and may_see ask it) gets their own latest orders (their key),
their own bookings and their own open tickets (their count, core.summary.creator_key, read
in the same TransactGetItems). The other counts are of the account's items (documents,
requests, the inbox), which such a contact sees whole.
"""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from functions.bookings.appointments import upcoming_from, upcoming_key
from functions.core.principal import customer_key
from functions.core.roles import AREAS
from functions.core.summary import SUMMARY, SummaryItem, creator_key
from functions.core.table import Reader, account_of, contact_only, transaction_connection
from functions.notifications.feed import unread_from, unread_key
from functions.notifications.schemas import Dashboard, RecentOrder, UpcomingBooking
from functions.orders.service import latest_orders
from functions.payments.ledger import account_key, standing_from

RECENT_ORDERS = 5


def dashboard(owner: Reader | str, contact_id: str, now: datetime, reads: Collection[str] = AREAS) -> Dashboard:
    """What the account's home page shows its contact `contact_id`, of the areas `reads`: money
    owed, counts (what is new, what is asked of them, what they have not read), latest orders,
    next bookings."""
    customer_id = account_of(owner)
    mine = contact_only(owner)
    summary_key = (customer_key(customer_id), SUMMARY)
    own_key = creator_key(customer_id, mine) if mine else summary_key
    account, summary, upcoming_bookings, unread, *own = _read_together(
        [account_key(customer_id), summary_key, upcoming_key(customer_id), unread_key(contact_id)]
        + ([own_key] if mine else [])
    )
    standing = standing_from(account)  # no account yet: no invoice yet
    counts = _counts(summary, summary_key)
    # The items a contact creates are counted for them too: "only mine" reads their own count.
    created = _counts(own[0], own_key) if own else counts
    today_text = now.date().isoformat()
    overdue = [due for due in standing.dues if due.due_date < today_text]
    upcoming = sorted((due for due in standing.dues if due.due_date >= today_text), key=lambda d: d.due_date)
    next_due_date = upcoming[0].due_date if upcoming else None
    billing, support, buying = ("billing" in reads), ("support" in reads), ("buying" in reads)
    bookings = [b for b in upcoming_from(upcoming_bookings, now) if mine is None or b.get("created_by") == mine]
    return Dashboard(
        currency=standing.currency if billing else None,
        amount_due=sum(due.left for due in standing.dues) if billing else None,
        balance=standing.balance if billing else None,
        amount_overdue=sum(due.left for due in overdue) if billing else None,
        overdue_invoices=len(overdue) if billing else None,
        next_due_date=next_due_date if billing else None,
        next_due_amount=sum(due.left for due in upcoming if due.due_date == next_due_date) if billing else None,
        new_documents=max(0, int(counts.new_documents)) if billing else None,
        unread_notifications=unread_from(unread),
        open_tickets=max(0, int(created.open_tickets)) if support else None,
        requested_documents=max(0, int(counts.requested_documents)) if billing else None,
        unanswered_messages=max(0, int(counts.unanswered_messages)) if support else None,
        recent_orders=[
            RecentOrder(
                order_id=order.order_id,
                order_number=order.order_number,
                status=order.status,
                total=order.total,
                currency=order.currency,
                submitted_at=order.submitted_at,
            )
            for order in (latest_orders(owner, RECENT_ORDERS) if buying else [])
        ],
        upcoming_bookings=[
            UpcomingBooking(
                booking_id=b["booking_id"], service_name=b["service_name"], starts_at=b["starts_at"], status=b["status"]
            )
            for b in bookings
        ]
        if buying
        else [],
    )


def _counts(raw: dict[str, Any] | None, key: tuple[str, str]) -> SummaryItem:
    """Kept counts as read (none kept yet: all zero)."""
    return SummaryItem.from_raw_data(raw) if raw is not None else SummaryItem(*key)


def _read_together(keys: list[tuple[str, str]]) -> list[dict[str, Any] | None]:
    """The raw items at these keys, read in one TransactGetItems; None where there is none."""
    # Any concrete item type builds a Get by its keys alone. Not PortalItem itself: pynamodb
    # keeps a connection on the class it was asked of, and every subclass without its own
    # would inherit PortalItem's, which knows no indexes.
    gets = [SummaryItem.get_operation_kwargs_from_class(pk, sk) for pk, sk in keys]
    response = transaction_connection().transact_get_items(get_items=gets)
    return [found.get("Item") for found in response["Responses"]]
