"""What the support API accepts and returns. Internal notes appear only in operator shapes."""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator

from functions.core.contact import MultiLine, OneLine
from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.paging import PageQuery, in_digits
from functions.core.schemas import Changes, EntityId, Form
from functions.core.shape import Schema

KINDS = ("complaint", "concern", "question", "request")
PRIORITIES = ("low", "normal", "high", "urgent")
STATUSES = ("open", "in_progress", "waiting_on_customer", "resolved", "closed")
Kind = Literal["complaint", "concern", "question", "request"]
Priority = Literal["low", "normal", "high", "urgent"]
Status = Literal["open", "in_progress", "waiting_on_customer", "resolved", "closed"]
Tag = Annotated[str, OneLine(40)]
TagName = Annotated[str, OneLine(40)]  # what a tag is called in one language
Body = Annotated[str, MultiLine(5000)]  # new lines kept; see core.contact
Hours = Annotated[int, Field(ge=1, le=24 * 30), NUMBER_NOT_TEXT]


class Link(Schema):
    model_config = ConfigDict(extra="forbid")

    type: Literal["order", "invoice"]
    id: EntityId


class NewTicket(Form):
    kind: Kind
    subject: Annotated[str, OneLine(200)]
    description: Body
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    priority: Priority = "normal"
    link: Link | None = None
    attachment_ids: list[EntityId] = Field(default_factory=list, max_length=10)


class Reply(Form):
    body: Body
    attachment_ids: list[EntityId] = Field(default_factory=list, max_length=10)


class StaffReply(Reply):
    internal: bool = Field(default=False, description="An internal note: never shown to the customer.")
    status: Status | None = Field(default=None, description="Move the ticket with this reply.")


class TicketChange(Changes):
    """An operator's change; fields left out stay as they are, and {} is refused."""

    status: Status | None = None
    priority: Priority | None = None
    tags: list[Tag] | None = Field(default=None, max_length=10)
    assignee_id: EntityId | None = Field(default=None, description="Assign it to this staff member.")
    take: bool | None = Field(default=None, description="true: assign the ticket to me.")


class Rating(Form):
    score: Annotated[int, Field(ge=1, le=5), NUMBER_NOT_TEXT]
    comment: Annotated[str, MultiLine(1000, blank=True)] = ""


class AttachedFile(Schema):
    attachment_id: str
    file_name: str


class Entry(Schema):
    entry_id: str
    kind: Literal["reply", "note", "status"]
    author_kind: Literal["customer", "staff"]
    author_name: str
    author_id: str | None = Field(
        default=None, description='The contact or operator who wrote it (a page says "you" for one\'s own).'
    )
    body: str
    status: str | None = None
    attachments: list[AttachedFile]
    created_at: str


class FirstReply(Schema):
    due: str
    answered_at: str | None
    met: bool | None = Field(description="true: answered in time; false: late; null: not answered, not late yet.")


class Ticket(Schema):
    ticket_id: str
    number: str
    created_by: str | None = Field(
        default=None, description="The contact who opened it; none when the business opened it in the account's name."
    )
    kind: Kind
    subject: str
    description: str
    tags: list[str]
    priority: Priority
    status: Status
    link: Link | None
    attachments: list[AttachedFile]
    created_at: str
    first_reply: FirstReply
    assignee_name: str | None
    resolved_at: str | None
    rating: int | None
    rating_comment: str | None


class TicketThread(Schema):
    ticket: Ticket
    entries: list[Entry] = Field(description="Oldest first.")


class QueuedTicket(Ticket):
    customer_id: str
    customer_name: str
    due_at: str
    assignee_id: str | None


class StaffTicketThread(Schema):
    ticket: QueuedTicket
    entries: list[Entry] = Field(description="Oldest first, internal notes included.")


class TicketQuery(PageQuery):
    status: Status | None = None


class QueueQuery(PageQuery):
    status: Status = "open"
    priority: Priority | None = None
    tag: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    assignee: EntityId | None = Field(default=None, description="A staff member's id.")


class TicketPage(Schema):
    items: list[Ticket]
    next_cursor: str | None = None


class QueuePage(Schema):
    items: list[QueuedTicket]
    next_cursor: str | None = None


