"""Products, carts and orders in the portal's table."""

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from functions.core.principal import customer_key
from functions.core.table import Gsi1, Gsi2, Gsi3, PortalItem, register

PRODUCT = "PRODUCT"


def product_key(product_id: str) -> str:
    return f"PRODUCT#{product_id}"


def cart_key(contact_id: str) -> str:
    """The sort key of one contact's cart on an account: each buyer of a company fills their own.

    (Carts were once the account's, sk CART and CART#LINE#<product>: those are left as they
    are, read by nothing; a cart is a draft, and its lines are the contact's to add again.)"""
    return f"CART#{contact_id}"


def cart_lines_prefix(contact_id: str) -> str:
    return f"CART#{contact_id}#LINE#"


def cart_line_key(contact_id: str, product_id: str) -> str:
    return f"{cart_lines_prefix(contact_id)}{product_id}"


def orders_by(customer_id: str, contact_id: str) -> str:
    """gsi3 partition of the orders one contact of an account submitted, newest first."""
    return f"{customer_key(customer_id)}#ORDERS#BY#{contact_id}"


def catalogue_partition(active: bool) -> str:
    return "CATALOGUE#active" if active else "CATALOGUE#inactive"


@register
class ProductItem(PortalItem):
    """A product of the catalogue (pk PRODUCT#id, sk PRODUCT); listed by name in gsi1."""

    product_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    price = NumberAttribute()  # minor units
    currency = UnicodeAttribute()
    tax_rate = NumberAttribute()  # basis points: 2400 = 24 %
    available = BooleanAttribute(default=True)
    active = BooleanAttribute(default=True)
    image_url = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_name = Gsi1()


@register
class CartItem(PortalItem):
    """A contact's open cart on an account (pk CUSTOMER#account, sk CART#contact). cart_id
    changes when it is submitted."""

    cart_id = UnicodeAttribute()
    note = UnicodeAttribute(default="")


@register
class CartLineItem(PortalItem):
    """One product in a contact's cart (pk CUSTOMER#account, sk CART#contact#LINE#product) and
    its price when added."""

    product_id = UnicodeAttribute()
    quantity = NumberAttribute()
    price_when_added = NumberAttribute()
    added_at = UnicodeAttribute()


class OrderLine(MapAttribute[str, object]):
    product_id = UnicodeAttribute()
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price = NumberAttribute()
    tax_rate = NumberAttribute()
    line_total = NumberAttribute()
    line_tax = NumberAttribute()


class StatusChange(MapAttribute[str, object]):
    status = UnicodeAttribute()
    at = UnicodeAttribute()
    by = UnicodeAttribute()
    carrier = UnicodeAttribute(null=True)
    tracking = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)


@register
class OrderItem(PortalItem):
    """An order (pk CUSTOMER#id, sk ORDER#order_id): newest first by its time-sortable id.

    gsi1: the operator's queue per status, oldest first; an order the business never saw
    (awaiting an admin's approval, or declined by one) has none. gsi2: a customer's orders per
    status.
    gsi3: the orders one contact submitted (created_by), newest first, for a contact who sees
    only their own; an order from before contacts were recorded has neither (the account's).
    """

    order_id = UnicodeAttribute()
    order_number = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    # The customer's name when they submitted it, so the operator's queue names them without a
    # read per order (orders stored before it was kept have none).
    customer_name = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    currency = UnicodeAttribute()
    lines = ListAttribute(of=OrderLine)
    subtotal = NumberAttribute()
    tax = NumberAttribute()
    total = NumberAttribute()
    note = UnicodeAttribute(default="")
    submitted_at = UnicodeAttribute()
    timeline = ListAttribute(of=StatusChange)
    created_by = UnicodeAttribute(null=True)  # the contact who submitted it
    created_by_name = UnicodeAttribute(null=True)  # their name then, for the admin who approves
    # The buyer's limit the order was above (or in another currency than), when it waited for
    # an admin's approval (orders.approval).
    spending_limit = NumberAttribute(null=True)
    spending_currency = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    queue = Gsi1()
    by_status = Gsi2()
    by_contact = Gsi3()


@register
class OrderRefItem(PortalItem):
    """Which customer an order belongs to (pk ORDER#id, sk REF), for the operator's routes."""

    customer_id = UnicodeAttribute()
