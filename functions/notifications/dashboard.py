"""The customer's dashboard: two DynamoDB round trips, whatever their history.

1. One TransactGetItems for the account (balance, and what each open invoice still owes
   by when: kept by every posting), the summary (counts kept by every write) and the
   upcoming bookings (kept by every booking change). Each domain names where its item is
   kept and reads the raw item into plain values; the dashboard only batches the read.
2. One query for the five latest orders, with their status as it is now.
"""

from datetime import datetime
from typing import Any

from functions.bookings.appointments import upcoming_from, upcoming_key
from functions.core.principal import customer_key
from functions.core.summary import SUMMARY, SummaryItem
from functions.core.table import transaction_connection
from functions.notifications.schemas import Dashboard, RecentOrder, UpcomingBooking
from functions.orders.service import latest_orders
from functions.payments.ledger import account_key, standing_from

RECENT_ORDERS = 5


def dashboard(customer_id: str, now: datetime) -> Dashboard:
    """What the customer's home page shows: money owed, counts (what is new, what is asked of
    them, what is unread), latest orders, next bookings."""
    summary_key = (customer_key(customer_id), SUMMARY)
    account, summary, upcoming_bookings = _read_together(
        [account_key(customer_id), summary_key, upcoming_key(customer_id)]
    )
    standing = standing_from(account)  # no account yet: no invoice yet
    counts = SummaryItem.from_raw_data(summary) if summary is not None else SummaryItem(*summary_key)
    today_text = now.date().isoformat()
    overdue = [due for due in standing.dues if due.due_date < today_text]
    upcoming = sorted((due for due in standing.dues if due.due_date >= today_text), key=lambda d: d.due_date)
    next_due_date = upcoming[0].due_date if upcoming else None
    return Dashboard(
        currency=standing.currency,
        amount_due=sum(due.left for due in standing.dues),
        balance=standing.balance,
        amount_overdue=sum(due.left for due in overdue),
        overdue_invoices=len(overdue),
        next_due_date=next_due_date,
        next_due_amount=sum(due.left for due in upcoming if due.due_date == next_due_date),
        new_documents=max(0, int(counts.new_documents)),
        unread_notifications=max(0, int(counts.unread_notifications)),
        open_tickets=max(0, int(counts.open_tickets)),
        requested_documents=max(0, int(counts.requested_documents)),
        unanswered_messages=max(0, int(counts.unanswered_messages)),
        recent_orders=[
            RecentOrder(
                order_id=order.order_id,
                order_number=order.order_number,
                status=order.status,
                total=order.total,
                currency=order.currency,
                submitted_at=order.submitted_at,
            )
            for order in latest_orders(customer_id, RECENT_ORDERS)
        ],
        upcoming_bookings=[UpcomingBooking(**booking) for booking in upcoming_from(upcoming_bookings, now)],
    )


def _read_together(keys: list[tuple[str, str]]) -> list[dict[str, Any] | None]:
    """The raw items at these keys, read in one TransactGetItems; None where there is none."""
    # Any concrete item type builds a Get by its keys alone. Not PortalItem itself: pynamodb
    # keeps a connection on the class it was asked of, and every subclass without its own
    # would inherit PortalItem's, which knows no indexes.
    gets = [SummaryItem.get_operation_kwargs_from_class(pk, sk) for pk, sk in keys]
    response = transaction_connection().transact_get_items(get_items=gets)
    return [found.get("Item") for found in response["Responses"]]
