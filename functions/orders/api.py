"""Catalogue, cart and orders for customers; products and the order queue for operators."""

from functions.core.clock import SystemClock
from functions.core.errors import Conflict
from functions.core.http import Routes, idempotency_key
from functions.core.principal import Principal
from functions.orders import approval, cart, catalogue, service
from functions.orders.schemas import (
    CartLineChange,
    CartNote,
    CartReview,
    CatalogueQuery,
    NewProduct,
    Order,
    OrderCancellation,
    OrderDecline,
    OrderHistoryQuery,
    OrderPage,
    OrderQueueQuery,
    Product,
    ProductChanges,
    ProductListQuery,
    ProductPage,
    Reordered,
    Shipment,
    SubmitOrder,
)

orders_api = Routes(__name__, tag="orders", part="orders", access="customer")
# An admin's decision on a buyer's order above their spending limit: area account, which only
# admins change (core.roles), not buying, which the buyer shares.
approvals_api = Routes(__name__, tag="orders", part="orders", access="customer", area="account")
staff_catalogue_api = Routes(__name__, tag="catalogue", access="staff")
staff_orders_api = Routes(__name__, tag="orders", access="staff")
clock = SystemClock()


# --- customers -----------------------------------------------------------------------------


@orders_api.get("/catalogue", "Products on sale, by name")
def browse_catalogue(query: CatalogueQuery) -> ProductPage:
    page = catalogue.browse(query.search, query.cursor, query.limit)
    return ProductPage(items=page.items, next_cursor=page.next_cursor)


@orders_api.get("/cart", "My cart, priced today")
def my_cart(principal: Principal) -> CartReview:
    return cart.review(principal)


@orders_api.post("/cart/lines", "Add a product or set its quantity (0 removes it)", errors=(404, 409))
def change_cart(body: CartLineChange, principal: Principal) -> CartReview:
    return cart.change_line(principal, body, clock)


@orders_api.put("/cart/note", "The delivery note")
def cart_note(body: CartNote, principal: Principal) -> CartReview:
    return cart.set_note(principal, body.note)


@orders_api.post(
    "/",
    "Submit the reviewed cart (once per Idempotency-Key); above a buyer's limit, it awaits an admin's approval",
    status=201,
    errors=(409,),
    headers=("Idempotency-Key",),
)
def submit_order(body: SubmitOrder, principal: Principal) -> Order:
    return service.submit(principal, idempotency_key(orders_api), body, clock)


@orders_api.get("/", "My orders, newest first")
def my_orders(query: OrderHistoryQuery, principal: Principal) -> OrderPage:
    page = service.history(principal, query.status, query.from_, query.to, query.cursor, query.limit)
    return OrderPage(items=page.items, next_cursor=page.next_cursor)


@orders_api.get("/{order_id}", "One of my orders, with its timeline", errors=(404,))
def my_order(order_id: str, principal: Principal) -> Order:
    return service.get_order(principal, order_id)


@orders_api.post("/{order_id}/cancel", "Cancel my order while it is submitted", errors=(404, 409))
def cancel_my_order(order_id: str, body: OrderCancellation, principal: Principal) -> Order:
    order = service.get_order(principal, order_id)
    if order.status != "submitted":
        raise Conflict(
            "Only an order that is still submitted can be cancelled here; contact us.", code="order_not_cancellable"
        )
    return service.move(principal, order_id, "cancelled", principal, clock, reason=body.reason)


@orders_api.post("/{order_id}/reorder", "Put this order's products back in my cart", errors=(404,))
def reorder(order_id: str, principal: Principal) -> Reordered:
    return service.reorder(principal, order_id, clock)


@approvals_api.post(
    "/{order_id}/approve", "Approve an order awaiting approval: it reaches the business", errors=(404, 409)
)
def approve_order(order_id: str, principal: Principal) -> Order:
    return approval.approve(principal, order_id, clock)


@approvals_api.post("/{order_id}/decline", "Decline an order awaiting approval; its buyer is told", errors=(404, 409))
def decline_order(order_id: str, body: OrderDecline, principal: Principal) -> Order:
    return approval.decline(principal, order_id, body.reason, clock)


# --- operators -----------------------------------------------------------------------------


@staff_catalogue_api.get("/operator/products", "Products on sale, by name (or ?listing=inactive)")
def list_products(query: ProductListQuery) -> ProductPage:
    page = catalogue.browse(query.search, query.cursor, query.limit, active=query.listing == "active")
    return ProductPage(items=page.items, next_cursor=page.next_cursor)


@staff_catalogue_api.post("/operator/products", "Publish a product", status=201)
def create_product(body: NewProduct) -> Product:
    return catalogue.create_product(body, clock)


@staff_catalogue_api.patch("/operator/products/{product_id}", "Edit a product", errors=(404,))
def edit_product(product_id: str, body: ProductChanges) -> Product:
    return catalogue.update_product(product_id, body, clock)


@staff_catalogue_api.post("/operator/products/{product_id}/deactivate", "Take a product off sale", errors=(404,))
def deactivate_product(product_id: str) -> Product:
    return catalogue.set_active(product_id, False, clock)


@staff_orders_api.get("/operator/orders", "The order queue for a status, oldest first")
def order_queue(query: OrderQueueQuery) -> OrderPage:
    page = service.queue(query.status, query.cursor, query.limit)
    return OrderPage(items=page.items, next_cursor=page.next_cursor)


def _move(order_id: str, to: str, principal: Principal, **details: str | None) -> Order:
    return service.move(service.owner_of(order_id), order_id, to, principal, clock, **details)


@staff_orders_api.post("/operator/orders/{order_id}/confirm", "Confirm (the invoice follows)", errors=(404, 409))
def confirm_order(order_id: str, principal: Principal) -> Order:
    return _move(order_id, "confirmed", principal)


@staff_orders_api.post("/operator/orders/{order_id}/ship", "Shipped, with carrier and tracking", errors=(404, 409))
def ship_order(order_id: str, body: Shipment, principal: Principal) -> Order:
    return _move(order_id, "shipped", principal, carrier=body.carrier, tracking=body.tracking)


@staff_orders_api.post("/operator/orders/{order_id}/deliver", "Delivered", errors=(404, 409))
def deliver_order(order_id: str, principal: Principal) -> Order:
    return _move(order_id, "delivered", principal)


@staff_orders_api.post("/operator/orders/{order_id}/cancel", "Cancel, with a reason", errors=(404, 409))
def cancel_order(order_id: str, body: OrderCancellation, principal: Principal) -> Order:
    return _move(order_id, "cancelled", principal, reason=body.reason)
