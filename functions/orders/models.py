"""Products, carts and orders in the portal's table."""

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from functions.core.table import Gsi1, Gsi2, PortalItem, register

PRODUCT = "PRODUCT"
CART = "CART"


def product_key(product_id: str) -> str:
    return f"PRODUCT#{product_id}"


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
    """A customer's open cart (pk CUSTOMER#id, sk CART). cart_id changes when it is submitted."""

    cart_id = UnicodeAttribute()
    note = UnicodeAttribute(default="")


@register
class CartLineItem(PortalItem):
    """One product in the cart (pk CUSTOMER#id, sk CART#LINE#product) and its price when added."""

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

    gsi1: the operator's queue per status, oldest first. gsi2: a customer's orders per status.
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
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    queue = Gsi1()
    by_status = Gsi2()


@register
class OrderRefItem(PortalItem):
    """Which customer an order belongs to (pk ORDER#id, sk REF), for the operator's routes."""

    customer_id = UnicodeAttribute()
