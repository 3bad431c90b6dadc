"""Support: tickets, the business inbox and live chat, for customers and for operators.

Customer routes read only the caller's tickets, thread and chats (another customer's id is
a 404) and never return internal notes; operator routes see everything.
"""

from typing import Any

from chalice.app import Response

from functions.core.clock import SystemClock
from functions.core.errors import InvalidRequest
from functions.core.http import Routes, endpoint, idempotency_key, query_params, request_header
from functions.core.paging import page_size
from functions.core.principal import Principal, require_customer
from functions.tickets import chat, inbox, tickets
from functions.tickets.policy import save_settings, support_settings
from functions.tickets.schemas import (
    PRIORITIES,
    STATUSES,
    Chat,
    ChatList,
    ChatMessage,
    ChatText,
    ChatUpdate,
    InboxMessage,
    InboxThread,
    InboxThreads,
    NewMessage,
    NewTicket,
    QueuedTicket,
    QueuePage,
    Rating,
    Reply,
    StaffReply,
    StaffTicketThread,
    SupportSettings,
    Ticket,
    TicketChange,
    TicketPage,
    TicketThread,
)

support_api = Routes(__name__, tag="support", part="tickets")
inbox_api = Routes(__name__, tag="support", part="inbox")
chat_api = Routes(__name__, tag="support", part="chat")
clock = SystemClock()
_STATUS: dict[str, dict[str, Any]] = {"status": {"type": "string", "enum": list(STATUSES)}}
_QUEUE: dict[str, dict[str, Any]] = {
    **_STATUS,
    "priority": {"type": "string", "enum": list(PRIORITIES)},
    "tag": {"type": "string", "minLength": 1, "maxLength": 40},
}
_SINCE = {"since": {"type": "integer", "minimum": 0}}


def _since() -> int:
    raw = query_params(support_api).get("since", "0")
    if not raw.isdigit():
        raise InvalidRequest("since must be a whole number: the last message number you have.")
    return int(raw)


def _poll(chat_id: str, customer_id: str | None = None) -> Response:
    """200 with what is new and its ETag, or 304 when the caller's copy (If-None-Match) is current."""
    etag = request_header(support_api, "If-None-Match")
    update, tag = chat.poll(chat_id, _since(), etag, clock, customer_id)
    if update is None:
        return Response(body="", status_code=304, headers={"ETag": tag})
    return Response(
        body=update.model_dump_json(), status_code=200, headers={"Content-Type": "application/json", "ETag": tag}
    )


# --- customers: tickets ----------------------------------------------------------------------


@endpoint(
    support_api,
    "/support/settings",
    "GET",
    summary="The tags to choose from and the first-reply promise per priority",
    reply=SupportSettings,
    access="customer",
    tag="support",
)
def my_support_settings(principal: Principal) -> SupportSettings:
    return support_settings()


@endpoint(
    support_api,
    "/",
    "GET",
    summary="My tickets, newest first",
    reply=TicketPage,
    query=("status", "cursor", "limit"),
    query_schemas=_STATUS,
    access="customer",
    tag="support",
)
def my_tickets(principal: Principal) -> TicketPage:
    params = query_params(support_api)
    page = tickets.tickets_for(
        principal.principal_id, params.get("status"), params.get("cursor"), page_size(params.get("limit")), clock
    )
    return TicketPage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    support_api,
    "/",
    "POST",
    summary="Open a ticket (once per Idempotency-Key)",
    body=NewTicket,
    reply=Ticket,
    status=201,
    errors=(404,),
    access="customer",
    tag="support",
    headers=("Idempotency-Key",),
)
def open_my_ticket(body: NewTicket, principal: Principal) -> Ticket:
    return tickets.open_ticket(principal, idempotency_key(support_api), body, clock)


@endpoint(
    support_api,
    "/{ticket_id}",
    "GET",
    summary="One of my tickets and its thread",
    reply=TicketThread,
    errors=(404,),
    access="customer",
    tag="support",
)
def my_ticket(ticket_id: str, principal: Principal) -> TicketThread:
    return tickets.thread(ticket_id, principal.principal_id, clock)


@endpoint(
    support_api,
    "/{ticket_id}/replies",
    "POST",
    summary="Reply on my ticket (a resolved ticket reopens)",
    body=Reply,
    reply=TicketThread,
    status=201,
    errors=(404, 409),
    access="customer",
    tag="support",
)
def reply_on_my_ticket(ticket_id: str, body: Reply, principal: Principal) -> TicketThread:
    return tickets.customer_reply(principal, ticket_id, body, clock)


@endpoint(
    support_api,
    "/{ticket_id}/close",
    "POST",
    summary="Close my ticket",
    reply=Ticket,
    errors=(404, 409),
    access="customer",
    tag="support",
)
def close_my_ticket(ticket_id: str, principal: Principal) -> Ticket:
    return tickets.close(principal, ticket_id, clock)


