"""An account admin's decision on a buyer's order above their spending limit (orders.spending).

Approved, the order becomes submitted exactly as if the buyer's limit had allowed it: it joins
the business's queue and order.submitted is told. Declined, it never reaches the business and
its buyer is told. Each decision is one conditional write (the order still awaiting approval)
with its event, so two admins deciding at once make one decision; asking again for the
decision already made answers with the order as it is.
"""

from typing import Any

from pynamodb.exceptions import TransactWriteError

from functions.core.clock import Clock
from functions.core.errors import Conflict
from functions.core.events import outbox_event
from functions.core.principal import Principal
from functions.core.transactions import Transaction
from functions.orders import service
from functions.orders.models import OrderItem, StatusChange
from functions.orders.schemas import Order

AWAITING = "awaiting_approval"


class OrderNotAwaitingApproval(Conflict):
    code = "order_not_awaiting_approval"


def _waited(order: OrderItem) -> bool:
    return any(change.status == AWAITING for change in order.timeline)


def _already(order: OrderItem, decision: str) -> Order:
    """The order, if `decision` (submitted or declined) was already made on it; else 409."""
    approved = decision == "submitted" and order.status not in service.BEFORE_THE_BUSINESS
    if _waited(order) and (approved or order.status == decision == "declined"):
        return service.to_order(order)
    if not _waited(order):
        raise OrderNotAwaitingApproval("This order did not wait for an approval.")
    raise OrderNotAwaitingApproval(f"This order is {order.status.replace('_', ' ')}: it no longer awaits approval.")


def _decide(admin: Principal, order_id: str, decision: str, event: str, clock: Clock, reason: str | None) -> Order:
    order = service.order_item(admin, order_id)
    if order.status != AWAITING:
        return _already(order, decision)
    customer_id = order.customer_id
    now = clock.now()
    change = StatusChange(  # type: ignore[no-untyped-call]
        status=decision, at=now.isoformat(), by=f"customer:{admin.principal_id}", reason=reason
    )
    keys = service.status_keys(customer_id, decision, order_id)
    actions: list[Any] = [
        OrderItem.status.set(decision),
        OrderItem.timeline.set(OrderItem.timeline.append([change])),
        OrderItem.gsi2pk.set(keys["gsi2pk"]),
    ]
    if "gsi1pk" in keys:  # approved: into the business's queue, in the order it was placed
        actions += [OrderItem.gsi1pk.set(keys["gsi1pk"]), OrderItem.gsi1sk.set(keys["gsi1sk"])]
    told = outbox_event(
        event,
        now,
        customer_id,
        order_id=order_id,
        order_number=order.order_number,
        created_by=order.created_by,  # the buyer who placed it
        **({"reason": reason} if reason else {}),
    )
    try:
        with Transaction() as transaction:
            transaction.update(order, actions=actions, condition=OrderItem.status == AWAITING)
            transaction.save(told)
            transaction.save(
                service.audit_order(
                    "order_approved" if decision == "submitted" else "order_declined", admin, order, now
                )
            )
    except TransactWriteError:
        now_is = service.order_item(customer_id, order_id)
        if now_is.status == AWAITING:
            raise  # not a decision made meanwhile: a failure to report
        return _already(now_is, decision)  # another admin decided meanwhile
    return service.get_order(customer_id, order_id)


def approve(admin: Principal, order_id: str, clock: Clock) -> Order:
    """Let an order awaiting approval reach the business, as submitted."""
    return _decide(admin, order_id, "submitted", "order.submitted", clock, None)


def decline(admin: Principal, order_id: str, reason: str | None, clock: Clock) -> Order:
    """Keep an order awaiting approval from the business; its buyer is told."""
    return _decide(admin, order_id, "declined", "order.declined", clock, reason)
