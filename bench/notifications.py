"""Notifications: the dashboard costs two DynamoDB round trips with 10 or 3,000 orders and
100 or 1,000 open invoices behind it; a duplicate SQS delivery costs reads, never a send.

In-process on moto, through the real services. Long histories are written in batches.
"""

import statistics
from datetime import UTC, date, datetime

from bench.order_history import write_orders
from bench.stack import moto_portal, round_trips
from functions.core.clock import SystemClock
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import NewCustomer
from functions.customers.service import create_customer
from functions.notifications.dashboard import dashboard
from functions.notifications.delivery import deliver
from functions.notifications.events import Event
from functions.payments.models import ACCOUNT, AccountItem

SAMPLES = 9
TODAY = date(2026, 11, 24)
TODAY_AT = datetime(2026, 11, 24, 9, tzinfo=UTC)


def _history(customer_id: str, orders: int, open_invoices: int) -> None:
    write_orders(customer_id, orders)
    dues = {f"INV{n:010d}": {"due_date": f"2026-{1 + n % 12:02d}-15", "left": 1000} for n in range(open_invoices)}
    AccountItem(f"CUSTOMER#{customer_id}", ACCOUNT, currency="EUR", balance=1000 * open_invoices, open_dues=dues).save()


def _median(action: object) -> tuple[float, int]:
    runs = [round_trips(action) for _ in range(SAMPLES)]  # type: ignore[arg-type]
    return statistics.median(t for t, _ in runs), max(c for _, c in runs)


def measure() -> dict[str, tuple[float, int]]:
    with moto_portal("portal-bench-notify") as outputs:
        directory = CognitoDirectory(outputs["UserPoolId"])
        few = create_customer(NewCustomer(name="Few", email="few@example.com"), directory, SystemClock())
        many = create_customer(NewCustomer(name="Many", email="many@example.com"), directory, SystemClock())
        # Before the histories: moto copies the whole table for each transaction.
        event = Event("01JBENCHEVENT0000000000000", "document.shared", few.customer_id, "2026-11-24T10:00:00+00:00")
        deliver(Event("01JBENCHWARMUP000000000000", "document.shared", many.customer_id, event.occurred_at), TODAY_AT)
        results = {
            "first delivery": round_trips(lambda: deliver(event, TODAY_AT)),
            "duplicate delivery": _median(lambda: deliver(event, TODAY_AT)),
        }
        _history(few.customer_id, 10, 100)
        _history(many.customer_id, 3_000, 1_000)
        results["dashboard few"] = _median(lambda: dashboard(few.customer_id, few.customer_id, TODAY_AT))
        results["dashboard many"] = _median(lambda: dashboard(many.customer_id, many.customer_id, TODAY_AT))
        return results


def report(results: dict[str, tuple[float, int]]) -> str:
    def line(name: str, base: str, other: str) -> str:
        (b_ms, b_calls), (o_ms, o_calls) = results[base], results[other]
        figures = f"{b_ms:6.1f} ms / {o_ms:6.1f} ms   {o_ms / b_ms:.2f}x"
        return f"  {name:58} {figures}   {b_calls} / {o_calls} DynamoDB round trip(s)"

    return "\n".join(
        [
            f"notifications, median of {SAMPLES}:",
            line("dashboard: 10 orders, 100 open vs 3,000 orders, 1,000 open", "dashboard few", "dashboard many"),
            line("an event told (in-app + e-mail) vs the same event again", "first delivery", "duplicate delivery"),
            "  (the open invoices ride on the account item: its size, not a query, grows with them)",
        ]
    )


def main() -> None:
    print(report(measure()))
