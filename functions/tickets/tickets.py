"""Tickets: a customer's complaint, concern, question or request, its thread, its status,
the first-reply promise, and the operator's queue.

Every change is one transaction: the ticket item (version-guarded, so two operators cannot
overwrite each other), the thread entry it adds, and the event someone must hear about. The
kept counts move in it too (core.summary): the customer's `open_tickets` (the account's, and
its opener's own, which a contact who sees only their own is shown), and the staff's
`new_tickets`, the tickets in status open (nobody has answered them or moved them on: the
queue's default view), so the version guard that refuses a replay refuses its count too.
"""

import re
from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError

from functions.core import idempotency, summary
from functions.core.clock import Clock
from functions.core.counters import next_number
from functions.core.errors import Conflict, NotFound, invalid_field
from functions.core.events import outbox_event
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, one_read
from functions.core.principal import Principal, principal_by_id
from functions.core.table import Owner, Reader, account_of, contact_only, creator_of, owned_item
from functions.core.transactions import Transaction
from functions.documents.attachments import owned
from functions.orders.service import get_order
from functions.payments import invoices
from functions.tickets.models import (
    TICKET,
    Attached,
    TicketEntryItem,
    TicketItem,
    queue_of,
    ticket_key,
    tickets_by,
    tickets_of,
)
from functions.tickets.policy import reply_due, support_settings
from functions.tickets.schemas import (
    PRIORITIES,
    STATUSES,
    AttachedFile,
    Entry,
    FirstReply,
    Link,
    NewTicket,
    QueuedTicket,
    Rating,
    Reply,
    StaffReply,
    StaffTicketThread,
    Ticket,
    TicketChange,
    TicketThread,
)

CREATE = "TICKET"  # the Idempotency-Key kind of ticket creation
# status -> the statuses staff may move it to
STAFF_MOVES = {
    "open": {"in_progress", "waiting_on_customer", "resolved", "closed"},
    "in_progress": {"open", "waiting_on_customer", "resolved", "closed"},
    "waiting_on_customer": {"in_progress", "resolved", "closed"},
    "resolved": {"open", "closed"},
    "closed": set(),
}
DONE = {"resolved", "closed"}  # nothing is due from staff
FAR_FUTURE = "9999"  # due_at of tickets nobody owes an answer: they sort last


def _attached(items: list[Attached]) -> list[AttachedFile]:
    return [AttachedFile(attachment_id=a.attachment_id, file_name=a.file_name) for a in items]


def _first_reply(item: TicketItem, now: datetime) -> FirstReply:
    if item.first_replied_at is not None:
        met: bool | None = item.first_replied_at <= item.first_reply_due
    else:
        met = False if now.isoformat() > item.first_reply_due else None
    return FirstReply(due=item.first_reply_due, answered_at=item.first_replied_at, met=met)


def to_ticket(item: TicketItem, now: datetime) -> Ticket:
    link = Link(type=item.link_type, id=item.link_id) if item.link_type and item.link_id else None
    return Ticket(
        ticket_id=item.ticket_id,
        number=item.number,
        created_by=item.created_by,
        kind=item.kind,
        subject=item.subject,
        description=item.description,
        tags=list(item.tags),
        priority=item.priority,
        status=item.status,
        link=link,
        attachments=_attached(item.attachments),
        created_at=item.created_at,
        first_reply=_first_reply(item, now),
        assignee_name=item.assignee_name,
        resolved_at=item.resolved_at,
        rating=None if item.rating is None else int(item.rating),
        rating_comment=item.rating_comment,
    )


def to_queued(item: TicketItem, now: datetime) -> QueuedTicket:
    return QueuedTicket(
        **to_ticket(item, now).model_dump(),
        customer_id=item.customer_id,
        customer_name=item.customer_name,
        due_at=item.due_at,
        assignee_id=item.assignee_id,
    )


def ticket_item(ticket_id: str, owner: Owner = None) -> TicketItem:
    """A ticket; with an owner, only if it may see it (core.table.may_see)."""
    return owned_item(TicketItem, ticket_key(ticket_id), TICKET, owner, "There is no such ticket.")


