"""Live updates over the WebSocket API (docs/live.md): tickets, who hears what, at least once
and never lost, and sockets that end when who someone is changes.

The socket handlers get the events API Gateway sends; push_live gets the table's stream as
Lambda's mapping hands it over; what each socket was sent is read back from moto's management
API, which refuses closed connections as API Gateway does (tests/functional/live_sockets.py).
"""

from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.apigatewaymanagementapi.models import ApiGatewayManagementApiBackend

from functions.notifications import live as connections
from tests.functional.company import ROLE_EMAILS
from tests.functional.live_sockets import Live, Socket
from tests.functional.visitor import Visitor


def _of(socket: Socket, kind: str) -> list[dict[str, Any]]:
    return [message for message in socket.new() if message["type"] == kind]


def _chat(customer: Visitor) -> str:
    reply = customer.post("/tickets/chats")
    assert reply.status_code == 201, reply.json_body
    return str(reply.json_body["chat_id"])


def _picked(live: Live, customer: Visitor, operator: Visitor, *sockets: Socket) -> str:
    chat_id = _chat(customer)
    assert operator.post(f"/tickets/operator/chats/{chat_id}/pick").status_code == 200
    live.pump()
    for socket in sockets:
        socket.new()
    return chat_id


def _say(who: Visitor, path: str, body: str) -> None:
    reply = who.post(path, {"body": body})
    assert reply.status_code == 201, reply.json_body


# --- chat both ways, and who hears it ---------------------------------------------------------


def test_a_chat_message_crosses_to_the_operator_and_back(live: Live, dana: Visitor, operator: Visitor) -> None:
    customer, staff = live.open(dana), live.open(operator, staff=True)
    chat_id = _picked(live, dana, operator, customer, staff)

    _say(dana, f"/tickets/chats/{chat_id}/messages", "Is my order on its way?")
    live.pump()
    [said] = _of(staff, "chat.message")
    assert said["chat_id"] == chat_id
    assert said["id"] == f"{chat_id}-1"
    assert said["message"]["body"] == "Is my order on its way?"
    assert said["message"]["author_kind"] == "customer"

    _say(operator, f"/tickets/operator/chats/{chat_id}/messages", "It left today.")
    live.pump()
    lines = [m["message"]["body"] for m in _of(customer, "chat.message")]
    # Her own line comes back too (her other tabs draw it); the page drops what it drew.
    assert lines == ["Is my order on its way?", "It left today."]


def test_an_operator_picking_the_chat_up_is_told_to_the_customer(live: Live, dana: Visitor, operator: Visitor) -> None:
    customer = live.open(dana)
    chat_id = _chat(dana)
    live.pump()
    assert [m["chat"]["status"] for m in _of(customer, "chat.status")] == ["waiting"]

    assert operator.post(f"/tickets/operator/chats/{chat_id}/pick").status_code == 200
    live.pump()
    [joined] = _of(customer, "chat.status")
    assert joined["chat"]["status"] == "active"
    assert joined["chat"]["operator_name"] == "Sam Staff"
    assert joined["chat"]["offer_ticket_at"]


