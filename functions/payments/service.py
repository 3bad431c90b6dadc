"""Payments: start one online, take the provider's word for how it went, record money that
came in another way, refund; and the customer's view of what was posted."""

from datetime import date
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from functions.core import idempotency
from functions.core.audit import audit_entry
from functions.core.clock import Clock
from functions.core.counters import next_number
from functions.core.errors import Conflict, InvalidRequest, NotFound, money
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import Principal, customer_key, require_customer
from functions.core.settings import get_settings
from functions.core.table import Reader, account_of, contact_only, creator_of, owned_item
from functions.core.transactions import Transaction
from functions.payments import invoices, posting
from functions.payments.models import REF, Allocation, PaymentItem, RefItem, payment_key, payments_by
from functions.payments.providers import ProviderEvent, SandboxProvider, StripeProvider, decline_code, provider
from functions.payments.schemas import Allocation as AllocationOut
from functions.payments.schemas import (
    AllocationRequest,
    OfflinePayment,
    Payment,
    PaymentStarted,
    SandboxCard,
    StartPayment,
)

PAYMENT_REQUEST = "PAYREQ"  # the Idempotency-Key kind of payment starts


def to_payment(item: PaymentItem) -> Payment:
    def shown(allocations: list[Allocation]) -> list[AllocationOut]:
        return [AllocationOut.model_validate(a.as_dict()) for a in allocations]  # type: ignore[no-untyped-call]

    return Payment(
        payment_id=item.payment_id,
        payment_number=item.payment_number,
        customer_id=item.customer_id,
        status=item.status,
        method=item.method,
        amount=int(item.amount),
        currency=item.currency,
        requested=shown(item.requested),
        allocations=shown(item.allocations),
        credit=int(item.credit),
        refunded=int(item.refunded),
        reference=item.reference,
        failure=item.failure,
        decline_code=decline_code(item.decline_code) if item.failure or item.decline_code else None,
        created_at=item.created_at,
        posted_at=item.posted_at,
    )


def payment_item(owner: Reader | str, payment_id: str) -> PaymentItem:
    """One of the account's payments, if `owner` may see it (core.table.may_see)."""
    key = customer_key(account_of(owner)), payment_key(payment_id)
    return owned_item(PaymentItem, *key, owner, "There is no such payment.")


def owner_of(payment_id: str) -> str:
    try:
        return RefItem.get(payment_key(payment_id), REF, consistent_read=True).customer_id
    except DoesNotExist as exc:
        raise NotFound("There is no such payment.") from exc


def get_payment(owner: Reader | str, payment_id: str) -> Payment:
    """One of this account's payments (for a contact who sees only their own, one they
    started); anyone else's is 'no such payment'."""
    return to_payment(payment_item(owner, payment_id))


