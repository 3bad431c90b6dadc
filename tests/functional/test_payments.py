"""Invoices, balance, online and offline payments, webhooks, refunds, statements, on moto."""

import io
import json
import threading
from types import SimpleNamespace
from typing import Any

import boto3
import moto.cognitoidp.models
import pypdf
import pytest
import requests
import stripe

from functions.core import secrets
from functions.core.clock import SystemClock
from functions.core.errors import ConfigurationError, Unavailable
from functions.core.settings import get_settings
from functions.payments import service
from functions.payments.models import LedgerEntryItem, PaymentItem, RefItem
from functions.payments.providers import SandboxProvider, provider
from functions.payments.schemas import StartPayment
from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.visitor import Visitor, latest_code

GOOD_CARD = {"number": "4242 4242 4242 4242", "expiry": "12/30", "cvc": "123"}
DECLINED_CARD = {"number": "4000 0000 0000 0002", "expiry": "12/30", "cvc": "123"}


def issue(operator: Visitor, customer_id: str, *amounts: int, tax_rate: int = 0, due_date: str | None = None) -> Any:
    lines = [
        {"description": f"Service {n}", "quantity": 1, "unit_price": a, "tax_rate": tax_rate}
        for n, a in enumerate(amounts)
    ]
    body: dict[str, Any] = {"customer_id": customer_id, "currency": "EUR", "lines": lines}
    if due_date:
        body["due_date"] = due_date
    reply = operator.create("/payments/operator/invoices", body)
    assert reply.status_code == 201, reply.json_body
    return reply.json_body


def start(customer: Visitor, key: str, *pairs: tuple[str, int]) -> Any:
    body = {"allocations": [{"invoice_id": invoice_id, "amount": amount} for invoice_id, amount in pairs]}
    return customer.call("POST", "/payments", body, headers={"Idempotency-Key": key})


def pay(customer: Visitor, key: str, *pairs: tuple[str, int], card: dict[str, str] = GOOD_CARD) -> Any:
    started = start(customer, key, *pairs)
    assert started.status_code == 201, started.json_body
    assert started.json_body["provider"] == "sandbox"
    return customer.post(f"/payments/{started.json_body['payment']['payment_id']}/sandbox-charge", card)


def ledger_entries(customer_id: str) -> list[LedgerEntryItem]:
    return list(LedgerEntryItem.query(f"CUSTOMER#{customer_id}", LedgerEntryItem.sk.startswith("LEDGER#")))


def pdf_text(download: dict[str, Any]) -> str:
    reply = requests.get(download["url"], timeout=10)
    assert reply.status_code == 200
    assert reply.content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(reply.content)).pages)


