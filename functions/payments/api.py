"""Billing for customers (account, invoices, payments, statements, paying online), the
providers' webhooks, and invoicing and payments for operators."""

from typing import Any

from pydantic import BaseModel

from functions.auth.service import require_recent_sign_in
from functions.core.clock import SystemClock
from functions.core.http import Routes, endpoint, idempotency_key, query_params
from functions.core.paging import Page, page_size
from functions.core.principal import Principal, require_customer
from functions.core.storage import Download, printout
from functions.payments import invoices, printouts, service
from functions.payments.schemas import (
    AccountSummary,
    Invoice,
    InvoiceFromOrder,
    InvoicePage,
    NewInvoice,
    OfflinePayment,
    Payment,
    PaymentPage,
    PaymentStarted,
    Refund,
    SandboxCard,
    StartPayment,
    Statement,
    VoidInvoice,
)
from functions.payments.statement import statement

payments_api = Routes(__name__, tag="billing", part="payments")
clock = SystemClock()
_INVOICE_STATUS = {"status": {"type": "string", "enum": list(invoices.STATUSES)}}
_PAGED = ("status", "cursor", "limit")


class WebhookReceived(BaseModel):
    received: str


def _invoice_page(customer_id: str) -> InvoicePage:
    params = query_params(payments_api)
    page = invoices.invoices_of(
        customer_id, params.get("status"), params.get("cursor"), page_size(params.get("limit")), clock
    )
    return InvoicePage(items=page.items, next_cursor=page.next_cursor)


def _payment_page(customer_id: str) -> PaymentPage:
    params = query_params(payments_api)
    page: Page[Payment] = service.payments_of(customer_id, params.get("cursor"), page_size(params.get("limit")))
    return PaymentPage(items=page.items, next_cursor=page.next_cursor)


def _statement(customer_id: str) -> Statement:
    """From the first of the month of `to` (by default today) to `to`, unless asked otherwise."""
    params = query_params(payments_api)
    to_day = params.get("to", clock.now().date().isoformat())
    from_day = params["from"] if "from" in params else to_day[:8] + "01"
    return statement(customer_id, from_day, to_day)


# --- customers -----------------------------------------------------------------------------


@endpoint(
    payments_api,
    "/account",
    "GET",
    summary="My balance, what is due",
    reply=AccountSummary,
    access="customer",
    tag="billing",
)
def my_account(principal: Principal) -> AccountSummary:
    return invoices.summary(principal.principal_id, clock)


@endpoint(
    payments_api,
    "/invoices",
    "GET",
    summary="My invoices, newest first",
    reply=InvoicePage,
    query=_PAGED,
    query_schemas=_INVOICE_STATUS,
    access="customer",
    tag="billing",
)
def my_invoices(principal: Principal) -> InvoicePage:
    return _invoice_page(principal.principal_id)


@endpoint(
    payments_api,
    "/invoices/{invoice_id}",
    "GET",
    summary="One of my invoices",
    reply=Invoice,
    errors=(404,),
    access="customer",
    tag="billing",
)
def my_invoice(invoice_id: str, principal: Principal) -> Invoice:
    return invoices.get_invoice(principal.principal_id, invoice_id, clock)


@endpoint(
    payments_api,
    "/invoices/{invoice_id}/pdf",
    "GET",
    summary="One of my invoices as PDF (a 5-minute download link)",
    reply=Download,
    errors=(404,),
    access="customer",
    tag="billing",
)
def my_invoice_pdf(invoice_id: str, principal: Principal) -> Download:
    invoice = invoices.get_invoice(principal.principal_id, invoice_id, clock)
    body = printouts.invoice_pdf(invoice, principal)
    return printout(principal.principal_id, body, f"{invoice.invoice_number}.pdf")


@endpoint(
    payments_api,
    "/",
    "GET",
    summary="Payments posted to my account, newest first",
    reply=PaymentPage,
    query=("cursor", "limit"),
    access="customer",
    tag="billing",
)
def my_payments(principal: Principal) -> PaymentPage:
    return _payment_page(principal.principal_id)