def payments_of(owner: Reader | str, cursor: str | None, limit: int) -> Page[Payment]:
    """Newest first, one query: of the account's, or of the contact's key (gsi3) for a
    contact who sees only their own."""
    contact, customer_id = contact_only(owner), account_of(owner)
    results: Any
    if contact is None:
        results = PaymentItem.query(
            customer_key(customer_id),
            PaymentItem.sk.startswith("PAYMENT#"),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )
    else:
        results = PaymentItem.by_contact.query(
            payments_by(customer_id, contact),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )
    items = [to_payment(item) for item in results]
    return Page[Payment](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def _requested(customer_id: str, wanted: list[AllocationRequest], today: str) -> tuple[list[Allocation], str]:
    """Check every invoice is this customer's, open, and owes at least what is offered."""
    totals: dict[str, int] = {}
    for line in wanted:  # one invoice named twice: the amounts add up
        totals[line.invoice_id] = totals.get(line.invoice_id, 0) + line.amount
    chosen, currencies = [], set()
    for invoice_id, amount in totals.items():
        invoice = invoices.to_invoice(invoices.invoice_item(customer_id, invoice_id), date.fromisoformat(today))
        if invoice.status != "open":
            raise Conflict(
                f"Invoice {invoice.invoice_number} is {invoice.status}; it cannot be paid.",
                code="invoice_not_payable",
                values={"invoice": invoice.invoice_number},
            )
        if amount > invoice.remaining:
            raise Conflict(
                f"Invoice {invoice.invoice_number} has {invoice.remaining} left to pay; {amount} is more.",
                code="payment_exceeds_remaining",
                values={
                    "invoice": invoice.invoice_number,
                    "remaining": money(invoice.remaining, invoice.currency),
                    "amount": money(amount, invoice.currency),
                },
            )
        currencies.add(invoice.currency)
        chosen.append(posting.allocation(invoice.invoice_id, invoice.invoice_number, amount))
    if len(currencies) > 1:
        raise Conflict("Invoices in different currencies are paid separately.", code="invoices_mixed_currencies")
    return chosen, currencies.pop()


def _started(item: PaymentItem) -> PaymentStarted:
    current = provider()
    return PaymentStarted(
        payment=to_payment(item),
        provider=current.name,
        client_secret=item.client_secret,
        publishable_key=get_settings().stripe_publishable_key if current.name == "stripe" else None,
    )


def _earlier_request(customer: Reader | str, key: str) -> PaymentItem | None:
    payment_id = idempotency.made_with(account_of(customer), PAYMENT_REQUEST, key)
    return None if payment_id is None else payment_item(customer, payment_id)


def start(customer: Reader | str, key: str, request: StartPayment, clock: Clock) -> PaymentStarted:
    """A pending payment and the provider's intent for it; the same key returns the same one.
    The contact who starts it is its created_by."""
    customer_id, created_by = account_of(customer), creator_of(customer)
    payment = _earlier_request(customer, key)
    if payment is None:
        now = clock.now()
        requested, currency = _requested(customer_id, request.allocations, now.date().isoformat())
        payment_id = new_id(int(now.timestamp() * 1000))
        payment = PaymentItem(
            customer_key(customer_id),
            payment_key(payment_id),
            payment_id=payment_id,
            payment_number=next_number("payment", "PAY"),
            customer_id=customer_id,
            status="pending",
            method="card",
            amount=sum(int(a.amount) for a in requested),
            currency=currency,
            requested=requested,
            provider=provider().name,
            created_at=now.isoformat(),
            created_by=created_by,
            gsi3pk=None if created_by is None else payments_by(customer_id, created_by),
            gsi3sk=None if created_by is None else payment_id,
        )
        marker = idempotency.marker(customer_id, PAYMENT_REQUEST, key, payment_id, now)
        try:
            with Transaction() as transaction:
                transaction.save(marker, condition=IdempotencyItem.pk.does_not_exist())
                transaction.save(payment, condition=PaymentItem.pk.does_not_exist())
                transaction.save(RefItem(payment_key(payment_id), REF, customer_id=customer_id))
                transaction.save(
                    audit_entry(
                        "payment_started",
                        customer if isinstance(customer, Principal) else None,
                        customer_id,
                        now,
                        target=("payment", payment_id, payment.payment_number),
                        details={"amount": int(payment.amount), "currency": currency},
                    )
                )
        except TransactWriteError:
            raced = _earlier_request(customer, key)  # a retry with this key got there first
            if raced is None:
                raise
            payment = raced
    if payment.provider_ref is None:
        # The provider's own idempotency key is the payment id: a retry gets the same intent.
        intent = provider().create_intent(payment.payment_id, customer_id, int(payment.amount), payment.currency)
        owner = RefItem(f"PROVIDER#{payment.provider}#{intent.provider_ref}", REF, customer_id=customer_id)
        owner.target_id = payment.payment_id
        owner.save()
        payment.update(
            actions=[
                PaymentItem.provider_ref.set(intent.provider_ref),
                PaymentItem.client_secret.set(intent.client_secret),
            ]
        )
    return _started(payment)


def receive_event(provider_name: str, raw_body: bytes | str, signature: str | None, clock: Clock) -> str:
    """A provider's webhook: verify it, then post it once. Returns what was done."""
    current = provider()
    if provider_name != current.name:
        raise NotFound("There is no such webhook.")
    raw = raw_body.encode() if isinstance(raw_body, str) else raw_body
    event = current.parse_event(raw, signature)  # 400 when the signature is wrong
    if event.kind == "ignored":
        return "ignored"
    payment = _payment_of(current.name, event)
    if payment is None:
        return "ignored: not a portal payment"
    marker = posting.EventMarker(current.name, event.event_id)
    if event.kind == "succeeded":
        posting.settle(payment, event.amount or int(payment.amount), marker, clock)
    elif event.kind == "failed":
        failure = event.failure or "The payment did not go through."
        posting.fail(payment, failure, event.decline_code or "card_declined", marker, clock)
    else:
        posting.refund(payment, event.amount, marker, clock)
    return event.kind


def _payment_of(provider_name: str, event: ProviderEvent) -> PaymentItem | None:
    try:
        owner = RefItem.get(f"PROVIDER#{provider_name}#{event.provider_ref}", REF, consistent_read=True)
    except DoesNotExist:
        return None
    return payment_item(owner.customer_id, owner.target_id or "")


def _sandbox() -> SandboxProvider:
    current = provider()
    if not isinstance(current, SandboxProvider):
        raise NotFound("Test cards are for the sandbox only.")
    return current


def sandbox_charge(owner: Reader | str, payment_id: str, card: SandboxCard, clock: Clock) -> Payment:
    """Charge a test card: the outcome comes back as a signed webhook event, as Stripe's would."""
    sandbox = _sandbox()
    payment = payment_item(owner, payment_id)
    if payment.status not in posting.SETTLEABLE or not payment.provider_ref:
        raise Conflict(f"This payment is {payment.status}; it cannot be charged again.", code="payment_not_chargeable")
    declined = sandbox.card_outcome(card.number)
    kind = "payment_intent.payment_failed" if declined else "payment_intent.succeeded"
    failure, code = (declined.message, declined.code) if declined else (None, None)
    body, signature = sandbox.event(kind, payment.provider_ref, int(payment.amount), failure, code)
    receive_event(sandbox.name, body, signature, clock)
    return get_payment(owner, payment_id)


OFFLINE_PAYMENT = "OFFLINE"  # the Idempotency-Key kinds of what operators record
REFUND = "REFUND"


def record_offline(request: OfflinePayment, by: str, key: str, clock: Clock) -> Payment:
    """Money the business received by bank transfer or cash, settled as named or oldest first;
    once per Idempotency-Key (a retry answers with the payment it recorded)."""
    customer_id = request.customer_id
    require_customer(customer_id)
    now = clock.now()
    earlier = idempotency.made_with(customer_id, OFFLINE_PAYMENT, key)
    if earlier is not None:
        return get_payment(customer_id, earlier)
    requested: list[Allocation] = []
    if request.allocations:
        requested, currency = _requested(customer_id, request.allocations, now.date().isoformat())
        if currency != request.currency:
            raise Conflict(
                f"The invoices are in {currency}; the payment is in {request.currency}.",
                code="payment_currency_mismatch",
                values={"invoice_currency": currency, "payment_currency": request.currency},
            )
        if sum(int(a.amount) for a in requested) > request.amount:
            raise InvalidRequest(
                "The amounts given to invoices add up to more than the payment.", code="allocations_exceed_payment"
            )
    payment_id = new_id(int(now.timestamp() * 1000))
    payment = PaymentItem(
        customer_key(customer_id),
        payment_key(payment_id),
        payment_id=payment_id,
        payment_number=next_number("payment", "PAY"),
        customer_id=customer_id,
        status="succeeded",
        method=request.method,
        amount=request.amount,
        currency=request.currency,
        requested=requested,
        reference=request.reference,
        created_at=now.isoformat(),
    )
    once = idempotency.marker(customer_id, OFFLINE_PAYMENT, key, payment_id, now)
    made = posting.settle(payment, request.amount, None, clock, new=True, once=once)
    return get_payment(customer_id, made or payment_id)


def refund(payment_id: str, amount: int, key: str, clock: Clock) -> Payment:
    """Give money back: card payments through the provider (posted when its event comes),
    offline ones at once. Once per Idempotency-Key: a retry answers with the payment as it is."""
    customer_id = owner_of(payment_id)
    done = idempotency.marker(customer_id, REFUND, f"{payment_id}#{key}", payment_id, clock.now())
    if idempotency.made_by(done) is not None:
        return get_payment(customer_id, payment_id)
    payment = payment_item(customer_id, payment_id)
    if payment.status != "succeeded":
        raise Conflict(
            f"This payment is {payment.status}; only a posted payment can be refunded.", code="payment_not_refundable"
        )
    refundable = int(payment.amount) - int(payment.refunded)
    if amount > refundable:
        raise Conflict(
            f"At most {refundable} of this payment can still be refunded.",
            code="refund_exceeds_refundable",
            values={"refundable": money(refundable, payment.currency)},
        )
    refunded_total = int(payment.refunded) + amount
    # Two racing tries with one key refund once: the key's marker rides in the refund's
    # transaction (offline), or the provider's idempotency makes one refund of both (card),
    # whose posting waits for the provider's event; the marker is written once it is asked.
    once = f"refund-{payment_id}-{key}"
    current = provider()
    if payment.method != "card":
        posting.refund(payment, refunded_total, posting.EventMarker("offline", once), clock, done)
        return get_payment(customer_id, payment_id)
    elif isinstance(current, SandboxProvider):
        body, signature = current.event("charge.refunded", payment.provider_ref or "", refunded_total)
        receive_event(current.name, body, signature, clock)
    elif isinstance(current, StripeProvider):  # posted when Stripe's charge.refunded event comes
        current.refund(payment.provider_ref or "", amount, once)
    done.save()
    return get_payment(customer_id, payment_id)
