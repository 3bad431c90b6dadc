"""Kept counts (core.summary) move with the change they count and back, once per change:
the customer's requested documents and unanswered messages on the dashboard, and the staff's
new tickets, waiting chats and unread messages beside the console's menu."""

from typing import Any

import pytest

from functions.core.clock import SystemClock
from functions.core.summary import STAFF_SUMMARY_KEY, StaffSummaryItem
from functions.tickets import chat, inbox, tickets
from functions.tickets.models import TICKET, TicketItem, ticket_key
from tests.functional.test_documents import PDF, facts, post_file
from tests.functional.visitor import Visitor

CUSTOMER_COUNTS = ("requested_documents", "unanswered_messages")
STAFF_COUNTS = ("new_tickets", "waiting_chats", "unread_messages")


def board(customer: Visitor) -> dict[str, int]:
    reply = customer.get("/notifications/dashboard")
    assert reply.status_code == 200, reply.json_body
    return {name: reply.json_body[name] for name in CUSTOMER_COUNTS}


def staff_counts(operator: Visitor) -> dict[str, int]:
    reply = operator.get("/tickets/operator/counts")
    assert reply.status_code == 200, reply.json_body
    assert set(reply.json_body) == set(STAFF_COUNTS)
    return dict(reply.json_body)


def kept_staff_counts() -> dict[str, int]:
    """The stored counts themselves, before the route's floor at zero."""
    item = StaffSummaryItem.get(*STAFF_SUMMARY_KEY, consistent_read=True)
    return {name: int(getattr(item, name)) for name in STAFF_COUNTS}


def moved(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in before if after[name] != before[name]}


def ask(operator: Visitor, customer_id: str, title: str, key: str | None = None) -> dict[str, Any]:
    asked = operator.create("/documents/operator/document-requests", {"customer_id": customer_id, "title": title}, key)
    assert asked.status_code == 201, asked.json_body
    return asked.json_body  # type: ignore[no-any-return]


def open_ticket(customer: Visitor, key: str) -> dict[str, Any]:
    body = {"kind": "question", "subject": "Opening hours", "description": "When are you open?"}
    made = customer.call("POST", "/tickets", body, headers={"Idempotency-Key": key})
    assert made.status_code == 201, made.json_body
    return made.json_body  # type: ignore[no-any-return]


# --- the customer's dashboard ------------------------------------------------------------------


