"""Idempotency-Key -> what it made, for a day: the same key makes the same thing once.

The marker is saved in the transaction that creates the thing, on condition it is new; a
retry finds it and answers with what was made, and two racing tries cannot both create.
"""

from datetime import datetime

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from functions.core.table import PortalItem, register

KEPT_SECONDS = 24 * 3600


@register
class IdempotencyItem(PortalItem):
    """A key one customer used for one kind of creation (pk CUSTOMER#id, sk KIND#key)."""

    made_id = UnicodeAttribute()


def _keys(customer_id: str, kind: str, key: str) -> tuple[str, str]:
    return f"CUSTOMER#{customer_id}", f"{kind}#{key}"


def _made(pk: str, sk: str) -> str | None:
    try:
        return IdempotencyItem.get(pk, sk, consistent_read=True).made_id
    except DoesNotExist:
        return None


def made_with(customer_id: str, kind: str, key: str) -> str | None:
    """The id this key already made, or None."""
    return _made(*_keys(customer_id, kind, key))


def made_by(item: IdempotencyItem) -> str | None:
    """What the key of this (not yet saved) marker already made, or None."""
    return _made(item.pk, item.sk)


def marker(customer_id: str, kind: str, key: str, made_id: str, now: datetime) -> IdempotencyItem:
    """The item to save, with `condition=IdempotencyItem.pk.does_not_exist()`, in the creating transaction."""
    return IdempotencyItem(
        *_keys(customer_id, kind, key), made_id=made_id, expires_at=int(now.timestamp()) + KEPT_SECONDS
    )
