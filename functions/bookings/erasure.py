"""The bookings domain's part of erasing a person (core.erasure): bookings stay, the business's
calendar and history, with the person's name replaced where it was copied.

A booking copies its account's name (customer_name), so on an account that is the person it
becomes ERASED_PERSON. A reason (why it was declined or cancelled) that writes the person's
name, e-mail or mobile is scrubbed on every account of theirs. Nothing else of a booking, its
cells or the dashboard's upcoming list names a person.
"""

from typing import Any

from pynamodb.expressions.update import Action

from functions.bookings.models import BookingItem, bookings_of
from functions.core.erasure import ERASED_PERSON, StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    LastKey,
    Walk,
    mentions,
    rewritten_by_page,
    scrubbed,
    walk_step,
)


def _booking_changes(booking: BookingItem, subject: Subject, own: bool) -> list[Action]:
    actions: list[Action] = []
    if own and booking.customer_name != ERASED_PERSON:
        actions.append(BookingItem.customer_name.set(ERASED_PERSON))
    if booking.reason and mentions(booking.reason, subject):
        actions.append(BookingItem.reason.set(scrubbed(booking.reason, subject)))
    return actions


def _bookings(subject: Subject, account_id: str, size: int) -> Walk:
    own = account_id in subject.own_account_ids

    def query(after: LastKey | None) -> Any:
        return BookingItem.by_customer.query(bookings_of(account_id), page_size=size, last_evaluated_key=after)

    return rewritten_by_page(BookingItem, query, lambda booking: _booking_changes(booking, subject, own))


def erase_bookings(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the bookings of the person's accounts: their name replaced."""
    return walk_step([_bookings(subject, account_id, page_size) for account_id in subject.account_ids], cursor)
