"""Live chat: a customer starts one, any operator picks it up; each side is pushed what is new
over its socket (tickets.live, docs/live.md) and polls only when no socket can be opened.

Polling is cheap on purpose: the client sends the last sequence number it has and the ETag
of its last answer; the chat item alone (one read) tells whether anything changed, so an
idle poll is a 304 without touching the messages. When nobody picks a chat up in the
business's set time, the customer is offered to turn it into a ticket with the transcript.

The staff's `waiting_chats` count (core.summary) moves with the status: up when a chat starts
(waiting), down when it leaves waiting (picked up, ended, turned into a ticket), each in the
transaction of the move and under its condition on the status read, so a repeated move
counts nothing.
"""

from datetime import datetime, timedelta
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from functions.core import summary
from functions.core.clock import Clock
from functions.core.errors import Conflict
from functions.core.events import outbox_event
from functions.core.ids import new_id
from functions.core.principal import Principal
from functions.core.table import Owner, creator_of, owned_item
from functions.core.transactions import Transaction
from functions.tickets import tickets
from functions.tickets.models import (
    CHAT,
    ChatItem,
    ChatMessageItem,
    OpenChatItem,
    chat_key,
    chats_in,
    chats_of,
    open_chat_of,
)
from functions.tickets.policy import support_settings
from functions.tickets.schemas import Chat, ChatMessage, ChatUpdate, NewTicket, Ticket

OPEN = ("waiting", "active")
RETRIES = 5
POLL_PAGE = 100  # a client far behind catches up over a few polls


def to_chat(item: ChatItem, now: datetime) -> Chat:
    # The wait was fixed when the chat started: a poll reads the chat item and nothing else.
    overdue = item.status == "waiting" and now.isoformat() > item.offer_ticket_at
    return Chat(
        chat_id=item.chat_id,
        customer_name=item.customer_name,
        status=item.status,
        started_at=item.started_at,
        operator_name=item.operator_name,
        last_seq=int(item.last_seq),
        ticket_id=item.ticket_id,
        offer_ticket=overdue,
        offer_ticket_at=item.offer_ticket_at,
    )


def chat_item(chat_id: str, owner: Owner = None) -> ChatItem:
    """A chat; with an owner, only if it may see it (core.table.may_see)."""
    return owned_item(ChatItem, chat_key(chat_id), CHAT, owner, "There is no such chat.")


def _status_keys(status: str, started_at: str, chat_id: str) -> list[Any]:
    return [ChatItem.gsi1pk.set(chats_in(status)), ChatItem.gsi1sk.set(f"{started_at}#{chat_id}")]


def _open_marker(customer_id: str, contact_id: str | None) -> OpenChatItem | None:
    try:
        return OpenChatItem.get(chats_of(customer_id), open_chat_of(contact_id), consistent_read=True)
    except DoesNotExist:
        return None


def start(customer: Principal, clock: Clock) -> Chat:
    """A new chat, or the contact's chat still open (one at a time, however starts race)."""
    for _ in range(RETRIES):
        marker = _open_marker(customer.account_id, creator_of(customer))
        if marker is not None:
            current = chat_item(marker.chat_id)
            if current.status in OPEN:
                return to_chat(current, clock.now())
        try:
            return _new_chat(customer, clock, marker)
        except TransactWriteError:
            continue  # another start wrote its marker first: its chat is the one, read again
    raise Conflict("The chat is busy starting; try again.", code="chat_busy")


