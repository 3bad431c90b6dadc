"""Erasing a person from the outbox (core.events): the events that copied their name, e-mail or
mobile into a payload are deleted.

An event lives 14 days under OUTBOX#<day> (its TTL; DynamoDB may take a day more to remove
it), so the step walks the last 15 days' partitions, oldest first, a page a call. An event
is the person's when its payload writes their e-mail or mobile (whichever account it was
about: those are theirs alone), or their name on an event of one of their accounts (a name
alone is not unique). A deleted event is simply not told: it was relayed when it was
written, and the notifications relay passes over a stream's REMOVE records (relay.event_of
relays INSERTs alone), so deleting one sends nothing.
"""

import json
from datetime import date, timedelta
from typing import Any

from functions.core.clock import Clock, SystemClock
from functions.core.erasure import StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    LastKey,
    Walk,
    Walked,
    delete_items,
    first_page,
    mentions,
    walk_step,
)
from functions.core.events import EVENT_RETENTION_SECONDS, OutboxEvent

DAYS_WALKED = EVENT_RETENTION_SECONDS // 86400 + 1  # the retention, and the day TTL may lag


def _strings(value: Any) -> list[str]:
    """Every string of a payload, its keys' values however deep (the stored JSON escapes
    letters such as é, so the text as stored is not what is searched)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for each in value.values() for text in _strings(each)]
    if isinstance(value, list):
        return [text for each in value for text in _strings(each)]
    return []


def holds_the_person(event: OutboxEvent, subject: Subject) -> bool:
    """Whether an event's payload writes the person's e-mail or mobile, or their name on an
    event of one of their accounts."""
    try:
        texts = _strings(json.loads(event.payload))
    except ValueError:
        texts = [event.payload]
    with_name = event.customer_id in subject.account_ids
    return any(mentions(text, subject, with_name=with_name) for text in texts)


def _day(subject: Subject, day: date, size: int) -> Walk:
    partition = f"OUTBOX#{day.isoformat()}"

    def page(after: LastKey | None) -> Walked:
        query = OutboxEvent.query(partition, page_size=size, last_evaluated_key=after, consistent_read=True)
        raw, last = first_page(query)
        delete_items(event for event in map(OutboxEvent.from_raw_data, raw) if holds_the_person(event, subject))
        return Walked(after=last)

    return Walk(page)


def erase_outbox(
    subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE, clock: Clock | None = None
) -> StepDone:
    """One page of the last 15 days' events: those that copied the person's details deleted."""
    # The days are those of the step's first call, kept in its cursor ("day|walks"): a walk
    # that runs past midnight goes on in the partitions it started in.
    started, _, walked = (cursor or "").partition("|")
    today = date.fromisoformat(started) if started else (clock or SystemClock()).now().date()
    days = [today - timedelta(days=back) for back in range(DAYS_WALKED - 1, -1, -1)]  # oldest first
    done = walk_step([_day(subject, day, page_size) for day in days], walked or None)
    next_cursor = None if done.next_cursor is None else f"{today.isoformat()}|{done.next_cursor}"
    return StepDone(next_cursor=next_cursor, kept=done.kept)
