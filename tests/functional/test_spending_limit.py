"""A buyer's order above their spending limit (or in another currency than it) waits for an
account admin: the business does not see it until an admin approves it, and never if one
declines it. Through the API, on moto, with the relay and the consumer run as the stack runs
them.

Dana (the demo's one-person account, admin) adds Bob, a buyer with a limit of 50 EUR per
order; Léa is another account's admin.
"""

from typing import Any

import boto3
import pytest

from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.test_notifications import Pipeline
from tests.functional.visitor import Visitor

LIMIT = {"amount": 5000, "currency": "EUR"}


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


def _refused(reply: Any, status: int, code: str) -> dict[str, Any]:
    assert reply.status_code == status, reply.json_body
    assert reply.json_body["error"]["code"] == code, reply.json_body
    return dict(reply.json_body["error"])


@pytest.fixture
def products(operator: Visitor) -> dict[str, str]:
    """Tax-free, so that a product's price is the order's total: name -> id."""
    made = {}
    for name, price, currency in (("Forty", 4000, "EUR"), ("Eighty", 8000, "EUR"), ("Dollars", 1000, "USD")):
        body = {"name": name, "price": price, "currency": currency, "tax_rate": 0}
        made[name] = _ok(operator.post("/orders/operator/products", body), 201)["product_id"]
    return made


def add_contact(client: EdgeClient, outbox: Outbox, admin: Visitor, name: str, **extra: Any) -> Visitor:
    email = f"{name.split()[0].lower()}@example.com"
    body = {"name": name, "email": email, "role": "buyer", **extra}
    assert _ok(admin.create("/customers/contacts", body), 201)["status"] == "active"
    contact = Visitor(client)
    contact.sign_in(email, outbox)
    return contact


@pytest.fixture
def bob(client: EdgeClient, outbox: Outbox, dana: Visitor) -> Visitor:
    return add_contact(client, outbox, dana, "Bob Buyer", spending_limit=LIMIT)


def order(customer: Visitor, product_id: str) -> dict[str, Any]:
    _ok(customer.post("/orders/cart/lines", {"product_id": product_id, "quantity": 1}))
    return dict(_ok(customer.create("/orders", _review(customer)), 201))


def _review(customer: Visitor) -> dict[str, Any]:
    review = _ok(customer.get("/orders/cart"))
    return {"cart_id": review["cart_id"], "expected_total": review["total"]}


def queued(operator: Visitor) -> set[str]:
    """The orders in the business's queue of submitted orders."""
    return {o["order_id"] for o in _ok(operator.get("/orders/operator/orders?status=submitted"))["items"]}


def _titles(contact: Visitor) -> list[str]:
    return [entry["title"] for entry in _ok(contact.get("/notifications"))["items"]]


def test_an_order_within_the_limit_is_submitted_one_above_it_awaits_an_admin(
    bob: Visitor, dana: Visitor, operator: Visitor, products: dict[str, str], pipeline: Pipeline
) -> None:
    within = order(bob, products["Forty"])
    above = order(bob, products["Eighty"])
    pipeline.run()

    assert within["status"] == "submitted"
    assert within["spending_limit"] is None
    assert above["status"] == "awaiting_approval"
    assert above["spending_limit"] == LIMIT
    assert above["placed_by"]["name"] == "Bob Buyer"
    assert [change["status"] for change in above["timeline"]] == ["awaiting_approval"]
    assert queued(operator) == {within["order_id"]}  # the business sees only the one within
    assert [o["order_id"] for o in _ok(dana.get("/orders?status=awaiting_approval"))["items"]] == [above["order_id"]]
    assert [o["order_id"] for o in _ok(bob.get("/orders?status=awaiting_approval"))["items"]] == [above["order_id"]]
    assert f"Order {above['order_number']} awaits your approval" in _titles(dana)
    assert _titles(bob) == [f"Order {within['order_number']} received"]  # his waiting one: not "received"
    # Nothing the business does moves it meanwhile.
    _refused(operator.post(f"/orders/operator/orders/{above['order_id']}/confirm"), 409, "order_status_change_refused")
    _refused(operator.get("/orders/operator/orders?status=awaiting_approval"), 400, "invalid_query")


