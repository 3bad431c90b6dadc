"""Catalogue, cart and orders for customers; products and the order queue for operators."""

from typing import Any

from functions.core.clock import SystemClock
from functions.core.errors import Conflict, InvalidRequest
from functions.core.http import Routes, endpoint, idempotency_key, query_params
from functions.core.paging import page_size
from functions.core.principal import Principal
from functions.orders import cart, catalogue, service
from functions.orders.schemas import (
    CartLineChange,
    CartNote,
    CartReview,
    NewProduct,
    Order,
    OrderCancellation,
    OrderPage,
    Product,
    ProductChanges,
    ProductPage,
    Reordered,
    Shipment,
    SubmitOrder,
)

orders_api = Routes(__name__, tag="orders", part="orders")
clock = SystemClock()


def _query() -> Any:
    return query_params(orders_api)


def _search(params: Any) -> str | None:
    search = params.get("search")
    if search and len(search) > 254:
        raise InvalidRequest("search can be at most 254 characters.")
    return str(search) if search else None


# --- customers -----------------------------------------------------------------------------


@endpoint(
    orders_api,
    "/catalogue",
    "GET",
    summary="Products on sale, by name",
    reply=ProductPage,
    query=("search", "cursor", "limit"),
    access="customer",
    tag="orders",
)
def browse_catalogue(principal: Principal) -> ProductPage:
    params = _query()
    page = catalogue.browse(_search(params), params.get("cursor"), page_size(params.get("limit")))
    return ProductPage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    orders_api, "/cart", "GET", summary="My cart, priced today", reply=CartReview, access="customer", tag="orders"
)
def my_cart(principal: Principal) -> CartReview:
    return cart.review(principal.principal_id)


@endpoint(
    orders_api,
    "/cart/lines",
    "POST",
    summary="Add a product or set its quantity (0 removes it)",
    body=CartLineChange,
    reply=CartReview,
    errors=(404, 409),
    access="customer",
    tag="orders",
)
def change_cart(body: CartLineChange, principal: Principal) -> CartReview:
    return cart.change_line(principal.principal_id, body, clock)


@endpoint(
    orders_api,
    "/cart/note",
    "PUT",
    summary="The delivery note",
    body=CartNote,
    reply=CartReview,
    access="customer",
    tag="orders",
)
def cart_note(body: CartNote, principal: Principal) -> CartReview:
    return cart.set_note(principal.principal_id, body.note)


@endpoint(
    orders_api,
    "/",
    "POST",
    summary="Submit the reviewed cart (once per Idempotency-Key)",
    body=SubmitOrder,
    reply=Order,
    status=201,
    errors=(409,),
    access="customer",
    tag="orders",
    headers=("Idempotency-Key",),
)
def submit_order(body: SubmitOrder, principal: Principal) -> Order:
    return service.submit(principal.principal_id, idempotency_key(orders_api), body, clock)


@endpoint(
    orders_api,
    "/",
    "GET",
    summary="My orders, newest first",
    reply=OrderPage,
    query=("status", "from", "to", "cursor", "limit"),
    access="customer",
    tag="orders",
)
def my_orders(principal: Principal) -> OrderPage:
    params = _query()
    page = service.history(
        principal.principal_id,
        params.get("status"),
        params.get("from"),
        params.get("to"),
        params.get("cursor"),
        page_size(params.get("limit")),
    )
    return OrderPage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    orders_api,
    "/{order_id}",
    "GET",
    summary="One of my orders, with its timeline",
    reply=Order,
    errors=(404,),
    access="customer",
    tag="orders",
)
def my_order(order_id: str, principal: Principal) -> Order:
    return service.get_order(principal.principal_id, order_id)


@endpoint(
    orders_api,
    "/{order_id}/cancel",
    "POST",
    summary="Cancel my order while it is submitted",
    body=OrderCancellation,
    reply=Order,
    errors=(404, 409),
    access="customer",
    tag="orders",
)
def cancel_my_order(order_id: str, body: OrderCancellation, principal: Principal) -> Order:
    order = service.get_order(principal.principal_id, order_id)
    if order.status != "submitted":
        raise Conflict("Only an order that is still submitted can be cancelled here; contact us.")
    return service.move(principal.principal_id, order_id, "cancelled", "customer", clock, reason=body.reason)


