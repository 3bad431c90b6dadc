"""Orders: submit a reviewed cart once, follow it, page through history, move it along, reorder."""

import re
from datetime import UTC, date, datetime, time
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from functions.core import idempotency
from functions.core.audit import audit_entry
from functions.core.clock import Clock
from functions.core.counters import next_number
from functions.core.errors import Conflict, NotFound, invalid_field
from functions.core.events import outbox_event
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import encode_time, new_id
from functions.core.money import Money
from functions.core.paging import Page, decode_cursor, encode_cursor, one_read
from functions.core.principal import Principal, customer_key
from functions.core.table import Reader, account_of, cancellation_codes, contact_only, creator_of, owned_item
from functions.core.transactions import Transaction
from functions.orders import cart, spending
from functions.orders.models import (
    CartItem,
    CartLineItem,
    OrderItem,
    OrderLine,
    OrderRefItem,
    StatusChange,
    orders_by,
)
from functions.orders.schemas import (
    CartLineChange,
    CartReview,
    Change,
    Line,
    Order,
    PlacedBy,
    Reordered,
    SubmitOrder,
)

SUBMISSION = "SUBMISSION"  # the Idempotency-Key kind of order submissions
ORDER_STATUSES: tuple[str | int, ...] = (
    "awaiting_approval",
    "submitted",
    "confirmed",
    "shipped",
    "delivered",
    "cancelled",
    "declined",
)
# An order the business never saw: waiting for an account admin's approval, or declined by one.
# It is kept out of the business's queue (gsi1 holds none of them) and nothing is done with it.
BEFORE_THE_BUSINESS = frozenset({"awaiting_approval", "declined"})
QUEUE_STATUSES: tuple[str | int, ...] = tuple(s for s in ORDER_STATUSES if s not in BEFORE_THE_BUSINESS)
# status -> the statuses it may be reached from
ALLOWED_FROM = {
    "confirmed": {"submitted"},
    "shipped": {"confirmed"},
    "delivered": {"shipped"},
    "cancelled": {"submitted", "confirmed"},
}


def _order_key(order_id: str) -> str:
    return f"ORDER#{order_id}"


def to_order(item: OrderItem) -> Order:
    limit = item.spending_limit
    return Order(
        order_id=item.order_id,
        order_number=item.order_number,
        customer_id=item.customer_id,
        customer_name=item.customer_name,
        status=item.status,
        currency=item.currency,
        lines=[Line.model_validate(line.as_dict()) for line in item.lines],  # type: ignore[no-untyped-call]
        subtotal=int(item.subtotal),
        tax=int(item.tax),
        total=int(item.total),
        note=item.note,
        submitted_at=item.submitted_at,
        timeline=[Change.model_validate(change.as_dict()) for change in item.timeline],  # type: ignore[no-untyped-call]
        placed_by=PlacedBy(contact_id=item.created_by, name=item.created_by_name or "") if item.created_by else None,
        spending_limit=None if limit is None else Money(amount=int(limit), currency=item.spending_currency or ""),
    )


def status_keys(customer_id: str, status: str, order_id: str) -> dict[str, Any]:
    """The keys an order of `status` is listed by: the account's list per status (gsi2) and,
    once the business has it, the business's queue (gsi1)."""
    account = {"gsi2pk": f"{customer_key(customer_id)}#STATUS#{status}", "gsi2sk": order_id}
    if status in BEFORE_THE_BUSINESS:
        return account
    return {"gsi1pk": f"ORDERS#{status}", "gsi1sk": order_id, **account}


def _creator_keys(customer_id: str, created_by: str | None, order_id: str) -> dict[str, Any]:
    """The contact's own list (gsi3): by order id, as the account's list is by its sk, so the
    date range is a key range in both. It holds every status: a contact's status filter reads
    one page of their own orders (core.paging.one_read), where the account's is a key (gsi2).
    A key per status there too would take a second index entry per order for a list that
    holds one person's orders; the page costs one read either way."""
    if created_by is None:
        return {}
    return {"created_by": created_by, "gsi3pk": orders_by(customer_id, created_by), "gsi3sk": order_id}