@endpoint(
    support_api,
    "/{ticket_id}/rating",
    "POST",
    summary="Rate how my resolved ticket was handled (1-5, a comment)",
    body=Rating,
    reply=Ticket,
    errors=(404, 409),
    access="customer",
    tag="support",
)
def rate_my_ticket(ticket_id: str, body: Rating, principal: Principal) -> Ticket:
    return tickets.rate(principal, ticket_id, body, clock)


# --- customers: inbox and chat ---------------------------------------------------------------


@endpoint(
    inbox_api,
    "/inbox",
    "GET",
    summary="My messages with the business, latest page (marks them read)",
    reply=InboxThread,
    query=("cursor",),
    access="customer",
    tag="support",
)
def my_inbox(principal: Principal) -> InboxThread:
    return inbox.read_thread(principal.principal_id, "customer", query_params(support_api).get("cursor"))


@endpoint(
    inbox_api,
    "/inbox/messages",
    "POST",
    summary="Write to the business",
    body=NewMessage,
    reply=InboxMessage,
    status=201,
    errors=(404,),
    access="customer",
    tag="support",
)
def write_to_business(body: NewMessage, principal: Principal) -> InboxMessage:
    return inbox.write(principal.principal_id, principal, body, clock)


@endpoint(
    chat_api,
    "/chats",
    "POST",
    summary="Start a live chat (or get back the one still open)",
    reply=Chat,
    status=201,
    access="customer",
    tag="support",
)
def start_chat(principal: Principal) -> Chat:
    return chat.start(principal, clock)


@endpoint(
    chat_api,
    "/chats/{chat_id}/messages",
    "GET",
    summary="What is new in my chat after message `since` (304 if the If-None-Match ETag is current)",
    reply=ChatUpdate,
    query=("since",),
    query_schemas=_SINCE,
    errors=(304, 404),
    access="customer",
    tag="support",
)
def poll_my_chat(chat_id: str, principal: Principal) -> Response:
    return _poll(chat_id, principal.principal_id)


@endpoint(
    chat_api,
    "/chats/{chat_id}/messages",
    "POST",
    summary="Say something in my chat",
    body=ChatText,
    reply=ChatMessage,
    status=201,
    errors=(404, 409),
    access="customer",
    tag="support",
)
def say_in_my_chat(chat_id: str, body: ChatText, principal: Principal) -> ChatMessage:
    return chat.say(chat_id, principal, body.body, clock, principal.principal_id)


@endpoint(
    chat_api,
    "/chats/{chat_id}/end",
    "POST",
    summary="End my chat",
    reply=Chat,
    errors=(404,),
    access="customer",
    tag="support",
)
def end_my_chat(chat_id: str, principal: Principal) -> Chat:
    return chat.end(chat_id, clock, principal.principal_id)


@endpoint(
    chat_api,
    "/chats/{chat_id}/ticket",
    "POST",
    summary="Turn my unanswered chat into a ticket with its transcript",
    reply=Ticket,
    status=201,
    errors=(404, 409),
    access="customer",
    tag="support",
)
def chat_to_ticket(chat_id: str, principal: Principal) -> Ticket:
    return chat.to_ticket(principal, chat_id, clock)


# --- operators ---------------------------------------------------------------------------------


@endpoint(
    support_api,
    "/operator/support/settings",
    "GET",
    summary="Support settings: tags, first-reply hours per priority, chat wait",
    reply=SupportSettings,
    access="staff",
    tag="support",
)
def get_support_settings(principal: Principal) -> SupportSettings:
    return support_settings()


@endpoint(
    support_api,
    "/operator/support/settings",
    "PUT",
    summary="Change the support settings",
    body=SupportSettings,
    reply=SupportSettings,
    access="staff",
    tag="support",
)
def put_support_settings(body: SupportSettings, principal: Principal) -> SupportSettings:
    return save_settings(body)


@endpoint(
    support_api,
    "/operator/tickets",
    "GET",
    summary="The ticket queue of a status (open by default), what is due first",
    reply=QueuePage,
    query=("status", "priority", "tag", "assignee", "cursor", "limit"),
    query_schemas={**_QUEUE, "assignee": {"type": "string", "pattern": "^[0-9A-Z]{26}$"}},
    access="staff",
    tag="support",
)
def ticket_queue(principal: Principal) -> QueuePage:
    params = query_params(support_api)
    page = tickets.queue(
        params.get("status", "open"),
        params.get("priority"),
        params.get("tag"),
        params.get("assignee"),
        params.get("cursor"),
        page_size(params.get("limit")),
        clock,
    )
    return QueuePage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    support_api,
    "/operator/tickets/{ticket_id}",
    "GET",
    summary="A ticket, its thread and internal notes",
    reply=StaffTicketThread,
    errors=(404,),
    access="staff",
    tag="support",
)
def staff_ticket(ticket_id: str, principal: Principal) -> StaffTicketThread:
    return tickets.staff_thread(ticket_id, clock)


