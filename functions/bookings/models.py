"""What the bookings domain keeps in the portal's table."""

from typing import Any

from pynamodb.attributes import BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.principal import customer_key
from functions.core.table import Gsi1, Gsi2, Gsi3, PortalItem, register

SETTINGS = ("BOOKINGS", "SETTINGS")
SERVICE = "SERVICE"
BOOKING = "BOOKING"
SERVICES = "SERVICES"
CALENDAR = "BOOKINGS"  # gsi2: every booking by start, for the operator's calendar and reminders
UPCOMING = "UPCOMING"
# A booking holds its time as cells of this length on the UTC grid (see docs/bookings.md):
# 15 minutes keeps the longest booking (8 h + 4 h buffer, 48 cells) within one transaction,
# moved to a time it does not overlap (48 released + 48 held + 3) too.
CELL_MINUTES = 15


def service_key(service_id: str) -> str:
    return f"SERVICE#{service_id}"


def booking_key(booking_id: str) -> str:
    return f"BOOKING#{booking_id}"


def bookings_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#BOOKINGS"


def bookings_by(customer_id: str, contact_id: str) -> str:
    """gsi3 partition of the bookings one contact of an account made, by start."""
    return f"{customer_key(customer_id)}#BOOKINGS#BY#{contact_id}"


def cell_key(at: str) -> str:
    """One cell of the business's time, 'YYYY-MM-DDTHH:MM' in UTC."""
    return f"SLOT#{at}"


@register
class BookingSettingsItem(PortalItem):
    """When the business takes bookings (pk BOOKINGS, sk SETTINGS)."""

    time_zone = UnicodeAttribute()
    opening_hours = MapAttribute[str, Any]()  # type: ignore[no-untyped-call]  # "0".."6" (Monday 0) -> ["09:00-12:00", ...]
    closed_dates = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    needs_confirmation = BooleanAttribute(default=False)
    notice_hours = NumberAttribute(default=24)
    horizon_days = NumberAttribute(default=28)
    version = NumberAttribute(default=0)


@register
class ServiceItem(PortalItem):
    """Something customers book (pk SERVICE#id, sk SERVICE); gsi1 SERVICES by name."""

    service_id = UnicodeAttribute()
    name = UnicodeAttribute()
    duration_minutes = NumberAttribute()
    buffer_minutes = NumberAttribute(default=0)
    price = NumberAttribute(null=True)
    currency = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    gsi1pk = UnicodeAttribute(default=SERVICES)
    gsi1sk = UnicodeAttribute()
    by_name = Gsi1()


@register
class BookingItem(PortalItem):
    """One appointment (pk BOOKING#id, sk BOOKING).

    status: pending (asked, waiting for the business) | confirmed | declined | cancelled | no_show.
    It holds the cells of [starts_at, blocks_until) while pending or confirmed.
    gsi1: the customer's bookings by start; gsi2: every booking by start (the calendar).
    gsi3: the bookings one contact made (created_by), by start as in gsi1, so upcoming and
    past are the same key ranges of it; a booking from before contacts were recorded has none.
    """

    booking_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute()
    service_id = UnicodeAttribute()
    service_name = UnicodeAttribute()
    starts_at = UnicodeAttribute()  # UTC, ISO 8601
    ends_at = UnicodeAttribute()
    blocks_until = UnicodeAttribute()  # ends_at plus the service's buffer
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)  # why it was declined or cancelled
    created_at = UnicodeAttribute()
    changed_at = UnicodeAttribute()
    version = NumberAttribute(default=1)
    created_by = UnicodeAttribute(null=True)  # the contact who booked it
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute(default=CALENDAR)
    gsi2sk = UnicodeAttribute()
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    by_customer = Gsi1()
    calendar = Gsi2()
    by_contact = Gsi3()


@register
class SlotCellItem(PortalItem):
    """A 15-minute cell a booking holds (pk SLOT#time, sk CELL): two bookings that overlap by
    one minute share a cell, and only one transaction can write it."""

    booking_id = UnicodeAttribute()


@register
class UpcomingItem(PortalItem):
    """A customer's upcoming bookings (pk CUSTOMER#id, sk UPCOMING), for the dashboard:
    booking id -> {starts_at, service_name, status}, kept with each booking's change."""

    bookings = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    version = NumberAttribute(default=0)