class FirstReplyHours(Schema):
    """How soon the business promises a first answer, per priority."""

    model_config = ConfigDict(extra="forbid")

    low: Hours
    normal: Hours
    high: Hours
    urgent: Hours


class TagLabels(Schema):
    """What a tag is called in each language: English required; a language left out (or
    null) reads the English."""

    model_config = ConfigDict(extra="forbid")

    en: TagName
    fr: TagName | None = None
    pl: TagName | None = None
    fi: TagName | None = None


def _keys_are_tags(schema: dict[str, Any]) -> None:
    """Every key follows the rule for a tag (1-40 characters of one line): pydantic's
    patternProperties alone would let a key that does not match through unchecked."""
    for pattern in schema.get("patternProperties", {}):
        schema["propertyNames"] = {"type": "string", "minLength": 1, "maxLength": 40, "pattern": pattern}


def _codes(tags: list[str]) -> list[str]:
    """Tags as tickets store them: lower case, each once, in the order given."""
    return list(dict.fromkeys(tag.lower() for tag in tags))


class SupportSettings(Schema):
    """What the business promises and offers; customers see it on the ticket form."""

    model_config = ConfigDict(extra="forbid")

    tags: list[Tag] = Field(max_length=50, description="Tag codes, stored in lower case; tickets store these.")
    tag_labels: dict[Tag, TagLabels] = Field(
        default_factory=dict,
        max_length=50,
        description=(
            "What each tag is called per language, by tag code; only for tags in `tags`. A default tag "
            "without an entry keeps the portal's own label; a tag of the business's without one reads as its code."
        ),
        json_schema_extra=_keys_are_tags,
    )
    first_reply_hours: FirstReplyHours
    chat_wait_seconds: Annotated[int, Field(ge=10, le=3600), NUMBER_NOT_TEXT]

    @field_validator("tags")
    @classmethod
    def _tag_codes(cls, tags: list[str]) -> list[str]:
        return _codes(tags)

    @field_validator("tag_labels")
    @classmethod
    def _label_codes(cls, labels: dict[str, TagLabels]) -> dict[str, TagLabels]:
        return {tag.lower(): label for tag, label in labels.items()}


class NewMessage(Reply):
    pass


class InboxMessage(Schema):
    message_id: str
    author_kind: Literal["customer", "staff"]
    author_name: str
    author_id: str | None = Field(
        default=None, description='The contact or operator who wrote it (a page says "you" for one\'s own).'
    )
    body: str
    attachments: list[AttachedFile]
    created_at: str
    ticket_id: str | None


class InboxThread(Schema):
    customer_id: str
    customer_name: str
    unread_by_customer: int
    unread_by_staff: int
    last_message_at: str | None
    messages: list[InboxMessage] = Field(description="Oldest first: the latest page.")
    older_cursor: str | None = None


class InboxSummary(Schema):
    customer_id: str
    customer_name: str
    last_message_at: str
    unread_by_staff: int


class InboxThreads(Schema):
    items: list[InboxSummary]
    next_cursor: str | None = None


class ChatMessage(Schema):
    seq: int
    author_kind: Literal["customer", "staff"]
    author_name: str
    author_id: str | None = Field(
        default=None, description='The contact or operator who wrote it (a page says "you" for one\'s own).'
    )
    body: str
    sent_at: str


class Chat(Schema):
    chat_id: str
    customer_name: str
    status: Literal["waiting", "active", "ended", "converted"]
    started_at: str
    operator_name: str | None
    last_seq: int
    ticket_id: str | None
    offer_ticket: bool = Field(description="Nobody answered in time: the customer may turn it into a ticket.")
    offer_ticket_at: str = Field(
        description="When a chat still waiting may be turned into a ticket (a page with a socket shows the offer then)."
    )


class ChatUpdate(Schema):
    chat: Chat
    messages: list[ChatMessage] = Field(description="After the `since` sequence number, oldest first.")


class ChatPoll(Schema):
    since: Annotated[int, Field(ge=0), BeforeValidator(in_digits)] = Field(
        default=0, description="The sequence number of the last message you have."
    )


class ChatList(Schema):
    items: list[Chat]


class ChatText(Form):
    body: Annotated[str, MultiLine(2000)]
