"""The notifications domain's part of erasing a person (core.erasure).

- their feed (every entry and the unread count, under CONTACT#id#NOTIFICATIONS) and their
  channel choices (CONTACT#id PREFERENCES) are deleted; on an account that is the person,
  so are the feed and choices kept under the account before accounts had contacts;
- the record of each e-mail and text sent (Powertools idempotency, IDEMPOTENCY#notifications:
  its stored result is {"sent_to": address}) is deleted where it holds their e-mail or mobile.
  Those records are keyed by a hash, not by whom they went to, so the step reads the whole
  partition, page by page; a deleted record only means a duplicate of that event could be
  sent again, and the person is no longer anyone's contact to send it to;
- what others were told about them (an admin's "order awaiting approval" names the buyer)
  and the account's timeline (an entry's label is a message's first words, a title) keep
  their words with the person's name, e-mail and mobile replaced: the account's timeline,
  then, for each contact of the account, their feed and their copy of the timeline.
"""

import json
from typing import Any

from pynamodb.expressions.update import Action

from functions.core.erasure import StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    AnyItem,
    LastKey,
    Walk,
    Walked,
    delete_items,
    deleted_by_page,
    first_page,
    mentions,
    rewrite,
    scrubbed,
    sort_key,
    walk_step,
)
from functions.core.principal import contact_key, customer_key
from functions.customers.recipients import contacts_to_tell
from functions.notifications.models import (
    NOTIFICATION_PREFIX,
    PREFERENCES,
    NotificationItem,
    TimelineItem,
    feed_key,
)
from functions.notifications.timeline import timeline_key

SENDS = "IDEMPOTENCY#notifications"  # delivery.py's persistence layer's static_pk_value
FEED, TIMELINE = "feed", "timeline"  # what a parent of the contacts' walk names


def _choices(subject: Subject) -> Walk:
    """The person's channel choices, and those kept under an account that is them from before."""

    def page(_: LastKey | None) -> Walked:
        keys = [contact_key(subject.contact_id), *map(customer_key, subject.own_account_ids)]
        delete_items(AnyItem(pk, PREFERENCES) for pk in keys)
        return Walked(after=None)

    return Walk(page)


def _sends(subject: Subject, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = AnyItem.query(SENDS, page_size=size, last_evaluated_key=after, consistent_read=True)
        raw, last = first_page(query)
        theirs = [
            AnyItem(SENDS, sort_key(item))
            for item in raw
            if mentions(item.get("data", {}).get("S"), subject, with_name=False)
        ]
        delete_items(theirs)
        return Walked(after=last)

    return Walk(page)


def _scrubbed_value(value: Any, subject: Subject) -> Any:
    if isinstance(value, str):
        return scrubbed(value, subject)
    if isinstance(value, dict):
        return {key: _scrubbed_value(each, subject) for key, each in value.items()}
    if isinstance(value, list):
        return [_scrubbed_value(each, subject) for each in value]
    return value


def _told_changes(entry: NotificationItem, subject: Subject) -> list[Action]:
    actions: list[Action] = [
        getattr(NotificationItem, name).set(scrubbed(getattr(entry, name), subject))
        for name in ("title", "body")
        if mentions(getattr(entry, name), subject)
    ]
    if entry.payload is not None and mentions(json.dumps(entry.payload, ensure_ascii=False), subject):
        actions.append(NotificationItem.payload.set(_scrubbed_value(entry.payload, subject)))
    return actions


def _timeline_page(partition: str, subject: Subject, size: int, after: LastKey | None) -> LastKey | None:
    query = TimelineItem.query(partition, page_size=size, last_evaluated_key=after, consistent_read=True)
    raw, last = first_page(query)
    for entry in map(TimelineItem.from_raw_data, raw):
        if entry.label and mentions(entry.label, subject):
            rewrite(entry, [TimelineItem.label.set(scrubbed(entry.label, subject))])
    return last


def _feed_page(contact_id: str, subject: Subject, size: int, after: LastKey | None) -> LastKey | None:
    query = NotificationItem.query(
        feed_key(contact_id),
        NotificationItem.sk.startswith(NOTIFICATION_PREFIX),
        page_size=size,
        last_evaluated_key=after,
        consistent_read=True,
    )
    raw, last = first_page(query)
    for entry in map(NotificationItem.from_raw_data, raw):
        rewrite(entry, _told_changes(entry, subject))
    return last


def _account_timeline(subject: Subject, account_id: str, size: int) -> Walk:
    return Walk(lambda after: Walked(after=_timeline_page(timeline_key(account_id), subject, size, after)))


def _contacts(subject: Subject, account_id: str, size: int) -> Walk:
    """The account's contacts (one page: an account has at most recipients.MAX_CONTACTS), then
    each one's feed (not the person's: it is deleted) and each one's copy of the timeline."""

    def page(_: LastKey | None) -> Walked:
        contacts = {subject.contact_id, *(contact.contact_id for contact in contacts_to_tell(account_id))}
        feeds = [f"{FEED}:{contact}" for contact in sorted(contacts) if contact != subject.contact_id]
        copies = [f"{TIMELINE}:{contact}" for contact in sorted(contacts)]
        return Walked(after=None, parents=(*feeds, *copies))

    def children(parent: str, after: LastKey | None) -> LastKey | None:
        what, _, contact_id = parent.partition(":")
        if what == FEED:
            return _feed_page(contact_id, subject, size, after)
        return _timeline_page(timeline_key(account_id, contact_id), subject, size, after)

    return Walk(page, children)


def erase_notifications(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the person's feed, choices and sent-message records (deleted), or of what
    others were told about them and the timeline (their name replaced)."""
    own_legacy_feeds: list[Walk] = [
        deleted_by_page(customer_key(account_id), page_size, NOTIFICATION_PREFIX)
        for account_id in subject.own_account_ids
    ]
    walks: list[Walk] = [
        deleted_by_page(feed_key(subject.contact_id), page_size),  # its entries and UNREAD
        *own_legacy_feeds,
        _choices(subject),
        _sends(subject, page_size),
        *(_account_timeline(subject, account_id, page_size) for account_id in subject.account_ids),
        *(_contacts(subject, account_id, page_size) for account_id in subject.account_ids),
    ]
    return walk_step(walks, cursor)
