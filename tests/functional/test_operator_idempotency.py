"""What operators create with money or documents, once per Idempotency-Key, as customers' orders
and payments are; and a payment with more open invoices than one transaction can settle."""

import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from functions.core import deadline
from functions.core.clock import FixedClock
from functions.core.errors import Unavailable
from functions.payments import invoices, ledger
from functions.payments.models import PaymentItem
from functions.payments.schemas import NewInvoice, NewInvoiceLine, OfflinePayment
from functions.payments.service import record_offline
from tests.functional.test_payments import issue, ledger_entries
from tests.functional.visitor import Visitor

TRANSFER = {"amount": 2500, "currency": "EUR", "method": "bank_transfer", "reference": "RF18 5390"}
LINE = {"description": "Repair", "quantity": 1, "unit_price": 4000, "tax_rate": 0}


def test_issuing_the_same_invoice_twice_with_one_key_issues_it_once(
    operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    body = {"customer_id": people["demo"], "currency": "EUR", "lines": [LINE]}
    first = operator.create("/payments/operator/invoices", body, key="invoice-form-0001")
    again = operator.create("/payments/operator/invoices", body, key="invoice-form-0001")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json_body == first.json_body
    assert dana.get("/payments/account").json_body["balance"] == 4000
    assert operator.create("/payments/operator/invoices", body).json_body["invoice_id"] != first.json_body["invoice_id"]


def test_an_operator_create_without_a_key_is_refused_and_makes_nothing(
    operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    for path, body in (
        ("/payments/operator/invoices", {"customer_id": people["demo"], "currency": "EUR", "lines": [LINE]}),
        ("/payments/operator/payments", {"customer_id": people["demo"], **TRANSFER}),
        ("/documents/operator/document-requests", {"customer_id": people["demo"], "title": "ID card"}),
    ):
        reply = operator.post(path, body)
        assert reply.status_code == 400, path
        assert "Idempotency-Key" in reply.json_body["error"]["message"]
    assert dana.get("/payments/account").json_body["balance"] == 0
    assert dana.get("/documents/document-requests").json_body["items"] == []


def test_twenty_concurrent_recordings_of_one_bank_transfer_post_once(
    people: dict[str, str], operator: Visitor, dana: Visitor, atomic_aws_calls: None
) -> None:
    # Given an invoice, and one bank transfer the console sends 20 times at once
    invoice = issue(operator, people["demo"], 2500)
    request = OfflinePayment.model_validate({"customer_id": people["demo"], **TRANSFER})
    made: list[str] = []
    errors: list[BaseException] = []

    def record() -> None:
        try:  # the service itself: chalice's test client serves one request at a time
            made.append(
                record_offline(request, "staff:test", "transfer-RF18-5390", FixedClock(datetime.now(UTC))).payment_id
            )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=record) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then every try answers with the one payment, posted once
    assert errors == []
    assert len(set(made)) == 1
    assert [e.kind for e in ledger_entries(people["demo"])] == ["invoice", "payment"]
    assert dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body["status"] == "paid"
    assert dana.get("/payments/account").json_body["balance"] == 0


def test_a_refund_sent_twice_with_one_key_refunds_once(
    operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    payment = operator.create("/payments/operator/payments", {"customer_id": people["demo"], **TRANSFER}).json_body
    refund = f"/payments/operator/payments/{payment['payment_id']}/refund"
    first = operator.create(refund, {"amount": 1000}, key="refund-form-0001")
    again = operator.create(refund, {"amount": 1000}, key="refund-form-0001")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json_body["refunded"] == first.json_body["refunded"] == 1000
    assert dana.get("/payments/account").json_body["credit"] == 1500


def test_a_document_request_sent_twice_with_one_key_asks_once(
    operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    body = {"customer_id": people["demo"], "title": "Insurance certificate"}
    first = operator.create("/documents/operator/document-requests", body, key="ask-form-0001")
    again = operator.create("/documents/operator/document-requests", body, key="ask-form-0001")
    assert again.json_body == first.json_body
    assert len(dana.get("/documents/document-requests").json_body["items"]) == 1


def _due(day: int) -> str:
    return f"2099-{1 + day // 28:02d}-{1 + day % 28:02d}"


def test_a_transfer_with_sixty_open_invoices_settles_the_fifty_due_first_and_keeps_the_rest_as_credit(
    operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    # Given 60 open invoices of 1.00, due on 60 different days, the latest due issued first
    clock = FixedClock(datetime.now(UTC))
    for day in reversed(range(60)):
        line = NewInvoiceLine(description="Item", quantity=1, unit_price=100, tax_rate=0)
        invoices.issue(NewInvoice(customer_id=people["demo"], currency="EUR", lines=[line], due_date=_due(day)), clock)
    # When a transfer of 60.00 names none of them
    reply = operator.create("/payments/operator/payments", {**TRANSFER, "customer_id": people["demo"], "amount": 6000})
    # Then it is posted: the 50 due first are paid, the rest of the money is credit
    assert reply.status_code == 201, reply.json_body
    paid = [a["amount"] for a in reply.json_body["allocations"]]
    assert paid == [100] * 50
    assert reply.json_body["credit"] == 1000
    still_open = dana.get("/payments/invoices?status=open&limit=100").json_body["items"]
    assert sorted(i["due_date"] for i in still_open) == [_due(day) for day in range(50, 60)]  # the latest due


def test_a_posting_that_keeps_losing_its_race_gives_up_before_the_invocation_runs_out(
    people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a posting whose condition never holds (another writer always got there first)
    tries: list[int] = []

    def plan() -> ledger.Posting:
        tries.append(1)
        never = PaymentItem("CUSTOMER#x", "PAYMENT#x")

        def write(transaction: Any) -> None:
            transaction.update(never, actions=[PaymentItem.amount.set(1)], condition=PaymentItem.pk.exists())

        return ledger.Posting(writes=[write])

    # When the invocation has half a second left
    with deadline.within(0.5 + ledger.ATTEMPT_SECONDS), pytest.raises(Unavailable):
        ledger.post(people["demo"], plan, lambda: datetime.now(UTC))
    # Then it stopped trying in time: far fewer than the 100 tries it would make unbounded
    assert 1 < len(tries) < ledger.MAX_ATTEMPTS


def test_the_budget_is_the_invocations_remaining_time_less_a_margin() -> None:
    class Context:
        def get_remaining_time_in_millis(self) -> int:
            return 20_000

    assert deadline.budget(Context()) == 20 - deadline.MARGIN_SECONDS
    assert deadline.budget(None) == deadline.DEFAULT_SECONDS
    with deadline.within(3):
        assert 2.9 < deadline.seconds_left() <= 3
