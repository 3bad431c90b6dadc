"""Billing for customers (account, invoices, payments, statements, paying online), the
providers' webhooks, and invoicing and payments for operators."""

from typing import Any

from functions.auth.service import require_recent_sign_in
from functions.core.clock import SystemClock
from functions.core.http import Routes, idempotency_key
from functions.core.paging import Page, PageQuery
from functions.core.principal import Principal, require_customer
from functions.core.shape import Schema
from functions.core.storage import Download, printout
from functions.payments import invoices, printouts, service
from functions.payments.schemas import (
    AccountSummary,
    Invoice,
    InvoiceFromOrder,
    InvoicePage,
    InvoiceQuery,
    InvoiceQueueQuery,
    NewInvoice,
    OfflinePayment,
    Payment,
    PaymentPage,
    PaymentStarted,
    Refund,
    SandboxCard,
    StartPayment,
    Statement,
    StatementQuery,
    VoidInvoice,
)
from functions.payments.statement import statement

payments_api = Routes(__name__, tag="billing", part="payments", access="customer")
webhooks_api = Routes(__name__, tag="billing", access="signed")
staff_api = Routes(__name__, tag="billing", access="staff")
clock = SystemClock()


class WebhookReceived(Schema):
    received: str


def _invoice_page(customer_id: str, query: InvoiceQuery) -> InvoicePage:
    page = invoices.invoices_of(customer_id, query.status, query.cursor, query.limit, clock)
    return InvoicePage(items=page.items, next_cursor=page.next_cursor)


def _payment_page(owner: Principal | str, query: PageQuery) -> PaymentPage:
    page: Page[Payment] = service.payments_of(owner, query.cursor, query.limit)
    return PaymentPage(items=page.items, next_cursor=page.next_cursor)


def _statement(customer_id: str, query: StatementQuery) -> Statement:
    """From the first of the month of `to` (by default today) to `to`, unless asked otherwise."""
    to_day = query.to or clock.now().date().isoformat()
    return statement(customer_id, query.from_ or to_day[:8] + "01", to_day)


# --- customers -----------------------------------------------------------------------------


@payments_api.get("/account", "My balance, what is due")
def my_account(principal: Principal) -> AccountSummary:
    return invoices.summary(principal.account_id, clock)


@payments_api.get("/invoices", "My invoices, newest first")
def my_invoices(query: InvoiceQuery, principal: Principal) -> InvoicePage:
    return _invoice_page(principal.account_id, query)


@payments_api.get("/invoices/{invoice_id}", "One of my invoices", errors=(404,))
def my_invoice(invoice_id: str, principal: Principal) -> Invoice:
    return invoices.get_invoice(principal.account_id, invoice_id, clock)


@payments_api.get("/invoices/{invoice_id}/pdf", "One of my invoices as PDF (a 5-minute download link)", errors=(404,))
def my_invoice_pdf(invoice_id: str, principal: Principal) -> Download:
    invoice = invoices.get_invoice(principal.account_id, invoice_id, clock)
    body = printouts.invoice_pdf(invoice, principal)
    return printout(principal.account_id, body, f"{invoice.invoice_number}.pdf")


@payments_api.get("/", "Payments posted to my account, newest first")
def my_payments(query: PageQuery, principal: Principal) -> PaymentPage:
    return _payment_page(principal, query)


@payments_api.get("/{payment_id}", "One of my payments", errors=(404,))
def my_payment(payment_id: str, principal: Principal) -> Payment:
    return service.get_payment(principal, payment_id)


@payments_api.get(
    "/{payment_id}/receipt", "The receipt of one of my payments as PDF (a 5-minute download link)", errors=(404,)
)
def my_receipt(payment_id: str, principal: Principal) -> Download:
    payment = service.get_payment(principal, payment_id)
    body = printouts.receipt_pdf(payment, principal)
    return printout(principal.account_id, body, f"{payment.payment_number}.pdf")


@payments_api.get("/statement", "My statement: opening balance, movements, closing balance (this month by default)")
def my_statement(query: StatementQuery, principal: Principal) -> Statement:
    return _statement(principal.account_id, query)


@payments_api.get("/statement/pdf", "My statement as PDF (a 5-minute download link)")
def my_statement_pdf(query: StatementQuery, principal: Principal) -> Download:
    found = _statement(principal.account_id, query)
    body = printouts.statement_pdf(found, principal)
    return printout(principal.account_id, body, f"statement-{found.from_date}-{found.to_date}.pdf")


