"""Support: tickets, the business inbox and live chat, for customers and for operators.

Customer routes read only the caller's tickets, thread and chats (another customer's id is
a 404) and never return internal notes; operator routes see everything.
"""

from chalice.app import Response

from functions.core.clock import SystemClock
from functions.core.http import Routes, idempotency_key, request_header
from functions.core.paging import CursorQuery, PageQuery
from functions.core.principal import Principal, require_customer
from functions.tickets import chat, counts, inbox, tickets
from functions.tickets.counts import StaffCounts
from functions.tickets.policy import save_settings, support_settings
from functions.tickets.schemas import (
    Chat,
    ChatList,
    ChatMessage,
    ChatPoll,
    ChatText,
    ChatUpdate,
    InboxMessage,
    InboxThread,
    InboxThreads,
    NewMessage,
    NewTicket,
    QueuedTicket,
    QueuePage,
    QueueQuery,
    Rating,
    Reply,
    StaffReply,
    StaffTicketThread,
    SupportSettings,
    Ticket,
    TicketChange,
    TicketPage,
    TicketQuery,
    TicketThread,
)

# Each customer part its own Routes: the business can turn tickets, the inbox or chat off alone.
support_api = Routes(__name__, tag="support", part="tickets", access="customer")
inbox_api = Routes(__name__, tag="support", part="inbox", access="customer")
chat_api = Routes(__name__, tag="support", part="chat", access="customer")
staff_api = Routes(__name__, tag="support", access="staff")
clock = SystemClock()


def _poll(chat_id: str, since: int, owner: Principal | None = None) -> Response:
    """200 with what is new and its ETag, or 304 when the caller's copy (If-None-Match) is current."""
    etag = request_header(chat_api, "If-None-Match")
    update, tag = chat.poll(chat_id, since, etag, clock, owner)
    if update is None:
        return Response(body="", status_code=304, headers={"ETag": tag})
    return Response(
        body=update.model_dump_json(), status_code=200, headers={"Content-Type": "application/json", "ETag": tag}
    )


# --- customers: tickets ----------------------------------------------------------------------


@support_api.get("/support/settings", "The tags to choose from and the first-reply promise per priority")
def my_support_settings() -> SupportSettings:
    return support_settings()


@support_api.get("/", "My tickets, newest first")
def my_tickets(query: TicketQuery, principal: Principal) -> TicketPage:
    page = tickets.tickets_for(principal, query.status, query.cursor, query.limit, clock)
    return TicketPage(items=page.items, next_cursor=page.next_cursor)


@support_api.post(
    "/", "Open a ticket (once per Idempotency-Key)", status=201, errors=(404,), headers=("Idempotency-Key",)
)
def open_my_ticket(body: NewTicket, principal: Principal) -> Ticket:
    return tickets.open_ticket(principal, idempotency_key(support_api), body, clock)


@support_api.get("/{ticket_id}", "One of my tickets and its thread", errors=(404,))
def my_ticket(ticket_id: str, principal: Principal) -> TicketThread:
    return tickets.thread(ticket_id, principal, clock)


@support_api.post(
    "/{ticket_id}/replies", "Reply on my ticket (a resolved ticket reopens)", status=201, errors=(404, 409)
)
def reply_on_my_ticket(ticket_id: str, body: Reply, principal: Principal) -> TicketThread:
    return tickets.customer_reply(principal, ticket_id, body, clock)


@support_api.post("/{ticket_id}/close", "Close my ticket", errors=(404, 409))
def close_my_ticket(ticket_id: str, principal: Principal) -> Ticket:
    return tickets.close(principal, ticket_id, clock)


@support_api.post("/{ticket_id}/rating", "Rate how my resolved ticket was handled (1-5, a comment)", errors=(404, 409))
def rate_my_ticket(ticket_id: str, body: Rating, principal: Principal) -> Ticket:
    return tickets.rate(principal, ticket_id, body, clock)


# --- customers: inbox and chat ---------------------------------------------------------------


@inbox_api.get("/inbox", "My messages with the business, latest page (marks them read)")
def my_inbox(query: CursorQuery, principal: Principal) -> InboxThread:
    return inbox.read_thread(principal.account_id, "customer", query.cursor)


@inbox_api.post("/inbox/messages", "Write to the business", status=201, errors=(404,))
def write_to_business(body: NewMessage, principal: Principal) -> InboxMessage:
    return inbox.write(principal.account_id, principal, body, clock)


@chat_api.post("/chats", "Start a live chat (or get back the one still open)", status=201)
def start_chat(principal: Principal) -> Chat:
    return chat.start(principal, clock)


@chat_api.get(
    "/chats/{chat_id}/messages",
    "What is new in my chat after message `since` (304 if the If-None-Match ETag is current)",
    errors=(304, 404),
)
def poll_my_chat(chat_id: str, query: ChatPoll, principal: Principal) -> ChatUpdate | Response:
    return _poll(chat_id, query.since, principal)