@endpoint(
    payments_api,
    "/{payment_id}",
    "GET",
    summary="One of my payments",
    reply=Payment,
    errors=(404,),
    access="customer",
    tag="billing",
)
def my_payment(payment_id: str, principal: Principal) -> Payment:
    return service.get_payment(principal.principal_id, payment_id)


@endpoint(
    payments_api,
    "/{payment_id}/receipt",
    "GET",
    summary="The receipt of one of my payments as PDF (a 5-minute download link)",
    reply=Download,
    errors=(404,),
    access="customer",
    tag="billing",
)
def my_receipt(payment_id: str, principal: Principal) -> Download:
    payment = service.get_payment(principal.principal_id, payment_id)
    body = printouts.receipt_pdf(payment, principal)
    return printout(principal.principal_id, body, f"{payment.payment_number}.pdf")


@endpoint(
    payments_api,
    "/statement",
    "GET",
    summary="My statement: opening balance, movements, closing balance (this month by default)",
    reply=Statement,
    query=("from", "to"),
    access="customer",
    tag="billing",
)
def my_statement(principal: Principal) -> Statement:
    return _statement(principal.principal_id)


@endpoint(
    payments_api,
    "/statement/pdf",
    "GET",
    summary="My statement as PDF (a 5-minute download link)",
    reply=Download,
    query=("from", "to"),
    access="customer",
    tag="billing",
)
def my_statement_pdf(principal: Principal) -> Download:
    found = _statement(principal.principal_id)
    body = printouts.statement_pdf(found, principal)
    return printout(principal.principal_id, body, f"statement-{found.from_date}-{found.to_date}.pdf")


@endpoint(
    payments_api,
    "/",
    "POST",
    summary="Start paying open invoices, wholly or in part (once per Idempotency-Key)",
    body=StartPayment,
    reply=PaymentStarted,
    status=201,
    errors=(404, 409, 503),
    access="customer",
    tag="billing",
    headers=("Idempotency-Key",),
)
def start_payment(body: StartPayment, principal: Principal) -> PaymentStarted:
    key = idempotency_key(payments_api)
    require_recent_sign_in(principal)
    return service.start(principal.principal_id, key, body, clock)


@endpoint(
    payments_api,
    "/{payment_id}/sandbox-charge",
    "POST",
    summary="Pay a started payment with a sandbox test card (sandbox provider only)",
    body=SandboxCard,
    reply=Payment,
    errors=(404, 409),
    access="customer",
    tag="billing",
)
def sandbox_charge(payment_id: str, body: SandboxCard, principal: Principal) -> Payment:
    return service.sandbox_charge(principal.principal_id, payment_id, body, clock)


# --- the payment provider --------------------------------------------------------------------


@endpoint(
    payments_api,
    "/webhooks/{provider}",
    "POST",
    summary="The payment provider's events (signed; each posted once)",
    reply=WebhookReceived,
    errors=(400, 404, 409),
    access="signed",
    tag="billing",
)
def provider_webhook(provider: str) -> WebhookReceived:
    request = payments_api.current_request  # raw_body: the signature covers the exact bytes
    headers: Any = request.headers or {}
    signature = headers.get("stripe-signature") or headers.get("sandbox-signature")
    return WebhookReceived(received=service.receive_event(provider, request.raw_body or b"", signature, clock))


# --- operators -----------------------------------------------------------------------------


@endpoint(
    payments_api,
    "/operator/invoices",
    "GET",
    summary="Every customer's invoices of a status, the earliest due first",
    reply=InvoicePage,
    query=_PAGED,
    query_schemas={"status": {"type": "string", "enum": ["open", "paid", "void"]}},
    access="staff",
    tag="billing",
)
def all_invoices(principal: Principal) -> InvoicePage:
    params = query_params(payments_api)
    page = invoices.all_invoices(
        params.get("status", "open"), params.get("cursor"), page_size(params.get("limit")), clock
    )
    return InvoicePage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    payments_api,
    "/operator/invoices",
    "POST",
    summary="Issue an invoice by hand (once per Idempotency-Key)",
    body=NewInvoice,
    reply=Invoice,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="billing",
    headers=("Idempotency-Key",),
)
def issue_invoice(body: NewInvoice, principal: Principal) -> Invoice:
    key = idempotency_key(payments_api)
    require_customer(body.customer_id)
    return invoices.issue(body, clock, key=key)