def test_an_invoice_taxes_each_line_and_enters_the_balance(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    body = {
        "customer_id": people["demo"],
        "currency": "EUR",
        "lines": [
            {"description": "Repair", "quantity": 3, "unit_price": 333, "tax_rate": 2550},
            {"description": "Parts", "quantity": 1, "unit_price": 1005, "tax_rate": 1000},
        ],
        "due_date": "2099-01-31",
    }
    invoice = operator.create("/payments/operator/invoices", body).json_body
    # 999 x 25.5 % = 254.745 -> 255; 1005 x 10 % = 100.5 -> 101 (half away from zero, per line)
    assert [line["line_tax"] for line in invoice["lines"]] == [255, 101]
    assert (invoice["subtotal"], invoice["tax"], invoice["total"]) == (2004, 356, 2360)
    assert invoice["invoice_number"] == "INV-000001"
    assert dana.get("/payments/account").json_body == {
        "currency": "EUR",
        "balance": 2360,
        "credit": 0,
        "amount_due": 2360,
        "overdue_amount": 0,
        "next_due_date": "2099-01-31",
        "open_invoices": 1,
    }
    listed = dana.get("/payments/invoices").json_body["items"]
    assert [item["invoice_id"] for item in listed] == [invoice["invoice_id"]]
    assert "Repair" in pdf_text(dana.get(f"/payments/invoices/{invoice['invoice_id']}/pdf").json_body)


def test_bad_invoices_are_refused_and_change_nothing(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    line = {"description": "Repair", "quantity": 1, "unit_price": 100, "tax_rate": 0}
    cases = [
        ({"customer_id": people["demo"], "currency": "EUR", "lines": []}, 400),
        ({"customer_id": people["demo"], "currency": "EUR", "lines": [line], "due_date": "2030-02-30"}, 400),
        ({"customer_id": "0" * 26, "currency": "EUR", "lines": [line]}, 404),
    ]
    for body, status in cases:
        assert operator.create("/payments/operator/invoices", body).status_code == status, body
    issue(operator, people["demo"], 100)
    usd = operator.create(
        "/payments/operator/invoices", {"customer_id": people["demo"], "currency": "USD", "lines": [line]}
    )
    assert usd.status_code == 409
    assert "EUR" in usd.json_body["error"]["message"]
    assert dana.get("/payments/account").json_body["balance"] == 100


def test_partial_payment_then_full_then_the_receipt(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    invoice = issue(operator, people["demo"], 10000)
    paid = pay(dana, "first-part-001", (invoice["invoice_id"], 4000))
    assert paid.status_code == 200, paid.json_body
    assert paid.json_body["status"] == "succeeded"
    after_part = dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body
    assert (after_part["status"], after_part["paid"], after_part["remaining"]) == ("open", 4000, 6000)
    too_much = start(dana, "too-much-0001", (invoice["invoice_id"], 6001))
    assert too_much.status_code == 409
    rest = pay(dana, "the-rest-0001", (invoice["invoice_id"], 6000)).json_body
    settled = dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body
    assert (settled["status"], settled["paid"], settled["remaining"]) == ("paid", 10000, 0)
    assert dana.get("/payments/account").json_body["balance"] == 0
    assert [p["amount"] for p in dana.get("/payments").json_body["items"]] == [6000, 4000]
    text = pdf_text(dana.get(f"/payments/{rest['payment_id']}/receipt").json_body)
    assert "€60.00" in text
    assert invoice["invoice_number"] in text


def test_a_declined_card_changes_nothing_and_a_retry_can_succeed(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    invoice = issue(operator, people["demo"], 2500)
    started = start(dana, "declined-001", (invoice["invoice_id"], 2500)).json_body["payment"]
    declined = dana.post(f"/payments/{started['payment_id']}/sandbox-charge", DECLINED_CARD).json_body
    assert (declined["status"], declined["failure"]) == ("failed", "Your card was declined.")
    assert dana.get("/payments/account").json_body["balance"] == 2500
    retried = dana.post(f"/payments/{started['payment_id']}/sandbox-charge", GOOD_CARD).json_body
    assert retried["status"] == "succeeded"
    assert dana.get("/payments/account").json_body["balance"] == 0
    again = dana.post(f"/payments/{started['payment_id']}/sandbox-charge", GOOD_CARD)
    assert again.status_code == 409


def test_the_same_idempotency_key_starts_one_payment(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    invoice = issue(operator, people["demo"], 2500)
    first = start(dana, "same-key-001", (invoice["invoice_id"], 1000)).json_body
    second = start(dana, "same-key-001", (invoice["invoice_id"], 1000)).json_body
    assert first["payment"]["payment_id"] == second["payment"]["payment_id"]
    assert first["client_secret"] == second["client_secret"]
    assert len(dana.get("/payments").json_body["items"]) == 1
    assert start(dana, "short", (invoice["invoice_id"], 1000)).status_code == 400


def test_void_then_pay_is_refused_and_a_paid_invoice_cannot_be_voided(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    voided = issue(operator, people["demo"], 5000)
    reply = operator.post(f"/payments/operator/invoices/{voided['invoice_id']}/void", {"reason": "Sent twice"})
    assert reply.json_body["status"] == "void"
    assert reply.json_body["void_reason"] == "Sent twice"
    refused = start(dana, "pay-void-001", (voided["invoice_id"], 5000))
    assert refused.status_code == 409
    assert "void" in refused.json_body["error"]["message"]
    assert (
        operator.post(f"/payments/operator/invoices/{voided['invoice_id']}/void", {"reason": "again"}).status_code
        == 409
    )
    part_paid = issue(operator, people["demo"], 3000)
    pay(dana, "part-paid-01", (part_paid["invoice_id"], 1000))
    assert (
        operator.post(f"/payments/operator/invoices/{part_paid['invoice_id']}/void", {"reason": "x"}).status_code == 409
    )
    assert dana.get("/payments/account").json_body["balance"] == 2000
    kinds = [entry.kind for entry in ledger_entries(people["demo"])]
    assert kinds == ["invoice", "void", "invoice", "payment"]


def test_a_payment_started_for_an_invoice_voided_meanwhile_becomes_credit(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    invoice = issue(operator, people["demo"], 5000)
    started = start(dana, "then-void-01", (invoice["invoice_id"], 5000)).json_body["payment"]
    operator.post(f"/payments/operator/invoices/{invoice['invoice_id']}/void", {"reason": "Wrong customer"})
    paid = dana.post(f"/payments/{started['payment_id']}/sandbox-charge", GOOD_CARD).json_body
    assert (paid["allocations"], paid["credit"]) == ([], 5000)
    account = dana.get("/payments/account").json_body
    assert (account["balance"], account["credit"], account["amount_due"]) == (-5000, 5000, 0)
    assert dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body["status"] == "void"


def _webhook(visitor: Visitor, body: bytes, signature: str) -> Any:
    return visitor._client.http.request(
        "POST",
        "/payments/webhooks/sandbox",
        headers={"Sandbox-Signature": signature, "Content-Type": "application/json"},
        body=body,
    )


def _pending(dana: Visitor, operator: Visitor, customer_id: str, amount: int) -> tuple[dict[str, Any], PaymentItem]:
    invoice = issue(operator, customer_id, amount)
    started = start(dana, f"pending-{invoice['invoice_id']}", (invoice["invoice_id"], amount)).json_body
    return invoice, service.payment_item(customer_id, started["payment"]["payment_id"])


def test_a_duplicate_webhook_posts_once(
    dana: Visitor, operator: Visitor, people: dict[str, str], visitor: Visitor
) -> None:
    _, payment = _pending(dana, operator, people["demo"], 3000)
    sandbox = provider()
    assert isinstance(sandbox, SandboxProvider)
    body, signature = sandbox.event("payment_intent.succeeded", payment.provider_ref or "", 3000)
    for _ in range(3):
        reply = _webhook(visitor, body, signature)
        assert reply.status_code == 200, reply.body
    assert dana.get("/payments/account").json_body["balance"] == 0
    assert [entry.kind for entry in ledger_entries(people["demo"])] == ["invoice", "payment"]


def test_webhooks_out_of_order(dana: Visitor, operator: Visitor, people: dict[str, str], visitor: Visitor) -> None:
    sandbox = provider()
    assert isinstance(sandbox, SandboxProvider)
    _, payment = _pending(dana, operator, people["demo"], 3000)
    ref = payment.provider_ref or ""
    failed = sandbox.event("payment_intent.payment_failed", ref, 0, "Your card was declined.")
    succeeded = sandbox.event("payment_intent.succeeded", ref, 3000)
    refunded = sandbox.event("charge.refunded", ref, 1000)
    # The refund overtakes the success: refused (not recorded), so the provider sends it again.
    assert _webhook(visitor, *refunded).status_code == 409
    assert _webhook(visitor, *succeeded).status_code == 200
    # An earlier attempt's failure arrives last: the payment stays posted.
    assert _webhook(visitor, *failed).status_code == 200
    assert service.get_payment(people["demo"], payment.payment_id).status == "succeeded"
    assert _webhook(visitor, *refunded).status_code == 200
    posted = service.get_payment(people["demo"], payment.payment_id)
    assert (posted.status, posted.refunded) == ("succeeded", 1000)
    assert dana.get("/payments/account").json_body["balance"] == 1000
    assert [e.kind for e in ledger_entries(people["demo"])] == ["invoice", "payment", "refund"]


def test_a_webhook_with_a_bad_signature_is_400_and_changes_nothing(
    dana: Visitor, operator: Visitor, people: dict[str, str], visitor: Visitor
) -> None:
    sandbox = provider()
    assert isinstance(sandbox, SandboxProvider)
    _, payment = _pending(dana, operator, people["demo"], 3000)
    body, signature = sandbox.event("payment_intent.succeeded", payment.provider_ref or "", 3000)
    forged = SandboxProvider(b"not the key").sign(body)
    tampered = body.replace(b"3000", b"9000")
    for attempt_body, attempt_signature in ((body, forged), (tampered, signature), (body, ""), (b"{", signature)):
        reply = _webhook(visitor, attempt_body, attempt_signature)
        assert reply.status_code == 400, attempt_body
    assert _webhook(visitor, body, signature).status_code == 200  # the genuine one was not marked as seen
    assert service.get_payment(people["demo"], payment.payment_id).status == "succeeded"
    assert visitor.call("POST", "/payments/webhooks/stripe", {}).status_code == 404  # not the configured provider


STRIPE_KEYS = {"secret_key": "sk_test_portal", "webhook_secret": "whsec_test_portal"}


def use_stripe(aws: boto3.session.Session, outputs: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage as a deploy given Stripe's keys leaves it: its secret keys in the PaymentKeys
    secret, the provider and the publishable key in the environment; then a cold start."""
    aws.client("secretsmanager").put_secret_value(
        SecretId=outputs["PaymentKeysArn"], SecretString=json.dumps(STRIPE_KEYS)
    )
    stripe_settings(monkeypatch)


def stripe_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYMENT_PROVIDER", "stripe")
    monkeypatch.setenv("STRIPE_PUBLISHABLE_KEY", "pk_test_portal")
    get_settings.cache_clear()
    secrets.forget()


def stripe_event(kind: str, webhook_secret: str = STRIPE_KEYS["webhook_secret"]) -> tuple[bytes, dict[str, str]]:
    """An event as Stripe posts it: (body, headers), signed with `webhook_secret`."""
    body = json.dumps({"id": "evt_portal_1", "type": kind, "data": {"object": {"id": "pi_unknown"}}})
    signature = stripe.WebhookSignature.generate_signature_header(body, webhook_secret)
    return body.encode(), {"Stripe-Signature": signature, "Content-Type": "application/json"}


def _stripe_webhook(client: EdgeClient, body: bytes, headers: dict[str, str]) -> Any:
    return client.http.request("POST", "/payments/webhooks/stripe", headers=headers, body=body)


def test_stripe_webhooks_are_checked_with_the_webhook_secret_from_secrets_manager(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    client: EdgeClient,
    visitor: Visitor,
) -> None:
    use_stripe(aws, stack_outputs, monkeypatch)

    genuine = _stripe_webhook(client, *stripe_event("customer.created"))
    forged = _stripe_webhook(client, *stripe_event("customer.created", webhook_secret="whsec_other"))

    assert (genuine.status_code, genuine.json_body) == (200, {"received": "ignored"})
    assert forged.status_code == 400
    assert visitor.call("POST", "/payments/webhooks/sandbox", {}).status_code == 404  # not the configured provider


def test_stripe_without_its_keys_in_the_secret_is_refused(
    stack_outputs: dict[str, str], monkeypatch: pytest.MonkeyPatch, client: EdgeClient
) -> None:
    stripe_settings(monkeypatch)  # the secret still holds "{}", as the stack creates it

    reply = _stripe_webhook(client, *stripe_event("customer.created"))

    assert reply.status_code == 500
    with pytest.raises(ConfigurationError, match="PAYMENT_PROVIDER=stripe needs secret_key and webhook_secret"):
        provider()


def _paying(invoice_id: str, amount: int) -> StartPayment:
    return StartPayment.model_validate({"allocations": [{"invoice_id": invoice_id, "amount": amount}]})


def test_fifty_concurrent_payments_never_over_settle_an_invoice(
    dana: Visitor, operator: Visitor, people: dict[str, str], atomic_aws_calls: None
) -> None:
    customer_id = people["demo"]
    invoice = issue(operator, customer_id, 10000)
    clock = SystemClock()
    # 50 payments of 2.50 to 7.50 for one invoice of 100.00: together twice what it owes.
    started = [
        service.start(customer_id, f"concurrent-{n:03d}", _paying(invoice["invoice_id"], 250 * (1 + n % 3)), clock)
        for n in range(50)
    ]
    sandbox = provider()
    assert isinstance(sandbox, SandboxProvider)
    events = [
        sandbox.event("payment_intent.succeeded", f"pi_sandbox_{s.payment.payment_id}", s.payment.amount)
        for s in started
    ]
    errors: list[BaseException] = []

    def deliver(body: bytes, signature: str) -> None:
        for _ in range(10):  # as the provider does: a 503 (busy account, time up) is sent again
            try:  # the service itself: chalice's test client serves one request at a time
                service.receive_event("sandbox", body, signature, clock)
                return
            except Unavailable:
                continue
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)
                return
        errors.append(TimeoutError("still busy after 10 deliveries"))

    threads = [threading.Thread(target=deliver, args=event) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    paid_in = sum(s.payment.amount for s in started)
    final = dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body
    assert (final["paid"], final["status"]) == (10000, "paid")
    payments = [service.get_payment(customer_id, s.payment.payment_id) for s in started]
    assert all(p.status == "succeeded" for p in payments)
    assert sum(a.amount for p in payments for a in p.allocations) == 10000
    assert sum(p.credit for p in payments) == paid_in - 10000
    account = dana.get("/payments/account").json_body
    assert account["balance"] == 10000 - paid_in
    assert account["credit"] == paid_in - 10000
    entries = ledger_entries(customer_id)
    assert len(entries) == 51
    running = 0
    for entry in entries:  # each entry's balance follows from the one before it
        running += int(entry.amount)
        assert int(entry.balance_after) == running


def test_fresh_code_before_paying_when_the_session_is_older_than_ten_minutes(
    client: Any, operator: Visitor, people: dict[str, str], outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice = issue(operator, people["demo"], 1500)
    customer = Visitor(client)
    eleven_minutes_ago = SimpleNamespace(time=lambda: __import__("time").time() - 660)
    with monkeypatch.context() as patch:
        patch.setattr(moto.cognitoidp.models, "time", eleven_minutes_ago)  # moto stamps auth_time
        customer.sign_in("demo@example.com", outbox)
    refused = start(customer, "stale-session-1", (invoice["invoice_id"], 1500))
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "fresh_sign_in_required"
    before = len(outbox.messages())
    assert customer.post("/auth/confirm").status_code == 202
    assert customer.post("/auth/verify", {"code": latest_code(outbox, since=before)}).status_code == 200
    assert start(customer, "stale-session-1", (invoice["invoice_id"], 1500)).status_code == 201


def test_another_customers_billing_is_404_everywhere(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    invoice = issue(operator, people["demo"], 1200)
    paid = pay(dana, "danas-pay-01", (invoice["invoice_id"], 600)).json_body
    for path in (
        f"/payments/invoices/{invoice['invoice_id']}",
        f"/payments/invoices/{invoice['invoice_id']}/pdf",
        f"/payments/{paid['payment_id']}",
        f"/payments/{paid['payment_id']}/receipt",
    ):
        reply = lea.get(path)
        assert reply.status_code == 404, path
        assert "url" not in reply.json_body
    assert start(lea, "leas-try-001", (invoice["invoice_id"], 600)).status_code == 404
    assert lea.post(f"/payments/{paid['payment_id']}/sandbox-charge", GOOD_CARD).status_code == 404
    assert lea.get("/payments/invoices").json_body["items"] == []
    assert lea.get("/payments").json_body["items"] == []
    assert lea.get("/payments/account").json_body["balance"] == 0
    assert dana.get("/payments/account").json_body["balance"] == 600


def test_offline_payment_settles_the_oldest_first_and_the_rest_is_credit(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    later = issue(operator, people["demo"], 3000, due_date="2099-03-01")
    sooner = issue(operator, people["demo"], 2000, due_date="2099-02-01")
    body = {
        "customer_id": people["demo"],
        "amount": 6000,
        "currency": "EUR",
        "method": "bank_transfer",
        "reference": "RF18 5390",
    }
    payment = operator.create("/payments/operator/payments", body).json_body
    assert [(a["invoice_id"], a["amount"]) for a in payment["allocations"]] == [
        (sooner["invoice_id"], 2000),
        (later["invoice_id"], 3000),
    ]
    assert payment["credit"] == 1000
    assert dana.get("/payments/account").json_body["credit"] == 1000
    # A refund gives back the credit first, then reopens the latest settled invoice.
    refunded = operator.create(
        f"/payments/operator/payments/{payment['payment_id']}/refund", {"amount": 1500}
    ).json_body
    assert (refunded["refunded"], refunded["credit"], refunded["status"]) == (1500, 0, "succeeded")
    reopened = dana.get(f"/payments/invoices/{later['invoice_id']}").json_body
    assert (reopened["status"], reopened["remaining"]) == ("open", 500)
    assert dana.get("/payments/account").json_body["balance"] == 500
    too_much = operator.create(f"/payments/operator/payments/{payment['payment_id']}/refund", {"amount": 4501})
    assert too_much.status_code == 409


def test_card_refund_goes_through_the_provider(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    invoice = issue(operator, people["demo"], 4000)
    paid = pay(dana, "refund-card-1", (invoice["invoice_id"], 4000)).json_body
    refunded = operator.create(f"/payments/operator/payments/{paid['payment_id']}/refund", {"amount": 4000}).json_body
    assert refunded["status"] == "refunded"
    assert dana.get(f"/payments/invoices/{invoice['invoice_id']}").json_body["status"] == "open"
    assert dana.get("/payments/account").json_body["balance"] == 4000


def test_invoice_from_a_confirmed_order_once(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    product = operator.post(
        "/orders/operator/products", {"name": "Tea", "price": 450, "currency": "EUR", "tax_rate": 1400}
    ).json_body
    dana.post("/orders/cart/lines", {"product_id": product["product_id"], "quantity": 3})
    review = dana.get("/orders/cart").json_body
    order = dana.call(
        "POST",
        "/orders",
        {"cart_id": review["cart_id"], "expected_total": review["total"]},
        headers={"Idempotency-Key": "order-for-inv"},
    ).json_body
    early = operator.post("/payments/operator/invoices/from-order", {"order_id": order["order_id"]})
    assert early.status_code == 409
    operator.post(f"/orders/operator/orders/{order['order_id']}/confirm")
    invoice = operator.post("/payments/operator/invoices/from-order", {"order_id": order["order_id"]}).json_body
    assert (invoice["total"], invoice["order_number"]) == (order["total"], order["order_number"])
    assert operator.post("/payments/operator/invoices/from-order", {"order_id": order["order_id"]}).status_code == 409
    assert dana.get("/payments/account").json_body["balance"] == order["total"]


def test_overdue_invoices_are_shown_as_such(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    issue(operator, people["demo"], 300, due_date="2099-01-01")  # open, not overdue
    invoice = issue(operator, people["demo"], 700, due_date="2020-01-01")  # carried over, late already
    listed = dana.get("/payments/invoices?status=overdue").json_body["items"]
    assert [i["invoice_id"] for i in listed] == [invoice["invoice_id"]]
    assert listed[0]["overdue"] is True
    assert dana.get("/payments/account").json_body["overdue_amount"] == 700
    assert dana.get("/payments/invoices?status=late").status_code == 400


def test_statement_pdf_shows_the_balances(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    issue(operator, people["demo"], 1999)
    found = dana.get("/payments/statement").json_body
    assert (found["opening_balance"], found["closing_balance"]) == (0, 1999)
    text = pdf_text(dana.get("/payments/statement/pdf").json_body)
    assert "€19.99" in text
    assert dana.get("/payments/statement?from=2026-02-01&to=2026-01-01").status_code == 400
    assert json.loads(json.dumps(found))["entries"][0]["kind"] == "invoice"


def test_an_offline_payment_in_another_currency_is_refused_and_leaves_nothing(
    operator: Visitor, people: dict[str, str]
) -> None:
    issue(operator, people["demo"], 1000)
    body = {"customer_id": people["demo"], "amount": 1000, "currency": "USD", "method": "cash"}
    refused = operator.create("/payments/operator/payments", body)
    assert refused.status_code == 409
    assert "EUR" in refused.json_body["error"]["message"]
    assert operator.get(f"/payments/operator/customers/{people['demo']}/payments").json_body["items"] == []
    assert list(RefItem.scan(RefItem.pk.startswith("PAYMENT#"))) == []
    assert operator.get(f"/payments/operator/customers/{people['demo']}/account").json_body["balance"] == 1000
