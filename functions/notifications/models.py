"""What the notifications domain keeps in the portal's table."""

from typing import Any

from pynamodb.attributes import MapAttribute, UnicodeAttribute

from functions.core.table import Gsi1, PortalItem, register

NOTIFICATION_PREFIX = "NOTIFICATION#"
PREFERENCES = "PREFERENCES"


def unread_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#UNREAD"


@register
class NotificationItem(PortalItem):
    """One entry of a customer's in-app feed (pk CUSTOMER#id, sk NOTIFICATION#event id).

    Keyed by the event it tells of, so a second delivery of the event finds it there.
    gsi1 (while unread): CUSTOMER#id#UNREAD, for "mark all read".
    """

    notification_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    category = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
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