def _existing_submission(owner: Reader | str, key: str) -> Order | None:
    order_id = idempotency.made_with(account_of(owner), SUBMISSION, key)
    return None if order_id is None else get_order(owner, order_id)


def _what_stops(reviewed: CartReview) -> str:
    """Why a reviewed cart cannot be ordered, in English for the message (pages say it from the lines)."""
    gone = [line.name for line in reviewed.lines if not line.available]
    if not reviewed.lines:
        return "it is empty."
    return f"no longer available: {', '.join(gone)}; remove them to submit the order."


def submit(customer: Principal, idempotency_key: str, request: SubmitOrder, clock: Clock) -> Order:
    """Turn the contact's reviewed cart into an order, once: the same key returns the same order.

    The account's name (as the session read it) is kept on the order, so the operator's queue
    names it without reading each customer; the contact who submits it is its created_by, and
    their name is kept for the admin who may approve it. A buyer's order above their spending
    limit (orders.spending) waits for an admin as awaiting_approval; any other is submitted."""
    customer_id = customer.account_id
    earlier = _existing_submission(customer, idempotency_key)
    if earlier is not None:
        return earlier
    reviewed = cart.review(customer)
    problem = None
    if reviewed.cart_id != request.cart_id:
        problem = Conflict("This cart was already submitted or has changed. Review it again.", code="cart_changed")
    elif not reviewed.can_submit:
        message = f"This cart cannot be ordered: {_what_stops(reviewed)}"
        problem = Conflict(message, code="cart_not_orderable" if reviewed.lines else "cart_empty")
    elif reviewed.total != request.expected_total:
        problem = Conflict(
            f"The total changed since your review (now {reviewed.total}, not {request.expected_total}). "
            "Review the cart again.",
            code="cart_total_changed",
        )
    if problem is not None:
        # A retry with this key may have submitted the cart since we looked: that is no problem.
        already = _existing_submission(customer, idempotency_key)
        if already is not None:
            return already
        raise problem
    now = clock.now()
    order_id = new_id(int(now.timestamp() * 1000))
    currency = reviewed.currency or ""
    limit = spending.limit_of(customer)
    held = spending.needs_approval(limit, reviewed.total, currency)
    status = "awaiting_approval" if held else "submitted"
    created_by = creator_of(customer)
    kept = {"product_id", "name", "quantity", "unit_price", "tax_rate", "line_total", "line_tax"}
    lines = [OrderLine(**line.model_dump(include=kept)) for line in reviewed.lines]  # type: ignore[no-untyped-call]
    order = OrderItem(
        customer_key(customer_id),
        _order_key(order_id),
        order_id=order_id,
        order_number=next_number("order", "ORD"),
        customer_id=customer_id,
        customer_name=customer.account_name,
        status=status,
        currency=currency,
        lines=lines,
        subtotal=reviewed.subtotal,
        tax=reviewed.tax,
        total=reviewed.total,
        note=reviewed.note,
        submitted_at=now.isoformat(),
        timeline=[StatusChange(status=status, at=now.isoformat(), by="customer")],  # type: ignore[no-untyped-call]
        created_by_name=customer.name if created_by else None,
        spending_limit=limit.amount if held and limit else None,
        spending_currency=limit.currency if held and limit else None,
        **status_keys(customer_id, status, order_id),
        **_creator_keys(customer_id, created_by, order_id),
    )
    event = _submission_event(order, now)
    submission = idempotency.marker(customer_id, SUBMISSION, idempotency_key, order_id, now)
    try:
        with Transaction() as transaction:
            transaction.save(submission, condition=IdempotencyItem.pk.does_not_exist())
            transaction.update(
                CartItem(*cart.header_key(customer)),
                actions=[CartItem.cart_id.set(new_id()), CartItem.note.set("")],
                condition=CartItem.cart_id == request.cart_id,
            )
            transaction.save(order, condition=OrderItem.pk.does_not_exist())
            transaction.save(OrderRefItem(_order_key(order_id), "REF", customer_id=customer_id))
            for line in reviewed.lines:
                transaction.delete(CartLineItem(*cart.line_key(customer, line.product_id)))
            transaction.save(event)
            transaction.save(
                audit_order("order_submitted" if status != "awaiting_approval" else "order_held", customer, order, now)
            )
    except TransactWriteError as exc:
        # Someone else used this key meanwhile (a retry racing the first try): that order stands.
        raced = _existing_submission(customer, idempotency_key)
        if raced is not None:
            return raced
        # pynamodb sends deletes and puts before updates: the cart's update, the one update, is last.
        if cancellation_codes(exc)[-1:] == ["ConditionalCheckFailed"]:
            raise Conflict(
                "This cart was already submitted. Review your cart again.", code="cart_already_submitted"
            ) from exc
        raise Conflict(
            "Your cart changed while it was being submitted. Review it again.", code="cart_changed_meanwhile"
        ) from exc
    return to_order(order)


