"""The orders domain's part of erasing a person (core.erasure): orders stay, the business's
record of what was sold, with the person's name replaced where it was copied; their carts go.

- an account that is the person: each order's customer_name (the account's name, which is
  theirs) becomes ERASED_PERSON;
- on every account of theirs: the orders they placed (gsi3, their own key) lose the
  created_by_name copied for the admin who approves, and their cart (header and lines) is
  deleted: a draft, theirs alone. An account that is the person also loses the cart of
  before contacts (sk CART, CART#LINE#...), which was theirs too.
Any text of those orders that writes the person's name, e-mail or mobile (a note, a reason)
is scrubbed the same way.
"""

from typing import Any

from pynamodb.expressions.update import Action

from functions.core.erasure import ERASED_PERSON, StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    AnyItem,
    LastKey,
    Walk,
    Walked,
    delete_items,
    first_page,
    mentions,
    rewrite,
    scrubbed,
    sort_key,
    walk_step,
)
from functions.core.principal import customer_key
from functions.orders.models import CartItem, OrderItem, cart_key, cart_lines_prefix, orders_by

ORDER_PREFIX = "ORDER#"
OLD_CART, OLD_CART_LINES = "CART", "CART#LINE#"  # the account's cart of before contacts


def _order_changes(order: OrderItem, subject: Subject, own: bool) -> list[Action]:
    actions: list[Action] = []
    if own and order.customer_name not in (None, ERASED_PERSON):
        actions.append(OrderItem.customer_name.set(ERASED_PERSON))
    if order.created_by == subject.contact_id and order.created_by_name not in (None, ERASED_PERSON):
        actions.append(OrderItem.created_by_name.set(ERASED_PERSON))
    if mentions(order.note, subject):
        actions.append(OrderItem.note.set(scrubbed(order.note, subject)))
    if any(mentions(change.reason, subject) for change in order.timeline):
        for change in order.timeline:  # a decline's reason, written by an admin or the business
            change.reason = scrubbed(change.reason, subject) if change.reason else change.reason
        actions.append(OrderItem.timeline.set(order.timeline))
    return actions


def _own_orders(subject: Subject, account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = OrderItem.query(
            customer_key(account_id),
            OrderItem.sk.startswith(ORDER_PREFIX),
            page_size=size,
            last_evaluated_key=after,
            consistent_read=True,
        )
        raw, last = first_page(query)
        for order in map(OrderItem.from_raw_data, raw):
            rewrite(order, _order_changes(order, subject, own=True))
        return Walked(after=last)

    return Walk(page)


def _orders_placed(subject: Subject, account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = OrderItem.by_contact.query(
            orders_by(account_id, subject.contact_id), page_size=size, last_evaluated_key=after
        )
        raw, last = first_page(query)
        for order in map(OrderItem.from_raw_data, raw):
            rewrite(order, _order_changes(order, subject, own=account_id in subject.own_account_ids))
        return Walked(after=last)

    return Walk(page)


def _is_theirs(sk: str, subject: Subject, own: bool) -> bool:
    """A cart item of this person: their header or a line of it (never a colleague's whose id
    merely starts like theirs), or the old account cart on an account that is them."""
    if sk == cart_key(subject.contact_id) or sk.startswith(cart_lines_prefix(subject.contact_id)):
        return True
    return own and (sk == OLD_CART or sk.startswith(OLD_CART_LINES))


def _carts(subject: Subject, account_id: str, size: int) -> Walk:
    own = account_id in subject.own_account_ids
    # On an account that is the person, the old cart's keys start "CART" too; elsewhere only
    # their own cart is read.
    prefix = OLD_CART if own else cart_key(subject.contact_id)

    def page(after: LastKey | None) -> Walked:
        query = CartItem.query(
            customer_key(account_id),
            CartItem.sk.startswith(prefix),
            page_size=size,
            last_evaluated_key=after,
            consistent_read=True,
            attributes_to_get=["pk", "sk"],
        )
        raw, last = first_page(query)
        theirs: list[Any] = [
            AnyItem(customer_key(account_id), sort_key(item))
            for item in raw
            if _is_theirs(sort_key(item), subject, own)
        ]
        delete_items(theirs)
        return Walked(after=last)

    return Walk(page)


def erase_orders(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the person's orders and carts: names replaced, carts deleted."""
    walks = [
        *(_own_orders(subject, account_id, page_size) for account_id in subject.own_account_ids),
        *(_orders_placed(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_carts(subject, account_id, page_size) for account_id in subject.account_ids),
    ]
    return walk_step(walks, cursor)
