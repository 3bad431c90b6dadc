"""Invoices: issued by hand or from an order, voided while unpaid, read by their customer."""

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from functions.core import counters, idempotency
from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound, invalid_field
from functions.core.events import outbox_event
from functions.core.ids import new_id
from functions.core.money import Money
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import customer_key
from functions.orders import service as orders
from functions.payments import ledger
from functions.payments.models import REF, InvoiceItem, InvoiceLine, RefItem, invoice_key
from functions.payments.schemas import AccountSummary, Invoice, NewInvoice, NewInvoiceLine

PAYMENT_TERMS_DAYS = 14
INVOICEABLE_ORDERS = {"confirmed", "shipped", "delivered"}
STATUSES = ("open", "paid", "void", "overdue")


def status_keys(invoice_id: str, customer_id: str, status: str, due_date: str) -> dict[str, str]:
    return {
        "gsi1pk": f"INVOICES#{status}",
        "gsi1sk": f"{due_date}#{invoice_id}",
        # By due date: the oldest-due first for a payment, overdue a key range, not a filter.
        "gsi2pk": f"{customer_key(customer_id)}#INVOICES#{status}",
        "gsi2sk": f"{due_date}#{invoice_id}",
    }


def to_invoice(item: InvoiceItem, today: date) -> Invoice:
    total, paid = int(item.total), int(item.paid)
    return Invoice(
        invoice_id=item.invoice_id,
        invoice_number=item.invoice_number,
        customer_id=item.customer_id,
        status=item.status,
        overdue=item.status == "open" and item.due_date < today.isoformat(),
        currency=item.currency,
        lines=[line.as_dict() for line in item.lines],  # type: ignore[no-untyped-call]
        subtotal=int(item.subtotal),
        tax=int(item.tax),
        total=total,
        paid=paid,
        remaining=total - paid if item.status == "open" else 0,
        issued_at=item.issued_at,
        due_date=item.due_date,
        order_id=item.order_id,
        order_number=item.order_number,
        note=item.note,
        void_reason=item.void_reason,
    )


