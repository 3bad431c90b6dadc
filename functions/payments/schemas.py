"""What the billing API accepts and returns. Amounts are minor units in the invoice's currency."""

from typing import Annotated, Literal, get_args

from pydantic import ConfigDict, Field

from functions.core.contact import MultiLine, OneLine
from functions.core.money import Currency, PositiveAmount, Price, TaxRate
from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.paging import PageQuery
from functions.core.schemas import Day, EntityId, Form, Text
from functions.core.shape import Schema

# Why a card was declined, whichever provider said so (providers.decline_code maps Stripe's
# codes onto these); pages show decline.<code> in their language (docs/errors.md).
DeclineCode = Literal[
    "card_declined",
    "insufficient_funds",
    "expired_card",
    "incorrect_cvc",
    "incorrect_number",
    "incorrect_expiry",
    "processing_error",
    "authentication_required",
    "card_not_supported",
    "limit_exceeded",
    "try_again_later",
]
DECLINE_CODES: tuple[DeclineCode, ...] = get_args(DeclineCode)

InvoiceStatus = Literal["open", "paid", "void"]
InvoiceFilter = Literal["open", "paid", "void", "overdue"]  # overdue: open and due before today
PaymentStatus = Literal["pending", "failed", "succeeded", "refunded"]
PaymentMethod = Literal["card", "bank_transfer", "cash"]


class NewInvoiceLine(Form):
    description: Annotated[str, OneLine(200)]
    quantity: Annotated[int, Field(ge=1, le=9999), NUMBER_NOT_TEXT]
    unit_price: Price
    tax_rate: TaxRate


class NewInvoice(Form):
    """An invoice an operator writes by hand."""

    customer_id: EntityId
    currency: Currency
    lines: list[NewInvoiceLine] = Field(min_length=1, max_length=100)
    due_date: Day | None = Field(default=None, description="Defaults to 14 days after issue.")
    note: Annotated[str, MultiLine(1000, blank=True)] = ""


class InvoiceFromOrder(Schema):
    model_config = ConfigDict(extra="forbid")

    order_id: EntityId
    due_date: Day | None = None


class VoidInvoice(Form):
    reason: Text


class InvoiceLine(Schema):
    description: str
    quantity: int
    unit_price: int
    tax_rate: int
    line_total: int
    line_tax: int


class Invoice(Schema):
    invoice_id: str
    invoice_number: str
    customer_id: str
    status: InvoiceStatus
    overdue: bool = Field(description="Open and past its due date.")
    currency: str
    lines: list[InvoiceLine]
    subtotal: int
    tax: int
    total: int
    paid: int
    remaining: int
    issued_at: str
    due_date: str
    order_id: str | None
    order_number: str | None
    note: str
    void_reason: str | None


class InvoicePage(Schema):
    items: list[Invoice]
    next_cursor: str | None


class AccountSummary(Schema):
    currency: str | None = Field(description="None until the first invoice.")
    balance: int = Field(description="Invoices minus payments; below zero is a credit.")
    credit: int = Field(description="Paid beyond what was invoiced, kept for the next invoices.")
    amount_due: int = Field(description="What remains to pay on open invoices.")
    overdue_amount: int
    next_due_date: str | None = Field(description="The earliest due date not yet passed.")
    open_invoices: int


class AllocationRequest(Schema):
    model_config = ConfigDict(extra="forbid")

    invoice_id: EntityId
    amount: PositiveAmount


class StartPayment(Form):
    """Pay one, several or part of open invoices."""

    model_config = ConfigDict(extra="forbid")

    allocations: list[AllocationRequest] = Field(min_length=1, max_length=50)


class Allocation(Schema):
    invoice_id: str
    invoice_number: str
    amount: int


class Payment(Schema):
    payment_id: str
    payment_number: str
    customer_id: str
    status: PaymentStatus
    method: PaymentMethod
    amount: int
    currency: str
    requested: list[Allocation]
    allocations: list[Allocation] = Field(description="What it settled when posted.")
    credit: int = Field(description="The part that settled no invoice and became account credit.")
    refunded: int
    reference: str
    failure: str | None = Field(description="For a failed payment: the provider's words, in English (for developers).")
    decline_code: DeclineCode | None = Field(
        default=None, description="For a failed payment: why, as a stable code; pages show decline.<code>."
    )
    created_at: str
    posted_at: str | None


class InvoiceQuery(PageQuery):
    """A customer's invoices: all of them, or of one status."""

    status: InvoiceFilter | None = Field(default=None, description="overdue: open and due before today.")


class InvoiceQueueQuery(PageQuery):
    """Every customer's invoices of one status."""

    status: InvoiceStatus = "open"


class PaymentPage(Schema):
    items: list[Payment]
    next_cursor: str | None


class PaymentStarted(Schema):
    payment: Payment
    provider: Literal["sandbox", "stripe"]
    client_secret: str | None = Field(description="For Stripe.js (stripe) or the test card form (sandbox).")
    publishable_key: str | None = None


class SandboxCard(Schema):
    """A test card. 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 and 4000 0000 0000 9995 are declined."""

    model_config = ConfigDict(extra="forbid")

    number: str = Field(pattern=r"^[0-9 ]{12,23}$")
    expiry: str = Field(pattern=r"^(0[1-9]|1[0-2]) ?/ ?[0-9]{2}$", description="MM/YY")
    cvc: str = Field(pattern=r"^[0-9]{3,4}$")


class OfflinePayment(Schema):
    """A bank transfer or cash the business received; settles the given invoices, or the oldest."""

    customer_id: EntityId
    amount: PositiveAmount
    currency: Currency
    method: Literal["bank_transfer", "cash"]
    reference: Annotated[str, OneLine(140, blank=True)] = ""
    allocations: list[AllocationRequest] | None = Field(default=None, max_length=50)


class Refund(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: PositiveAmount


class StatementEntry(Schema):
    kind: Literal["invoice", "void", "payment", "refund"]
    reference: str
    target_id: str
    amount: int = Field(description="What it did to the balance: + invoices and refunds, - payments and voids.")
    balance_after: int
    posted_at: str


class StatementQuery(Schema):
    from_: Day | None = Field(
        default=None, alias="from", description="The first day; by default the first of the month of `to`."
    )
    to: Day | None = Field(default=None, description="The last day; by default today.")


class Statement(Schema):
    customer_id: str
    currency: str | None
    from_date: str
    to_date: str
    opening_balance: int
    closing_balance: int
    entries: list[StatementEntry]