def audit_order(action: str, actor: Principal | None, order: OrderItem, now: datetime) -> Any:
    """The audit entry of what someone did to an order, for the transaction that does it."""
    return audit_entry(
        action,
        actor,
        order.customer_id,
        now,
        target=("order", order.order_id, order.order_number),
        details={"total": int(order.total), "currency": order.currency},
    )


def _submission_event(order: OrderItem, now: datetime) -> Any:
    """order.submitted for the business and its buyer; order.awaiting_approval for the account's
    admins. That one names the buyer but carries no created_by: the buyer is not told that
    their own order awaits their approval (notifications.audience tells the creator)."""
    numbers = {"order_id": order.order_id, "order_number": order.order_number}
    if order.status == "awaiting_approval":
        return outbox_event(
            "order.awaiting_approval",
            now,
            order.customer_id,
            **numbers,
            total=int(order.total),
            currency=order.currency,
            placed_by=order.created_by_name or "",
        )
    return outbox_event("order.submitted", now, order.customer_id, **numbers, created_by=order.created_by)


def order_item(owner: Reader | str, order_id: str) -> OrderItem:
    key = customer_key(account_of(owner)), _order_key(order_id)
    return owned_item(OrderItem, *key, owner, "There is no such order.")


def get_order(owner: Reader | str, order_id: str) -> Order:
    """One of this account's orders (for a contact who sees only their own, one of theirs);
    anyone else's is 'no such order'."""
    return to_order(order_item(owner, order_id))


def owner_of(order_id: str) -> str:
    try:
        return OrderRefItem.get(_order_key(order_id), "REF", consistent_read=True).customer_id
    except DoesNotExist as exc:
        raise NotFound("There is no such order.") from exc


def _bound(day: str | None, end: bool) -> str | None:
    """The smallest (or largest) order id of a day, for a key range."""
    if day is None:
        return None
    field = "to" if end else "from"
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
        raise invalid_field(field, "not_a_date", "Dates are written YYYY-MM-DD.")
    try:
        moment = datetime.combine(date.fromisoformat(day), time.max if end else time.min, tzinfo=UTC)
        millis = int(moment.timestamp() * 1000)
    except (ValueError, OverflowError) as exc:
        raise invalid_field(field, "not_a_date", "Dates are written YYYY-MM-DD.") from exc
    millis = min(max(millis, 0), 2**48 - 1)  # what an id's 48 time bits can hold
    return encode_time(millis) + ("Z" * 16 if end else "0" * 16)


