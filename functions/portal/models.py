"""The business's portal settings: one item (pk PORTAL, sk SETTINGS)."""

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from functions.core.parts import SETTINGS, PartsItem
from functions.core.table import register

__all__ = ["SETTINGS"]


@register
class PortalSettingsItem(PartsItem):
    """The switches (`actions`: which parts of the portal are on), `invites_need_approval`,
    `help_public` and `default_language` come from core.parts, which other domains read them
    through."""

    business_name = UnicodeAttribute(null=True)
    primary_colour = UnicodeAttribute(null=True)
    support_email = UnicodeAttribute(null=True)
    support_phone = UnicodeAttribute(null=True)
    logo_key = UnicodeAttribute(null=True)  # in the documents bucket, uploaded like any document
    logo_type = UnicodeAttribute(null=True)
    reminder_due_soon_days = NumberAttribute(null=True)
    reminder_overdue_days = ListAttribute[int](of=NumberAttribute, null=True)  # type: ignore[arg-type]
    version = NumberAttribute(default=0)
    updated_at = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
