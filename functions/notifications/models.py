"""What the notifications domain keeps in the portal's table."""

import json
from typing import Any

from pynamodb.attributes import JSONAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.principal import contact_key
from functions.core.table import Gsi1, Gsi2, PortalItem, register

NOTIFICATION_PREFIX = "NOTIFICATION#"
PREFERENCES = "PREFERENCES"
UNREAD = "UNREAD"


def feed_key(contact_id: str) -> str:
    """The partition of a contact's feed and its unread count.

    Not the contact's own partition (CONTACT#id): every request's session check reads that one
    whole, in one page (core.principal), and a feed there would push their profile off it."""
    return f"{contact_key(contact_id)}#NOTIFICATIONS"


def unread_of(contact_id: str) -> str:
    return f"{contact_key(contact_id)}#UNREAD"


class CompactJSON(JSONAttribute):
    """JSON in a string, letters as they are: "é" is two bytes, not the six of "\\u00e9"."""

    def serialize(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@register
class NotificationItem(PortalItem):
    """One entry of a contact's in-app feed (pk CONTACT#id#NOTIFICATIONS, sk NOTIFICATION#event id).

    Keyed by the event it tells of and the contact told, so a second delivery of the event
    finds it there. gsi1 (while unread): CONTACT#id#UNREAD, for "mark all read".
    (Before accounts had contacts, entries were under CUSTOMER#id: migration.py moves them.)

    The feed tells an entry in the reader's language of the moment, rendered when it is read
    from `event_type`, `payload` and `time_zone` (feed.to_notification). `title` and `body`
    are the words as delivered: what an entry written before payloads were kept still reads.
    """

    notification_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    category = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    # The event's payload (the values its message shows) and the zone its local times are in
    # (delivery.business_zone, as delivered): none on entries written before.
    payload = CompactJSON(null=True)
    time_zone = UnicodeAttribute(null=True)
    link = UnicodeAttribute(null=True)
    account_id = UnicodeAttribute(null=True)  # the account the event was about; none before contacts
    created_at = UnicodeAttribute()
    read_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    unread = Gsi1()


@register
class PreferencesItem(PortalItem):
    """A contact's channels per category (pk CONTACT#id, sk PREFERENCES; CUSTOMER#id before
    accounts had contacts)."""

    channels = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    updated_at = UnicodeAttribute(null=True)


@register
class UnreadItem(PortalItem):
    """How many of a contact's feed entries are unread (pk CONTACT#id#NOTIFICATIONS, sk UNREAD):
    moved with each entry written or read, so the header's badge is one read."""

    unread = NumberAttribute(default=0)


@register
class ReminderSentItem(PortalItem):
    """A reminder already sent (pk REMINDER#kind#target id, sk stage), saved with its event."""

    sent_at = UnicodeAttribute()


@register
class TimelineItem(PortalItem):
    """One happening on an account's timeline (timeline.py), keyed by the event that told of it.

    The account's entry: pk CUSTOMER#account#TIMELINE, sk the event id (time-ordered, so a page
    newest first is one Query); gsi1 CUSTOMER#account#TIMELINE#KIND#kind and gsi2
    CUSTOMER#account#TIMELINE#AREA#area, each with the event id as its sort key. An event about
    an item a contact created has a second entry, the creator's copy, under
    CUSTOMER#account#TIMELINE#BY#contact with the same two indexes below that prefix: what a
    contact who sees only their own reads. Written whole with plain puts: a redelivered event
    writes the same items again, never a second entry.
    """

    entry_id = UnicodeAttribute()  # the event's id
    account_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # order, invoice, payment, document, ticket, booking, message
    area = UnicodeAttribute()  # core.roles: buying, billing or support
    event_type = UnicodeAttribute()
    item_id = UnicodeAttribute(null=True)
    label = UnicodeAttribute(null=True)  # the item's number or title, as the page names it
    status = UnicodeAttribute(null=True)
    amount = NumberAttribute(null=True)  # minor units, with currency
    currency = UnicodeAttribute(null=True)
    actor = UnicodeAttribute(null=True)  # who wrote or answered: customer or business, where the event says
    created_by = UnicodeAttribute(null=True)  # the contact who created the item, if one did
    link = UnicodeAttribute()
    occurred_at = UnicodeAttribute()
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    gsi2pk = UnicodeAttribute()
    gsi2sk = UnicodeAttribute()
    by_kind = Gsi1()
    by_area = Gsi2()
