"""The account's bookings, for the account's data export (functions/documents/exports.py): one
page of the account's index a call (every booking, past and upcoming, by start), JSON-able."""

from typing import Any, cast

from functions.bookings import policy
from functions.bookings.appointments import to_booking
from functions.bookings.models import BookingItem, bookings_of
from functions.core.clock import Clock
from functions.core.paging import Page, decode_cursor, encode_cursor

SECTIONS = ("bookings",)
PAGE = 50


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's bookings, the earliest first."""
    if section != "bookings":
        raise LookupError(f"the bookings domain exports no {section}")
    results: Any = BookingItem.by_customer.query(
        bookings_of(account_id), limit=PAGE, last_evaluated_key=decode_cursor(cursor)
    )
    settings, now = policy.booking_settings(), clock.now()
    items = [to_booking(cast(BookingItem, item), settings, now).model_dump(mode="json") for item in results]
    return Page[dict[str, Any]](items=items, next_cursor=encode_cursor(results.last_evaluated_key))
