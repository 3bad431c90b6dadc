"""Domain events, written in the same transaction as the change that causes them (an outbox).

An event item lives under OUTBOX#<day>; the notifications domain relays new ones from the
table's stream to SQS, so an event cannot be lost between the write and the send.
"""

import json
from datetime import datetime
from typing import Any

from pynamodb.attributes import UnicodeAttribute

from functions.core.ids import new_id
from functions.core.table import PortalItem, register

EVENT_RETENTION_SECONDS = 14 * 86400


@register
class OutboxEvent(PortalItem):
    """One domain event (pk OUTBOX#day, sk id#type)."""

    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)
    payload = UnicodeAttribute()
    occurred_at = UnicodeAttribute()


def outbox_event(event_type: str, at: datetime, customer_id: str | None, **payload: Any) -> OutboxEvent:
    """An event item to save inside the transaction of the change it announces."""
    event_id = new_id(int(at.timestamp() * 1000))
    return OutboxEvent(
        f"OUTBOX#{at.date().isoformat()}",
        f"{event_id}#{event_type}",
        event_id=event_id,
        event_type=event_type,
        customer_id=customer_id,
        payload=json.dumps(payload, sort_keys=True, default=str),
        occurred_at=at.isoformat(),
        expires_at=int(at.timestamp()) + EVENT_RETENTION_SECONDS,
    )
