"""The business's booking policy: time zone, opening hours, closed dates, confirmation,
notice period, horizon. One item with a version; the defaults until it is saved."""

from datetime import date, time

from pynamodb.exceptions import DoesNotExist, PutError

from functions.bookings.models import SETTINGS, BookingSettingsItem
from functions.bookings.schemas import WEEKDAYS, BookingSettingsChange, BookingSettingsView, Opening
from functions.bookings.slots import Hours
from functions.core.errors import Conflict

DEFAULT_HOURS = {day: [Opening(opens="09:00", closes="17:00")] for day in WEEKDAYS[:5]}


def booking_settings() -> BookingSettingsView:
    try:
        item = BookingSettingsItem.get(*SETTINGS, consistent_read=True)
    except DoesNotExist:
        return BookingSettingsView(opening_hours=DEFAULT_HOURS, version=0)
    hours = item.opening_hours.as_dict() if item.opening_hours else {}  # type: ignore[no-untyped-call]
    return BookingSettingsView(
        time_zone=item.time_zone,
        opening_hours={day: [Opening(**span) for span in spans] for day, spans in hours.items()},
        closed_dates=list(item.closed_dates or []),
        needs_confirmation=bool(item.needs_confirmation),
        notice_hours=int(item.notice_hours),
        horizon_days=int(item.horizon_days),
        version=int(item.version),
    )


def save(change: BookingSettingsChange) -> BookingSettingsView:
    current = booking_settings()
    if change.version != current.version:
        raise Conflict(
            "Someone saved the booking settings meanwhile; reload them and make your change again.",
            code="settings_changed_meanwhile",
        )
    item = BookingSettingsItem(
        *SETTINGS,
        time_zone=change.time_zone,
        opening_hours={day: [span.model_dump() for span in spans] for day, spans in change.opening_hours.items()},
        closed_dates=sorted(set(change.closed_dates)),
        needs_confirmation=change.needs_confirmation,
        notice_hours=change.notice_hours,
        horizon_days=change.horizon_days,
        version=current.version + 1,
    )
    condition = (
        BookingSettingsItem.pk.does_not_exist()
        if current.version == 0
        else BookingSettingsItem.version == current.version
    )
    try:
        item.save(condition=condition)
    except PutError as exc:
        raise Conflict(
            "Someone saved the booking settings meanwhile; reload them and make your change again.",
            code="settings_changed_meanwhile",
        ) from exc
    return booking_settings()


def hours_of(settings: BookingSettingsView) -> Hours:
    return Hours(
        time_zone=settings.time_zone,
        opening={
            WEEKDAYS.index(day): [(time.fromisoformat(s.opens), time.fromisoformat(s.closes)) for s in spans]
            for day, spans in settings.opening_hours.items()
        },
        closed=frozenset(date.fromisoformat(d) for d in settings.closed_dates),
    )
