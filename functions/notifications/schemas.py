"""What the notifications API accepts and returns, and the dashboard's reply."""

from typing import Literal

from pydantic import Field

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
    currency: str | None = Field(description="The account's currency; null before the first invoice.")
    amount_due: int = Field(description="Minor units; what the open invoices still owe (credit not deducted).")
    balance: int = Field(description="Minor units; the account balance (negative: credit).")
    amount_overdue: int
    overdue_invoices: int
    next_due_date: str | None
    next_due_amount: int
    new_documents: int
    unread_notifications: int
    open_tickets: int
    recent_orders: list[RecentOrder]
    upcoming_bookings: list[UpcomingBooking]


class FailedEvent(Schema):
    message_id: str
    event_id: str | None
    event_type: str | None
    customer_id: str | None
    occurred_at: str | None
    receive_count: int
    body: str = Field(description="The message as it sits in the dead-letter queue.")
    reason: str | None = Field(
        default=None, description="Why it was set aside without three tries (an event lacking what its message shows)."
    )


class FailedEvents(Schema):
    items: list[FailedEvent]


class Retried(Schema):
    message_id: str
    retried: bool