def _new_chat(customer: Principal, clock: Clock, stale: OpenChatItem | None) -> Chat:
    """Write the chat and its marker; the marker's condition is what makes it one chat.
    `stale`: a marker left by a chat that has ended, replaced only if it still names that chat."""
    now = clock.now()
    chat_id = new_id(int(now.timestamp() * 1000))
    created_by = creator_of(customer)
    item = ChatItem(
        chat_key(chat_id),
        CHAT,
        chat_id=chat_id,
        customer_id=customer.account_id,
        customer_name=customer.account_name,
        status="waiting",
        started_at=now.isoformat(),
        offer_ticket_at=(now + timedelta(seconds=support_settings().chat_wait_seconds)).isoformat(),
        gsi1pk=chats_in("waiting"),
        gsi1sk=f"{now.isoformat()}#{chat_id}",
        gsi2pk=chats_of(customer.account_id),
        gsi2sk=chat_id,
        created_by=created_by,
    )
    marker = OpenChatItem(chats_of(customer.account_id), open_chat_of(created_by), chat_id=chat_id)
    untouched = OpenChatItem.pk.does_not_exist() if stale is None else OpenChatItem.chat_id == stale.chat_id
    with Transaction() as transaction:
        transaction.save(item, condition=ChatItem.pk.does_not_exist())
        transaction.save(marker, condition=untouched)
        summary.count_for_staff(transaction, waiting_chats=1)
        transaction.save(outbox_event("chat.started", now, customer.account_id, chat_id=chat_id, created_by=created_by))
    return to_chat(item, now)


def say(chat_id: str, author: Principal, text: str, clock: Clock, owner: Owner = None) -> ChatMessage:
    """Append a message as the next sequence number; racing writers retry with the next one."""
    for _ in range(RETRIES):
        item = chat_item(chat_id, owner)
        if item.status not in OPEN:
            raise Conflict("This chat has ended.", code="chat_ended")
        if author.kind == "staff" and item.operator_id != author.principal_id:
            raise Conflict("Pick this chat up before writing in it.", code="chat_not_picked_up")
        now = clock.now()
        seq = int(item.last_seq) + 1
        message = ChatMessageItem(
            chat_key(chat_id),
            f"MSG#{seq:08d}",
            seq=seq,
            author_kind=author.kind,
            author_name=author.name,
            author_id=author.principal_id or None,
            body=text,
            sent_at=now.isoformat(),
            customer_id=item.customer_id,
            chat_created_by=item.created_by,
        )
        try:
            with Transaction() as transaction:
                transaction.update(
                    item, actions=[ChatItem.last_seq.set(seq)], condition=ChatItem.last_seq == item.last_seq
                )
                transaction.save(message, condition=ChatMessageItem.sk.does_not_exist())
        except TransactWriteError:
            continue
        return message_of(message)
    raise Conflict("The chat is busy; send the message again.", code="chat_busy")


def message_of(item: ChatMessageItem) -> ChatMessage:
    return ChatMessage(
        seq=int(item.seq),
        author_kind=item.author_kind,
        author_name=item.author_name,
        author_id=item.author_id,
        body=item.body,
        sent_at=item.sent_at,
    )


def poll(chat_id: str, since: int, if_none_match: str | None, clock: Clock, owner: Owner = None) -> Any:
    """What is new after `since`; (None, etag) when the caller's ETag is still current.

    The ETag names what the caller holds once it has this reply: a page cut at POLL_PAGE
    holds less than the chat's last message, so its tag is not the current one and the next
    poll, from where the page ended, is answered rather than told nothing changed."""
    item = chat_item(chat_id, owner)
    chat = to_chat(item, clock.now())
    if if_none_match == _tag(chat, chat.last_seq):
        return None, if_none_match
    messages = []
    if int(item.last_seq) > since:
        messages = [
            message_of(m)
            for m in ChatMessageItem.query(
                chat_key(chat_id), ChatMessageItem.sk.between(f"MSG#{since + 1:08d}", "MSG#99999999"), limit=POLL_PAGE
            )
        ]
    held = messages[-1].seq if messages else chat.last_seq
    return ChatUpdate(chat=chat, messages=messages), _tag(chat, held)


def _tag(chat: Chat, held: int) -> str:
    """Changes whenever a poll would see something new: a message, a status, the offer."""
    return f'"{chat.chat_id}-{held}-{chat.status}-{int(chat.offer_ticket)}"'


