"""A contact whose scope is "mine" sees only the items they created: their own orders, tickets,
chats, bookings and payments, read from a key of their own; a colleague's by its id is a 404,
as another account's is. A contact who sees "all" sees everyone's, and what the business made
in the account's name. Through the API, on moto."""

from dataclasses import dataclass
from typing import Any

import pytest

from functions.core.principal import customer_key
from functions.core.summary import SummaryItem, creator_key
from functions.orders.models import OrderItem
from functions.tickets.models import TICKET, TicketItem, ticket_key
from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_payments import GOOD_CARD
from tests.functional.visitor import Visitor

ALL_DAY = {day: [{"opens": "00:00", "closes": "23:45"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@dataclass(frozen=True)
class Colleagues:
    """Two admins of Dana's account: Dana sees all its items, Mia only the ones she made."""

    dana: Visitor
    mia: Visitor


def invite_mine(client: EdgeClient, outbox: Outbox, admin: Visitor, name: str, email: str) -> Visitor:
    """A contact the admin invites, who sees only what they create, signed in."""
    body = {"name": name, "email": email, "role": "admin", "scope": "mine"}
    invited = admin.create("/customers/contacts", body)
    assert invited.status_code == 201, invited.json_body
    assert invited.json_body["status"] == "active", invited.json_body
    contact = Visitor(client)
    contact.sign_in(email, outbox)
    return contact


@pytest.fixture
def colleagues(client: EdgeClient, dana: Visitor, outbox: Outbox) -> Colleagues:
    return Colleagues(dana, invite_mine(client, outbox, dana, "Mia Mine", "mia@example.com"))


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


def _ids(page: Any, key: str) -> set[str]:
    return {item[key] for item in page["items"]}


# --- orders --------------------------------------------------------------------------------


@pytest.fixture
def product(operator: Visitor) -> str:
    body = {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 1400}
    return str(_ok(operator.post("/orders/operator/products", body), 201)["product_id"])


def order(customer: Visitor, product_id: str) -> str:
    """One order of one product, from the account's cart."""
    _ok(customer.post("/orders/cart/lines", {"product_id": product_id, "quantity": 1}))
    review = _ok(customer.get("/orders/cart"))
    made = customer.create("/orders", {"cart_id": review["cart_id"], "expected_total": review["total"]})
    return str(_ok(made, 201)["order_id"])


def test_a_mine_contact_lists_and_opens_only_their_own_orders(colleagues: Colleagues, product: str) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    danas, mias = order(dana, product), order(mia, product)

    assert _ids(_ok(mia.get("/orders")), "order_id") == {mias}
    assert _ids(_ok(mia.get("/orders?status=submitted")), "order_id") == {mias}
    assert _ok(mia.get("/orders?status=cancelled"))["items"] == []
    assert _ids(_ok(dana.get("/orders")), "order_id") == {danas, mias}
    assert _ids(_ok(dana.get("/orders?status=submitted")), "order_id") == {danas, mias}
    assert _ok(dana.get(f"/orders/{mias}"))["order_id"] == mias
    for refused in (
        mia.get(f"/orders/{danas}"),
        mia.post(f"/orders/{danas}/cancel", {"reason": "not mine"}),
        mia.post(f"/orders/{danas}/reorder"),
    ):
        assert refused.status_code == 404, refused.json_body
        assert refused.json_body["error"]["message"] == "There is no such order."
    # A ticket cannot point at it either: a colleague's order is no order of hers.
    ticket = {"kind": "question", "subject": "Where?", "description": "…", "link": {"type": "order", "id": danas}}
    assert mia.create("/tickets", ticket).status_code == 404
    assert _ok(dana.get(f"/orders/{danas}"))["status"] == "submitted"


def test_an_order_from_before_contacts_were_recorded_is_the_accounts(colleagues: Colleagues, product: str) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    older = order(dana, product)
    # As stored before an order named who submitted it: no created_by, no key of a contact.
    OrderItem(customer_key("demo"), f"ORDER#{older}").update(
        actions=[OrderItem.created_by.remove(), OrderItem.gsi3pk.remove(), OrderItem.gsi3sk.remove()]
    )

    assert _ids(_ok(dana.get("/orders")), "order_id") == {older}
    assert _ok(dana.get(f"/orders/{older}"))["order_id"] == older
    assert _ok(mia.get("/orders"))["items"] == []
    assert mia.get(f"/orders/{older}").status_code == 404


# --- tickets and chats ---------------------------------------------------------------------


def ticket(customer: Visitor, subject: str) -> str:
    body = {"kind": "question", "subject": subject, "description": "Please tell us."}
    return str(_ok(customer.create("/tickets", body), 201)["ticket_id"])


def test_a_mine_contact_lists_and_opens_only_their_own_tickets(colleagues: Colleagues) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    danas, mias = ticket(dana, "Dana's question"), ticket(mia, "Mia's question")

    assert _ids(_ok(mia.get("/tickets")), "ticket_id") == {mias}
    assert _ids(_ok(mia.get("/tickets?status=open")), "ticket_id") == {mias}
    assert _ids(_ok(dana.get("/tickets")), "ticket_id") == {danas, mias}
    assert _ok(dana.get(f"/tickets/{mias}"))["ticket"]["subject"] == "Mia's question"
    for refused in (
        mia.get(f"/tickets/{danas}"),
        mia.post(f"/tickets/{danas}/replies", {"body": "Me too"}),
        mia.post(f"/tickets/{danas}/close"),
        mia.post(f"/tickets/{danas}/rating", {"score": 1}),
    ):
        assert refused.status_code == 404, refused.json_body
        assert refused.json_body["error"]["message"] == "There is no such ticket."
    assert _ok(dana.get(f"/tickets/{danas}"))["ticket"]["status"] == "open"


def _open_tickets(customer: Visitor) -> int:
    return int(_ok(customer.get("/notifications/dashboard"))["open_tickets"])


def test_a_mine_contacts_dashboard_counts_only_their_own_open_tickets(
    colleagues: Colleagues, people: dict[str, str], dynamodb_calls: DynamoDBCalls
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    ticket(dana, "Dana's first")
    danas = ticket(dana, "Dana's second")
    mias, older = ticket(mia, "Mia's"), ticket(mia, "Mia's older")
    # As stored when it was opened before each opener's own count was kept: in the account's only.
    mia_id = _ok(mia.get("/auth/session"))["person"]["principal_id"]
    TicketItem(ticket_key(older), TICKET).update(actions=[TicketItem.creator_counted.remove()])
    SummaryItem(*creator_key(people["demo"], mia_id)).update(actions=[SummaryItem.open_tickets.add(-1)])

    counted = (_open_tickets(mia), _open_tickets(dana))
    _ok(mia.post(f"/tickets/{older}/close"))  # not in her count: closing it takes nothing from it
    _ok(dana.post(f"/tickets/{danas}/close"))
    after_closing = (_open_tickets(mia), _open_tickets(dana))
    _ok(mia.post(f"/tickets/{mias}/close"))

    assert counted == (1, 4)  # hers; the account's
    assert after_closing == (1, 2)
    assert (_open_tickets(mia), _open_tickets(dana)) == (0, 1)
    # Her own count is read with the account's: the same calls as a colleague who sees all.
    mine, all_of_them = (dynamodb_calls.of_page(who, "/notifications/dashboard") for who in (mia, dana))
    assert mine == all_of_them


def test_each_contact_has_their_own_chat_and_a_mine_contact_cannot_open_a_colleagues(
    colleagues: Colleagues,
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    mias = _ok(mia.post("/tickets/chats"), 201)["chat_id"]
    danas = _ok(dana.post("/tickets/chats"), 201)["chat_id"]

    assert danas != mias  # a chat is one person's conversation, not the account's
    assert _ok(mia.post("/tickets/chats"), 201)["chat_id"] == mias  # hers is still open
    for refused in (
        mia.get(f"/tickets/chats/{danas}/messages?since=0"),
        mia.post(f"/tickets/chats/{danas}/messages", {"body": "Hello?"}),
        mia.post(f"/tickets/chats/{danas}/end"),
        mia.post(f"/tickets/chats/{danas}/ticket"),
    ):
        assert refused.status_code == 404, refused.json_body
    assert _ok(dana.get(f"/tickets/chats/{mias}/messages?since=0"))["chat"]["status"] == "waiting"
    assert _ok(dana.get(f"/tickets/chats/{danas}/messages?since=0"))["chat"]["status"] == "waiting"


# --- bookings ------------------------------------------------------------------------------


@pytest.fixture
def free_times(operator: Visitor) -> tuple[str, list[str]]:
    """A bookable service and its free times."""
    settings = _ok(operator.get("/bookings/operator/bookings/settings"))
    change = {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 1, "horizon_days": 14}
    _ok(operator.call("PUT", "/bookings/operator/bookings/settings", settings | change))
    service = _ok(operator.post("/bookings/operator/services", {"name": "Consultation", "duration_minutes": 30}), 201)
    days = _ok(operator.get(f"/bookings/operator/services/{service['service_id']}/slots"))["days"]
    return service["service_id"], [slot["starts_at"] for day in days for slot in day["slots"]]


def book(customer: Visitor, service_id: str, starts_at: str) -> str:
    return str(_ok(customer.post("/bookings", {"service_id": service_id, "starts_at": starts_at}), 201)["booking_id"])


def test_a_mine_contact_lists_and_changes_only_their_own_bookings(
    colleagues: Colleagues, free_times: tuple[str, list[str]]
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    service_id, free = free_times
    danas, mias = book(dana, service_id, free[10]), book(mia, service_id, free[20])
    # Moved, Mia's booking stays in her list, under its new time.
    assert _ok(mia.post(f"/bookings/{mias}/reschedule", {"starts_at": free[30]}))["starts_at"] == free[30]

    upcoming = _ok(mia.get("/bookings?when=upcoming"))["items"]
    assert [(b["booking_id"], b["starts_at"]) for b in upcoming] == [(mias, free[30])]
    assert _ok(mia.get("/bookings?when=past"))["items"] == []
    assert [b["booking_id"] for b in _ok(dana.get("/bookings"))["items"]] == [danas, mias]
    assert _ok(dana.get(f"/bookings/{mias}"))["booking_id"] == mias
    for refused in (
        mia.get(f"/bookings/{danas}"),
        mia.post(f"/bookings/{danas}/reschedule", {"starts_at": free[40]}),
        mia.post(f"/bookings/{danas}/cancel", {"reason": "not mine"}),
    ):
        assert refused.status_code == 404, refused.json_body
        assert refused.json_body["error"]["message"] == "There is no such booking."
    assert _ok(dana.get(f"/bookings/{danas}"))["status"] == "confirmed"


# --- payments ------------------------------------------------------------------------------


@pytest.fixture
def invoice(operator: Visitor, people: dict[str, str]) -> str:
    line = {"description": "Repair", "quantity": 1, "unit_price": 10000, "tax_rate": 0}
    body = {"customer_id": people["demo"], "currency": "EUR", "lines": [line]}
    return str(_ok(operator.create("/payments/operator/invoices", body), 201)["invoice_id"])


def pay(customer: Visitor, invoice_id: str, amount: int) -> str:
    started = customer.create("/payments", {"allocations": [{"invoice_id": invoice_id, "amount": amount}]})
    return str(_ok(started, 201)["payment"]["payment_id"])


def test_a_mine_contact_lists_and_opens_only_the_payments_they_started(
    colleagues: Colleagues, invoice: str, operator: Visitor, people: dict[str, str]
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    danas, mias = pay(dana, invoice, 1000), pay(mia, invoice, 2000)
    transfer = {"customer_id": people["demo"], "amount": 500, "currency": "EUR", "method": "bank_transfer"}
    # The business records it: the account's, no contact's.
    received = _ok(operator.create("/payments/operator/payments", transfer | {"reference": "TR-1"}), 201)

    assert _ids(_ok(mia.get("/payments")), "payment_id") == {mias}
    assert _ids(_ok(dana.get("/payments")), "payment_id") == {danas, mias, received["payment_id"]}
    assert _ok(dana.get(f"/payments/{mias}"))["amount"] == 2000
    for refused in (
        mia.get(f"/payments/{danas}"),
        mia.get(f"/payments/{danas}/receipt"),
        mia.get(f"/payments/{received['payment_id']}"),
        mia.post(f"/payments/{danas}/sandbox-charge", GOOD_CARD),
    ):
        assert refused.status_code == 404, refused.json_body
        assert refused.json_body["error"]["message"] == "There is no such payment."


# --- what a page costs ---------------------------------------------------------------------


def test_a_mine_contacts_lists_cost_the_calls_the_accounts_lists_cost(
    colleagues: Colleagues, product: str, dynamodb_calls: DynamoDBCalls
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    for customer in (dana, mia, dana):
        order(customer, product)
        ticket(customer, "A question")

    for path in ("/orders", "/orders?status=submitted", "/tickets", "/tickets?status=open", "/bookings", "/payments"):
        mine, all_of_them = dynamodb_calls.of_page(mia, path), dynamodb_calls.of_page(dana, path)
        assert mine == all_of_them, path
        assert mine.count("Query") == 2, (path, mine)  # the session's check and the page, one each


def test_a_mine_contacts_list_pages_on_within_their_own(colleagues: Colleagues, product: str) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    older, _, newer = order(mia, product), order(dana, product), order(mia, product)

    first = _ok(mia.get("/orders?limit=1"))
    second = _ok(mia.get(f"/orders?limit=1&cursor={first['next_cursor']}"))

    assert [o["order_id"] for o in first["items"] + second["items"]] == [newer, older]
    # Her cursor is hers: a colleague who sees all cannot read on from it.
    assert dana.get(f"/orders?limit=1&cursor={first['next_cursor']}").status_code == 400
