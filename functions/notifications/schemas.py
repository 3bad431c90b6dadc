"""What the notifications API accepts and returns, and the dashboard's reply."""

from typing import Literal

from pydantic import Field

from functions.core.paging import PageQuery
from functions.core.schemas import Form
from functions.core.shape import Schema

Channel = Literal["in_app", "email", "sms"]


class Notification(Schema):
    notification_id: str
    event_type: str
    category: str
    title: str
    body: str
    link: str | None = None
    account_id: str | None = Field(
        default=None,
        description="The account the entry is about (a contact on several accounts has one feed): its link "
        "opens in that account. None on entries told before accounts had contacts.",
    )
    created_at: str
    read: bool


class NotificationPage(Schema):
    items: list[Notification]
    next_cursor: str | None = None
    unread: int = Field(description="Unread notifications over every page.")


class Unread(Schema):
    unread: int


class Marked(Schema):
    marked: int


class Preferences(Schema):
    channels: dict[str, list[Channel]] = Field(
        description="Category (orders, billing, documents, support, bookings, reminders) -> channels."
    )


class PreferencesChange(Form):
    orders: list[Channel] | None = Field(default=None, max_length=3)
    billing: list[Channel] | None = Field(default=None, max_length=3)
    documents: list[Channel] | None = Field(default=None, max_length=3)
    support: list[Channel] | None = Field(default=None, max_length=3)
    bookings: list[Channel] | None = Field(default=None, max_length=3)
    reminders: list[Channel] | None = Field(default=None, max_length=3)


TimelineKind = Literal["order", "invoice", "payment", "document", "ticket", "booking", "message"]


class TimelineQuery(PageQuery):
    kind: TimelineKind | None = Field(
        default=None, description="Only this kind of happening (its area must be one the reader's role reads)."
    )


class TimelineEntry(Schema):
    """One happening, with what the page says of it: no other read needed."""

    entry_id: str = Field(description="The id of the event it tells of: time-ordered.")
    kind: TimelineKind
    area: str = Field(description="The part of the portal its item is in (core.roles): buying, billing or support.")
    event_type: str = Field(description='What happened, as the event says: "order.shipped", "invoice.issued".')
    item_id: str | None
    label: str | None = Field(description="The item's number or title (a message's first words).")
    status: str | None = Field(description="The item's status after it (an order's shipped), or what happened.")
    amount: int | None = Field(description="Minor units, with currency, where the event has one.")
    currency: str | None
    actor: Literal["customer", "business"] | None = Field(
        description="Who wrote or answered, for tickets' replies and messages; else null."
    )
    yours: bool = Field(description="Whether the reader created the item (their order, payment, ticket, booking).")
    link: str = Field(description="The portal page of the item.")
    occurred_at: str


class TimelinePage(Schema):
    items: list[TimelineEntry]
    next_cursor: str | None = None


class RecentOrder(Schema):
    order_id: str
    order_number: str
    status: str
    total: int
    currency: str
    submitted_at: str


class UpcomingBooking(Schema):
    booking_id: str
    service_name: str
    starts_at: str
    status: str = Field(description="pending (waiting for the business) or confirmed")


class Dashboard(Schema):
    """The parts the reader's role does not read (docs/accounts.md) are null, or empty lists."""

    currency: str | None = Field(description="The account's currency; null before the first invoice.")
    amount_due: int | None = Field(description="Minor units; what the open invoices still owe (credit not deducted).")
    balance: int | None = Field(description="Minor units; the account balance (negative: credit).")
    amount_overdue: int | None
    overdue_invoices: int | None
    next_due_date: str | None
    next_due_amount: int | None
    new_documents: int | None
    unread_notifications: int
    open_tickets: int | None
    requested_documents: int | None = Field(
        description="Documents the business asked for that the customer has not sent."
    )
    unanswered_messages: int | None = Field(description="The business's inbox messages the customer has not read.")
    recent_orders: list[RecentOrder]
    upcoming_bookings: list[UpcomingBooking]


class RelayFailure(Schema):
    """Where in the table's stream the changes are that the relay gave up on (Lambda's
    on-failure record: it holds no record, only their place, kept by the stream 24 hours)."""

    condition: str = Field(
        description="Why the mapping gave up: RetryAttemptsExhausted or RecordAgeExceeded (Lambda's words)."
    )
    records: int = Field(description="How many table changes the batch held.")
    invocations: int | None = Field(default=None, description="How many times the relay was given the batch.")
    given_up_at: str | None
    first_record_at: str | None
    last_record_at: str | None
    shard_id: str
    first_sequence_number: str
    last_sequence_number: str


class FailedEvent(Schema):
    message_id: str
    kind: Literal["undelivered_event", "relay_failure"] = Field(
        description="undelivered_event: an event the consumer could not deliver; relay_failure: a batch of table "
        "changes the stream relay gave up on (see relay)."
    )
    event_id: str | None
    event_type: str | None
    customer_id: str | None
    occurred_at: str | None = Field(description="When the event happened, or when the first given-up change did.")
    receive_count: int
    body: str = Field(description="The message as it sits in the dead-letter queue.")
    reason: str | None = Field(
        default=None, description="Why it was set aside without three tries (an event lacking what its message shows)."
    )
    relay: RelayFailure | None = Field(default=None, description="For a relay_failure: which changes, when and why.")


class FailedEvents(Schema):
    items: list[FailedEvent]


class Retried(Schema):
    message_id: str
    retried: bool
    relayed: int | None = Field(
        default=None, description="For a relay failure: the outbox events read back from the stream and sent again."
    )
