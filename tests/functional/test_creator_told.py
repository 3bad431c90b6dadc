"""The contact who made an item is told when the business moves it, even one who sees only their
own items (scope mine): each event about an order, a ticket, a booking or a payment names its
creator (`created_by`), and notifications.audience tells them. Through the API, on moto, with
the relay and the consumer run as the stack runs them.

Dana (the demo's one-person account, admin) invites the contacts; each signs in with a code.
"""

from typing import Any

import boto3
import pytest

from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.test_notifications import Pipeline
from tests.functional.visitor import Visitor


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


def invite(client: EdgeClient, outbox: Outbox, admin: Visitor, name: str, role: str, scope: str) -> Visitor:
    """A contact the admin adds to the account, signed in."""
    email = f"{name.split()[0].lower()}@example.com"
    added = _ok(admin.create("/customers/contacts", {"name": name, "email": email, "role": role, "scope": scope}), 201)
    assert added["status"] == "active", added
    contact = Visitor(client)
    contact.sign_in(email, outbox)
    return contact


def _titles(contact: Visitor) -> list[str]:
    return [entry["title"] for entry in _ok(contact.get("/notifications"))["items"]]


def test_a_buyer_who_sees_only_her_own_orders_is_told_when_the_business_moves_hers(
    client: EdgeClient, dana: Visitor, operator: Visitor, outbox: Outbox, pipeline: Pipeline
) -> None:
    mia = invite(client, outbox, dana, "Mia Mine", "buyer", "mine")
    max_ = invite(client, outbox, dana, "Max Mine", "buyer", "mine")  # a colleague, also only his own
    product = _ok(
        operator.post("/orders/operator/products", {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 0}),
        201,
    )
    _ok(mia.post("/orders/cart/lines", {"product_id": product["product_id"], "quantity": 2}))
    order = _ok(mia.submit_cart("mias-order"), 201)
    pipeline.run()  # her submission, told before the business moves it
    told_before = _titles(mia)

    _ok(operator.post(f"/orders/operator/orders/{order['order_id']}/confirm"))
    pipeline.run()

    number = order["order_number"]
    assert told_before == [f"Order {number} received"]
    assert _titles(mia) == [f"Order {number} confirmed", f"Order {number} received"]
    assert f"Order {number} confirmed" in _titles(dana)  # the account's admin, as before
    assert _titles(max_) == []  # not his order: he could not open it


def test_a_support_contact_who_sees_only_her_own_tickets_is_told_of_the_answer_to_hers(
    client: EdgeClient, dana: Visitor, operator: Visitor, outbox: Outbox, pipeline: Pipeline
) -> None:
    sam = invite(client, outbox, dana, "Sam Mine", "support", "mine")
    sue = invite(client, outbox, dana, "Sue Mine", "support", "mine")
    body = {"kind": "question", "subject": "Opening hours", "description": "When are you open at Christmas?"}
    ticket = _ok(sam.create("/tickets", body), 201)

    answered = operator.post(
        f"/tickets/operator/tickets/{ticket['ticket_id']}/replies", {"body": "From 10 to 14 on the 24th."}
    )
    assert answered.status_code == 201, answered.json_body
    pipeline.run()

    assert _titles(sam) == [f"Answer to ticket {ticket['number']}"]
    [email] = [m for m in outbox.messages() if "sam@example.com" in m.to and ticket["number"] in m.subject]
    assert "From 10 to 14 on the 24th." in email.body
    assert _titles(sue) == []  # her colleague's ticket is not hers to hear of
