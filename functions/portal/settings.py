"""The portal's settings as the business last saved them, or the defaults until it does.

Every page asks for the branding (GET /api/portal), so a Lambda container keeps what it read
for CACHE_SECONDS: a change made in the console reaches every container within that, with no
redeploy (and at once in the container that saved it). Whether a part is on is asked by every
domain's API through core.parts, which reads the same item.
"""

import math
import time
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from functions.core import parts
from functions.core.clock import Clock
from functions.core.errors import Conflict, InvalidRequest, field_problem
from functions.core.settings import get_settings
from functions.portal.contrast import AA_TEXT, WHITE, contrast
from functions.portal.models import SETTINGS, PortalSettingsItem
from functions.portal.schemas import Actions, Branding, PortalSettings, PortalSettingsChange, Reminders

CACHE_SECONDS = 30.0
Logo = tuple[str, str]  # the object's key in the documents bucket, its content type
DEFAULT_COLOUR = "#1f5fa8"  # web/css/tokens.css --accent
_cache: dict[str, tuple[float, "tuple[PortalSettings, Logo | None]"]] = {}


def _defaults() -> PortalSettings:
    return PortalSettings(
        actions=Actions(),
        branding=Branding(business_name=get_settings().business_name, primary_colour=DEFAULT_COLOUR),
        reminders=Reminders(),
        version=0,
    )


def _from_item(item: PortalSettingsItem) -> PortalSettings:
    defaults = _defaults()
    stored: dict[str, Any] = item.actions.as_dict() if item.actions else {}  # type: ignore[no-untyped-call]
    return PortalSettings(
        actions=Actions(**{**defaults.actions.model_dump(), **stored}),
        branding=Branding(
            business_name=item.business_name or defaults.branding.business_name,
            primary_colour=item.primary_colour or DEFAULT_COLOUR,
            support_email=item.support_email,
            support_phone=item.support_phone,
            default_language=item.default_language or "en",
        ),
        reminders=Reminders(
            due_soon_days=int(item.reminder_due_soon_days or 3),
            overdue_days=[int(d) for d in (item.reminder_overdue_days or Reminders().overdue_days)],
        ),
        invites_need_approval=bool(item.invites_need_approval),
        help_public=item.help_public is not False,
        version=int(item.version),
        updated_at=item.updated_at,
    )


def _stored(fresh: bool) -> tuple[PortalSettings, Logo | None]:
    """The settings and the logo, from one read of the item (kept CACHE_SECONDS): every page
    asks for both (GET /portal), every customer request for the actions."""
    kept = _cache.get("settings")
    if kept and not fresh and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    try:
        item = PortalSettingsItem.get(*SETTINGS, consistent_read=True)
        current = (_from_item(item), (item.logo_key, item.logo_type or "image/png") if item.logo_key else None)
    except DoesNotExist:
        current = (_defaults(), None)
    _cache["settings"] = (time.monotonic(), current)
    return current


def portal_settings(fresh: bool = False) -> PortalSettings:
    return _stored(fresh)[0]


def logo(fresh: bool = False) -> Logo | None:
    """The logo's object key and type, if the business uploaded one."""
    return _stored(fresh)[1]


def forget() -> None:
    _cache.clear()
    parts.forget()


def check_colour(colour: str) -> None:
    ratio = contrast(colour, WHITE)
    if ratio < AA_TEXT:
        # Rounded down to one decimal, as the page says it: 4.46 is "4.4", never "4.5" beside
        # "needs at least 4.5".
        shown = f"{math.floor(ratio * 10) / 10:.1f}"
        message = (
            f"The colour {colour} has a contrast of {shown}:1 against white; text needs at least "
            f"{AA_TEXT}:1 (WCAG AA). Choose a darker colour."
        )
        raise InvalidRequest(
            message,
            [field_problem("branding.primary_colour", "too_little_contrast", message)],
            code="colour_contrast_too_low",
            values={"colour": colour, "ratio": shown, "minimum": f"{AA_TEXT:.1f}"},
        )


def save(change: PortalSettingsChange, by: str, clock: Clock) -> PortalSettings:
    current = portal_settings(fresh=True)
    if change.version != current.version:
        raise Conflict(
            "Someone saved the settings meanwhile; reload them and make your change again.",
            code="settings_changed_meanwhile",
        )
    branding = change.branding or current.branding
    if change.branding is not None:
        check_colour(branding.primary_colour)
    actions = change.actions or current.actions
    reminders = change.reminders or current.reminders
    invites_need_approval = (
        current.invites_need_approval if change.invites_need_approval is None else change.invites_need_approval
    )
    help_public = current.help_public if change.help_public is None else change.help_public
    fields: dict[str, Any] = {
        "actions": actions.model_dump(),
        "business_name": branding.business_name,
        "primary_colour": branding.primary_colour,
        "support_email": branding.support_email,
        "support_phone": branding.support_phone,
        "default_language": branding.default_language,
        "reminder_due_soon_days": reminders.due_soon_days,
        "reminder_overdue_days": reminders.overdue_days,
        "invites_need_approval": invites_need_approval,
        "help_public": help_public,
        "version": current.version + 1,
        "updated_at": clock.now().isoformat(),
        "updated_by": by,
    }
    # An update, not a put: the logo (uploaded on its own) stays.
    actions_to_write: list[Any] = [
        getattr(PortalSettingsItem, name).set(value)
        if value is not None
        else getattr(PortalSettingsItem, name).remove()
        for name, value in fields.items()
    ]
    version = PortalSettingsItem.version
    unchanged = (version == current.version) if current.version else (version.does_not_exist() | (version == 0))
    try:
        PortalSettingsItem(*SETTINGS).update(actions=actions_to_write, condition=unchanged)
    except UpdateError as exc:
        raise Conflict(
            "Someone saved the settings meanwhile; reload them and make your change again.",
            code="settings_changed_meanwhile",
        ) from exc
    forget()
    return portal_settings(fresh=True)