@endpoint(
    payments_api,
    "/operator/invoices/from-order",
    "POST",
    summary="Issue the invoice of a confirmed order (once per order)",
    body=InvoiceFromOrder,
    reply=Invoice,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="billing",
)
def invoice_order(body: InvoiceFromOrder, principal: Principal) -> Invoice:
    return invoices.issue_from_order(body.order_id, body.due_date, clock)


@endpoint(
    payments_api,
    "/operator/invoices/{invoice_id}",
    "GET",
    summary="Any customer's invoice",
    reply=Invoice,
    errors=(404,),
    access="staff",
    tag="billing",
)
def any_invoice(invoice_id: str, principal: Principal) -> Invoice:
    return invoices.get_invoice(invoices.owner_of(invoice_id), invoice_id, clock)


@endpoint(
    payments_api,
    "/operator/invoices/{invoice_id}/void",
    "POST",
    summary="Void an unpaid invoice, with the reason",
    body=VoidInvoice,
    reply=Invoice,
    errors=(404, 409),
    access="staff",
    tag="billing",
)
def void_invoice(invoice_id: str, body: VoidInvoice, principal: Principal) -> Invoice:
    return invoices.void(invoice_id, body.reason, f"staff:{principal.principal_id}", clock)


@endpoint(
    payments_api,
    "/operator/customers/{customer_id}/account",
    "GET",
    summary="A customer's balance and what is due",
    reply=AccountSummary,
    errors=(404,),
    access="staff",
    tag="billing",
)
def customer_account(customer_id: str, principal: Principal) -> AccountSummary:
    require_customer(customer_id)
    return invoices.summary(customer_id, clock)


@endpoint(
    payments_api,
    "/operator/customers/{customer_id}/invoices",
    "GET",
    summary="A customer's invoices, newest first",
    reply=InvoicePage,
    query=_PAGED,
    query_schemas=_INVOICE_STATUS,
    errors=(404,),
    access="staff",
    tag="billing",
)
def customer_invoices(customer_id: str, principal: Principal) -> InvoicePage:
    require_customer(customer_id)
    return _invoice_page(customer_id)


@endpoint(
    payments_api,
    "/operator/customers/{customer_id}/payments",
    "GET",
    summary="A customer's payments, newest first",
    reply=PaymentPage,
    query=("cursor", "limit"),
    errors=(404,),
    access="staff",
    tag="billing",
)
def customer_payments(customer_id: str, principal: Principal) -> PaymentPage:
    require_customer(customer_id)
    return _payment_page(customer_id)


@endpoint(
    payments_api,
    "/operator/payments",
    "POST",
    summary="Record a bank transfer or cash received, and settle invoices with it (once per Idempotency-Key)",
    body=OfflinePayment,
    reply=Payment,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="billing",
    headers=("Idempotency-Key",),
)
def record_payment(body: OfflinePayment, principal: Principal) -> Payment:
    key = idempotency_key(payments_api)
    return service.record_offline(body, f"staff:{principal.principal_id}", key, clock)


@endpoint(
    payments_api,
    "/operator/payments/{payment_id}/refund",
    "POST",
    summary="Refund a payment, wholly or in part, once per Idempotency-Key (card payments through the provider)",
    body=Refund,
    reply=Payment,
    errors=(404, 409, 503),
    access="staff",
    tag="billing",
    headers=("Idempotency-Key",),
)
def refund_payment(payment_id: str, body: Refund, principal: Principal) -> Payment:
    return service.refund(payment_id, body.amount, idempotency_key(payments_api), clock)