def waiting_and_active(clock: Clock, operator_id: str) -> list[Chat]:
    """Chats nobody picked up (oldest first), then this operator's active ones."""
    now = clock.now()
    waiting = [to_chat(cast(ChatItem, i), now) for i in ChatItem.by_status.query(chats_in("waiting"))]
    active = [cast(ChatItem, i) for i in ChatItem.by_status.query(chats_in("active"))]
    mine = [to_chat(i, now) for i in active if i.operator_id == operator_id]
    return waiting + mine


def pick(chat_id: str, operator: Principal, clock: Clock) -> Chat:
    """Take a waiting chat; whoever is second is told it is taken."""
    item = chat_item(chat_id)
    now = clock.now()
    try:
        with Transaction() as transaction:
            transaction.update(
                item,
                actions=[
                    ChatItem.status.set("active"),
                    ChatItem.operator_id.set(operator.principal_id),
                    ChatItem.operator_name.set(operator.name),
                    ChatItem.picked_at.set(now.isoformat()),
                    *_status_keys("active", item.started_at, chat_id),
                ],
                condition=ChatItem.status == "waiting",
            )
            summary.count_for_staff(transaction, waiting_chats=-1)
    except TransactWriteError as exc:
        if item.operator_id == operator.principal_id:
            return to_chat(item, now)
        raise Conflict("Another operator picked this chat up, or it ended.", code="chat_taken") from exc
    item.status, item.operator_id, item.operator_name = "active", operator.principal_id, operator.name
    item.picked_at = now.isoformat()
    return to_chat(item, now)


def _close(item: ChatItem, status: str, *extra: Any) -> None:
    """Move an open chat to `status` and free the customer's marker in the same transaction;
    a chat that is no longer open (ended or converted meanwhile) is left as it is.

    The marker is read first (again on each try): while this chat is open no start replaces a
    marker naming it, and one naming another chat (or none: a chat started before markers) is
    not this chat's.
    The move is conditioned on the status read, which says whether the chat still counts as
    waiting; if it moved meanwhile (picked up), it is read again and closed from there.
    """
    for _ in range(RETRIES):
        if item.status not in OPEN:
            return  # whoever moved it on has freed the marker
        marker = _open_marker(item.customer_id, item.created_by)
        try:
            with Transaction() as transaction:
                transaction.update(
                    item,
                    actions=[ChatItem.status.set(status), *_status_keys(status, item.started_at, item.chat_id), *extra],
                    condition=ChatItem.status == item.status,
                )
                if marker is not None and marker.chat_id == item.chat_id:
                    transaction.delete(marker, condition=OpenChatItem.chat_id == item.chat_id)
                summary.count_for_staff(transaction, waiting_chats=-int(item.status == "waiting"))
        except TransactWriteError:
            item = chat_item(item.chat_id)  # moved on meanwhile: as it is now
            continue
        return


def end(chat_id: str, clock: Clock, owner: Owner = None) -> Chat:
    item = chat_item(chat_id, owner)
    if item.status in OPEN:
        _close(item, "ended")
    return to_chat(chat_item(chat_id), clock.now())


def transcript(chat_id: str) -> str:
    lines = [
        f"[{m.sent_at[11:16]}] {m.author_name}: {m.body}"
        for m in ChatMessageItem.query(chat_key(chat_id), ChatMessageItem.sk.startswith("MSG#"))
    ]
    return "\n".join(lines) or "(no messages)"


def to_ticket(customer: Principal, chat_id: str, clock: Clock) -> Ticket:
    """Nobody answered: the chat becomes a ticket carrying its transcript."""
    item = chat_item(chat_id, customer)
    if item.ticket_id is not None:
        return tickets.to_ticket(tickets.ticket_item(item.ticket_id), clock.now())
    if item.status != "waiting":
        raise Conflict("Only a chat nobody has answered can become a ticket.", code="chat_already_answered")
    request = NewTicket(
        kind="question",
        subject=f"Chat of {item.started_at[:16].replace('T', ' ')}",
        description=f"Started as a live chat nobody could answer.\n\n{transcript(chat_id)}",
    )
    ticket = tickets.open_ticket(customer, f"chat-{chat_id}", request, clock)
    _close(item, "converted", ChatItem.ticket_id.set(ticket.ticket_id))
    return ticket
