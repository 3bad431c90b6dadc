"""What a payment does to the books, once it is certain: settle invoices, fail, refund.

Each function posts through the ledger, so the payment, the invoices it settles, the
balance and the ledger entry change together. Provider events are recorded in the same
transaction, so a duplicate delivery finds its marker and posts nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound
from functions.core.events import outbox_event
from functions.core.idempotency import IdempotencyItem
from functions.payments import invoices, ledger
from functions.payments.models import (
    REF,
    Allocation,
    InvoiceItem,
    PaymentItem,
    ProviderEventItem,
    RefItem,
    payment_key,
)

SETTLEABLE = ("pending", "failed")


@dataclass(frozen=True)
class EventMarker:
    """A provider event, remembered so it is posted once: provider + its event id."""

    provider: str
    event_id: str

    def item(self, outcome: str) -> ProviderEventItem:
        return ProviderEventItem(f"WEBHOOK#{self.provider}#{self.event_id}", "EVENT", outcome=outcome)

    def seen(self) -> bool:
        try:
            ProviderEventItem.get(f"WEBHOOK#{self.provider}#{self.event_id}", "EVENT", consistent_read=True)
        except DoesNotExist:
            return False
        return True

    def write(self, outcome: str) -> ledger.Write:
        item = self.item(outcome)
        return lambda t: t.save(item, condition=ProviderEventItem.pk.does_not_exist())


# The invoices one payment settles at most (as many as a customer may name, PaymentRequest):
# with the payment, its ledger entry, the account, the event and the markers, well inside
# DynamoDB's 100 items a transaction. Money beyond them stays on the account as credit.
MOST_SETTLED = 50


def allocation(invoice_id: str, invoice_number: str, amount: int) -> Allocation:
    return Allocation(invoice_id=invoice_id, invoice_number=invoice_number, amount=amount)  # type: ignore[no-untyped-call]


def _set_paid(invoice: InvoiceItem, paid: int, dues: list[ledger.Due]) -> ledger.Write:
    """Guarded by the paid amount read, so two payments cannot both take the same remainder.
    What it still owes is added to `dues`."""
    dues.append(ledger.Due(invoice.invoice_id, invoice.due_date, int(invoice.total) - paid))
    status = "paid" if paid == int(invoice.total) else "open"
    keys = invoices.status_keys(invoice.invoice_id, invoice.customer_id, status, invoice.due_date)
    actions: list[Any] = [
        InvoiceItem.paid.set(paid),
        InvoiceItem.status.set(status),
        InvoiceItem.gsi1pk.set(keys["gsi1pk"]),
        InvoiceItem.gsi2pk.set(keys["gsi2pk"]),
    ]
    condition = (InvoiceItem.paid == int(invoice.paid)) & (InvoiceItem.status == invoice.status)
    return lambda t: t.update(invoice, actions=actions, condition=condition)


def allocate(
    customer_id: str, wanted: list[tuple[str, int]], amount: int, dues: list[ledger.Due]
) -> tuple[list[ledger.Write], list[Allocation], int]:
    """Spread `amount` over the wanted (invoice, amount) pairs, never beyond what an open invoice
    still owes; what is left is credit. Returns the invoice writes, the allocations, the credit."""
    writes, allocations, left = [], [], amount
    for invoice_id, most in wanted:
        try:
            invoice = invoices.invoice_item(customer_id, invoice_id)
        except NotFound:
            continue
        settle = min(most, left, int(invoice.total) - int(invoice.paid)) if invoice.status == "open" else 0
        if settle > 0:
            writes.append(_set_paid(invoice, int(invoice.paid) + settle, dues))
            allocations.append(allocation(invoice.invoice_id, invoice.invoice_number, settle))
            left -= settle
    return writes, allocations, left


def oldest_first(customer_id: str) -> list[tuple[str, int]]:
    """The open invoices unassigned money goes to and their remainders, the earliest due
    first; at most MOST_SETTLED, so that the payment and what it settles fit one transaction."""
    items = invoices.open_invoices(customer_id, limit=MOST_SETTLED)
    return [(item.invoice_id, int(item.total) - int(item.paid)) for item in items]


def _event(kind: str, at: datetime, payment: PaymentItem, **extra: Any) -> ledger.Write:
    event = outbox_event(
        kind,
        at,
        payment.customer_id,
        payment_id=payment.payment_id,
        payment_number=payment.payment_number,
        amount=int(payment.amount),
        currency=payment.currency,
        created_by=payment.created_by,  # the contact who paid online is told of it (audience.py)
        **extra,
    )
    return lambda t: t.save(event)


def settle(
    payment: PaymentItem,
    amount: int,
    marker: EventMarker | None,
    clock: Clock,
    new: bool = False,
    once: IdempotencyItem | None = None,
) -> str | None:
    """Post a payment that succeeded: settle what it was meant for, the rest becomes credit.

    `new`: an offline payment, saved here; otherwise the pending payment is updated.
    `once`: its Idempotency-Key marker; returns the payment id the key made before, if any.
    """
    customer_id = payment.customer_id

    def plan() -> ledger.Posting:
        if marker is not None and marker.seen():
            return ledger.Posting()
        current = payment if new else _reread(payment)
        if not new and current.status not in SETTLEABLE:
            return ledger.Posting(writes=[marker.write("already posted")] if marker else [])
        # An offline payment that names no invoices settles the oldest ones.
        wanted = [(str(a.invoice_id), int(a.amount)) for a in current.requested] or oldest_first(customer_id)
        dues: list[ledger.Due] = []
        writes, allocations, credit = allocate(customer_id, wanted, amount, dues)
        now = clock.now()
        fields = {"status": "succeeded", "amount": amount, "allocations": allocations, "credit": credit}
        writes.append(_save_or_update(current, fields, now, new))
        if new:  # its owner ref with it: no ref without a payment if the posting is refused
            owner = RefItem(payment_key(current.payment_id), REF, customer_id=customer_id)
            writes.append(lambda t: t.save(owner))
        writes.append(_event("payment.succeeded", now, current, credit=credit))
        if marker is not None:
            writes.append(marker.write("settled"))
        movement = ledger.Movement("payment", -amount, current.payment_number, current.payment_id)
        return ledger.Posting(current.currency, [movement], writes, dues)

    return ledger.post(customer_id, plan, clock.now, once)


def _reread(payment: PaymentItem) -> PaymentItem:
    return PaymentItem.get(payment.pk, payment.sk, consistent_read=True)


def _save_or_update(payment: PaymentItem, fields: dict[str, Any], now: datetime, new: bool) -> ledger.Write:
    if new:
        for name, value in fields.items():
            setattr(payment, name, value)
        payment.posted_at = now.isoformat()
        return lambda t: t.save(payment, condition=PaymentItem.pk.does_not_exist())
    actions: list[Any] = [getattr(PaymentItem, name).set(value) for name, value in fields.items()]
    actions.append(PaymentItem.posted_at.set(now.isoformat()))
    actions.append(PaymentItem.failure.remove())
    actions.append(PaymentItem.decline_code.remove())
    condition = PaymentItem.status.is_in(*SETTLEABLE)
    return lambda t: t.update(payment, actions=actions, condition=condition)


def fail(payment: PaymentItem, failure: str, decline_code: str, marker: EventMarker, clock: Clock) -> None:
    """A declined attempt: the customer may try again; a later success still posts."""

    def plan() -> ledger.Posting:
        if marker.seen():
            return ledger.Posting()
        current = _reread(payment)
        if current.status not in SETTLEABLE:  # an older failure arriving after the success
            return ledger.Posting(writes=[marker.write("ignored: already posted")])
        actions: list[Any] = [
            PaymentItem.status.set("failed"),
            PaymentItem.failure.set(failure),
            PaymentItem.decline_code.set(decline_code),
        ]
        condition = PaymentItem.status.is_in(*SETTLEABLE)
        event = _event("payment.failed", clock.now(), current, failure=failure, decline_code=decline_code)
        return ledger.Posting(
            writes=[lambda t: t.update(current, actions=actions, condition=condition), event, marker.write("failed")]
        )

    ledger.post(payment.customer_id, plan, clock.now)


def refund(
    payment: PaymentItem, refunded_total: int, marker: EventMarker, clock: Clock, once: IdempotencyItem | None = None
) -> None:
    """Money given back: credit first, then the invoices it settled (latest first) reopen.
    `once`: the operator's Idempotency-Key marker, written with the refund (or not at all)."""

    def plan() -> ledger.Posting:
        if marker.seen():
            return ledger.Posting()
        current = _reread(payment)
        if current.status not in ("succeeded", "refunded"):
            # Out of order: the refund overtook the success. Not recorded, so the provider's
            # retry (it retries any answer but 2xx) posts it once the payment has settled.
            raise Conflict(
                "This payment has not been posted yet; send the refund again later.", code="payment_not_posted_yet"
            )
        amount = min(refunded_total, int(current.amount)) - int(current.refunded)
        if amount <= 0:
            return ledger.Posting(writes=[marker.write("ignored: nothing new refunded")])
        from_credit = min(int(current.credit), amount)
        to_reopen = amount - from_credit
        writes: list[ledger.Write] = []
        dues: list[ledger.Due] = []
        kept: list[Allocation] = []
        for settled in reversed(list(current.allocations)):
            take = min(int(settled.amount), to_reopen)
            if take:
                invoice = invoices.invoice_item(current.customer_id, str(settled.invoice_id))
                writes.append(_set_paid(invoice, int(invoice.paid) - take, dues))
                to_reopen -= take
            if int(settled.amount) - take:
                kept.insert(
                    0,
                    allocation(str(settled.invoice_id), str(settled.invoice_number), int(settled.amount) - take),
                )
        refunded = int(current.refunded) + amount
        actions: list[Any] = [
            PaymentItem.refunded.set(refunded),
            PaymentItem.credit.set(int(current.credit) - from_credit),
            PaymentItem.allocations.set(kept),
            PaymentItem.status.set("refunded" if refunded == int(current.amount) else "succeeded"),
        ]
        condition = PaymentItem.refunded == int(current.refunded)
        writes.append(lambda t: t.update(current, actions=actions, condition=condition))
        writes.append(_event("payment.refunded", clock.now(), current, refunded=amount))
        writes.append(marker.write("refunded"))
        movement = ledger.Movement("refund", amount, current.payment_number, current.payment_id)
        return ledger.Posting(current.currency, [movement], writes, dues)

    ledger.post(payment.customer_id, plan, clock.now, once)