def _check_link(customer: Reader, link: Link | None, clock: Clock) -> None:
    """A ticket may point at the account's own invoice, or an order its author may see
    (for a contact who sees only their own, one of theirs), nobody else's."""
    if link is None:
        return
    if link.type == "invoice":
        invoices.get_invoice(customer.account_id, link.id, clock)
    else:
        get_order(customer, link.id)


def _creator_keys(customer_id: str, created_by: str | None, ticket_id: str) -> dict[str, Any]:
    """The contact's own list (gsi3) in the order of the account's (gsi1, by ticket id); its
    status filter is the account list's too: one read of the key (core.paging.one_read)."""
    if created_by is None:
        return {}
    keys = {"gsi3pk": tickets_by(customer_id, created_by), "gsi3sk": ticket_id}
    return {"created_by": created_by, "creator_counted": True, **keys}


def open_ticket(customer: Principal, key: str, request: NewTicket, clock: Clock) -> Ticket:
    """Open a ticket, once per Idempotency-Key."""
    customer_id = customer.account_id
    earlier = idempotency.made_with(customer_id, CREATE, key)
    if earlier is not None:
        return to_ticket(ticket_item(earlier, customer), clock.now())
    _check_link(customer, request.link, clock)
    files = owned(customer_id, request.attachment_ids)
    settings = support_settings()
    now = clock.now()
    ticket_id = new_id(int(now.timestamp() * 1000))
    due = reply_due(request.priority, now, settings)
    item = TicketItem(
        ticket_key(ticket_id),
        TICKET,
        ticket_id=ticket_id,
        number=next_number("ticket", "TCK"),
        customer_id=customer_id,
        customer_name=customer.account_name,
        kind=request.kind,
        subject=request.subject,
        description=request.description,
        tags=sorted({tag.lower() for tag in request.tags}),
        priority=request.priority,
        status="open",
        link_type=request.link.type if request.link else None,
        link_id=request.link.id if request.link else None,
        attachments=[Attached(attachment_id=f.attachment_id, file_name=f.file_name) for f in files],  # type: ignore[no-untyped-call]
        created_at=now.isoformat(),
        first_reply_due=due,
        due_at=due,
        gsi1pk=tickets_of(customer_id),
        gsi1sk=ticket_id,
        gsi2pk=queue_of("open"),
        gsi2sk=f"{due}#{ticket_id}",
        **_creator_keys(customer_id, creator_of(customer), ticket_id),
    )
    try:
        with Transaction() as transaction:
            transaction.save(
                idempotency.marker(customer_id, CREATE, key, ticket_id, now),
                condition=IdempotencyItem.pk.does_not_exist(),
            )
            transaction.save(item, condition=TicketItem.pk.does_not_exist())
            summary.count(transaction, customer_id, open_tickets=1)
            if item.created_by is not None:
                summary.count_for_creator(transaction, customer_id, item.created_by, open_tickets=1)
            summary.count_for_staff(transaction, new_tickets=1)
            transaction.save(
                outbox_event(
                    "ticket.opened",
                    now,
                    customer_id,
                    ticket_id=ticket_id,
                    number=item.number,
                    priority=item.priority,
                    created_by=item.created_by,
                )
            )
    except TransactWriteError:
        raced = idempotency.made_with(customer_id, CREATE, key)
        if raced is None:
            raise
        return to_ticket(ticket_item(raced, customer), now)
    return to_ticket(item, now)


