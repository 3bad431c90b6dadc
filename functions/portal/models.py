"""The business's portal settings: one item (pk PORTAL, sk SETTINGS)."""

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.table import PortalItem, register

SETTINGS = ("PORTAL", "SETTINGS")


@register
class PortalSettingsItem(PortalItem):
    actions = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]
    business_name = UnicodeAttribute(null=True)
    primary_colour = UnicodeAttribute(null=True)
    support_email = UnicodeAttribute(null=True)
    support_phone = UnicodeAttribute(null=True)
    default_language = UnicodeAttribute(null=True)
    logo_key = UnicodeAttribute(null=True)  # in the documents bucket, uploaded like any document
    logo_type = UnicodeAttribute(null=True)
    reminder_due_soon_days = NumberAttribute(null=True)
    reminder_overdue_days = ListAttribute[int](of=NumberAttribute, null=True)  # type: ignore[arg-type]
    version = NumberAttribute(default=0)
    updated_at = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