@payments_api.post(
    "/",
    "Start paying open invoices, wholly or in part (once per Idempotency-Key)",
    status=201,
    errors=(404, 409, 503),
    headers=("Idempotency-Key",),
)
def start_payment(body: StartPayment, principal: Principal) -> PaymentStarted:
    key = idempotency_key(payments_api)
    require_recent_sign_in(principal)
    return service.start(principal, key, body, clock)


@payments_api.post(
    "/{payment_id}/sandbox-charge",
    "Pay a started payment with a sandbox test card (sandbox provider only)",
    errors=(404, 409),
)
def sandbox_charge(payment_id: str, body: SandboxCard, principal: Principal) -> Payment:
    return service.sandbox_charge(principal, payment_id, body, clock)


# --- the payment provider --------------------------------------------------------------------


@webhooks_api.post(
    "/webhooks/{provider}", "The payment provider's events (signed; each posted once)", errors=(400, 404, 409)
)
def provider_webhook(provider: str) -> WebhookReceived:
    request = webhooks_api.current_request  # raw_body: the signature covers the exact bytes
    headers: Any = request.headers or {}
    signature = headers.get("stripe-signature") or headers.get("sandbox-signature")
    return WebhookReceived(received=service.receive_event(provider, request.raw_body or b"", signature, clock))


# --- operators -----------------------------------------------------------------------------


@staff_api.get("/operator/invoices", "Every customer's invoices of a status, the earliest due first")
def all_invoices(query: InvoiceQueueQuery) -> InvoicePage:
    page = invoices.all_invoices(query.status, query.cursor, query.limit, clock)
    return InvoicePage(items=page.items, next_cursor=page.next_cursor)


@staff_api.post(
    "/operator/invoices",
    "Issue an invoice by hand (once per Idempotency-Key)",
    status=201,
    errors=(404, 409),
    headers=("Idempotency-Key",),
)
def issue_invoice(body: NewInvoice) -> Invoice:
    key = idempotency_key(staff_api)
    require_customer(body.customer_id)
    return invoices.issue(body, clock, key=key)


@staff_api.post(
    "/operator/invoices/from-order",
    "Issue the invoice of a confirmed order (once per order)",
    status=201,
    errors=(404, 409),
)
def invoice_order(body: InvoiceFromOrder) -> Invoice:
    return invoices.issue_from_order(body.order_id, body.due_date, clock)


@staff_api.get("/operator/invoices/{invoice_id}", "Any customer's invoice", errors=(404,))
def any_invoice(invoice_id: str) -> Invoice:
    return invoices.get_invoice(invoices.owner_of(invoice_id), invoice_id, clock)


@staff_api.post("/operator/invoices/{invoice_id}/void", "Void an unpaid invoice, with the reason", errors=(404, 409))
def void_invoice(invoice_id: str, body: VoidInvoice, principal: Principal) -> Invoice:
    return invoices.void(invoice_id, body.reason, f"staff:{principal.principal_id}", clock)


@staff_api.get("/operator/customers/{customer_id}/account", "A customer's balance and what is due", errors=(404,))
def customer_account(customer_id: str) -> AccountSummary:
    require_customer(customer_id)
    return invoices.summary(customer_id, clock)


@staff_api.get("/operator/customers/{customer_id}/invoices", "A customer's invoices, newest first", errors=(404,))
def customer_invoices(customer_id: str, query: InvoiceQuery) -> InvoicePage:
    require_customer(customer_id)
    return _invoice_page(customer_id, query)


@staff_api.get("/operator/customers/{customer_id}/payments", "A customer's payments, newest first", errors=(404,))
def customer_payments(customer_id: str, query: PageQuery) -> PaymentPage:
    require_customer(customer_id)
    return _payment_page(customer_id, query)


@staff_api.post(
    "/operator/payments",
    "Record a bank transfer or cash received, and settle invoices with it (once per Idempotency-Key)",
    status=201,
    errors=(404, 409),
    headers=("Idempotency-Key",),
)
def record_payment(body: OfflinePayment, principal: Principal) -> Payment:
    key = idempotency_key(staff_api)
    return service.record_offline(body, f"staff:{principal.principal_id}", key, clock)


@staff_api.post(
    "/operator/payments/{payment_id}/refund",
    "Refund a payment, wholly or in part, once per Idempotency-Key (card payments through the provider)",
    errors=(404, 409, 503),
    headers=("Idempotency-Key",),
)
def refund_payment(payment_id: str, body: Refund) -> Payment:
    return service.refund(payment_id, body.amount, idempotency_key(staff_api), clock)