def tickets_for(owner: Reader | str, status: str | None, cursor: str | None, limit: int, clock: Clock) -> Page[Ticket]:
    """An account's tickets (for a contact who sees only their own, theirs: their key), newest
    first, optionally of one status (one read: core.paging.one_read)."""
    if status is not None and status not in STATUSES:
        raise invalid_field(
            "status", "not_allowed", f"status must be one of {', '.join(STATUSES)}.", choices=[*STATUSES]
        )
    contact = contact_only(owner)
    index = TicketItem.by_customer if contact is None else TicketItem.by_contact
    partition = tickets_of(account_of(owner)) if contact is None else tickets_by(account_of(owner), contact)
    results: Any = index.query(
        partition,
        filter_condition=(TicketItem.status == status) if status else None,
        scan_index_forward=False,
        page_size=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    found, next_cursor = one_read(TicketItem, results)
    now = clock.now()
    return Page[Ticket](items=[to_ticket(i, now) for i in found], next_cursor=next_cursor)


def queue(
    status: str,
    priority: str | None,
    tag: str | None,
    assignee: str | None,
    cursor: str | None,
    limit: int,
    clock: Clock,
) -> Page[QueuedTicket]:
    """The operator's queue of one status, what is due first; filtered by priority, tag, assignee."""
    if status not in STATUSES:
        raise invalid_field(
            "status", "not_allowed", f"status must be one of {', '.join(STATUSES)}.", choices=[*STATUSES]
        )
    if priority is not None and priority not in PRIORITIES:
        raise invalid_field(
            "priority", "not_allowed", f"priority must be one of {', '.join(PRIORITIES)}.", choices=[*PRIORITIES]
        )
    if tag is not None and not 1 <= len(tag) <= 40:
        reason, limit = ("too_short", 1) if not tag else ("too_long", 40)
        raise invalid_field("tag", reason, "tag must be 1 to 40 characters.", limit=limit)
    if assignee is not None and not re.fullmatch(r"[0-9A-Z]{26}", assignee):
        raise invalid_field("assignee", "wrong_format", "assignee must be a staff member's id.")
    condition: Any = None
    for part in (
        (TicketItem.priority == priority) if priority else None,
        TicketItem.tags.contains(tag.lower()) if tag else None,
        (TicketItem.assignee_id == assignee) if assignee else None,
    ):
        if part is not None:
            condition = part if condition is None else condition & part
    # The status is the key; priority, tag and assignee filter one read (core.paging.one_read).
    results: Any = TicketItem.queue.query(
        queue_of(status), filter_condition=condition, page_size=limit, last_evaluated_key=decode_cursor(cursor)
    )
    found, next_cursor = one_read(TicketItem, results)
    now = clock.now()
    return Page[QueuedTicket](items=[to_queued(i, now) for i in found], next_cursor=next_cursor)


def _entries(ticket_id: str, with_notes: bool) -> list[Entry]:
    # MSG# sorts before NOTE#, and both before the ticket's own sk: staff read both in one query.
    keys = TicketEntryItem.sk.between("MSG#", "NOTE#~") if with_notes else TicketEntryItem.sk.startswith("MSG#")
    found = sorted(TicketEntryItem.query(ticket_key(ticket_id), keys), key=lambda e: e.entry_id)
    return [
        Entry(
            entry_id=e.entry_id,
            kind=e.kind,
            author_kind=e.author_kind,
            author_name=e.author_name,
            author_id=e.author_id,
            body=e.body,
            status=e.status,
            attachments=_attached(e.attachments),
            created_at=e.created_at,
        )
        for e in found
    ]


def thread(ticket_id: str, owner: Reader | str, clock: Clock) -> TicketThread:
    """The customer's view of their ticket: no internal notes."""
    item = ticket_item(ticket_id, owner)
    return TicketThread(ticket=to_ticket(item, clock.now()), entries=_entries(ticket_id, with_notes=False))


def staff_thread(ticket_id: str, clock: Clock) -> StaffTicketThread:
    """The operator's view: whose it is, what is due, and the internal notes."""
    item = ticket_item(ticket_id)
    return StaffTicketThread(ticket=to_queued(item, clock.now()), entries=_entries(ticket_id, with_notes=True))


def _entry(
    ticket_id: str, kind: str, author: Principal, now: datetime, body: str = "", **extra: Any
) -> TicketEntryItem:
    entry_id = new_id(int(now.timestamp() * 1000))
    return TicketEntryItem(
        ticket_key(ticket_id),
        f"{'NOTE' if kind == 'note' else 'MSG'}#{entry_id}",
        entry_id=entry_id,
        kind=kind,
        author_kind=author.kind,
        author_name=author.name,
        author_id=author.principal_id or None,
        body=body,
        created_at=now.isoformat(),
        **extra,
    )


def _write(item: TicketItem, actions: list[Any], writes: list[Any], status: str | None = None) -> None:
    """The ticket's change (if it is still the version read) and its entries and events, together;
    a move to `status` also moves the customer's open-tickets count and the staff's new-tickets."""
    still_open = int(status not in DONE) - int(item.status not in DONE) if status else 0
    new = int(status == "open") - int(item.status == "open") if status else 0
    try:
        with Transaction() as transaction:
            transaction.update(
                item, actions=[*actions, TicketItem.version.add(1)], condition=TicketItem.version == item.version
            )
            for write in writes:
                transaction.save(write)
            summary.count(transaction, item.customer_id, open_tickets=still_open)
            if item.creator_counted and item.created_by is not None:
                summary.count_for_creator(transaction, item.customer_id, item.created_by, open_tickets=still_open)
            summary.count_for_staff(transaction, new_tickets=new)
    except TransactWriteError as exc:
        raise Conflict(
            "This ticket changed meanwhile; reload it and try again.", code="ticket_changed_meanwhile"
        ) from exc


def _status_actions(item: TicketItem, status: str, now: datetime, due_at: str | None = None) -> list[Any]:
    """Move to `status`, keeping the queue keys and the resolution time in step."""
    due = FAR_FUTURE if status in DONE else (due_at or item.due_at)
    actions = [
        TicketItem.status.set(status),
        TicketItem.due_at.set(due),
        TicketItem.gsi2pk.set(queue_of(status)),
        TicketItem.gsi2sk.set(f"{due}#{item.ticket_id}"),
    ]
    if status == "resolved":
        actions.append(TicketItem.resolved_at.set(now.isoformat()))
    elif status != "closed":
        actions.append(TicketItem.resolved_at.remove())
    return actions


def customer_reply(customer: Principal, ticket_id: str, reply: Reply, clock: Clock) -> TicketThread:
    """The customer writes; a resolved ticket reopens, one waiting on them goes back to staff."""
    item = ticket_item(ticket_id, customer)
    if item.status == "closed":
        raise Conflict("This ticket is closed; open a new one.", code="ticket_closed")
    files = owned(customer.account_id, reply.attachment_ids)
    now = clock.now()
    status = {"resolved": "open", "waiting_on_customer": "in_progress" if item.assignee_id else "open"}.get(
        item.status, item.status
    )
    due = reply_due(item.priority, now, support_settings()) if item.first_replied_at else item.first_reply_due
    attached = [Attached(attachment_id=f.attachment_id, file_name=f.file_name) for f in files]  # type: ignore[no-untyped-call]
    writes: list[Any] = [_entry(ticket_id, "reply", customer, now, reply.body, attachments=attached)]
    if status != item.status:
        writes.append(_entry(ticket_id, "status", customer, now, status=status))
    writes.append(
        outbox_event(
            "ticket.customer_replied",
            now,
            item.customer_id,
            ticket_id=ticket_id,
            number=item.number,
            created_by=item.created_by,
        )
    )
    _write(item, _status_actions(item, status, now, due), writes, status)
    return thread(ticket_id, customer, clock)


def staff_reply(staff: Principal, ticket_id: str, reply: StaffReply, clock: Clock) -> StaffTicketThread:
    """A public answer (the first one keeps the promise or not), or an internal note."""
    item = ticket_item(ticket_id)
    if item.status == "closed":
        raise Conflict("This ticket is closed.", code="ticket_closed")
    if reply.internal:
        _note(staff, item, reply, clock.now())
    else:
        _answer(staff, item, reply, clock.now())
    return staff_thread(ticket_id, clock)


def _note(staff: Principal, item: TicketItem, reply: StaffReply, now: datetime) -> None:
    """An internal note, perhaps with a status move: the customer sees only the move."""
    actions: list[Any] = []
    writes: list[Any] = [_entry(item.ticket_id, "note", staff, now, reply.body)]
    if reply.status is not None and reply.status != item.status:
        _allowed(item.status, reply.status)
        actions = _status_actions(item, reply.status, now)
        writes.append(_entry(item.ticket_id, "status", staff, now, status=reply.status))
        writes.append(_status_event(item, reply.status, now))
    _write(item, actions, writes, reply.status)


def _answer(staff: Principal, item: TicketItem, reply: StaffReply, now: datetime) -> None:
    """A public answer: the first one keeps the promise or not; then nothing is due from staff
    until the customer writes again."""
    files = owned(item.customer_id, reply.attachment_ids) if reply.attachment_ids else []
    status = reply.status or ("in_progress" if item.status == "open" else item.status)
    _allowed(item.status, status)
    actions = _status_actions(item, status, now, FAR_FUTURE)
    if item.first_replied_at is None:
        actions.append(TicketItem.first_replied_at.set(now.isoformat()))
    attached = [Attached(attachment_id=f.attachment_id, file_name=f.file_name) for f in files]  # type: ignore[no-untyped-call]
    writes: list[Any] = [_entry(item.ticket_id, "reply", staff, now, reply.body, attachments=attached)]
    if status != item.status:
        writes.append(_entry(item.ticket_id, "status", staff, now, status=status))
    # The answer travels with the event: the e-mail tells it (Body bounds it to 5000 characters).
    writes.append(
        outbox_event(
            "ticket.answered",
            now,
            item.customer_id,
            ticket_id=item.ticket_id,
            number=item.number,
            answer=reply.body,
            created_by=item.created_by,  # its opener is told, whatever their role or scope now
        )
    )
    _write(item, actions, writes, status)


def _status_event(item: TicketItem, status: str, now: datetime) -> Any:
    return outbox_event(
        "ticket.status_changed",
        now,
        item.customer_id,
        ticket_id=item.ticket_id,
        number=item.number,
        status=status,
        created_by=item.created_by,
    )


def _allowed(current: str, status: str) -> None:
    if status != current and status not in STAFF_MOVES[current]:
        raise Conflict(
            f"A ticket that is {current.replace('_', ' ')} cannot become {status.replace('_', ' ')}.",
            code="ticket_status_change_refused",
        )


def change(staff: Principal, ticket_id: str, request: TicketChange, clock: Clock) -> QueuedTicket:
    """Status, priority, tags, assignee: what the operator changes, with an entry per status move."""
    item = ticket_item(ticket_id)
    now = clock.now()
    actions: list[Any] = []
    writes: list[Any] = []
    status = request.status or item.status
    _allowed(item.status, status)
    due: str | None = None
    if request.priority is not None and request.priority != item.priority:
        actions.append(TicketItem.priority.set(request.priority))
        if item.first_replied_at is None:  # the promise follows the priority until it is kept
            due = reply_due(request.priority, datetime.fromisoformat(item.created_at), support_settings())
            actions.append(TicketItem.first_reply_due.set(due))
    if status != item.status or due is not None:
        actions += _status_actions(item, status, now, due)
    if request.tags is not None:
        tags: list[Any] = sorted({tag.lower() for tag in request.tags})
        actions.append(TicketItem.tags.set(tags))
    if request.take:
        actions += [TicketItem.assignee_id.set(staff.principal_id), TicketItem.assignee_name.set(staff.name)]
    elif request.assignee_id is not None:
        assignee = principal_by_id(request.assignee_id, "staff")
        if assignee is None:
            raise NotFound("There is no such staff member.")
        actions += [TicketItem.assignee_id.set(assignee.principal_id), TicketItem.assignee_name.set(assignee.name)]
    if status != item.status:
        writes.append(_entry(ticket_id, "status", staff, now, status=status))
        writes.append(_status_event(item, status, now))
    if not actions:
        return to_queued(item, now)
    _write(item, actions, writes, status)
    return to_queued(ticket_item(ticket_id), now)


def close(customer: Principal, ticket_id: str, clock: Clock) -> Ticket:
    item = ticket_item(ticket_id, customer)
    if item.status == "closed":
        return to_ticket(item, clock.now())
    now = clock.now()
    writes = [
        _entry(ticket_id, "status", customer, now, status="closed"),
        _status_event(item, "closed", now),
    ]
    _write(item, _status_actions(item, "closed", now), writes, "closed")
    return to_ticket(ticket_item(ticket_id), now)


def rate(customer: Principal, ticket_id: str, rating: Rating, clock: Clock) -> Ticket:
    """After resolution (resolved, or closed once resolved), the customer's score and comment."""
    item = ticket_item(ticket_id, customer)
    if item.resolved_at is None:
        raise Conflict("A ticket can be rated once it is resolved.", code="ticket_not_resolved")
    _write(item, [TicketItem.rating.set(rating.score), TicketItem.rating_comment.set(rating.comment)], [])
    return to_ticket(ticket_item(ticket_id), clock.now())
