"""What the notifications domain keeps in the portal's table."""

import json
from typing import Any

from pynamodb.attributes import JSONAttribute, MapAttribute, UnicodeAttribute

from functions.core.table import Gsi1, PortalItem, register

NOTIFICATION_PREFIX = "NOTIFICATION#"
PREFERENCES = "PREFERENCES"


def unread_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#UNREAD"


class CompactJSON(JSONAttribute):
    """JSON in a string, letters as they are: "é" is two bytes, not the six of "\\u00e9"."""

    def serialize(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@register
class NotificationItem(PortalItem):
    """One entry of a customer's in-app feed (pk CUSTOMER#id, sk NOTIFICATION#event id).

    Keyed by the event it tells of, so a second delivery of the event finds it there.
    gsi1 (while unread): CUSTOMER#id#UNREAD, for "mark all read".

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
    created_at = UnicodeAttribute()
    read_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    unread = Gsi1()


@register
class PreferencesItem(PortalItem):
    """A customer's channels per category (pk CUSTOMER#id, sk PREFERENCES)."""

    channels = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    updated_at = UnicodeAttribute(null=True)


@register
class ReminderSentItem(PortalItem):
    """A reminder already sent (pk REMINDER#kind#target id, sk stage), saved with its event."""

    sent_at = UnicodeAttribute()
