"""Catalogue, cart, review, submission, tracking, history and reorder, through the API on moto."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from functions.core import clients, table
from functions.core.clock import SystemClock
from functions.core.errors import Conflict
from functions.core.events import OutboxEvent
from functions.core.principal import principal_by_id
from functions.orders import service
from functions.orders.models import OrderItem
from functions.orders.schemas import SubmitOrder
from tests.functional.visitor import Visitor


@pytest.fixture
def products(operator: Visitor) -> dict[str, str]:
    """Three products; name -> id."""
    made = {}
    for name, price, tax in (("Coffee beans", 1250, 1400), ("Mug", 900, 2550), ("Grinder", 4990, 2550)):
        reply = operator.post(
            "/orders/operator/products", {"name": name, "price": price, "currency": "EUR", "tax_rate": tax}
        )
        assert reply.status_code == 201, reply.json_body
        made[name] = reply.json_body["product_id"]
    return made


def _events() -> list[OutboxEvent]:
    """Every event in the outbox (a test may scan; the app never does)."""
    return list(OutboxEvent.scan(OutboxEvent.pk.startswith("OUTBOX#")))


def _submit(customer: Visitor, key: str) -> Any:
    review = customer.get("/orders/cart").json_body
    return customer.call(
        "POST",
        "/orders",
        {"cart_id": review["cart_id"], "expected_total": review["total"]},
        headers={"Idempotency-Key": key},
    )


def test_the_catalogue_lists_active_products_by_name(
    dana: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    operator.post(f"/orders/operator/products/{products['Mug']}/deactivate")

    ours = set(products)
    names = [p["name"] for p in dana.get("/orders/catalogue?limit=100").json_body["items"] if p["name"] in ours]
    found = [p["name"] for p in dana.get("/orders/catalogue?search=gri").json_body["items"]]

    assert names == ["Coffee beans", "Grinder"]
    assert found == ["Grinder"]


def test_a_price_sent_by_the_client_is_ignored(dana: Visitor, products: dict[str, str]) -> None:
    reply = dana.post(
        "/orders/cart/lines", {"product_id": products["Grinder"], "quantity": 2, "price": 1, "unit_price": 1}
    )

    (line,) = reply.json_body["lines"]
    assert (line["unit_price"], line["line_total"]) == (4990, 9980)
    assert reply.json_body["total"] == 9980 + 2545  # 25.5 % of 99.80, rounded per line


def test_the_review_shows_lines_tax_per_rate_and_total(dana: Visitor, products: dict[str, str]) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Coffee beans"], "quantity": 3})
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    dana.call("PUT", "/orders/cart/note", {"note": "Leave at the back door"})

    review = dana.get("/orders/cart").json_body

    assert [(t["tax_rate"], t["taxable"], t["tax"]) for t in review["taxes"]] == [(1400, 3750, 525), (2550, 900, 230)]
    assert (review["subtotal"], review["tax"], review["total"]) == (4650, 755, 5405)
    assert review["note"] == "Leave at the back door"
    assert review["can_submit"] is True
    assert "changes" not in review  # what changed is in the lines; the page says it


def test_the_review_says_when_a_price_changed_and_submission_needs_the_new_total(
    dana: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 2})
    seen = dana.get("/orders/cart").json_body
    operator.patch(f"/orders/operator/products/{products['Mug']}", {"price": 1100})

    review = dana.get("/orders/cart").json_body
    stale = dana.call(
        "POST",
        "/orders",
        {"cart_id": seen["cart_id"], "expected_total": seen["total"]},
        headers={"Idempotency-Key": "stale-total-1"},
    )

    assert review["lines"][0]["price_changed"] is True
    assert review["lines"][0]["price_when_added"] == 900
    assert review["lines"][0]["unit_price"] == 1100
    assert stale.status_code == 409
    assert stale.json_body["error"]["code"] == "cart_total_changed"
    assert _submit(dana, "fresh-total-1").status_code == 201


def test_twenty_concurrent_submits_with_one_key_make_one_order(
    dana: Visitor, products: dict[str, str], people: dict[str, str], atomic_aws_calls: None
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Coffee beans"], "quantity": 1})
    review = dana.get("/orders/cart").json_body
    request = SubmitOrder(cart_id=review["cart_id"], expected_total=review["total"])
    signed_in = principal_by_id(people["demo"])
    assert signed_in is not None
    dana_for_demo = signed_in.acting_for(people["demo"])  # the contact, for their own cart
    orders: list[str] = []
    refusals: list[Exception] = []

    def submit() -> None:
        try:  # the service itself: chalice's test client serves one request at a time
            made = service.submit(dana_for_demo, "same-key-0001", request, SystemClock())
            orders.append(made.order_id)
        except Conflict as exc:
            refusals.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert refusals == []
    assert len(orders) == 20
    assert len(set(orders)) == 1
    assert [o["order_id"] for o in dana.get("/orders").json_body["items"]] == orders[:1]
    again = dana.call(
        "POST",
        "/orders",
        {"cart_id": review["cart_id"], "expected_total": review["total"]},
        headers={"Idempotency-Key": "other-key-0002"},
    )
    assert again.status_code == 409


def test_a_cart_ordered_meanwhile_under_another_key_says_so(
    dana: Visitor, products: dict[str, str], people: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two submissions of one cart race with two keys: the second's review was read before the
    first emptied the cart, so only the transaction's condition on the cart can refuse it."""
    dana.post("/orders/cart/lines", {"product_id": products["Coffee beans"], "quantity": 1})
    review = dana.get("/orders/cart").json_body
    request = SubmitOrder(cart_id=review["cart_id"], expected_total=review["total"])
    signed_in = principal_by_id(people["demo"])
    assert signed_in is not None
    dana_for_demo = signed_in.acting_for(people["demo"])
    read_before = service.cart.review(dana_for_demo)
    service.submit(dana_for_demo, "first-key-0001", request, SystemClock())
    monkeypatch.setattr(service.cart, "review", lambda owner: read_before)

    with pytest.raises(Conflict) as refused:
        service.submit(dana_for_demo, "second-key-002", request, SystemClock())

    assert refused.value.code == "cart_already_submitted"
    assert len(dana.get("/orders").json_body["items"]) == 1