@chat_api.post("/chats/{chat_id}/messages", "Say something in my chat", status=201, errors=(404, 409))
def say_in_my_chat(chat_id: str, body: ChatText, principal: Principal) -> ChatMessage:
    return chat.say(chat_id, principal, body.body, clock, principal)


@chat_api.post("/chats/{chat_id}/end", "End my chat", errors=(404,))
def end_my_chat(chat_id: str, principal: Principal) -> Chat:
    return chat.end(chat_id, clock, principal)


@chat_api.post(
    "/chats/{chat_id}/ticket",
    "Turn my unanswered chat into a ticket with its transcript",
    status=201,
    errors=(404, 409),
)
def chat_to_ticket(chat_id: str, principal: Principal) -> Ticket:
    return chat.to_ticket(principal, chat_id, clock)


# --- operators ---------------------------------------------------------------------------------


@staff_api.get("/operator/counts", "New tickets, chats waiting and unread customer messages (the console's menu)")
def staff_counts() -> StaffCounts:
    return counts.staff_counts()


@staff_api.get("/operator/support/settings", "Support settings: tags, first-reply hours per priority, chat wait")
def get_support_settings() -> SupportSettings:
    return support_settings()


@staff_api.put("/operator/support/settings", "Change the support settings")
def put_support_settings(body: SupportSettings) -> SupportSettings:
    return save_settings(body)


@staff_api.get("/operator/tickets", "The ticket queue of a status (open by default), what is due first")
def ticket_queue(query: QueueQuery) -> QueuePage:
    page = tickets.queue(query.status, query.priority, query.tag, query.assignee, query.cursor, query.limit, clock)
    return QueuePage(items=page.items, next_cursor=page.next_cursor)


@staff_api.get("/operator/tickets/{ticket_id}", "A ticket, its thread and internal notes", errors=(404,))
def staff_ticket(ticket_id: str) -> StaffTicketThread:
    return tickets.staff_thread(ticket_id, clock)


@staff_api.patch(
    "/operator/tickets/{ticket_id}", "Change a ticket's status, priority, tags or assignee", errors=(404, 409)
)
def change_ticket(ticket_id: str, body: TicketChange, principal: Principal) -> QueuedTicket:
    return tickets.change(principal, ticket_id, body, clock)


@staff_api.post(
    "/operator/tickets/{ticket_id}/replies", "Answer a ticket, or add an internal note", status=201, errors=(404, 409)
)
def answer_ticket(ticket_id: str, body: StaffReply, principal: Principal) -> StaffTicketThread:
    return tickets.staff_reply(principal, ticket_id, body, clock)


@staff_api.get("/operator/inbox", "Every customer's inbox thread, latest message first, with unread counts")
def staff_inbox(query: PageQuery) -> InboxThreads:
    page = inbox.threads(query.cursor, query.limit)
    return InboxThreads(items=page.items, next_cursor=page.next_cursor)


@staff_api.get("/operator/inbox/{customer_id}", "A customer's inbox thread (marks it read for staff)", errors=(404,))
def staff_inbox_thread(customer_id: str, query: CursorQuery) -> InboxThread:
    require_customer(customer_id)
    return inbox.read_thread(customer_id, "staff", query.cursor)


@staff_api.post(
    "/operator/inbox/{customer_id}/messages", "Answer a customer in their inbox thread", status=201, errors=(404,)
)
def staff_write(customer_id: str, body: NewMessage, principal: Principal) -> InboxMessage:
    return inbox.write(customer_id, principal, body, clock)


@staff_api.post(
    "/operator/inbox/{customer_id}/messages/{message_id}/ticket",
    "Turn a customer's message into a ticket (once)",
    status=201,
    errors=(404, 409),
)
def message_to_ticket(customer_id: str, message_id: str, principal: Principal) -> Ticket:
    return inbox.to_ticket(principal, customer_id, message_id, clock)


@staff_api.get("/operator/chats", "Chats waiting for an operator (oldest first), then mine")
def staff_chats(principal: Principal) -> ChatList:
    return ChatList(items=chat.waiting_and_active(clock, principal.principal_id))


@staff_api.post("/operator/chats/{chat_id}/pick", "Pick a waiting chat up", errors=(404, 409))
def pick_chat(chat_id: str, principal: Principal) -> Chat:
    return chat.pick(chat_id, principal, clock)


@staff_api.get(
    "/operator/chats/{chat_id}/messages",
    "What is new in a chat after message `since` (304 if the If-None-Match ETag is current)",
    errors=(304, 404),
)
def poll_chat(chat_id: str, query: ChatPoll) -> ChatUpdate | Response:
    return _poll(chat_id, query.since)


@staff_api.post(
    "/operator/chats/{chat_id}/messages", "Say something in a chat I picked up", status=201, errors=(404, 409)
)
def say_in_chat(chat_id: str, body: ChatText, principal: Principal) -> ChatMessage:
    return chat.say(chat_id, principal, body.body, clock)


@staff_api.post("/operator/chats/{chat_id}/end", "End a chat", errors=(404,))
def end_chat(chat_id: str) -> Chat:
    return chat.end(chat_id, clock)