@endpoint(
    support_api,
    "/operator/tickets/{ticket_id}",
    "PATCH",
    summary="Change a ticket's status, priority, tags or assignee",
    body=TicketChange,
    reply=QueuedTicket,
    errors=(404, 409),
    access="staff",
    tag="support",
)
def change_ticket(ticket_id: str, body: TicketChange, principal: Principal) -> QueuedTicket:
    return tickets.change(principal, ticket_id, body, clock)


@endpoint(
    support_api,
    "/operator/tickets/{ticket_id}/replies",
    "POST",
    summary="Answer a ticket, or add an internal note",
    body=StaffReply,
    reply=StaffTicketThread,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="support",
)
def answer_ticket(ticket_id: str, body: StaffReply, principal: Principal) -> StaffTicketThread:
    return tickets.staff_reply(principal, ticket_id, body, clock)


@endpoint(
    support_api,
    "/operator/inbox",
    "GET",
    summary="Every customer's inbox thread, latest message first, with unread counts",
    reply=InboxThreads,
    query=("cursor", "limit"),
    access="staff",
    tag="support",
)
def staff_inbox(principal: Principal) -> InboxThreads:
    params = query_params(support_api)
    page = inbox.threads(params.get("cursor"), page_size(params.get("limit")))
    return InboxThreads(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    support_api,
    "/operator/inbox/{customer_id}",
    "GET",
    summary="A customer's inbox thread (marks it read for staff)",
    reply=InboxThread,
    query=("cursor",),
    errors=(404,),
    access="staff",
    tag="support",
)
def staff_inbox_thread(customer_id: str, principal: Principal) -> InboxThread:
    require_customer(customer_id)
    return inbox.read_thread(customer_id, "staff", query_params(support_api).get("cursor"))


@endpoint(
    support_api,
    "/operator/inbox/{customer_id}/messages",
    "POST",
    summary="Answer a customer in their inbox thread",
    body=NewMessage,
    reply=InboxMessage,
    status=201,
    errors=(404,),
    access="staff",
    tag="support",
)
def staff_write(customer_id: str, body: NewMessage, principal: Principal) -> InboxMessage:
    return inbox.write(customer_id, principal, body, clock)


@endpoint(
    support_api,
    "/operator/inbox/{customer_id}/messages/{message_id}/ticket",
    "POST",
    summary="Turn a customer's message into a ticket (once)",
    reply=Ticket,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="support",
)
def message_to_ticket(customer_id: str, message_id: str, principal: Principal) -> Ticket:
    return inbox.to_ticket(principal, customer_id, message_id, clock)


@endpoint(
    support_api,
    "/operator/chats",
    "GET",
    summary="Chats waiting for an operator (oldest first), then mine",
    reply=ChatList,
    access="staff",
    tag="support",
)
def staff_chats(principal: Principal) -> ChatList:
    return ChatList(items=chat.waiting_and_active(clock, principal.principal_id))


@endpoint(
    support_api,
    "/operator/chats/{chat_id}/pick",
    "POST",
    summary="Pick a waiting chat up",
    reply=Chat,
    errors=(404, 409),
    access="staff",
    tag="support",
)
def pick_chat(chat_id: str, principal: Principal) -> Chat:
    return chat.pick(chat_id, principal, clock)


@endpoint(
    support_api,
    "/operator/chats/{chat_id}/messages",
    "GET",
    summary="What is new in a chat after message `since` (304 if the If-None-Match ETag is current)",
    reply=ChatUpdate,
    query=("since",),
    query_schemas=_SINCE,
    errors=(304, 404),
    access="staff",
    tag="support",
)
def poll_chat(chat_id: str, principal: Principal) -> Response:
    return _poll(chat_id)


@endpoint(
    support_api,
    "/operator/chats/{chat_id}/messages",
    "POST",
    summary="Say something in a chat I picked up",
    body=ChatText,
    reply=ChatMessage,
    status=201,
    errors=(404, 409),
    access="staff",
    tag="support",
)
def say_in_chat(chat_id: str, body: ChatText, principal: Principal) -> ChatMessage:
    return chat.say(chat_id, principal, body.body, clock)


@endpoint(
    support_api,
    "/operator/chats/{chat_id}/end",
    "POST",
    summary="End a chat",
    reply=Chat,
    errors=(404,),
    access="staff",
    tag="support",
)
def end_chat(chat_id: str, principal: Principal) -> Chat:
    return chat.end(chat_id, clock)
