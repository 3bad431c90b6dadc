"""What the business set for support, and the defaults until it does (issue 9's portal editor
will show these beside the other settings)."""

from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DoesNotExist

from functions.core.errors import invalid_field
from functions.tickets.models import SETTINGS, SupportSettingsItem
from functions.tickets.schemas import FirstReplyHours, SupportSettings, TagLabels

# Each default tag has a label per language in the pages' catalogues (tickets.tag.<tag>),
# which the business's own labels override.
DEFAULT = SupportSettings(
    tags=["delivery", "billing", "product", "account", "website"],
    first_reply_hours=FirstReplyHours(urgent=2, high=8, normal=24, low=72),
    chat_wait_seconds=120,
)


def _plain(value: Any) -> Any:
    """A raw MapAttribute's contents as plain dicts, however deep."""
    if hasattr(value, "as_dict"):
        value = value.as_dict()
    if isinstance(value, dict):
        return {str(key): _plain(inner) for key, inner in value.items()}
    return value


def support_settings() -> SupportSettings:
    try:
        item = SupportSettingsItem.get(*SETTINGS)
    except DoesNotExist:
        return DEFAULT
    stored = _plain(item.first_reply_hours)
    hours = FirstReplyHours(**{**DEFAULT.first_reply_hours.model_dump(), **stored})
    tags = list(item.tags)
    labels = {tag: TagLabels.model_validate(names) for tag, names in _plain(item.tag_labels).items()}
    return SupportSettings(
        tags=tags, tag_labels=labels, first_reply_hours=hours, chat_wait_seconds=int(item.chat_wait_seconds)
    )


def save_settings(settings: SupportSettings) -> SupportSettings:
    for tag in settings.tag_labels:
        if tag not in settings.tags:
            raise invalid_field(
                f"tag_labels.{tag}",
                "not_allowed",
                f"{tag!r} is not one of the tags; add it to `tags` to label it.",
                choices=list(settings.tags),
                code="invalid_fields",
            )
    SupportSettingsItem(
        *SETTINGS,
        tags=settings.tags,
        # a language left out is not stored: it reads the English
        tag_labels={tag: names.model_dump(exclude_none=True) for tag, names in settings.tag_labels.items()},
        first_reply_hours=settings.first_reply_hours.model_dump(),
        chat_wait_seconds=settings.chat_wait_seconds,
    ).save()
    return settings


def reply_due(priority: str, since: datetime, settings: SupportSettings) -> str:
    """When an answer is due, `since` a customer wrote, by the promise for this priority."""
    hours = int(getattr(settings.first_reply_hours, priority))
    return (since + timedelta(hours=hours)).isoformat()
