"""Which of an account's contacts an event is told to: those who can act on it.

- The area an event belongs to (core.roles) is its category's: orders and bookings are buying;
  billing, documents and invoice reminders are billing (the documents the business shares or
  asks for are the billing area's, as their pages are); support is support. One reminder is
  not billing: an appointment tomorrow belongs to bookings, so to buying.
- Told: the contacts whose role may change things in that area (core.roles.writers: the
  area's role and admins). Viewers read everything and change nothing; an event is a call to
  look or act, and a viewer told of every order, invoice and ticket of the account would be
  told everything, of which nothing is theirs to do. They see it all on the portal's pages.
- The contact who created the item an event is about (its payload's `created_by`: their
  order, ticket, booking, payment) is told too, whatever their role now.
- An account's data export is told to the admin who asked for it (its `created_by`) and to
  nobody else: the others did not ask, and the zip is the whole account's.
- A contact who sees only the items they created (scope mine) is told only about those: a
  message about a colleague's order would link to a page they cannot open. An event with no
  `created_by` is about an item of the whole account (an invoice the business issued).
"""

from collections.abc import Sequence

from functions.core.roles import Area, writers
from functions.customers.recipients import Recipient

CATEGORY_AREA: dict[str, Area] = {
    "orders": "buying",
    "bookings": "buying",
    "billing": "billing",
    "documents": "billing",
    "support": "support",
    "reminders": "billing",  # invoices due or overdue
}
# An order above a buyer's spending limit is the admins' to approve (area account: admins
# change it), not its buyer's or their colleagues'.
EVENT_AREA: dict[str, Area] = {"reminder.booking_tomorrow": "buying", "order.awaiting_approval": "account"}
# Events told to the contact who made the item alone, whatever the others' roles.
CREATOR_ONLY = frozenset({"export.ready"})


def area_of(event_type: str, category: str) -> Area:
    """The area the event belongs to: its own if it has one, else its category's."""
    return EVENT_AREA.get(event_type) or CATEGORY_AREA[category]


def creator_of(payload: dict[str, object]) -> str | None:
    """The contact who created the item the event is about; None: the account's own."""
    created_by = payload.get("created_by")
    return created_by if isinstance(created_by, str) and created_by else None


def is_told(contact: Recipient, area: Area, creator: str | None) -> bool:
    """Whether this contact is told of an event of `area` about an item `creator` made."""
    if creator is not None and contact.contact_id == creator:
        return True
    if contact.scope == "mine":
        return False  # not theirs: they would not see it on the portal either
    return contact.role in writers(area)


def audience(
    contacts: Sequence[Recipient], event_type: str, category: str, payload: dict[str, object]
) -> list[Recipient]:
    """The contacts told of this event, in the order given."""
    area, creator = area_of(event_type, category), creator_of(payload)
    if event_type in CREATOR_ONLY:
        return [contact for contact in contacts if creator is not None and contact.contact_id == creator]
    return [contact for contact in contacts if is_told(contact, area, creator)]
