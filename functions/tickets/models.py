"""Tickets, the business inbox and live chats in the portal's table.

Each ticket and chat has its own partition (TICKET#id, CHAT#id) naming its customer; each
customer's inbox thread is INBOX#customer. Internal notes live under NOTE# beside the
public MSG# entries of a ticket, so a customer's read (a query on MSG#) cannot return one.
"""

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.principal import customer_key
from functions.core.table import Gsi1, Gsi2, Gsi3, PortalItem, register

TICKET = "TICKET"
CHAT = "CHAT"
THREAD = "THREAD"
SETTINGS = ("SUPPORT", "SETTINGS")
INBOX_THREADS = "INBOX#threads"  # gsi1: every customer's thread, latest message first


def ticket_key(ticket_id: str) -> str:
    return f"TICKET#{ticket_id}"


def chat_key(chat_id: str) -> str:
    return f"CHAT#{chat_id}"


def inbox_key(customer_id: str) -> str:
    return f"INBOX#{customer_id}"


def tickets_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#TICKETS"


def tickets_by(customer_id: str, contact_id: str) -> str:
    """gsi3 partition of the tickets one contact of an account opened, newest first."""
    return f"{customer_key(customer_id)}#TICKETS#BY#{contact_id}"


def queue_of(status: str) -> str:
    return f"TICKETS#{status}"


def chats_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#CHATS"


def chats_in(status: str) -> str:
    return f"CHATS#{status}"


class Attached(MapAttribute[str, object]):
    attachment_id = UnicodeAttribute()
    file_name = UnicodeAttribute()


@register
class SupportSettingsItem(PortalItem):
    """What the business set for support (pk SUPPORT, sk SETTINGS); defaults until it does."""

    tags = ListAttribute(of=UnicodeAttribute, default=list)
    tag_labels = MapAttribute[str, object](default=dict)  # type: ignore[no-untyped-call]  # tag -> {language: label}
    first_reply_hours = MapAttribute[str, object](default=dict)  # type: ignore[no-untyped-call]  # priority -> hours
    chat_wait_seconds = NumberAttribute(default=120)


@register
class TicketItem(PortalItem):
    """A ticket (pk TICKET#id, sk TICKET).

    gsi1: the customer's tickets, newest first. gsi2: the operator's queue per status, by
    when the next answer is due (due_at), so "what is due first" is the order of a query.
    gsi3: the tickets one contact opened (created_by), newest first; a ticket the business
    opened in the account's name, or from before contacts were recorded, has neither.
    """

    ticket_id = UnicodeAttribute()
    number = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute()
    kind = UnicodeAttribute()
    subject = UnicodeAttribute()
    description = UnicodeAttribute()
    tags = ListAttribute(of=UnicodeAttribute, default=list)
    priority = UnicodeAttribute()
    status = UnicodeAttribute()
    link_type = UnicodeAttribute(null=True)  # order or invoice
    link_id = UnicodeAttribute(null=True)
    attachments = ListAttribute(of=Attached, default=list)
    created_at = UnicodeAttribute()
    first_reply_due = UnicodeAttribute()
    first_replied_at = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute()  # when staff should answer next
    assignee_id = UnicodeAttribute(null=True)
    assignee_name = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    rating = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)
    created_by = UnicodeAttribute(null=True)  # the contact who opened it
    # Counted in its opener's own open tickets (core.summary.count_for_creator) since it was
    # opened; a ticket opened before those counts were kept moves only the account's.
    creator_counted = BooleanAttribute(null=True)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    by_customer = Gsi1()
    queue = Gsi2()
    by_contact = Gsi3()


@register
class TicketEntryItem(PortalItem):
    """One entry of a ticket's thread (pk TICKET#id): a public reply or a status change under
    sk MSG#<ulid>, an internal note under sk NOTE#<ulid>."""

    entry_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # reply, note, status
    author_kind = UnicodeAttribute()  # customer, staff
    author_name = UnicodeAttribute()
    author_id = UnicodeAttribute(null=True)  # the contact or operator; none before contacts were recorded
    body = UnicodeAttribute(default="")
    status = UnicodeAttribute(null=True)  # the new status, for kind=status
    attachments = ListAttribute(of=Attached, default=list)
    created_at = UnicodeAttribute()


@register
class InboxThreadItem(PortalItem):
    """A customer's thread with the business (pk INBOX#customer, sk THREAD), with unread counts."""

    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute()
    last_message_at = UnicodeAttribute()
    unread_by_customer = NumberAttribute(default=0)
    unread_by_staff = NumberAttribute(default=0)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    threads = Gsi1()


@register
class InboxMessageItem(PortalItem):
    """One message of an inbox thread (pk INBOX#customer, sk MSG#<ulid>)."""

    message_id = UnicodeAttribute()
    author_kind = UnicodeAttribute()
    author_name = UnicodeAttribute()
    author_id = UnicodeAttribute(null=True)  # the contact or operator; none before contacts were recorded
    body = UnicodeAttribute()
    attachments = ListAttribute(of=Attached, default=list)
    created_at = UnicodeAttribute()
    ticket_id = UnicodeAttribute(null=True)  # the ticket an operator made of it


@register
class ChatItem(PortalItem):
    """A live chat (pk CHAT#id, sk CHAT): waiting, active, ended or converted (to a ticket).

    last_seq numbers its messages without gaps or reordering: a message is written in one
    transaction with last_seq moving from n to n+1, so "since n" never misses one.
    gsi1: the chats of a status, oldest first (the console's waiting list). gsi2: the customer's.
    """

    chat_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute()
    status = UnicodeAttribute()
    started_at = UnicodeAttribute()
    offer_ticket_at = UnicodeAttribute()  # unanswered until then: the customer may make it a ticket
    operator_id = UnicodeAttribute(null=True)
    operator_name = UnicodeAttribute(null=True)
    picked_at = UnicodeAttribute(null=True)
    last_seq = NumberAttribute(default=0)
    ticket_id = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)  # the contact who started it (none: before contacts)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    by_status = Gsi1()
    by_customer = Gsi2()


@register
class ChatMessageItem(PortalItem):
    """One chat message (pk CHAT#id, sk MSG#<seq, 8 digits>)."""

    seq = NumberAttribute()
    author_kind = UnicodeAttribute()
    author_name = UnicodeAttribute()
    author_id = UnicodeAttribute(null=True)  # the contact or operator; none before contacts were recorded
    body = UnicodeAttribute()
    sent_at = UnicodeAttribute()
    # Whose chat it is, so the live push (tickets.live) tells the right people without reading
    # the chat: its account, and the contact who started it ("only mine" colleagues see theirs).
    customer_id = UnicodeAttribute(null=True)
    chat_created_by = UnicodeAttribute(null=True)


@register
class OpenChatItem(PortalItem):
    """Which chat of a contact is open (pk CUSTOMER#id#CHATS, sk open_chat_of(contact)): written
    with the chat on a does-not-exist condition, so two starts that race make one chat; deleted
    with the status change that ends it."""

    chat_id = UnicodeAttribute()


OPEN_CHAT = "OPEN"


def open_chat_of(contact_id: str | None) -> str:
    """A chat is one person's conversation: each contact of an account has their own open chat,
    so colleagues never write into each other's. A chat started before contacts were recorded
    (created_by none) keeps the account's one marker, OPEN, until it ends."""
    return OPEN_CHAT if contact_id is None else f"{OPEN_CHAT}#{contact_id}"