def history(
    owner: Reader | str, status: str | None, since: str | None, until: str | None, cursor: str | None, limit: int
) -> Page[Order]:
    """Newest first; one query whatever the number of past orders. A contact who sees only
    their own reads their key (gsi3), never the account's."""
    customer_id = account_of(owner)
    low, high = _bound(since, False) or "0" * 26, _bound(until, True) or "Z" * 26
    start = decode_cursor(cursor)
    results: Any
    if status is not None and status not in ORDER_STATUSES:
        raise invalid_field(
            "status", "not_allowed", "status must be one of the order statuses.", choices=list(ORDER_STATUSES)
        )
    contact = contact_only(owner)
    if contact is not None:
        results = OrderItem.by_contact.query(
            orders_by(customer_id, contact),
            OrderItem.gsi3sk.between(low, high),
            filter_condition=(OrderItem.status == status) if status else None,
            scan_index_forward=False,
            page_size=limit,
            last_evaluated_key=start,
        )
        found, next_cursor = one_read(OrderItem, results)
        return Page[Order](items=[to_order(item) for item in found], next_cursor=next_cursor)
    if status is not None:
        results = OrderItem.by_status.query(
            f"{customer_key(customer_id)}#STATUS#{status}",
            OrderItem.gsi2sk.between(low, high),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=start,
        )
    else:
        results = OrderItem.query(
            customer_key(customer_id),
            OrderItem.sk.between(_order_key(low), _order_key(high)),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=start,
        )
    items = [to_order(cast(OrderItem, item)) for item in results]
    return Page[Order](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def latest_orders(owner: Reader | str, limit: int) -> list[Order]:
    """A customer's newest orders (at most `limit`), with their status as it is now: one query."""
    return history(owner, None, None, None, None, limit).items


def queue(status: str, cursor: str | None, limit: int) -> Page[Order]:
    """The operator's queue for one status, oldest first: never an order awaiting an account
    admin's approval or declined by one, which the business never saw."""
    if status not in QUEUE_STATUSES:
        raise invalid_field(
            "status", "not_allowed", "status must be one of the order statuses.", choices=list(QUEUE_STATUSES)
        )
    results = OrderItem.queue.query(f"ORDERS#{status}", limit=limit, last_evaluated_key=decode_cursor(cursor))
    items = [to_order(cast(OrderItem, item)) for item in results]
    return Page[Order](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def move(owner: Reader | str, order_id: str, to: str, actor: Principal, clock: Clock, **details: str | None) -> Order:
    """Move an order to `to` if its current status allows it; otherwise 409. Emits an event.
    `actor`: the customer's contact (who may only cancel) or the operator."""
    by = "customer" if actor.kind == "customer" else f"staff:{actor.principal_id}"
    customer_id = account_of(owner)
    order = order_item(owner, order_id)
    now = clock.now()
    change = StatusChange(status=to, at=now.isoformat(), by=by, **details)  # type: ignore[no-untyped-call]
    keys = status_keys(customer_id, to, order_id)
    shown = {name: value for name, value in details.items() if value}  # carrier, tracking, reason
    events = [
        outbox_event(
            f"order.{to}",
            now,
            customer_id,
            order_id=order_id,
            order_number=order.order_number,
            created_by=order.created_by,  # its buyer is told, whatever their role or scope now
            **shown,
        )
    ]
    if to == "confirmed":
        # Payments picks this up and issues the invoice for the order.
        events.append(outbox_event("invoice.requested", now, customer_id, order_id=order_id, total=int(order.total)))
    try:
        with Transaction() as transaction:
            transaction.update(
                order,
                actions=[
                    OrderItem.status.set(to),
                    OrderItem.timeline.set(OrderItem.timeline.append([change])),
                    OrderItem.gsi1pk.set(keys["gsi1pk"]),
                    OrderItem.gsi2pk.set(keys["gsi2pk"]),
                ],
                condition=OrderItem.status.is_in(*ALLOWED_FROM[to]),
            )
            for event in events:
                transaction.save(event)
            transaction.save(audit_order(f"order_{to}", actor, order, now))
    except TransactWriteError as exc:
        current = order_item(customer_id, order_id).status
        raise Conflict(f"An order that is {current} cannot become {to}.", code="order_status_change_refused") from exc
    return get_order(customer_id, order_id)


def reorder(owner: Reader, order_id: str, clock: Clock) -> Reordered:
    """Put a past order's products back in the contact's cart, at today's prices."""
    past = order_item(owner, order_id)
    in_cart = {line.product_id: int(line.quantity) for line in cart.cart_lines(owner)}
    unavailable = []
    for line in past.lines:
        quantity = min(int(line.quantity) + in_cart.get(str(line.product_id), 0), 999)
        try:
            cart.change_line(owner, CartLineChange(product_id=str(line.product_id), quantity=quantity), clock)
        except (NotFound, Conflict):
            unavailable.append(str(line.name))
    return Reordered(cart=cart.review(owner), unavailable=unavailable)