def test_another_accounts_contact_hears_nothing_of_a_chat(
    live: Live, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    others = live.open(lea)
    chat_id = _picked(live, dana, operator, others)

    _say(dana, f"/tickets/chats/{chat_id}/messages", "Only for Northwind")
    _say(operator, f"/tickets/operator/chats/{chat_id}/messages", "Noted")
    live.pump()
    assert others.new() == []


def test_a_contact_whose_role_does_not_read_support_hears_no_chat(
    live: Live, company: dict[str, Visitor], operator: Visitor
) -> None:
    admin, billing = company["admin"], company["billing"]
    bookkeeper, owner = live.open(billing), live.open(admin)
    chat_id = _picked(live, admin, operator, bookkeeper, owner)

    _say(operator, f"/tickets/operator/chats/{chat_id}/messages", "Hello from the business")
    live.pump()
    assert [m["message"]["body"] for m in _of(owner, "chat.message")] == ["Hello from the business"]
    assert [m["type"] for m in bookkeeper.new()] == []


def test_a_contact_who_sees_only_their_own_hears_nothing_of_a_colleagues_chat(
    live: Live, client: Any, outbox: Any, dana: Visitor, operator: Visitor
) -> None:
    from tests.functional.test_only_mine import invite_mine

    mia = invite_mine(client, outbox, dana, "Mia Mine", "mia@example.com")
    colleague, owner = live.open(mia), live.open(dana)
    chat_id = _picked(live, dana, operator, colleague, owner)

    _say(operator, f"/tickets/operator/chats/{chat_id}/messages", "For Dana")
    live.pump()
    assert [m["message"]["body"] for m in _of(owner, "chat.message")] == ["For Dana"]
    assert colleague.new() == []

    colleague.say({"action": "typing", "chat_id": chat_id})  # Dana's chat is not hers: as another account's
    assert colleague.new() == [
        {"type": "error", "id": "error-not_found", "code": "not_found", "field": "chat_id", "reason": "invalid"}
    ]
    assert owner.new() == []


def test_an_operators_socket_gets_no_customers_push(
    live: Live, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    from tests.functional.test_notifications import Pipeline

    staff, customer = live.open(operator, staff=True), live.open(dana)
    staff.new()
    customer.say({"action": "hello", "presence": True})
    customer.new()
    pipeline = Pipeline(live.aws, live.outputs, {})
    pipeline.run()
    reply = operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Your parts arrived"})
    assert reply.status_code == 201
    pipeline.run()
    live.pump()
    assert _of(customer, "unread"), "the customer's badge moved"
    told = {m["type"] for m in staff.new()}
    assert not told & {"unread", "presence", "chat.status"}, told


def test_typing_is_passed_to_the_other_side_only(live: Live, dana: Visitor, operator: Visitor) -> None:
    customer, staff = live.open(dana), live.open(operator, staff=True)
    chat_id = _picked(live, dana, operator, customer, staff)

    staff.say({"action": "typing", "chat_id": chat_id})
    [typing] = _of(customer, "chat.typing")
    assert typing == {
        "type": "chat.typing",
        "id": f"{chat_id}-typing-business",
        "chat_id": chat_id,
        "by": "business",
        "name": "Sam Staff",
    }
    assert staff.new() == []

    customer.say({"action": "typing", "chat_id": chat_id})
    assert [m["by"] for m in _of(staff, "chat.typing")] == ["customer"]
    assert customer.new() == []


def test_typing_in_another_accounts_chat_is_refused_and_tells_nobody(
    live: Live, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    customer, intruder = live.open(dana), live.open(lea)
    chat_id = _picked(live, dana, operator, customer, intruder)

    intruder.say({"action": "typing", "chat_id": chat_id})
    assert intruder.new() == [
        {"type": "error", "id": "error-not_found", "code": "not_found", "field": "chat_id", "reason": "invalid"}
    ]
    assert customer.new() == []


@pytest.mark.parametrize(
    ("said", "field", "reason"),
    [
        ("not json", "action", "not_allowed"),
        ('{"action": "shout"}', "action", "not_allowed"),
        ('{"action": "typing"}', "chat_id", "required"),
        ('{"action": "typing", "chat_id": ""}', "chat_id", "required"),
    ],
)
def test_a_message_the_socket_cannot_act_on_is_answered_with_why(
    live: Live, dana: Visitor, said: str, field: str, reason: str
) -> None:
    customer = live.open(dana)
    live.call("$default", customer.connection_id, body=said)
    [error] = customer.new()
    assert (error["type"], error["code"], error["field"], error["reason"]) == (
        "error",
        "invalid_request",
        field,
        reason,
    )


# --- presence -------------------------------------------------------------------------------


def test_presence_says_whether_an_operator_is_online_and_follows_them(
    live: Live, dana: Visitor, operator: Visitor
) -> None:
    customer = live.open(dana)
    customer.say({"action": "hello", "presence": True})
    assert [(m["type"], m["operators_online"]) for m in customer.new()] == [("hello", 0)]

    console = live.open(operator, staff=True)
    assert [m["operators_online"] for m in _of(customer, "presence")] == [1]
    second_tab = live.open(operator, staff=True)
    assert [m["operators_online"] for m in _of(customer, "presence")] == [1], "one operator, however many tabs"

    console.close()
    second_tab.close()
    assert [m["operators_online"] for m in _of(customer, "presence")] == [1, 0]


def test_a_page_that_stops_showing_presence_stops_being_told(live: Live, dana: Visitor, operator: Visitor) -> None:
    customer = live.open(dana)
    customer.say({"action": "hello", "presence": True})
    customer.say({"action": "hello", "presence": False})  # the chat page left, the socket stays
    customer.new()

    live.open(operator, staff=True)
    assert _of(customer, "presence") == []


# --- the console's counts and the customer's badge -----------------------------------------


def test_the_console_is_pushed_its_counts_as_they_change(live: Live, dana: Visitor, operator: Visitor) -> None:
    staff = live.open(operator, staff=True)
    _chat(dana)
    live.pump()
    counts = [m["counts"] for m in _of(staff, "counts")]
    assert counts[-1]["waiting_chats"] == 1
    assert counts[-1] == operator.get("/tickets/operator/counts").json_body


def test_the_customer_is_pushed_their_unread_count(
    live: Live, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    from tests.functional.test_notifications import Pipeline

    customer = live.open(dana)
    pipeline = Pipeline(live.aws, live.outputs, {})
    pipeline.run()
    assert (
        operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Your parts arrived"}).status_code
        == 201
    )
    pipeline.run()  # the consumer writes the feed entry and its unread count
    live.pump()
    badge = _of(customer, "unread")[-1]
    assert badge["unread"] == dana.get("/notifications/unread").json_body["unread"]


# --- tickets --------------------------------------------------------------------------------


def test_a_ticket_opens_one_socket_once(live: Live, dana: Visitor) -> None:
    ticket = live.ticket(dana)
    assert live.connect(ticket).status == 200
    assert live.connect(ticket).status == 401, "a second use"
    assert live.connect(None).status == 401
    assert live.connect("made-up").status == 401


def test_a_ticket_past_its_30_seconds_is_refused(live: Live, dana: Visitor, monkeypatch: pytest.MonkeyPatch) -> None:
    ticket = live.ticket(dana)
    later = connections.TICKET_SECONDS + 1
    real = connections.connect
    monkeypatch.setattr(connections, "connect", lambda cid, t, now, at: real(cid, t, now + later, at))
    assert live.connect(ticket).status == 401


def test_a_ticket_of_a_session_since_signed_out_is_refused(live: Live, dana: Visitor) -> None:
    ticket = live.ticket(dana)
    assert dana.post("/auth/logout").status_code in (200, 204)
    assert live.connect(ticket).status == 401


def test_a_ticket_needs_a_signed_in_person(visitor: Visitor, live: Live) -> None:
    visitor.get("/auth/session")
    assert visitor.post("/notifications/live/tickets").status_code == 401
    assert visitor.post("/notifications/operator/live/tickets").status_code == 401


def test_a_customer_cannot_take_the_staffs_ticket(live: Live, dana: Visitor) -> None:
    assert dana.post("/notifications/operator/live/tickets").status_code == 403


# --- at least once, and sockets that are gone -----------------------------------------------


def test_a_push_that_fails_is_handed_over_again_and_arrives(
    live: Live, dana: Visitor, operator: Visitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer, staff = live.open(dana), live.open(operator, staff=True)
    chat_id = _picked(live, dana, operator, customer, staff)
    post = ApiGatewayManagementApiBackend.post_to_connection
    failures = [1]

    def throttled_once(self: ApiGatewayManagementApiBackend, data: bytes, connection_id: str) -> None:
        if failures:
            failures.pop()
            raise ClientError({"Error": {"Code": "LimitExceededException", "Message": "slow down"}}, "Post")
        post(self, data, connection_id)

    monkeypatch.setattr(ApiGatewayManagementApiBackend, "post_to_connection", throttled_once)
    _say(dana, f"/tickets/chats/{chat_id}/messages", "Once, at least")
    live.pump()
    said = [m for m in staff.new() if m["type"] == "chat.message"]
    assert [m["id"] for m in said] == [f"{chat_id}-1"], "delivered after the failed try (the page drops repeats by id)"
    assert not failures


def test_a_socket_that_is_gone_is_forgotten(live: Live, dana: Visitor, operator: Visitor) -> None:
    customer, staff = live.open(dana), live.open(operator, staff=True)
    chat_id = _picked(live, dana, operator, customer, staff)
    live.open_ids.discard(customer.connection_id)  # its network went; no $disconnect was heard

    _say(operator, f"/tickets/operator/chats/{chat_id}/messages", "Are you there?")
    live.pump()
    assert connections.connection(customer.connection_id) is None
    assert connections.connection(staff.connection_id) is not None


def test_closing_a_socket_forgets_it(live: Live, dana: Visitor) -> None:
    customer = live.open(dana)
    customer.close()
    assert connections.connection(customer.connection_id) is None


# --- sockets end when who someone is changes ----------------------------------------------


def test_revoking_a_session_ends_its_sockets_and_no_other(live: Live, dana: Visitor, client: Any, outbox: Any) -> None:
    phone = Visitor(client)
    phone.sign_in("demo@example.com", outbox)
    laptop_socket, phone_socket = live.open(dana), live.open(phone)
    live.pump()
    assert not laptop_socket.is_closed
    assert not phone_socket.is_closed

    [listed] = [s for s in dana.get("/auth/sessions").json_body["items"] if not s["current"]]
    assert dana.call("DELETE", f"/auth/sessions/{listed['session_id']}").status_code == 204
    live.pump()
    assert phone_socket.is_closed
    assert not laptop_socket.is_closed
    assert connections.connection(phone_socket.connection_id) is None


def test_a_contact_removed_from_the_account_loses_its_sockets(live: Live, company: dict[str, Visitor]) -> None:
    admin = company["admin"]
    removed, admin_socket = live.open(company["billing"]), live.open(admin)
    ben = next(c for c in admin.get("/customers/contacts").json_body["items"] if c["email"] == ROLE_EMAILS["billing"])
    assert admin.call("DELETE", f"/customers/contacts/{ben['contact_id']}").status_code == 204
    live.pump()
    assert removed.is_closed
    assert not admin_socket.is_closed


def test_a_role_change_ends_the_sockets_that_hold_the_old_role_only(live: Live, company: dict[str, Visitor]) -> None:
    admin, billing = company["admin"], company["billing"]
    before = live.open(billing)
    ben = next(c for c in admin.get("/customers/contacts").json_body["items"] if c["email"] == ROLE_EMAILS["billing"])
    assert admin.patch(f"/customers/contacts/{ben['contact_id']}", {"role": "viewer"}).status_code == 200
    after = live.open(billing)  # opened while the stream is still behind the change: it holds viewer
    live.pump()
    assert before.is_closed
    assert not after.is_closed
