"""The account's tickets (each with its public thread), inbox messages and chats (each with its
messages), for the account's data export (functions/documents/exports.py).

A call reads one page of the account's tickets or chats and each one's thread (a few Queries),
or one page of inbox messages, and returns JSON-able items and the cursor after them. The
business's internal notes on a ticket are its own: left out, as on the customer's pages. (A
message is told as the domain's pages tell it: inbox._message and chat.message_of.)
"""

from typing import Any, cast

from functions.core.clock import Clock
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.tickets import chat, inbox, tickets
from functions.tickets.models import ChatItem, ChatMessageItem, InboxMessageItem, chat_key, chats_of, inbox_key

SECTIONS = ("tickets", "inbox", "chats")
THREADS_PAGE = 10  # tickets or chats a call, each read with its thread
MESSAGES_PAGE = 50


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's `section`."""
    if section == "tickets":
        found = tickets.tickets_for(account_id, None, cursor, THREADS_PAGE, clock)
        threads = [tickets.thread(t.ticket_id, account_id, clock).model_dump(mode="json") for t in found.items]
        return Page[dict[str, Any]](items=threads, next_cursor=found.next_cursor)
    if section == "inbox":
        results: Any = InboxMessageItem.query(
            inbox_key(account_id),
            InboxMessageItem.sk.startswith("MSG#"),
            limit=MESSAGES_PAGE,
            last_evaluated_key=decode_cursor(cursor),
        )
        messages = [inbox._message(m).model_dump(mode="json") for m in results]
        return Page[dict[str, Any]](items=messages, next_cursor=encode_cursor(results.last_evaluated_key))
    if section == "chats":
        return _chats(account_id, cursor, clock)
    raise LookupError(f"the tickets domain exports no {section}")


def _chats(account_id: str, cursor: str | None, clock: Clock) -> Page[dict[str, Any]]:
    results: Any = ChatItem.by_customer.query(
        chats_of(account_id), limit=THREADS_PAGE, last_evaluated_key=decode_cursor(cursor)
    )
    now, items = clock.now(), []
    for found in results:
        item = cast(ChatItem, found)
        said = ChatMessageItem.query(chat_key(item.chat_id), ChatMessageItem.sk.startswith("MSG#"))
        items.append(
            {
                **chat.to_chat(item, now).model_dump(mode="json"),
                "messages": [chat.message_of(m).model_dump(mode="json") for m in said],
            }
        )
    return Page[dict[str, Any]](items=items, next_cursor=encode_cursor(results.last_evaluated_key))
