"""What live chat and the console's counts push (core.live), read from the tickets domain's
own records as the table's stream hands them over: a chat's message as it is written, a chat's
moves (started, picked up: "an operator joined", ended, made a ticket) and the staff counts.
Typing is not written anywhere: a socket says it and it is passed on (`typing`)."""

from datetime import UTC, datetime

from functions.core.live import Image, Push, keys_of
from functions.core.roles import Area
from functions.core.summary import STAFF_SUMMARY_KEY, StaffSummaryItem
from functions.core.table import Owner
from functions.tickets import chat
from functions.tickets.counts import counts_of
from functions.tickets.models import CHAT, ChatItem, ChatMessageItem

SUPPORT: Area = "support"


def pushes_of(keys: Image, image: Image | None) -> list[Push]:
    """The pushes a record written by this domain makes (none for a deleted one)."""
    if image is None:
        return []
    pk, sk = keys_of(keys)
    if pk.startswith("CHAT#") and sk.startswith("MSG#"):
        return _line(ChatMessageItem.from_raw_data(dict(image)), pk.removeprefix("CHAT#"))
    if pk.startswith("CHAT#") and sk == CHAT:
        return _move(ChatItem.from_raw_data(dict(image)))
    if (pk, sk) == STAFF_SUMMARY_KEY:
        counts = counts_of(StaffSummaryItem.from_raw_data(dict(image)))
        shown = counts.model_dump()
        named = "-".join(str(shown[name]) for name in sorted(shown))  # the same counts again: nothing new
        return [Push({"type": "counts", "id": f"counts-{named}", "counts": shown}, staff=True)]
    return []


def _line(item: ChatMessageItem, chat_id: str) -> list[Push]:
    if item.customer_id is None:  # written before messages named their account: nobody to tell
        return []
    said = chat.message_of(item).model_dump()
    message = {"type": "chat.message", "id": f"{chat_id}-{int(item.seq)}", "chat_id": chat_id, "message": said}
    return [
        Push(message, account_id=item.customer_id, area=SUPPORT, created_by=item.chat_created_by),
        Push(message, staff=True),
    ]


def _move(item: ChatItem) -> list[Push]:
    shown = chat.to_chat(item, datetime.now(UTC))
    named = f"{item.chat_id}-{shown.status}-{shown.last_seq}"
    message = {"type": "chat.status", "id": named, "chat": shown.model_dump()}
    return [
        Push(message, account_id=item.customer_id, area=SUPPORT, created_by=item.created_by),
        Push(message, staff=True),
    ]


def typing(chat_id: str, reader: Owner, name: str) -> Push | None:
    """ "The business is typing" to the chat's contact (reader None: an operator), or the
    customer's typing to the staff. Another's chat is NotFound, as reading it would be; an
    ended chat says nothing."""
    item = chat.chat_item(chat_id, reader)
    if item.status not in chat.OPEN:
        return None
    by = "business" if reader is None else "customer"
    message = {"type": "chat.typing", "id": f"{chat_id}-typing-{by}", "chat_id": chat_id, "by": by, "name": name}
    if reader is None:
        return Push(message, account_id=item.customer_id, area=SUPPORT, created_by=item.created_by)
    return Push(message, staff=True)
