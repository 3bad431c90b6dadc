"""The business inbox: one message thread between each customer and the business.

A message and its thread's head (last message time, unread counts on each side) are written
together; reading a thread zeroes the reader's side. The kept counts move with them: a staff
message adds to the customer's `unanswered_messages`, a customer's to the staff's
`unread_messages` (core.summary), and a read takes off what the reader's side held, in one
transaction conditioned on the side still holding at least that (a repeated read takes off
nothing).
"""

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from functions.core import summary
from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound
from functions.core.events import outbox_event
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import Principal, account_by_id, in_the_name_of
from functions.core.transactions import Transaction
from functions.documents.attachments import owned
from functions.tickets import tickets
from functions.tickets.models import (
    INBOX_THREADS,
    THREAD,
    Attached,
    InboxMessageItem,
    InboxThreadItem,
    inbox_key,
)
from functions.tickets.schemas import (
    AttachedFile,
    InboxMessage,
    InboxSummary,
    InboxThread,
    NewMessage,
    NewTicket,
    Ticket,
)

PAGE = 50


def _thread_item(customer_id: str) -> InboxThreadItem | None:
    try:
        return InboxThreadItem.get(inbox_key(customer_id), THREAD, consistent_read=True)
    except DoesNotExist:
        return None


def _message(item: InboxMessageItem) -> InboxMessage:
    return InboxMessage(
        message_id=item.message_id,
        author_kind=item.author_kind,
        author_name=item.author_name,
        author_id=item.author_id,
        body=item.body,
        attachments=[AttachedFile(attachment_id=a.attachment_id, file_name=a.file_name) for a in item.attachments],
        created_at=item.created_at,
        ticket_id=item.ticket_id,
    )


def read_thread(customer_id: str, reader: str, cursor: str | None) -> InboxThread:
    """The latest messages (or older ones, with a cursor), and the reader's side marked read."""
    head = _thread_item(customer_id)
    results: Any = InboxMessageItem.query(
        inbox_key(customer_id),
        InboxMessageItem.sk.startswith("MSG#"),
        scan_index_forward=False,
        limit=PAGE,
        last_evaluated_key=decode_cursor(cursor),
    )
    messages = [_message(m) for m in results][::-1]
    older = encode_cursor(results.last_evaluated_key)
    if head is None:
        customer = account_by_id(customer_id)
        if customer is None:
            raise NotFound("There is no such customer.")
        return InboxThread(
            customer_id=customer_id,
            customer_name=customer.name,
            unread_by_customer=0,
            unread_by_staff=0,
            last_message_at=None,
            messages=messages,
            older_cursor=older,
        )
    # The counts as they were when the reader opened the thread; then the reader's side is read.
    unread = {"customer": int(head.unread_by_customer), "staff": int(head.unread_by_staff)}
    if unread[reader]:
        _mark_read(customer_id, reader, unread[reader])
    return InboxThread(
        customer_id=customer_id,
        customer_name=head.customer_name,
        unread_by_customer=unread["customer"],
        unread_by_staff=unread["staff"],
        last_message_at=head.last_message_at,
        messages=messages,
        older_cursor=older,
    )


def _mark_read(customer_id: str, reader: str, seen: int) -> None:
    """Take the `seen` messages off the reader's side and off the kept count, together; if the
    side holds fewer now, another read of this thread took them off first."""
    side = InboxThreadItem.unread_by_customer if reader == "customer" else InboxThreadItem.unread_by_staff
    try:
        with Transaction() as transaction:
            transaction.update(
                InboxThreadItem(inbox_key(customer_id), THREAD), actions=[side.add(-seen)], condition=side >= seen
            )
            if reader == "customer":
                summary.count(transaction, customer_id, unanswered_messages=-seen)
            else:
                summary.count_for_staff(transaction, unread_messages=-seen)
    except TransactWriteError:
        return


def write(customer_id: str, author: Principal, message: NewMessage, clock: Clock) -> InboxMessage:
    """A message from the customer or from staff; the other side's unread count goes up."""
    account = author.account_name if author.kind == "customer" else getattr(account_by_id(customer_id), "name", None)
    if account is None:
        raise NotFound("There is no such customer.")
    files = owned(customer_id, message.attachment_ids) if message.attachment_ids else []
    now = clock.now()
    item = _new_message(customer_id, author, message.body, files, now)
    unread = InboxThreadItem.unread_by_staff if author.kind == "customer" else InboxThreadItem.unread_by_customer
    with Transaction() as transaction:
        transaction.save(item)
        transaction.update(
            InboxThreadItem(inbox_key(customer_id), THREAD),
            actions=[
                InboxThreadItem.customer_id.set(customer_id),
                InboxThreadItem.customer_name.set(account),
                InboxThreadItem.last_message_at.set(item.created_at),
                unread.add(1),
                InboxThreadItem.gsi1pk.set(INBOX_THREADS),
                InboxThreadItem.gsi1sk.set(f"{item.created_at}#{customer_id}"),
            ],
        )
        if author.kind == "customer":
            summary.count_for_staff(transaction, unread_messages=1)
        else:
            summary.count(transaction, customer_id, unanswered_messages=1)
        transaction.save(
            outbox_event(
                "inbox.message",
                now,
                customer_id,
                message_id=item.message_id,
                from_kind=author.kind,
                body=message.body[:200],
            )
        )
    return _message(item)


def _new_message(customer_id: str, author: Principal, body: str, files: list[Any], now: datetime) -> InboxMessageItem:
    message_id = new_id(int(now.timestamp() * 1000))
    return InboxMessageItem(
        inbox_key(customer_id),
        f"MSG#{message_id}",
        message_id=message_id,
        author_kind=author.kind,
        author_name=author.name,
        author_id=author.principal_id or None,
        body=body,
        attachments=[Attached(attachment_id=f.attachment_id, file_name=f.file_name) for f in files],  # type: ignore[no-untyped-call]
        created_at=now.isoformat(),
    )


def threads(cursor: str | None, limit: int) -> Page[InboxSummary]:
    """Every customer's thread, the latest message first (the operator's inbox)."""
    results: Any = InboxThreadItem.threads.query(
        INBOX_THREADS, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor)
    )
    items = [
        InboxSummary(
            customer_id=t.customer_id,
            customer_name=t.customer_name,
            last_message_at=t.last_message_at,
            unread_by_staff=int(t.unread_by_staff),
        )
        for t in results
    ]
    return Page[InboxSummary](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def to_ticket(staff: Principal, customer_id: str, message_id: str, clock: Clock) -> Ticket:
    """An operator turns a customer's message into a ticket, opened in the customer's name."""
    try:
        message = InboxMessageItem.get(inbox_key(customer_id), f"MSG#{message_id}", consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such message.") from exc
    if message.author_kind != "customer":
        raise Conflict("Only a customer's message can become a ticket.", code="message_not_from_customer")
    if message.ticket_id is not None:
        return tickets.to_ticket(tickets.ticket_item(message.ticket_id), clock.now())
    customer = in_the_name_of(customer_id)
    if customer is None:
        raise NotFound("There is no such customer.")
    first_line = message.body.strip().splitlines()[0]
    request = NewTicket(
        kind="question",
        subject=first_line[:120],
        description=message.body,
        attachment_ids=[a.attachment_id for a in message.attachments],
    )
    # The message id is the Idempotency-Key: turning it twice makes one ticket.
    ticket = tickets.open_ticket(customer, f"inbox-{message_id}", request, clock)
    message.update(actions=[InboxMessageItem.ticket_id.set(ticket.ticket_id)])
    return ticket
