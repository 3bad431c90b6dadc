"""The customer's dashboard: two DynamoDB round trips, whatever their history.

1. One TransactGetItems for the account (balance, and what each open invoice still owes
   by when: kept by every posting), the summary (counts kept by every write) and the
   upcoming bookings (kept by every booking change).
2. One query for the five latest orders, with their status as it is now.
"""

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactGet

from functions.bookings.appointments import upcoming_of
from functions.bookings.models import UPCOMING, UpcomingItem
from functions.core.principal import customer_key
from functions.core.summary import SUMMARY, SummaryItem
from functions.core.table import transaction_connection
from functions.notifications.schemas import Dashboard, RecentOrder, UpcomingBooking
from functions.orders.models import OrderItem
from functions.payments.models import ACCOUNT, AccountItem

RECENT_ORDERS = 5


def dashboard(customer_id: str, now: datetime) -> Dashboard:
    key = customer_key(customer_id)
    with TransactGet(connection=transaction_connection()) as read:
        account_future = read.get(AccountItem, key, ACCOUNT)
        summary_future = read.get(SummaryItem, key, SUMMARY)
        upcoming_future = read.get(UpcomingItem, key, UPCOMING)
    account: AccountItem | None = _found(account_future)  # None: no invoice yet
    counts: SummaryItem = _found(summary_future) or SummaryItem(key, SUMMARY)
    bookings: UpcomingItem | None = _found(upcoming_future)  # None: never booked
    dues = account.open_dues.as_dict() if account and account.open_dues else {}  # type: ignore[no-untyped-call]
    today_text = now.date().isoformat()
    overdue = [due for due in dues.values() if due["due_date"] < today_text]
    upcoming = sorted((due for due in dues.values() if due["due_date"] >= today_text), key=lambda d: d["due_date"])
    next_due_date = upcoming[0]["due_date"] if upcoming else None
    orders = OrderItem.query(key, OrderItem.sk.startswith("ORDER#"), scan_index_forward=False, limit=RECENT_ORDERS)
    return Dashboard(
        currency=account.currency if account else None,
        amount_due=sum(int(due["left"]) for due in dues.values()),
        balance=int(account.balance) if account else 0,
        amount_overdue=sum(int(due["left"]) for due in overdue),
        overdue_invoices=len(overdue),
        next_due_date=next_due_date,
        next_due_amount=sum(int(due["left"]) for due in upcoming if due["due_date"] == next_due_date),
        new_documents=max(0, int(counts.new_documents)),
        unread_notifications=max(0, int(counts.unread_notifications)),
        open_tickets=max(0, int(counts.open_tickets)),
        recent_orders=[
            RecentOrder(
                order_id=order.order_id,
                order_number=order.order_number,
                status=order.status,
                total=int(order.total),
                currency=order.currency,
                submitted_at=order.submitted_at,
            )
            for order in orders
        ],
        upcoming_bookings=[UpcomingBooking(**booking) for booking in upcoming_of(bookings, now)],
    )


def _found(future: Any) -> Any:
    """The item a TransactGet read, or None where there was none."""
    try:
        return future.get()
    except DoesNotExist:
        return None
