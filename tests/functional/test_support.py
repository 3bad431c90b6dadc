"""Support: tickets (idempotent, first-reply promise, status moves, notes kept internal), the
business inbox with unread counts, and live chat polled with a since-cursor and ETags."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.core.clock import FixedClock
from functions.tickets import api as support_api
from functions.tickets import chat
from functions.tickets.models import TicketItem, ticket_key
from tests.functional.test_documents import PNG, facts, post_file
from tests.functional.test_payments import issue
from tests.functional.visitor import Visitor

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    fixed = FixedClock(START)
    monkeypatch.setattr(support_api, "clock", fixed)
    return fixed


def open_ticket(customer: Visitor, key: str, **fields: Any) -> Any:
    body = {"kind": "complaint", "subject": "Late delivery", "description": "Still waiting.", **fields}
    return customer.call("POST", "/tickets", body, headers={"Idempotency-Key": key})


def attachment(customer: Visitor) -> str:
    started = customer.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png")).json_body
    post_file(started["form"], PNG)
    return str(
        customer.post(f"/documents/uploads/{started['upload_id']}/confirm").json_body["attachment"]["attachment_id"]
    )


def test_a_ticket_opens_once_per_key_with_its_promise_tags_link_and_attachment(
    clock: FixedClock, dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    invoice = issue(operator, people["demo"], 1500)
    photo = attachment(dana)
    fields = {
        "priority": "urgent",
        "tags": ["Delivery", "broken"],
        "link": {"type": "invoice", "id": invoice["invoice_id"]},
        "attachment_ids": [photo],
    }
    first = open_ticket(dana, "ticket-key-001", **fields)
    assert first.status_code == 201, first.json_body
    ticket = first.json_body
    assert ticket["number"].startswith("TCK-")
    assert ticket["tags"] == ["broken", "delivery"]
    assert ticket["first_reply"] == {"due": (START + timedelta(hours=2)).isoformat(), "answered_at": None, "met": None}
    assert ticket["attachments"] == [{"attachment_id": photo, "file_name": "photo.png"}]
    again = open_ticket(dana, "ticket-key-001", **fields)
    assert again.json_body["ticket_id"] == ticket["ticket_id"]
    assert len(dana.get("/tickets").json_body["items"]) == 1

    low = open_ticket(dana, "ticket-key-002", priority="low").json_body
    assert low["first_reply"]["due"] == (START + timedelta(hours=72)).isoformat()
    # Not hers to point at or attach:
    leas_invoice = issue(operator, people["lea"], 900)
    assert (
        open_ticket(dana, "ticket-key-003", link={"type": "invoice", "id": leas_invoice["invoice_id"]}).status_code
        == 404
    )
    assert open_ticket(lea, "ticket-key-004", attachment_ids=[photo]).status_code == 404
    assert open_ticket(dana, "ticket-key-005", priority="whenever").status_code == 400
    assert dana.post("/tickets", {"kind": "question", "subject": "x", "description": "y"}).status_code == 400


def test_another_customers_ticket_message_and_chat_are_404(
    clock: FixedClock, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    ticket = open_ticket(dana, "ticket-key-010").json_body
    chat = dana.post("/tickets/chats").json_body
    dana.post("/tickets/inbox/messages", {"body": "Dana's private message"})
    tid, cid = ticket["ticket_id"], chat["chat_id"]
    for method, path, body in (
        ("GET", f"/tickets/{tid}", None),
        ("POST", f"/tickets/{tid}/replies", {"body": "me too"}),
        ("POST", f"/tickets/{tid}/close", None),
        ("POST", f"/tickets/{tid}/rating", {"score": 1}),
        ("GET", f"/tickets/chats/{cid}/messages", None),
        ("POST", f"/tickets/chats/{cid}/messages", {"body": "hello"}),
        ("POST", f"/tickets/chats/{cid}/end", None),
        ("POST", f"/tickets/chats/{cid}/ticket", None),
    ):
        assert lea.call(method, path, body).status_code == 404, path
    assert lea.get("/tickets").json_body["items"] == []
    assert "Dana" not in json.dumps(lea.get("/tickets/inbox").json_body)
    assert dana.get(f"/tickets/{tid}").status_code == 200


def test_internal_notes_never_reach_the_customer(clock: FixedClock, dana: Visitor, operator: Visitor) -> None:
    tid = open_ticket(dana, "ticket-key-020").json_body["ticket_id"]
    note = operator.post(
        f"/tickets/operator/tickets/{tid}/replies", {"body": "Customer is a reseller, SECRET-NOTE", "internal": True}
    )
    assert note.status_code == 201
    operator.post(f"/tickets/operator/tickets/{tid}/replies", {"body": "We are on it."})
    staff_view = operator.get(f"/tickets/operator/tickets/{tid}").json_body
    assert [e["kind"] for e in staff_view["entries"]] == ["note", "reply", "status"]
    for path in (f"/tickets/{tid}", "/tickets", "/tickets/inbox"):
        assert "SECRET-NOTE" not in json.dumps(dana.get(path).json_body), path
    customer_view = dana.get(f"/tickets/{tid}").json_body
    assert [e["body"] for e in customer_view["entries"] if e["kind"] == "reply"] == ["We are on it."]
    assert dana.post(f"/tickets/{tid}/replies", {"body": "Thanks"}).json_body["entries"][-1]["body"] == "Thanks"
    assert "SECRET-NOTE" not in json.dumps(dana.post(f"/tickets/{tid}/replies", {"body": "?"}).json_body)
    moved = {"body": "Asked for photos, SECRET-NOTE 2", "internal": True, "status": "waiting_on_customer"}
    assert operator.post(f"/tickets/operator/tickets/{tid}/replies", moved).status_code == 201
    seen = dana.get(f"/tickets/{tid}").json_body
    assert seen["ticket"]["status"] == "waiting_on_customer"  # the move shows, the note does not
    assert "SECRET-NOTE" not in json.dumps(seen)


def test_status_moves_reopen_rating_and_close(clock: FixedClock, dana: Visitor, operator: Visitor) -> None:
    tid = open_ticket(dana, "ticket-key-030", priority="high").json_body["ticket_id"]
    assert dana.post(f"/tickets/{tid}/rating", {"score": 5}).status_code == 409  # not resolved yet
    clock.advance(hours=9)  # the 8-hour promise is broken
    answered = operator.post(
        f"/tickets/operator/tickets/{tid}/replies", {"body": "Sorry for the wait.", "status": "waiting_on_customer"}
    )
    assert answered.json_body["ticket"]["status"] == "waiting_on_customer"
    assert answered.json_body["ticket"]["first_reply"]["met"] is False
    dana.post(f"/tickets/{tid}/replies", {"body": "Here is the detail."})
    assert dana.get(f"/tickets/{tid}").json_body["ticket"]["status"] == "open"
    assert (
        operator.call("PATCH", f"/tickets/operator/tickets/{tid}", {"status": "resolved"}).json_body["status"]
        == "resolved"
    )
    rated = dana.post(f"/tickets/{tid}/rating", {"score": 4, "comment": "Slow, then good."})
    assert (rated.json_body["rating"], rated.json_body["rating_comment"]) == (4, "Slow, then good.")
    dana.post(f"/tickets/{tid}/replies", {"body": "It broke again."})  # reopens
    assert dana.get(f"/tickets/{tid}").json_body["ticket"]["status"] == "open"
    statuses = [e["status"] for e in dana.get(f"/tickets/{tid}").json_body["entries"] if e["kind"] == "status"]
    assert statuses == ["waiting_on_customer", "open", "resolved", "open"]
    assert dana.post(f"/tickets/{tid}/close").json_body["status"] == "closed"
    assert dana.post(f"/tickets/{tid}/replies", {"body": "one more"}).status_code == 409
    refused = operator.call("PATCH", f"/tickets/operator/tickets/{tid}", {"status": "open"})
    assert refused.status_code == 409
    assert "closed cannot become open" in refused.json_body["error"]["message"]


def test_first_reply_promise_per_priority_and_in_time(clock: FixedClock, dana: Visitor, operator: Visitor) -> None:
    settings = operator.get("/tickets/operator/support/settings").json_body
    settings["first_reply_hours"]["normal"] = 4
    assert operator.call("PUT", "/tickets/operator/support/settings", settings).status_code == 200
    tid = open_ticket(dana, "ticket-key-040").json_body["ticket_id"]
    ticket = dana.get(f"/tickets/{tid}").json_body["ticket"]
    assert ticket["first_reply"]["due"] == (START + timedelta(hours=4)).isoformat()
    clock.advance(hours=5)
    assert dana.get(f"/tickets/{tid}").json_body["ticket"]["first_reply"]["met"] is False  # late, unanswered
    raised = operator.call("PATCH", f"/tickets/operator/tickets/{tid}", {"priority": "urgent"}).json_body
    assert raised["first_reply"]["due"] == (START + timedelta(hours=2)).isoformat()

    on_time = open_ticket(dana, "ticket-key-041", priority="low").json_body["ticket_id"]
    clock.advance(hours=1)
    operator.post(f"/tickets/operator/tickets/{on_time}/replies", {"body": "Answered."})
    assert dana.get(f"/tickets/{on_time}").json_body["ticket"]["first_reply"]["met"] is True


def test_the_queue_puts_what_is_due_first_and_filters(
    clock: FixedClock, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    low = open_ticket(dana, "ticket-key-050", priority="low", tags=["billing"]).json_body
    clock.advance(minutes=5)
    urgent = open_ticket(dana, "ticket-key-051", priority="urgent", tags=["delivery"]).json_body
    clock.advance(minutes=5)
    high = open_ticket(dana, "ticket-key-052", priority="high").json_body
    order = [t["number"] for t in operator.get("/tickets/operator/tickets").json_body["items"]]
    assert order == [urgent["number"], high["number"], low["number"]]
    assert [t["number"] for t in operator.get("/tickets/operator/tickets?tag=billing").json_body["items"]] == [
        low["number"]
    ]
    assert [t["number"] for t in operator.get("/tickets/operator/tickets?priority=high").json_body["items"]] == [
        high["number"]
    ]
    operator.call("PATCH", f"/tickets/operator/tickets/{low['ticket_id']}", {"take": True})
    mine = operator.get(f"/tickets/operator/tickets?assignee={people['staff']}").json_body["items"]
    assert [(t["number"], t["assignee_name"]) for t in mine] == [(low["number"], "Sam Staff")]
    operator.post(f"/tickets/operator/tickets/{urgent['ticket_id']}/replies", {"body": "On it."})
    progressing = operator.get("/tickets/operator/tickets?status=in_progress").json_body["items"]
    assert [t["number"] for t in progressing] == [urgent["number"]]
    assert TicketItem.get(ticket_key(urgent["ticket_id"]), "TICKET").gsi2pk == "TICKETS#in_progress"


def test_inbox_unread_counts_and_a_message_becomes_a_ticket(
    clock: FixedClock, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    written = dana.post("/tickets/inbox/messages", {"body": "Can I change my delivery address?\nIt is urgent."})
    assert written.status_code == 201
    threads = operator.get("/tickets/operator/inbox").json_body["items"]
    assert [(t["customer_name"], t["unread_by_staff"]) for t in threads] == [("Dana Demo", 1)]
    staff_view = operator.get(f"/tickets/operator/inbox/{people['demo']}").json_body
    assert [m["body"] for m in staff_view["messages"]] == ["Can I change my delivery address?\nIt is urgent."]
    assert operator.get("/tickets/operator/inbox").json_body["items"][0]["unread_by_staff"] == 0
    operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Yes: tell us the new one."})
    mine = dana.get("/tickets/inbox").json_body
    assert mine["unread_by_customer"] == 1  # as it was when opened; opening marks it read
    assert dana.get("/tickets/inbox").json_body["unread_by_customer"] == 0
    assert [m["author_kind"] for m in mine["messages"]] == ["customer", "staff"]

    message_id = written.json_body["message_id"]
    made = operator.post(f"/tickets/operator/inbox/{people['demo']}/messages/{message_id}/ticket")
    assert made.status_code == 201
    assert made.json_body["subject"] == "Can I change my delivery address?"
    again = operator.post(f"/tickets/operator/inbox/{people['demo']}/messages/{message_id}/ticket")
    assert again.json_body["ticket_id"] == made.json_body["ticket_id"]
    assert [t["ticket_id"] for t in dana.get("/tickets").json_body["items"]] == [made.json_body["ticket_id"]]


def test_live_chat_polls_with_a_cursor_and_etags(
    clock: FixedClock, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    chat = dana.post("/tickets/chats").json_body
    cid = chat["chat_id"]
    assert dana.post("/tickets/chats").json_body["chat_id"] == cid  # one open chat at a time
    assert [c["chat_id"] for c in operator.get("/tickets/operator/chats").json_body["items"]] == [cid]
    assert (
        operator.post(f"/tickets/operator/chats/{cid}/messages", {"body": "early"}).status_code == 409
    )  # not picked up
    assert operator.post(f"/tickets/operator/chats/{cid}/pick").json_body["status"] == "active"
    assert dana.post(f"/tickets/chats/{cid}/messages", {"body": "Hello?"}).json_body["seq"] == 1

    polled = operator.get(f"/tickets/operator/chats/{cid}/messages?since=0")
    assert [m["body"] for m in polled.json_body["messages"]] == ["Hello?"]
    etag = polled.headers["ETag"]
    idle = operator.call("GET", f"/tickets/operator/chats/{cid}/messages?since=1", headers={"If-None-Match": etag})
    assert idle.status_code == 304
    assert idle.body in (b"", "")
    operator.post(f"/tickets/operator/chats/{cid}/messages", {"body": "Hi Dana, how can I help?"})
    seen = dana.call("GET", f"/tickets/chats/{cid}/messages?since=1", headers={"If-None-Match": etag})
    assert seen.status_code == 200
    assert [(m["seq"], m["author_kind"]) for m in seen.json_body["messages"]] == [(2, "staff")]
    assert seen.json_body["chat"]["operator_name"] == "Sam Staff"
    assert dana.get(f"/tickets/chats/{cid}/messages?since=abc").status_code == 400
    dana.post(f"/tickets/chats/{cid}/end")
    assert dana.post(f"/tickets/chats/{cid}/messages", {"body": "bye"}).status_code == 409


def test_a_chat_poll_cut_at_its_page_size_is_not_told_it_is_current(
    clock: FixedClock, dana: Visitor, operator: Visitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat, "POLL_PAGE", 2)
    cid = dana.post("/tickets/chats").json_body["chat_id"]
    operator.post(f"/tickets/operator/chats/{cid}/pick")
    for body in ("one", "two", "three"):
        dana.post(f"/tickets/chats/{cid}/messages", {"body": body})

    first = operator.get(f"/tickets/operator/chats/{cid}/messages?since=0")
    assert [m["body"] for m in first.json_body["messages"]] == ["one", "two"]
    rest = operator.call(
        "GET", f"/tickets/operator/chats/{cid}/messages?since=2", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert rest.status_code == 200
    assert [m["body"] for m in rest.json_body["messages"]] == ["three"]
    idle = operator.call(
        "GET", f"/tickets/operator/chats/{cid}/messages?since=3", headers={"If-None-Match": rest.headers["ETag"]}
    )
    assert idle.status_code == 304


def test_an_unanswered_chat_offers_to_become_a_ticket_with_its_transcript(
    clock: FixedClock, lea: Visitor, operator: Visitor
) -> None:
    cid = lea.post("/tickets/chats").json_body["chat_id"]
    lea.post(f"/tickets/chats/{cid}/messages", {"body": "Is anyone there?"})
    assert lea.get(f"/tickets/chats/{cid}/messages?since=0").json_body["chat"]["offer_ticket"] is False
    clock.advance(seconds=121)
    assert lea.get(f"/tickets/chats/{cid}/messages?since=1").json_body["chat"]["offer_ticket"] is True
    ticket = lea.post(f"/tickets/chats/{cid}/ticket")
    assert ticket.status_code == 201
    assert "Is anyone there?" in ticket.json_body["description"]
    assert lea.get(f"/tickets/chats/{cid}/messages?since=1").json_body["chat"]["status"] == "converted"
    assert operator.get("/tickets/operator/chats").json_body["items"] == []