def test_a_requested_document_counts_until_it_is_received_or_cancelled(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    start = board(dana)
    first = ask(operator, people["demo"], "Proof of address", key="ask-proof-of-address")
    again = ask(operator, people["demo"], "Proof of address", key="ask-proof-of-address")  # a retried ask
    assert again["request_id"] == first["request_id"]
    second = ask(operator, people["demo"], "ID card")
    assert moved(start, board(dana)) == {"requested_documents": 2}

    ask(operator, people["lea"], "Lea's contract")  # another customer's request
    assert moved(start, board(dana)) == {"requested_documents": 2}
    assert board(lea)["requested_documents"] == 1

    started = dana.post(f"/documents/document-requests/{first['request_id']}/uploads", facts(PDF)).json_body
    assert post_file(started["form"], PDF).status_code == 204
    confirm = f"/documents/uploads/{started['upload_id']}/confirm"
    assert dana.post(confirm).json_body["request"]["status"] == "received"
    assert dana.post(confirm).status_code == 200  # a repeated confirm answers the same, counts nothing
    assert moved(start, board(dana)) == {"requested_documents": 1}

    cancel = f"/documents/operator/document-requests/{second['request_id']}/cancel"
    cancelled = operator.post(cancel)
    assert cancelled.status_code == 200, cancelled.json_body
    assert cancelled.json_body["status"] == "cancelled"
    assert operator.post(cancel).status_code == 409  # cancelled once, counted once
    assert operator.post(f"/documents/operator/document-requests/{first['request_id']}/cancel").status_code == 409
    assert moved(start, board(dana)) == {}
    assert board(lea)["requested_documents"] == 1


def test_a_business_message_counts_until_the_customer_reads_the_thread(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    start = board(dana)
    for text in ("Your parcel left today.", "It arrives on Friday."):
        assert operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": text}).status_code == 201
    assert moved(start, board(dana)) == {"unanswered_messages": 2}
    assert dana.post("/tickets/inbox/messages", {"body": "Thank you!"}).status_code == 201  # her own: not counted
    operator.post(f"/tickets/operator/inbox/{people['lea']}/messages", {"body": "Hello Lea"})  # another's
    assert moved(start, board(dana)) == {"unanswered_messages": 2}

    assert dana.get("/tickets/inbox").json_body["unread_by_customer"] == 2
    assert moved(start, board(dana)) == {}
    assert dana.get("/tickets/inbox").status_code == 200  # read again: nothing more to take off
    inbox._mark_read(people["demo"], "customer", 2)  # a replayed read, from the counts it first saw
    assert moved(start, board(dana)) == {}
    assert board(lea)["unanswered_messages"] == 1


# --- the console's counts ----------------------------------------------------------------------


def test_only_staff_read_the_console_counts(dana: Visitor, visitor: Visitor, operator: Visitor) -> None:
    refused = dana.get("/tickets/operator/counts")
    assert refused.status_code == 403
    assert visitor.get("/tickets/operator/counts").status_code == 401
    assert staff_counts(operator) == {"new_tickets": 0, "waiting_chats": 0, "unread_messages": 0}


def test_a_new_ticket_counts_until_it_is_answered_and_again_when_it_reopens(
    dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    start = staff_counts(operator)
    ticket = open_ticket(dana, "counts-ticket-1")
    assert open_ticket(dana, "counts-ticket-1")["ticket_id"] == ticket["ticket_id"]  # a retried open
    other = open_ticket(lea, "counts-ticket-2")
    assert moved(start, staff_counts(operator)) == {"new_tickets": 2}

    tid = ticket["ticket_id"]
    assert operator.post(f"/tickets/operator/tickets/{tid}/replies", {"body": "We open at nine."}).status_code == 201
    assert moved(start, staff_counts(operator)) == {"new_tickets": 1}
    operator.post(f"/tickets/operator/tickets/{tid}/replies", {"body": "And close at five."})  # still answered
    assert moved(start, staff_counts(operator)) == {"new_tickets": 1}
    note = {"body": "Checked with the shop", "internal": True, "status": "resolved"}
    assert operator.post(f"/tickets/operator/tickets/{tid}/replies", note).status_code == 201
    assert dana.post(f"/tickets/{tid}/replies", {"body": "And on Sundays?"}).json_body["ticket"]["status"] == "open"
    assert moved(start, staff_counts(operator)) == {"new_tickets": 2}  # reopened: new again
    assert operator.patch(f"/tickets/operator/tickets/{tid}", {"status": "in_progress"}).status_code == 200
    assert lea.post(f"/tickets/{other['ticket_id']}/close").status_code == 200
    assert moved(start, staff_counts(operator)) == {}


def test_a_replayed_ticket_change_moves_no_count(dana: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    start = staff_counts(operator)
    tid = open_ticket(dana, "counts-ticket-3")["ticket_id"]
    read = TicketItem.get(ticket_key(tid), TICKET, consistent_read=True)
    now = SystemClock().now()
    tickets._write(read, tickets._status_actions(read, "in_progress", now), [], "in_progress")
    with pytest.raises(Exception, match="changed meanwhile"):  # the same change from the same read
        tickets._write(read, tickets._status_actions(read, "in_progress", now), [], "in_progress")
    assert moved(start, staff_counts(operator)) == {}
    assert kept_staff_counts()["new_tickets"] == start["new_tickets"]
    assert dana.get("/notifications/dashboard").json_body["open_tickets"] == 1


def test_a_chat_counts_while_it_waits(dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]) -> None:
    start = staff_counts(operator)
    cid = dana.post("/tickets/chats").json_body["chat_id"]
    assert dana.post("/tickets/chats").json_body["chat_id"] == cid  # her open chat again: not a new one
    assert moved(start, staff_counts(operator)) == {"waiting_chats": 1}
    stale = chat.chat_item(cid)  # read while it waits

    assert operator.post(f"/tickets/operator/chats/{cid}/pick").json_body["status"] == "active"
    assert operator.post(f"/tickets/operator/chats/{cid}/pick").status_code == 200  # picked again: hers already
    assert moved(start, staff_counts(operator)) == {}
    chat._close(stale, "ended")  # ended from a read made while it waited: it no longer counts as waiting
    assert chat.chat_item(cid).status == "ended"
    assert kept_staff_counts()["waiting_chats"] == start["waiting_chats"]

    ended = lea.post("/tickets/chats").json_body["chat_id"]
    assert moved(start, staff_counts(operator)) == {"waiting_chats": 1}
    assert lea.post(f"/tickets/chats/{ended}/end").json_body["status"] == "ended"
    assert lea.post(f"/tickets/chats/{ended}/end").json_body["status"] == "ended"  # ended twice, counted once
    converted = lea.post("/tickets/chats").json_body["chat_id"]
    assert lea.post(f"/tickets/chats/{converted}/ticket").status_code == 201
    assert moved(start, staff_counts(operator)) == {"new_tickets": 1}
    assert kept_staff_counts()["waiting_chats"] == start["waiting_chats"]


def test_a_customer_message_counts_until_staff_read_the_thread(
    dana: Visitor, lea: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    start = staff_counts(operator)
    dana.post("/tickets/inbox/messages", {"body": "Can I change my delivery address?"})
    dana.post("/tickets/inbox/messages", {"body": "It is urgent."})
    lea.post("/tickets/inbox/messages", {"body": "Hello"})
    operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Yes."})  # staff's own: not counted
    assert moved(start, staff_counts(operator)) == {"unread_messages": 3}

    assert operator.get(f"/tickets/operator/inbox/{people['demo']}").json_body["unread_by_staff"] == 2
    assert moved(start, staff_counts(operator)) == {"unread_messages": 1}
    assert operator.get(f"/tickets/operator/inbox/{people['demo']}").status_code == 200  # read again
    inbox._mark_read(people["demo"], "staff", 2)  # a replayed read
    assert moved(start, staff_counts(operator)) == {"unread_messages": 1}
    operator.get(f"/tickets/operator/inbox/{people['lea']}")
    assert moved(start, staff_counts(operator)) == {}
    assert kept_staff_counts()["unread_messages"] == start["unread_messages"]
    assert board(dana)["unanswered_messages"] == 1  # the staff's "Yes." is hers to read
