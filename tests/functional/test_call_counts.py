"""What a page costs in DynamoDB calls, however long the customer's history: the dashboard two
reads, a list one (STYLE habit 14), the console's counts one, besides the check of who is
asking that every request makes.

Counted by a botocore hook on the process's session, so every client made from it (pynamodb's
and boto3's alike) is counted; the portal's settings are read once and kept (core.parts), so
each page is asked for once before it is counted.
"""

from datetime import timedelta

import pytest

from functions.core.clock import SystemClock
from functions.payments import invoices
from functions.payments.schemas import NewInvoice, NewInvoiceLine
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.visitor import Visitor

PRINCIPAL_CHECK = ["Query"]  # core.session.person_of: the contact and their accounts, first in every request
STAFF_CHECK = ["GetItem"]  # an operator's: their profile


def _orders(customer: Visitor, count: int) -> None:
    """`count` orders, each of one product, submitted through the API."""
    product_id = customer.get("/orders/catalogue").json_body["items"][0]["product_id"]
    for n in range(count):
        assert customer.post("/orders/cart/lines", {"product_id": product_id, "quantity": 1}).status_code == 200
        assert customer.submit_cart(f"history-order-{n}").status_code == 201


def _invoices(customer_id: str, count: int) -> None:
    """`count` open invoices, issued as an operator's route issues them."""
    clock = SystemClock()
    due = (clock.now().date() + timedelta(days=14)).isoformat()
    line = NewInvoiceLine(description="Coffee subscription", quantity=1, unit_price=4590, tax_rate=1400)
    for _ in range(count):
        invoices.issue(NewInvoice(customer_id=customer_id, currency="EUR", lines=[line], due_date=due), clock)


@pytest.fixture(params=[3, 60], ids=["3 orders and invoices", "60 orders and invoices"])
def history(request: pytest.FixtureRequest, dana: Visitor, people: dict[str, str]) -> int:
    """Dana's history: this many orders and as many open invoices."""
    count = int(request.param)
    _orders(dana, count)
    _invoices(people["demo"], count)
    return count


def test_the_dashboard_is_two_reads_whatever_the_history(
    dana: Visitor, dynamodb_calls: DynamoDBCalls, history: int
) -> None:
    check, *page = dynamodb_calls.of_page(dana, "/notifications/dashboard")

    assert [check] == PRINCIPAL_CHECK
    assert len(page) <= 2, page
    assert dana.get("/notifications/dashboard").json_body["recent_orders"]  # the history was read


def test_a_list_page_is_one_read_whatever_the_history(
    dana: Visitor, dynamodb_calls: DynamoDBCalls, history: int
) -> None:
    orders_check, *orders = dynamodb_calls.of_page(dana, "/orders")
    invoices_check, *invoice_page = dynamodb_calls.of_page(dana, "/payments/invoices")

    assert [orders_check] == [invoices_check] == PRINCIPAL_CHECK
    assert len(orders) <= 1, orders
    assert len(invoice_page) <= 1, invoice_page
    assert len(dana.get("/orders").json_body["items"]) == min(history, 20)
    assert len(dana.get("/payments/invoices").json_body["items"]) == min(history, 20)


def test_the_console_counts_are_one_read_whatever_the_history(
    dana: Visitor, operator: Visitor, dynamodb_calls: DynamoDBCalls
) -> None:
    for n in range(3):
        body = {"kind": "question", "subject": f"Question {n}", "description": "When?"}
        assert (
            dana.call("POST", "/tickets", body, headers={"Idempotency-Key": f"history-ticket-{n}"}).status_code == 201
        )
        assert dana.post("/tickets/inbox/messages", {"body": f"Message {n}"}).status_code == 201
    check, *page = dynamodb_calls.of_page(operator, "/tickets/operator/counts")

    assert [check] == STAFF_CHECK
    assert page == ["GetItem"], page
    assert operator.get("/tickets/operator/counts").json_body["new_tickets"] == 3
