"""What the console's menu counts beside Tickets, Chats and Inbox: one read of the staff
summary (core.summary), kept by the changes themselves (tickets.py, chat.py, inbox.py)."""

from pydantic import Field

from functions.core import summary
from functions.core.shape import Schema


class StaffCounts(Schema):
    new_tickets: int = Field(description="Tickets in status open: nobody has answered them or moved them on.")
    waiting_chats: int = Field(description="Live chats waiting for an operator to pick them up.")
    unread_messages: int = Field(description="Customers' inbox messages no staff member has read yet.")


def staff_counts() -> StaffCounts:
    """The three counts, one GetItem whatever the history."""
    return counts_of(summary.staff_summary())


def counts_of(kept: summary.StaffSummaryItem) -> StaffCounts:
    """The counts as the staff summary holds them (never below zero); also what the console's
    sockets are pushed when it changes (tickets.live)."""
    return StaffCounts(
        new_tickets=max(0, int(kept.new_tickets)),
        waiting_chats=max(0, int(kept.waiting_chats)),
        unread_messages=max(0, int(kept.unread_messages)),
    )
