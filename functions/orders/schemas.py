"""What the orders API accepts and returns. Amounts are minor units in the order's currency."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictBool

from functions.core.contact import MultiLine, OneLine, PersonName
from functions.core.money import Amount, Currency, Money, Price, TaxRate
from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.paging import PageQuery
from functions.core.schemas import Changes, Day, Form, Text
from functions.core.shape import Schema

# An https address with a plain host name (a picture on the business's own site or CDN).
IMAGE_URL_PATTERN = r"^https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$"
# Constraints inside the types, so they also hold (and show in the OpenAPI document) when a
# field is optional: pydantic does not carry Field(ge=...) into an "X | None" schema.
Quantity = Annotated[int, Field(ge=0, le=999), NUMBER_NOT_TEXT]
Description = Annotated[str, MultiLine(2000, blank=True)]
ImageUrl = Annotated[str, Field(max_length=500, pattern=IMAGE_URL_PATTERN)]
# awaiting_approval and declined: a buyer's order above their spending limit, before (or
# instead of) reaching the business (docs/orders.md); the business's queue has the others.
OrderStatus = Literal["awaiting_approval", "submitted", "confirmed", "shipped", "delivered", "cancelled", "declined"]
QueueStatus = Literal["submitted", "confirmed", "shipped", "delivered", "cancelled"]
ProductSearch = Annotated[str, Field(max_length=254)]


class NewProduct(Form):
    name: PersonName
    description: Description = ""
    price: Price
    currency: Currency
    tax_rate: TaxRate
    available: StrictBool = True
    image_url: ImageUrl | None = None


class ProductChanges(Changes):
    """An operator's edit of a product."""

    name: PersonName | None = None
    description: Description | None = None
    price: Price | None = None
    tax_rate: TaxRate | None = None
    available: StrictBool | None = None
    image_url: ImageUrl | None = None


class Product(Schema):
    product_id: str
    name: str
    description: str = ""
    price: int
    currency: str
    tax_rate: int
    available: bool
    active: bool
    image_url: str | None = None


class ProductPage(Schema):
    items: list[Product]
    next_cursor: str | None


class CatalogueQuery(PageQuery):
    search: ProductSearch | None = Field(default=None, description="The start of a product's name.")


class ProductListQuery(CatalogueQuery):
    listing: Literal["active", "inactive"] = Field(default="active", description="On sale, or taken off sale.")


class CartLineChange(Schema):
    """Add a product or set its quantity (0 removes it). Any price sent along is ignored."""

    model_config = ConfigDict(extra="ignore")

    product_id: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Z]+$")
    quantity: Quantity


class CartNote(Schema):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, MultiLine(1000, blank=True)]


class ReviewLine(Schema):
    product_id: str
    name: str
    quantity: int
    unit_price: int
    line_total: int
    tax_rate: int
    line_tax: int
    price_when_added: int
    price_changed: bool
    available: bool


class TaxLine(Schema):
    tax_rate: int
    taxable: int
    tax: int


class CartReview(Schema):
    """The cart as it would be ordered now; each line says whether its price changed since it was
    added (`price_when_added`, `price_changed`) and whether it can still be ordered."""

    cart_id: str
    currency: str | None
    lines: list[ReviewLine]
    taxes: list[TaxLine]
    subtotal: int
    tax: int
    total: int
    note: str
    can_submit: bool


class SubmitOrder(Schema):
    model_config = ConfigDict(extra="forbid")

    cart_id: str = Field(min_length=1, max_length=40, pattern=r"^[0-9A-Z]+$", description="The cart that was reviewed.")
    expected_total: Amount = Field(description="The total the customer saw; a different one is refused.")


class Change(Schema):
    status: str
    at: str
    carrier: str | None = None
    tracking: str | None = None
    reason: str | None = None


class Line(Schema):
    product_id: str
    name: str
    quantity: int
    unit_price: int
    tax_rate: int
    line_total: int
    line_tax: int


class PlacedBy(Schema):
    contact_id: str
    name: str = Field(description="The contact's name when they submitted the order.")


class Order(Schema):
    order_id: str
    order_number: str
    customer_id: str
    customer_name: str | None = Field(
        description="The customer's name when the order was submitted; null for orders stored before it was kept."
    )
    status: OrderStatus
    currency: str
    lines: list[Line]
    subtotal: int
    tax: int
    total: int
    note: str
    submitted_at: str
    timeline: list[Change]
    placed_by: PlacedBy | None = Field(
        default=None, description="The contact who submitted it; null for orders from before contacts were recorded."
    )
    spending_limit: Money | None = Field(
        default=None,
        description="The buyer's spending limit the order was above (or in another currency than) when it "
        "was put to an account admin's approval; null for an order that never waited.",
    )


class OrderPage(Schema):
    items: list[Order]
    next_cursor: str | None


class OrderHistoryQuery(PageQuery):
    status: OrderStatus | None = None
    from_: Day | None = Field(default=None, alias="from", description="Orders placed on this day or later.")
    to: Day | None = Field(default=None, description="Orders placed on this day or earlier.")


class OrderQueueQuery(PageQuery):
    status: QueueStatus = "submitted"


class Shipment(Form):
    carrier: Annotated[str, OneLine(80)]
    tracking: Annotated[str, OneLine(120)]


class OrderCancellation(Form):
    reason: Text


class OrderDecline(Form):
    """An account admin's no to an order awaiting approval; the buyer is told."""

    reason: Text | None = None


class Reordered(Schema):
    cart: CartReview
    unavailable: list[str] = Field(description="Names of products that can no longer be ordered.")
