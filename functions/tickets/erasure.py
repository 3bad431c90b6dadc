"""The support domain's part of erasing a person (core.erasure): tickets, inbox threads and
chats stay, the business's record of what was asked and answered, with the person's name
replaced where it was copied.

- an account that is the person: its tickets', thread's and chats' customer_name (the
  account's name, theirs) becomes ERASED_PERSON;
- on every account of theirs: each ticket entry, inbox message and chat message they wrote
  (author_id is them; on an account that is the person, a customer's words from before
  authors were recorded too) loses its author_name;
- any text there that writes the person's name, e-mail or mobile (a subject, a message, a
  colleague's or the business's answer, an internal note) is scrubbed.
A ticket's entries and a chat's messages live in its own partition, so each page of an
account's tickets (or chats) is followed by its tickets' entries, page by page.
"""

from collections.abc import Callable

from pynamodb.expressions.update import Action

from functions.core.erasure import ERASED_PERSON, StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    LastKey,
    Walk,
    Walked,
    first_page,
    mentions,
    rewrite,
    scrubbed,
    sort_key,
    walk_step,
)
from functions.core.table import PortalItem
from functions.tickets.models import (
    CHAT,
    THREAD,
    TICKET,
    ChatItem,
    ChatMessageItem,
    InboxMessageItem,
    InboxThreadItem,
    TicketEntryItem,
    TicketItem,
    chat_key,
    chats_of,
    inbox_key,
    ticket_key,
    tickets_of,
)

Words = TicketEntryItem | InboxMessageItem | ChatMessageItem
# One page of a ticket's or chat's own list, from where it was: where it goes on, or None.
ChildPage = Callable[[str, LastKey | None], LastKey | None]


def _texts(item: PortalItem, names: tuple[str, ...], subject: Subject) -> list[Action]:
    """Each of these text attributes that writes the person's name, e-mail or mobile, scrubbed."""
    actions: list[Action] = []
    for name in names:
        value = getattr(item, name)
        if isinstance(value, str) and mentions(value, subject):
            actions.append(getattr(type(item), name).set(scrubbed(value, subject)))
    return actions


def _named(item: TicketItem | InboxThreadItem | ChatItem, own: bool) -> list[Action]:
    if own and item.customer_name != ERASED_PERSON:
        return [type(item).customer_name.set(ERASED_PERSON)]
    return []


def _words_changes(words: Words, subject: Subject, own: bool) -> list[Action]:
    theirs = words.author_id == subject.contact_id or (
        own and words.author_id is None and words.author_kind == "customer"
    )
    actions = _texts(words, ("body",), subject)
    if theirs and words.author_name != ERASED_PERSON:
        actions.append(type(words).author_name.set(ERASED_PERSON))
    return actions


def _ticket_entries(subject: Subject, own: bool, size: int) -> ChildPage:
    def page(ticket_id: str, after: LastKey | None) -> LastKey | None:
        # The whole partition: public entries (MSG#) and internal notes (NOTE#), not the ticket.
        query = TicketEntryItem.query(
            ticket_key(ticket_id), page_size=size, last_evaluated_key=after, consistent_read=True
        )
        raw, last = first_page(query)
        for entry in (TicketEntryItem.from_raw_data(item) for item in raw if sort_key(item) != TICKET):
            rewrite(entry, _words_changes(entry, subject, own))
        return last

    return page


def _tickets(subject: Subject, account_id: str, size: int) -> Walk:
    own = account_id in subject.own_account_ids

    def page(after: LastKey | None) -> Walked:
        query = TicketItem.by_customer.query(tickets_of(account_id), page_size=size, last_evaluated_key=after)
        raw, last = first_page(query)
        tickets = [TicketItem.from_raw_data(item) for item in raw]
        for ticket in tickets:
            texts = _texts(ticket, ("subject", "description", "rating_comment"), subject)
            rewrite(ticket, _named(ticket, own) + texts)
        return Walked(after=last, parents=tuple(ticket.ticket_id for ticket in tickets))

    return Walk(page, _ticket_entries(subject, own, size))


def _inbox(subject: Subject, account_id: str, size: int) -> Walk:
    own = account_id in subject.own_account_ids

    def page(after: LastKey | None) -> Walked:
        # The thread (sk THREAD) and its messages (sk MSG#...) share the account's inbox partition.
        query = InboxMessageItem.query(
            inbox_key(account_id), page_size=size, last_evaluated_key=after, consistent_read=True
        )
        raw, last = first_page(query)
        for item in raw:
            if sort_key(item) == THREAD:
                thread = InboxThreadItem.from_raw_data(item)
                rewrite(thread, _named(thread, own))
            else:
                message = InboxMessageItem.from_raw_data(item)
                rewrite(message, _words_changes(message, subject, own))
        return Walked(after=last)

    return Walk(page)


def _chat_messages(subject: Subject, own: bool, size: int) -> ChildPage:
    def page(chat_id: str, after: LastKey | None) -> LastKey | None:
        query = ChatMessageItem.query(
            chat_key(chat_id),
            ChatMessageItem.sk.startswith("MSG#"),
            page_size=size,
            last_evaluated_key=after,
            consistent_read=True,
        )
        raw, last = first_page(query)
        for message in map(ChatMessageItem.from_raw_data, raw):
            rewrite(message, _words_changes(message, subject, own))
        return last

    return page


def _chats(subject: Subject, account_id: str, size: int) -> Walk:
    own = account_id in subject.own_account_ids

    def page(after: LastKey | None) -> Walked:
        query = ChatItem.by_customer.query(chats_of(account_id), page_size=size, last_evaluated_key=after)
        raw, last = first_page(query)
        chats = [ChatItem.from_raw_data(item) for item in raw if sort_key(item) == CHAT]
        for chat in chats:
            rewrite(chat, _named(chat, own))
        return Walked(after=last, parents=tuple(chat.chat_id for chat in chats))

    return Walk(page, _chat_messages(subject, own, size))


def erase_support(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the person's tickets, inbox and chats (or of one ticket's or chat's own
    entries): their name replaced where it was copied or written."""
    walks = [
        *(_tickets(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_inbox(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_chats(subject, account_id, page_size) for account_id in subject.account_ids),
    ]
    return walk_step(walks, cursor)