def invoice_item(customer_id: str, invoice_id: str) -> InvoiceItem:
    try:
        return InvoiceItem.get(customer_key(customer_id), invoice_key(invoice_id), consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such invoice.") from exc


def owner_of(invoice_id: str) -> str:
    try:
        return RefItem.get(invoice_key(invoice_id), REF, consistent_read=True).customer_id
    except DoesNotExist as exc:
        raise NotFound("There is no such invoice.") from exc


def get_invoice(customer_id: str, invoice_id: str, clock: Clock) -> Invoice:
    """One of this customer's invoices; anyone else's is 'no such invoice'."""
    return to_invoice(invoice_item(customer_id, invoice_id), clock.now().date())


def _priced(lines: list[NewInvoiceLine], currency: str) -> tuple[list[InvoiceLine], int, int]:
    """Tax per line, rounded half away from zero, then summed (as the order review does)."""
    priced, subtotal, tax = [], 0, 0
    for line in lines:
        line_total = Money(amount=line.unit_price, currency=currency).times(line.quantity)
        line_tax = line_total.percent(line.tax_rate)
        priced.append(
            InvoiceLine(  # type: ignore[no-untyped-call]
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                tax_rate=line.tax_rate,
                line_total=line_total.amount,
                line_tax=line_tax.amount,
            )
        )
        subtotal += line_total.amount
        tax += line_tax.amount
    return priced, subtotal, tax


def _due_date(requested: str | None, today: date) -> str:
    """As asked (a past date too: an invoice carried over from another system may be late
    already), or the payment terms from today."""
    return requested or (today + timedelta(days=PAYMENT_TERMS_DAYS)).isoformat()


ISSUE = "ISSUE"  # the Idempotency-Key kind of invoices issued by hand


def issue(request: NewInvoice, clock: Clock, order: Any = None, key: str | None = None) -> Invoice:
    """Write the invoice, its ledger entry and the new balance together; number it without gaps.
    With an Idempotency-Key, a retry answers with the invoice the key already issued."""
    customer_id = request.customer_id
    now = clock.now()
    due_date = _due_date(request.due_date, now.date())
    lines, subtotal, tax = _priced(request.lines, request.currency)
    invoice_id = new_id(int(now.timestamp() * 1000))
    issued: list[InvoiceItem] = []

    def plan() -> ledger.Posting:
        last = counters.current("invoice")
        invoice = InvoiceItem(
            customer_key(customer_id),
            invoice_key(invoice_id),
            invoice_id=invoice_id,
            invoice_number=f"INV-{last + 1:06d}",
            customer_id=customer_id,
            status="open",
            currency=request.currency,
            lines=lines,
            subtotal=subtotal,
            tax=tax,
            total=subtotal + tax,
            paid=0,
            issued_at=now.isoformat(),
            due_date=due_date,
            order_id=order.order_id if order else None,
            order_number=order.order_number if order else None,
            note=request.note,
            **status_keys(invoice_id, customer_id, "open", due_date),  # type: ignore[arg-type]
        )
        issued[:] = [invoice]
        event = outbox_event(
            "invoice.issued",
            now,
            customer_id,
            invoice_id=invoice_id,
            invoice_number=invoice.invoice_number,
            total=subtotal + tax,
            currency=request.currency,
            due_date=due_date,
        )
        writes: list[ledger.Write] = [
            lambda t: counters.claim(t, "invoice", last),
            lambda t: t.save(invoice, condition=InvoiceItem.pk.does_not_exist()),
            lambda t: t.save(RefItem(invoice_key(invoice_id), REF, customer_id=customer_id)),
            lambda t: t.save(event),
        ]
        if order is not None:
            writes.append(_once_per_order(order.order_id, customer_id, invoice_id))
        movement = ledger.Movement("invoice", subtotal + tax, invoice.invoice_number, invoice_id)
        due = ledger.Due(invoice_id, due_date, subtotal + tax)
        return ledger.Posting(request.currency, [movement], writes, [due])

    once = idempotency.marker(customer_id, ISSUE, key, invoice_id, now) if key else None
    earlier = ledger.post(customer_id, plan, clock.now, once)
    if earlier is not None:
        return to_invoice(invoice_item(customer_id, earlier), now.date())
    return to_invoice(issued[0], now.date())


def _once_per_order(order_id: str, customer_id: str, invoice_id: str) -> Callable[[TransactWrite], None]:
    marker = RefItem(f"ORDER#{order_id}", "INVOICE", customer_id=customer_id, target_id=invoice_id)
    return lambda t: t.save(marker, condition=RefItem.pk.does_not_exist())


def issue_from_order(order_id: str, due_date: str | None, clock: Clock) -> Invoice:
    """The invoice of a confirmed order: its lines and prices as ordered. Once per order."""
    customer_id = orders.owner_of(order_id)
    order = orders.get_order(customer_id, order_id)
    if order.status not in INVOICEABLE_ORDERS:
        raise Conflict(
            f"An order that is {order.status} cannot be invoiced; confirm it first.", code="order_not_invoiceable"
        )
    try:
        already = RefItem.get(f"ORDER#{order_id}", "INVOICE", consistent_read=True)
    except DoesNotExist:
        already = None
    if already is not None:
        raise Conflict(f"This order was already invoiced ({already.target_id}).", code="order_already_invoiced")
    request = NewInvoice(
        customer_id=customer_id,
        currency=order.currency,
        lines=[
            NewInvoiceLine(
                description=line.name, quantity=line.quantity, unit_price=line.unit_price, tax_rate=line.tax_rate
            )
            for line in order.lines
        ],
        due_date=due_date,
        note=f"Order {order.order_number}",
    )
    return issue(request, clock, order=order)


def void(invoice_id: str, reason: str, by: str, clock: Clock) -> Invoice:
    """Cancel an unpaid invoice: it leaves the balance, with the reason kept."""
    customer_id = owner_of(invoice_id)
    now = clock.now()

    def plan() -> ledger.Posting:
        invoice = invoice_item(customer_id, invoice_id)
        if invoice.status != "open":
            raise Conflict(
                f"This invoice is {invoice.status}; only open invoices can be voided.", code="invoice_not_voidable"
            )
        if int(invoice.paid) > 0:
            raise Conflict(
                "Part of this invoice is paid; refund that payment before voiding it.", code="invoice_partly_paid"
            )
        keys = status_keys(invoice_id, customer_id, "void", invoice.due_date)
        actions: list[Any] = [
            InvoiceItem.status.set("void"),
            InvoiceItem.void_reason.set(reason),
            InvoiceItem.gsi1pk.set(keys["gsi1pk"]),
            InvoiceItem.gsi2pk.set(keys["gsi2pk"]),
        ]
        condition = (InvoiceItem.status == "open") & (InvoiceItem.paid == 0)
        event = outbox_event(
            "invoice.voided", now, customer_id, invoice_id=invoice_id, invoice_number=invoice.invoice_number, by=by
        )
        return ledger.Posting(
            invoice.currency,
            [ledger.Movement("void", -int(invoice.total), invoice.invoice_number, invoice_id)],
            [lambda t: t.update(invoice, actions=actions, condition=condition), lambda t: t.save(event)],
            [ledger.Due(invoice_id, invoice.due_date, 0)],
        )

    ledger.post(customer_id, plan, clock.now)
    return get_invoice(customer_id, invoice_id, clock)


def invoices_of(customer_id: str, status: str | None, cursor: str | None, limit: int, clock: Clock) -> Page[Invoice]:
    """A customer's invoices: all of them newest first, or of one status latest due first; one query."""
    today = clock.now().date()
    start = decode_cursor(cursor)
    results: Any
    if status is None:
        results = InvoiceItem.query(
            customer_key(customer_id),
            InvoiceItem.sk.startswith("INVOICE#"),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=start,
        )
    elif status in STATUSES:
        stored = "open" if status == "overdue" else status
        results = InvoiceItem.by_status.query(
            f"{customer_key(customer_id)}#INVOICES#{stored}",
            (InvoiceItem.gsi2sk < today.isoformat()) if status == "overdue" else None,  # due before today
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=start,
        )
    else:
        raise invalid_field(
            "status", "not_allowed", "status must be open, paid, void or overdue.", choices=list(STATUSES)
        )
    items = [to_invoice(cast(InvoiceItem, item), today) for item in results]
    return Page[Invoice](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def all_invoices(status: str, cursor: str | None, limit: int, clock: Clock) -> Page[Invoice]:
    """Every customer's invoices of a status, the earliest due first (the operator's list)."""
    if status not in {"open", "paid", "void"}:
        raise invalid_field(
            "status", "not_allowed", "status must be open, paid or void.", choices=["open", "paid", "void"]
        )
    results = InvoiceItem.by_due_date.query(f"INVOICES#{status}", limit=limit, last_evaluated_key=decode_cursor(cursor))
    today = clock.now().date()
    items = [to_invoice(cast(InvoiceItem, item), today) for item in results]
    return Page[Invoice](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def open_invoices(customer_id: str, limit: int | None = None) -> list[InvoiceItem]:
    """A customer's open invoices (the first `limit` of them), the earliest due first."""
    query = InvoiceItem.by_status.query(f"{customer_key(customer_id)}#INVOICES#open", limit=limit)
    return [cast(InvoiceItem, item) for item in query]


def open_invoices_due(first: date, last: date, today: date) -> Iterator[Invoice]:
    """Every customer's open invoices due from `first` to `last` (both days), the earliest due first."""
    found = InvoiceItem.by_due_date.query(
        "INVOICES#open", InvoiceItem.gsi1sk.between(first.isoformat(), f"{last.isoformat()}#~")
    )
    return (to_invoice(cast(InvoiceItem, item), today) for item in found)


def summary(customer_id: str, clock: Clock) -> AccountSummary:
    """Balance, due, overdue and the next due date: the account item alone, which carries each
    open invoice's remainder under its version (ledger.Due), whatever the number of invoices."""
    today = clock.now().date().isoformat()
    account = ledger.account(customer_id)
    balance = int(account.balance) if account else 0
    dues = account.open_dues.as_dict() if account and account.open_dues else {}  # type: ignore[no-untyped-call]
    remaining = [(str(due["due_date"]), int(due["left"])) for due in dues.values()]
    upcoming = sorted(due for due, _ in remaining if due >= today)
    return AccountSummary(
        currency=account.currency if account else None,
        balance=balance,
        credit=max(0, sum(amount for _, amount in remaining) - balance),
        amount_due=sum(amount for _, amount in remaining),
        overdue_amount=sum(amount for due, amount in remaining if due < today),
        next_due_date=upcoming[0] if upcoming else None,
        open_invoices=len(remaining),
    )