@endpoint(
    orders_api,
    "/{order_id}/reorder",
    "POST",
    summary="Put this order's products back in my cart",
    reply=Reordered,
    errors=(404,),
    access="customer",
    tag="orders",
)
def reorder(order_id: str, principal: Principal) -> Reordered:
    return service.reorder(principal.principal_id, order_id, clock)


# --- operators -----------------------------------------------------------------------------


@endpoint(
    orders_api,
    "/operator/products",
    "GET",
    summary="Products on sale, by name (or ?listing=inactive)",
    reply=ProductPage,
    query=("search", "cursor", "limit", "listing"),
    access="staff",
    tag="catalogue",
)
def list_products(principal: Principal) -> ProductPage:
    params = _query()
    listing = params.get("listing", "active")
    if listing not in {"active", "inactive"}:
        raise InvalidRequest("listing is active or inactive.")
    active = listing == "active"
    page = catalogue.browse(_search(params), params.get("cursor"), page_size(params.get("limit")), active=active)
    return ProductPage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    orders_api,
    "/operator/products",
    "POST",
    summary="Publish a product",
    body=NewProduct,
    reply=Product,
    status=201,
    access="staff",
    tag="catalogue",
)
def create_product(body: NewProduct, principal: Principal) -> Product:
    return catalogue.create_product(body, clock)


@endpoint(
    orders_api,
    "/operator/products/{product_id}",
    "PATCH",
    summary="Edit a product",
    body=ProductChanges,
    reply=Product,
    errors=(404,),
    access="staff",
    tag="catalogue",
)
def edit_product(product_id: str, body: ProductChanges, principal: Principal) -> Product:
    return catalogue.update_product(product_id, body, clock)


@endpoint(
    orders_api,
    "/operator/products/{product_id}/deactivate",
    "POST",
    summary="Take a product off sale",
    reply=Product,
    errors=(404,),
    access="staff",
    tag="catalogue",
)
def deactivate_product(product_id: str, principal: Principal) -> Product:
    return catalogue.set_active(product_id, False, clock)


@endpoint(
    orders_api,
    "/operator/orders",
    "GET",
    summary="The order queue for a status, oldest first",
    reply=OrderPage,
    query=("status", "cursor", "limit"),
    access="staff",
    tag="orders",
)
def order_queue(principal: Principal) -> OrderPage:
    params = _query()
    page = service.queue(params.get("status", "submitted"), params.get("cursor"), page_size(params.get("limit")))
    return OrderPage(items=page.items, next_cursor=page.next_cursor)


def _move(order_id: str, to: str, principal: Principal, **details: str | None) -> Order:
    return service.move(service.owner_of(order_id), order_id, to, f"staff:{principal.principal_id}", clock, **details)


@endpoint(
    orders_api,
    "/operator/orders/{order_id}/confirm",
    "POST",
    summary="Confirm (the invoice follows)",
    reply=Order,
    errors=(404, 409),
    access="staff",
    tag="orders",
)
def confirm_order(order_id: str, principal: Principal) -> Order:
    return _move(order_id, "confirmed", principal)


@endpoint(
    orders_api,
    "/operator/orders/{order_id}/ship",
    "POST",
    summary="Shipped, with carrier and tracking",
    body=Shipment,
    reply=Order,
    errors=(404, 409),
    access="staff",
    tag="orders",
)
def ship_order(order_id: str, body: Shipment, principal: Principal) -> Order:
    return _move(order_id, "shipped", principal, carrier=body.carrier, tracking=body.tracking)


@endpoint(
    orders_api,
    "/operator/orders/{order_id}/deliver",
    "POST",
    summary="Delivered",
    reply=Order,
    errors=(404, 409),
    access="staff",
    tag="orders",
)
def deliver_order(order_id: str, principal: Principal) -> Order:
    return _move(order_id, "delivered", principal)


@endpoint(
    orders_api,
    "/operator/orders/{order_id}/cancel",
    "POST",
    summary="Cancel, with a reason",
    body=OrderCancellation,
    reply=Order,
    errors=(404, 409),
    access="staff",
    tag="orders",
)
def cancel_order(order_id: str, body: OrderCancellation, principal: Principal) -> Order:
    return _move(order_id, "cancelled", principal, reason=body.reason)