def test_an_order_gets_a_number_and_an_event_and_empties_the_cart(dana: Visitor, products: dict[str, str]) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})

    order = _submit(dana, "number-key-1").json_body

    assert order["order_number"].startswith("ORD-")
    assert order["status"] == "submitted"
    assert [c["status"] for c in order["timeline"]] == ["submitted"]
    assert dana.get("/orders/cart").json_body["lines"] == []
    events = [event for event in _events() if event.event_type == "order.submitted"]
    assert [e.customer_id for e in events] == [order["customer_id"]]


def test_without_an_idempotency_key_nothing_is_submitted(dana: Visitor, products: dict[str, str]) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    review = dana.get("/orders/cart").json_body

    reply = dana.post("/orders", {"cart_id": review["cart_id"], "expected_total": review["total"]})

    assert reply.status_code == 400
    assert dana.get("/orders").json_body["items"] == []


def test_another_customers_order_is_404_on_every_order_route(
    dana: Visitor, lea: Visitor, products: dict[str, str]
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    order_id = _submit(dana, "dana-order-1").json_body["order_id"]

    assert lea.get(f"/orders/{order_id}").status_code == 404
    assert lea.post(f"/orders/{order_id}/cancel", {"reason": "not mine"}).status_code == 404
    assert lea.post(f"/orders/{order_id}/reorder").status_code == 404
    assert lea.get("/orders").json_body["items"] == []
    assert dana.get(f"/orders/{order_id}").json_body["status"] == "submitted"


def test_the_order_moves_along_and_illegal_transitions_are_409(
    dana: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Grinder"], "quantity": 1})
    order_id = _submit(dana, "flow-key-1").json_body["order_id"]

    early = operator.post(f"/orders/operator/orders/{order_id}/ship", {"carrier": "Posti", "tracking": "JJFI123"})
    queue = operator.get("/orders/operator/orders?status=submitted").json_body["items"]
    operator.post(f"/orders/operator/orders/{order_id}/confirm")
    shipped = operator.post(f"/orders/operator/orders/{order_id}/ship", {"carrier": "Posti", "tracking": "JJFI123"})
    customer_cancel = dana.post(f"/orders/{order_id}/cancel", {"reason": "changed my mind"})
    operator.post(f"/orders/operator/orders/{order_id}/deliver")
    late_cancel = operator.post(f"/orders/operator/orders/{order_id}/cancel", {"reason": "too late"})

    assert early.status_code == 409
    assert [o["order_id"] for o in queue] == [order_id]
    assert shipped.json_body["timeline"][-1]["tracking"] == "JJFI123"
    assert customer_cancel.status_code == 409
    assert late_cancel.status_code == 409
    timeline = dana.get(f"/orders/{order_id}").json_body["timeline"]
    assert [c["status"] for c in timeline] == ["submitted", "confirmed", "shipped", "delivered"]
    types = sorted(event.event_type for event in _events())
    assert types == ["invoice.requested", "order.confirmed", "order.delivered", "order.shipped", "order.submitted"]


@pytest.fixture
def dynamodb_operations(settings_env: dict[str, str]) -> Iterator[list[str]]:
    """The DynamoDB operations called while the test runs, in order (as test_call_counts counts)."""
    operations: list[str] = []

    def record(model: Any, **_: Any) -> None:
        operations.append(model.name)

    session = clients.botocore_session()
    table.reset_connections()  # a client takes the session's hooks when it is made
    clients.reset()
    session.register("before-call.dynamodb", record)
    yield operations
    session.unregister("before-call.dynamodb", record)
    table.reset_connections()
    clients.reset()


def test_the_queue_names_each_customer_without_reading_them(
    dana: Visitor, lea: Visitor, operator: Visitor, products: dict[str, str], dynamodb_operations: list[str]
) -> None:
    for n, customer in enumerate((dana, lea, dana)):
        customer.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
        assert _submit(customer, f"named-key-{n}").status_code == 201
    renamed = dana.patch("/customers/profile", {"name": "Dana Renamed"})  # orders keep the name they were placed with

    operator.get("/orders/operator/orders?status=submitted")  # the portal's settings, read once and kept
    dynamodb_operations.clear()
    queue = operator.get("/orders/operator/orders?status=submitted").json_body["items"]

    assert renamed.status_code == 200, renamed.json_body
    assert [o["customer_name"] for o in queue] == ["Dana Demo", "Léa Martin", "Dana Demo"]
    assert dynamodb_operations == ["GetItem", "Query"]  # who is asking, then the queue: no read per order
    mine = dana.get("/orders").json_body["items"]
    assert {o["customer_name"] for o in mine} == {"Dana Demo"}
    assert lea.get("/orders").json_body["items"][0]["customer_name"] == "Léa Martin"


def test_an_order_stored_before_names_were_kept_has_none(
    dana: Visitor, operator: Visitor, products: dict[str, str], people: dict[str, str]
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    order_id = _submit(dana, "older-key-1").json_body["order_id"]
    stored = OrderItem.get(f"CUSTOMER#{people['demo']}", f"ORDER#{order_id}")
    stored.update(actions=[OrderItem.customer_name.remove()])  # as an order stored before it was kept

    queue = operator.get("/orders/operator/orders?status=submitted").json_body["items"]

    assert [(o["order_id"], o["customer_name"]) for o in queue] == [(order_id, None)]
    assert dana.get(f"/orders/{order_id}").json_body["customer_name"] is None


def test_the_customer_cancels_while_submitted(dana: Visitor, products: dict[str, str]) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    order_id = _submit(dana, "cancel-key-1").json_body["order_id"]

    cancelled = dana.post(f"/orders/{order_id}/cancel", {"reason": "ordered twice"})

    assert cancelled.json_body["status"] == "cancelled"
    assert cancelled.json_body["timeline"][-1]["reason"] == "ordered twice"
    assert [o["order_id"] for o in dana.get("/orders?status=cancelled").json_body["items"]] == [order_id]
    assert dana.get("/orders?status=submitted").json_body["items"] == []


def test_history_pages_stay_stable_while_new_orders_arrive(dana: Visitor, products: dict[str, str]) -> None:
    ids = []
    for n in range(5):
        dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
        ids.append(_submit(dana, f"history-key-{n}").json_body["order_id"])

    first = dana.get("/orders?limit=2").json_body
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 1})
    _submit(dana, "history-key-new")
    second = dana.get(f"/orders?limit=2&cursor={first['next_cursor']}").json_body
    third = dana.get(f"/orders?limit=2&cursor={second['next_cursor']}").json_body

    seen = [o["order_id"] for o in first["items"] + second["items"] + third["items"]]
    assert seen == list(reversed(ids))
    assert dana.get("/orders?from=2000-01-01&to=2000-12-31").json_body["items"] == []
    assert dana.get("/orders?from=yesterday").status_code == 400


def test_reorder_uses_todays_prices_and_names_what_is_gone(
    dana: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    dana.post("/orders/cart/lines", {"product_id": products["Mug"], "quantity": 2})
    dana.post("/orders/cart/lines", {"product_id": products["Grinder"], "quantity": 1})
    order = _submit(dana, "reorder-key-1").json_body
    operator.post(f"/orders/operator/products/{products['Grinder']}/deactivate")
    operator.patch(f"/orders/operator/products/{products['Mug']}", {"price": 950})

    reordered = dana.post(f"/orders/{order['order_id']}/reorder").json_body

    assert reordered["unavailable"] == ["Grinder"]
    in_cart = [(line["name"], line["quantity"], line["unit_price"]) for line in reordered["cart"]["lines"]]
    assert in_cart == [("Mug", 2, 950)]
    past = dana.get(f"/orders/{order['order_id']}").json_body
    assert {(line["name"], line["unit_price"]) for line in past["lines"]} == {("Mug", 900), ("Grinder", 4990)}


def test_customers_cannot_manage_the_catalogue(dana: Visitor) -> None:
    reply = dana.post("/orders/operator/products", {"name": "Free", "price": 0, "currency": "EUR", "tax_rate": 0})

    assert reply.status_code == 403