def test_only_an_admin_of_the_account_approves_and_then_the_business_sees_it(
    bob: Visitor, dana: Visitor, lea: Visitor, operator: Visitor, products: dict[str, str], pipeline: Pipeline
) -> None:
    above = order(bob, products["Eighty"])
    approve = f"/orders/{above['order_id']}/approve"

    refusal = _refused(bob.post(approve), 403, "role_not_allowed")
    assert refusal["values"] == {"role": "admin", "yours": "buyer"}
    _refused(lea.post(approve), 404, "not_found")  # another account's admin: no such order
    approved = _ok(dana.post(approve))
    again = _ok(dana.post(approve))
    pipeline.run()

    assert approved["status"] == "submitted"
    assert [change["status"] for change in approved["timeline"]] == ["awaiting_approval", "submitted"]
    assert again == approved  # approving twice answers the same, and moves nothing
    assert queued(operator) == {above["order_id"]}
    assert _titles(bob) == [f"Order {above['order_number']} received"]  # told once, when approved
    _ok(operator.post(f"/orders/operator/orders/{above['order_id']}/confirm"))  # now the business's
    _refused(dana.post(f"/orders/{above['order_id']}/decline", {}), 409, "order_not_awaiting_approval")


def test_a_declined_order_never_reaches_the_business_and_its_buyer_is_told(
    bob: Visitor, dana: Visitor, operator: Visitor, products: dict[str, str], pipeline: Pipeline
) -> None:
    above = order(bob, products["Eighty"])
    decline = f"/orders/{above['order_id']}/decline"

    _refused(bob.post(decline, {}), 403, "role_not_allowed")
    declined = _ok(dana.post(decline, {"reason": "Eighty is too many beans"}))
    again = _ok(dana.post(decline, {}))
    pipeline.run()

    assert declined["status"] == "declined"
    assert declined["timeline"][-1]["reason"] == "Eighty is too many beans"
    assert again == declined
    seen_by_bob = _ok(bob.get(f"/orders/{above['order_id']}"))
    assert seen_by_bob["status"] == "declined"
    assert [o["order_id"] for o in _ok(bob.get("/orders?status=declined"))["items"]] == [above["order_id"]]
    assert _titles(bob) == [f"Order {above['order_number']} not approved"]
    assert above["order_id"] not in queued(operator)
    assert _ok(operator.get("/orders/operator/orders?status=cancelled"))["items"] == []
    _refused(dana.post(f"/orders/{above['order_id']}/approve"), 409, "order_not_awaiting_approval")


def test_an_order_in_another_currency_than_the_limit_waits(
    bob: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    dollars = order(bob, products["Dollars"])  # 10 USD: under 50, but not in euros

    assert dollars["status"] == "awaiting_approval"
    assert dollars["spending_limit"] == LIMIT
    assert dollars["order_id"] not in queued(operator)


def test_an_admin_and_a_buyer_without_a_limit_order_freely(
    client: EdgeClient, outbox: Outbox, dana: Visitor, bob: Visitor, operator: Visitor, products: dict[str, str]
) -> None:
    carl = add_contact(client, outbox, dana, "Carl Free")
    mine = order(dana, products["Eighty"])
    his = order(carl, products["Eighty"])

    assert (mine["status"], his["status"]) == ("submitted", "submitted")
    assert queued(operator) == {mine["order_id"], his["order_id"]}
    # A normal submission did not wait: there is nothing to approve.
    _refused(dana.post(f"/orders/{his['order_id']}/approve"), 409, "order_not_awaiting_approval")


def test_each_buyer_fills_a_cart_of_their_own(bob: Visitor, dana: Visitor, products: dict[str, str]) -> None:
    _ok(bob.post("/orders/cart/lines", {"product_id": products["Forty"], "quantity": 2}))
    _ok(dana.post("/orders/cart/lines", {"product_id": products["Eighty"], "quantity": 1}))

    bobs, danas = _ok(bob.get("/orders/cart")), _ok(dana.get("/orders/cart"))

    assert [(line["name"], line["quantity"]) for line in bobs["lines"]] == [("Forty", 2)]
    assert [(line["name"], line["quantity"]) for line in danas["lines"]] == [("Eighty", 1)]
    assert bobs["cart_id"] != danas["cart_id"]
    made = _ok(bob.create("/orders", _review(bob)), 201)
    assert made["placed_by"]["name"] == "Bob Buyer"
    assert _ok(bob.get("/orders/cart"))["lines"] == []
    assert [line["name"] for line in _ok(dana.get("/orders/cart"))["lines"]] == ["Eighty"]  # hers stays
