"""Invoices, payments and each customer's account in the portal's table.

Every change of money for a customer goes through their ACCOUNT item (a version-guarded
balance) and writes one LEDGER entry with the balance after it, in the same transaction as
the invoice or payment it records. So the balance always equals invoices minus payments,
and a statement is one query.
"""

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.principal import customer_key
from functions.core.table import Gsi1, Gsi2, Gsi3, PortalItem, register

ACCOUNT = "ACCOUNT"
REF = "REF"


def invoice_key(invoice_id: str) -> str:
    return f"INVOICE#{invoice_id}"


def payment_key(payment_id: str) -> str:
    return f"PAYMENT#{payment_id}"


def payments_by(customer_id: str, contact_id: str) -> str:
    """gsi3 partition of the payments one contact of an account started, newest first."""
    return f"{customer_key(customer_id)}#PAYMENTS#BY#{contact_id}"


class InvoiceLine(MapAttribute[str, object]):
    description = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price = NumberAttribute()
    tax_rate = NumberAttribute()  # basis points
    line_total = NumberAttribute()  # quantity x unit price, before tax
    line_tax = NumberAttribute()  # rounded per line


@register
class InvoiceItem(PortalItem):
    """An invoice (pk CUSTOMER#id, sk INVOICE#id): newest first by its time-sortable id.

    status is open, paid or void ("overdue" is an open invoice past its due date).
    gsi1: every invoice of a status by due date (operator lists, reminders).
    gsi2: one customer's invoices of a status, newest first.
    """

    invoice_id = UnicodeAttribute()
    invoice_number = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    status = UnicodeAttribute()
    currency = UnicodeAttribute()
    lines = ListAttribute(of=InvoiceLine)
    subtotal = NumberAttribute()
    tax = NumberAttribute()
    total = NumberAttribute()
    paid = NumberAttribute(default=0)
    issued_at = UnicodeAttribute()
    due_date = UnicodeAttribute()  # YYYY-MM-DD
    order_id = UnicodeAttribute(null=True)
    order_number = UnicodeAttribute(null=True)
    note = UnicodeAttribute(default="")
    void_reason = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    by_due_date = Gsi1()
    by_status = Gsi2()


@register
class RefItem(PortalItem):
    """Who owns an invoice or payment (pk INVOICE#id / PAYMENT#id, sk REF), for operator routes;
    and which invoice an order became (pk ORDER#id, sk INVOICE), so it is invoiced once."""

    customer_id = UnicodeAttribute()
    target_id = UnicodeAttribute(null=True)


@register
class AccountItem(PortalItem):
    """A customer's account (pk CUSTOMER#id, sk ACCOUNT). balance < 0 is a credit.

    open_dues: invoice id -> {due_date, left} for every open invoice (see ledger.Due).
    """

    currency = UnicodeAttribute()
    balance = NumberAttribute(default=0)
    open_dues = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    version = NumberAttribute(default=0)
    last_posted_at = UnicodeAttribute(null=True)


@register
class LedgerEntryItem(PortalItem):
    """One movement (pk CUSTOMER#id, sk LEDGER#id): + invoices and refunds, - payments and voids."""

    entry_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # invoice | void | payment | refund
    amount = NumberAttribute()  # signed: what it does to the balance
    balance_after = NumberAttribute()
    currency = UnicodeAttribute()
    reference = UnicodeAttribute()  # INV-000001, PAY-000001
    target_id = UnicodeAttribute()  # the invoice or payment
    posted_at = UnicodeAttribute()


class Allocation(MapAttribute[str, object]):
    invoice_id = UnicodeAttribute()
    invoice_number = UnicodeAttribute()
    amount = NumberAttribute()


@register
class PaymentItem(PortalItem):
    """A payment (pk CUSTOMER#id, sk PAYMENT#id).

    status: pending (online, waiting for the provider), failed (may still succeed on a retry),
    succeeded, refunded (wholly). `requested` is what the customer chose to pay; `allocations`
    is what it settled when posted (never more than an invoice's remainder; the rest is credit).
    gsi3: the payments one contact started (created_by), newest first by payment id as the
    account's list is by its sk. A payment the business recorded, or one from before contacts
    were recorded, has neither: the account's.
    """

    payment_id = UnicodeAttribute()
    payment_number = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    status = UnicodeAttribute()
    method = UnicodeAttribute()  # card | bank_transfer | cash
    amount = NumberAttribute()
    currency = UnicodeAttribute()
    requested = ListAttribute(of=Allocation)
    allocations = ListAttribute(of=Allocation, default=list)
    credit = NumberAttribute(default=0)
    refunded = NumberAttribute(default=0)
    provider = UnicodeAttribute(null=True)
    provider_ref = UnicodeAttribute(null=True)
    client_secret = UnicodeAttribute(null=True)
    reference = UnicodeAttribute(default="")  # the bank transfer's reference, for offline payments
    failure = UnicodeAttribute(null=True)
    decline_code = UnicodeAttribute(null=True)  # payments.schemas.DeclineCode
    created_at = UnicodeAttribute()
    posted_at = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)  # the contact who started it online
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    by_contact = Gsi3()


@register
class ProviderEventItem(PortalItem):
    """A webhook event already handled (pk WEBHOOK#provider#event id, sk EVENT): posted once."""

    outcome = UnicodeAttribute()
