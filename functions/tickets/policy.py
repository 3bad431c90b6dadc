"""What the business set for support, and the defaults until it does (issue 9's portal editor
will show these beside the other settings)."""

from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from functions.tickets.models import SETTINGS, SupportSettingsItem
from functions.tickets.schemas import FirstReplyHours, SupportSettings

DEFAULT = SupportSettings(
    tags=["delivery", "billing", "product", "account", "website"],
    first_reply_hours=FirstReplyHours(urgent=2, high=8, normal=24, low=72),
    chat_wait_seconds=120,
)


def support_settings() -> SupportSettings:
    try:
        item = SupportSettingsItem.get(*SETTINGS)
    except DoesNotExist:
        return DEFAULT
    stored = dict(item.first_reply_hours.as_dict())  # type: ignore[no-untyped-call]
    hours = FirstReplyHours(**{**DEFAULT.first_reply_hours.model_dump(), **stored})
    return SupportSettings(tags=list(item.tags), first_reply_hours=hours, chat_wait_seconds=int(item.chat_wait_seconds))


def save_settings(settings: SupportSettings) -> SupportSettings:
    SupportSettingsItem(
        *SETTINGS,
        tags=settings.tags,
        first_reply_hours=settings.first_reply_hours.model_dump(),
        chat_wait_seconds=settings.chat_wait_seconds,
    ).save()
    return settings


def reply_due(priority: str, since: datetime, settings: SupportSettings) -> str:
    """When an answer is due, `since` a customer wrote, by the promise for this priority."""
    hours = int(getattr(settings.first_reply_hours, priority))
    return (since + timedelta(hours=hours)).isoformat()
