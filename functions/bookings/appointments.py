"""Appointments: book a free slot, reschedule, cancel; the business confirms, declines, marks
a no-show.

A booking holds the 15-minute cells of its time (and its buffer) while it is pending or
confirmed, each written on condition it is free, in the transaction that books: of two
customers racing for one slot exactly one transaction commits, and the other is told so with
the times still free. The customer's list of upcoming bookings (for the dashboard) moves in
the same transaction, under its version.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.bookings import policy, services
from functions.bookings.models import (
    BOOKING,
    CELL_MINUTES,
    UPCOMING,
    BookingItem,
    ServiceItem,
    SlotCellItem,
    UpcomingItem,
    booking_key,
    bookings_by,
    bookings_of,
    cell_key,
)
from functions.bookings.schemas import Booking, BookingPage, BookingSettingsView, Calendar, Slot, SlotDay, Slots
from functions.bookings.slots import Busy, free_slots, held_span, window
from functions.core.clock import Clock
from functions.core.errors import Conflict, invalid_field
from functions.core.events import outbox_event
from functions.core.ids import new_id
from functions.core.paging import decode_cursor, encode_cursor
from functions.core.principal import Principal, customer_key
from functions.core.table import Owner, Reader, account_of, contact_only, creator_of, owned_item
from functions.core.transactions import Transaction
from functions.portal.settings import portal_settings

HOLDING = ("pending", "confirmed")  # the statuses that keep their time
CELL = "CELL"
CELL_KEPT = timedelta(days=2)  # a cell's item expires (TTL) this long after its time


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="minutes").replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _local(moment: datetime, settings: BookingSettingsView) -> str:
    return moment.astimezone(ZoneInfo(settings.time_zone)).strftime("%Y-%m-%d %H:%M")


def to_booking(item: BookingItem, settings: BookingSettingsView, now: datetime) -> Booking:
    start = _parse(item.starts_at)
    until = start - timedelta(hours=settings.notice_hours)
    return Booking(
        booking_id=item.booking_id,
        service_id=item.service_id,
        service_name=item.service_name,
        customer_id=item.customer_id,
        customer_name=item.customer_name,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        local_start=_local(start, settings),
        time_zone=settings.time_zone,
        status=item.status,
        reason=item.reason,
        change_until=_iso(until),
        can_change=item.status in HOLDING and now < until,
        created_by=item.created_by,
    )


def booking_item(booking_id: str, owner: Owner = None) -> BookingItem:
    """A booking; with an owner, only if it may see it (core.table.may_see)."""
    return owned_item(BookingItem, booking_key(booking_id), BOOKING, owner, "There is no such booking.")


def _reader(by: Principal) -> Owner:
    """Whose bookings `by` may change: a customer's contact, what they may see; staff, any."""
    return by if by.kind == "customer" else None


# --- free times --------------------------------------------------------------------------


def _busy(start: datetime, until: datetime, except_id: str | None = None) -> list[Busy]:
    # From 12 hours earlier: a booking that started before the window may hold time inside it
    # (a service lasts at most 8 hours and its buffer 4).
    found = BookingItem.calendar.query(
        "BOOKINGS",
        BookingItem.gsi2sk.between(_iso(start - timedelta(hours=12)), _iso(until) + "~"),
        filter_condition=BookingItem.status.is_in(*HOLDING),
    )
    return [
        Busy(_parse(b.starts_at), _parse(b.blocks_until))  # type: ignore[attr-defined]
        for b in found
        if b.booking_id != except_id  # type: ignore[attr-defined]
    ]


def _earliest(now: datetime) -> datetime:
    """Bookings start on the quarter hour, from the next one that is at least an hour away."""
    soonest = now + timedelta(hours=1)
    return soonest.replace(second=0, microsecond=0) + timedelta(minutes=-soonest.minute % 15)


def slots(service_id: str, now: datetime, except_id: str | None = None) -> Slots:
    return _free_times(policy.booking_settings(), services.service_item(service_id, active_only=True), now, except_id)


def _free_times(settings: BookingSettingsView, service: ServiceItem, now: datetime, except_id: str | None) -> Slots:
    hours = policy.hours_of(settings)
    earliest = _earliest(now)
    start, until = window(hours, earliest, settings.horizon_days)
    free = free_slots(
        hours,
        timedelta(minutes=int(service.duration_minutes)),
        timedelta(minutes=int(service.buffer_minutes)),
        _busy(start, until, except_id),
        earliest,
        settings.horizon_days,
    )
    zone = ZoneInfo(settings.time_zone)
    return Slots(
        service_id=service.service_id,
        time_zone=settings.time_zone,
        notice_hours=settings.notice_hours,
        days=[
            SlotDay(
                date=day.isoformat(),
                slots=[Slot(starts_at=_iso(s), local_time=s.astimezone(zone).strftime("%H:%M")) for s in starts],
            )
            for day, starts in sorted(free.items())
        ],
    )


def _require_free(
    settings: BookingSettingsView, service: ServiceItem, start: datetime, now: datetime, except_id: str | None = None
) -> None:
    fresh = _free_times(settings, service, now, except_id)
    if not any(slot.starts_at == _iso(start) for day in fresh.days for slot in day.slots):
        raise Conflict(
            "That time is not free. Choose one of the times still free.", code="slot_taken", data=fresh.model_dump()
        )


# --- the cells a booking holds -----------------------------------------------------------


def _cells(start: datetime, until: datetime) -> list[str]:
    at, until = held_span(start, until)
    cells = []
    while at < until:
        cells.append(_iso(at).removesuffix("Z"))
        at += timedelta(minutes=CELL_MINUTES)
    return cells


def _hold(transaction: TransactWrite, booking_id: str, cells: list[str], start: datetime) -> None:
    expires = int((start + CELL_KEPT).timestamp())
    for cell in cells:
        transaction.save(
            SlotCellItem(cell_key(cell), CELL, booking_id=booking_id, expires_at=expires),
            condition=SlotCellItem.pk.does_not_exist(),
        )


def _release(transaction: TransactWrite, booking_id: str, cells: list[str]) -> None:
    for cell in cells:
        transaction.delete(SlotCellItem(cell_key(cell), CELL), condition=SlotCellItem.booking_id == booking_id)


def _held_cells(item: BookingItem) -> list[str]:
    return _cells(_parse(item.starts_at), _parse(item.blocks_until))


# --- the customer's upcoming list (dashboard) --------------------------------------------


def _upcoming(
    transaction: TransactWrite, customer_id: str, item: BookingItem | None, gone: str | None, now: datetime
) -> None:
    """Put `item` in (or take `gone` out of) the customer's upcoming list, dropping past ones."""
    key = (customer_key(customer_id), UPCOMING)
    try:
        head = UpcomingItem.get(*key, consistent_read=True)
        kept = dict(head.bookings.as_dict())  # type: ignore[no-untyped-call]
        version: int | None = int(head.version)
    except DoesNotExist:
        kept, version = {}, None
    if gone:
        kept.pop(gone, None)
    if item is not None:
        entry = {"starts_at": item.starts_at, "service_name": item.service_name, "status": item.status}
        if item.created_by:  # so a contact who sees only their own finds theirs on the dashboard
            entry["created_by"] = item.created_by
        kept[item.booking_id] = entry
    kept = {k: v for k, v in kept.items() if _parse(v["starts_at"]) > now}
    condition = UpcomingItem.pk.does_not_exist() if version is None else UpcomingItem.version == version
    transaction.save(UpcomingItem(*key, bookings=kept, version=(version or 0) + 1), condition=condition)


def upcoming_of(head: UpcomingItem | None, now: datetime) -> list[dict[str, Any]]:
    kept = head.bookings.as_dict() if head and head.bookings else {}  # type: ignore[no-untyped-call]
    found = [{"booking_id": k, **v} for k, v in kept.items() if _parse(v["starts_at"]) > now]
    return sorted(found, key=lambda b: b["starts_at"])


def upcoming_key(customer_id: str) -> tuple[str, str]:
    """Where a customer's upcoming bookings are kept, for a read batched with other domains' items."""
    return customer_key(customer_id), UPCOMING


def upcoming_from(raw: dict[str, Any] | None, now: datetime) -> list[dict[str, Any]]:
    """The bookings still ahead in an item read raw at upcoming_key, soonest first; None: never booked."""
    return upcoming_of(UpcomingItem.from_raw_data(raw) if raw is not None else None, now)


# --- changes -----------------------------------------------------------------------------


def _event(kind: str, item: BookingItem, settings: BookingSettingsView, now: datetime, **extra: Any) -> Any:
    return outbox_event(
        f"booking.{kind}",
        now,
        item.customer_id,
        booking_id=item.booking_id,
        service_name=item.service_name,
        when=_local(_parse(item.starts_at), settings),
        # The zone `when` is in, so its message names it even if the settings change before delivery.
        time_zone=settings.time_zone,
        # Who booked it is told of it, whatever their role or scope now (notifications.audience).
        created_by=item.created_by,
        **extra,
    )


def _commit(write: Any, recheck: Callable[[], None] | None = None) -> None:
    """Run one booking transaction; a lost race for the time is a 409 with the times still
    free (`recheck` raises it when the time was taken)."""
    try:
        with Transaction() as transaction:
            write(transaction)
    except TransactWriteError as exc:
        if recheck is not None:
            recheck()
        raise Conflict(
            "This booking changed meanwhile; reload it and try again.", code="booking_changed_meanwhile"
        ) from exc


def book(customer: Principal, service_id: str, start: datetime, clock: Clock) -> Booking:
    now = clock.now()
    settings = policy.booking_settings()
    service = services.service_item(service_id, active_only=True)
    _require_free(settings, service, start, now)
    booking_id = new_id(int(now.timestamp() * 1000))
    end = start + timedelta(minutes=int(service.duration_minutes))
    until = end + timedelta(minutes=int(service.buffer_minutes))
    status = "pending" if settings.needs_confirmation else "confirmed"
    created_by = creator_of(customer)
    item = BookingItem(
        booking_key(booking_id),
        BOOKING,
        booking_id=booking_id,
        customer_id=customer.account_id,
        customer_name=customer.account_name,
        service_id=service_id,
        service_name=service.name,
        starts_at=_iso(start),
        ends_at=_iso(end),
        blocks_until=_iso(until),
        status=status,
        created_at=now.isoformat(),
        changed_at=now.isoformat(),
        gsi1pk=bookings_of(customer.account_id),
        gsi1sk=f"{_iso(start)}#{booking_id}",
        gsi2sk=f"{_iso(start)}#{booking_id}",
        created_by=created_by,
        gsi3pk=None if created_by is None else bookings_by(customer.account_id, created_by),
        gsi3sk=None if created_by is None else f"{_iso(start)}#{booking_id}",
    )

    def write(transaction: TransactWrite) -> None:
        transaction.save(item, condition=BookingItem.pk.does_not_exist())
        _hold(transaction, booking_id, _cells(start, until), start)
        _upcoming(transaction, customer.account_id, item, None, now)
        transaction.save(_event("requested" if status == "pending" else "confirmed", item, settings, now))

    _commit(write, lambda: _require_free(settings, service, start, now))
    return to_booking(item, settings, now)


def _notice(item: BookingItem, settings: BookingSettingsView, now: datetime) -> None:
    """A customer's change must come before the notice period; the page says why not."""
    until = _parse(item.starts_at) - timedelta(hours=settings.notice_hours)
    if now >= until:
        branding = portal_settings().branding
        contact = [c for c in (branding.support_phone, branding.support_email) if c]
        reach = f" Please contact us{': ' + ' or '.join(contact) if contact else ''}."
        raise Conflict(
            f"Bookings can be changed or cancelled until {settings.notice_hours} hours before they start "
            f"(this one until {_local(until, settings)}).{reach}",
            code="booking_inside_notice",
            # The hours only: a moment would be shown in the browser's zone, not the business's,
            # and the booking itself says until when (`change_until`, with its `time_zone`).
            values={"hours": settings.notice_hours},
        )


def _holding(item: BookingItem) -> None:
    if item.status not in HOLDING:
        raise Conflict(
            f"This booking is {item.status.replace('_', ' ')}; it cannot be changed.", code="booking_not_changeable"
        )


def reschedule(booking_id: str, start: datetime, by: Principal, clock: Clock) -> Booking:
    now = clock.now()
    settings = policy.booking_settings()
    item = booking_item(booking_id, _reader(by))
    _holding(item)
    if by.kind == "customer":
        _notice(item, settings, now)
    service = services.service_item(item.service_id, active_only=True)
    _require_free(settings, service, start, now, except_id=booking_id)
    end = start + timedelta(minutes=int(service.duration_minutes))
    until = end + timedelta(minutes=int(service.buffer_minutes))
    old, new = set(_held_cells(item)), set(_cells(start, until))
    # A customer's new time waits for the business again when it confirms bookings.
    status = "pending" if by.kind == "customer" and settings.needs_confirmation else item.status
    moved = BookingItem(**{**item.attribute_values})  # the booking as it will be, for the lists
    moved.starts_at, moved.ends_at, moved.blocks_until, moved.status = _iso(start), _iso(end), _iso(until), status
    moved.gsi1sk = moved.gsi2sk = f"{_iso(start)}#{booking_id}"
    # The contact's own list keeps the same order as the account's (by start).
    by_start = [BookingItem.gsi3sk.set(moved.gsi1sk)] if item.gsi3pk is not None else []

    def write(transaction: TransactWrite) -> None:
        transaction.update(
            item,
            actions=[
                BookingItem.starts_at.set(moved.starts_at),
                BookingItem.ends_at.set(moved.ends_at),
                BookingItem.blocks_until.set(moved.blocks_until),
                BookingItem.status.set(status),
                BookingItem.gsi1sk.set(moved.gsi1sk),
                BookingItem.gsi2sk.set(moved.gsi2sk),
                *by_start,
                BookingItem.changed_at.set(now.isoformat()),
                BookingItem.version.add(1),
            ],
            condition=BookingItem.version == item.version,
        )
        _release(transaction, booking_id, sorted(old - new))  # cells in both stay held
        _hold(transaction, booking_id, sorted(new - old), start)
        _upcoming(transaction, item.customer_id, moved, None, now)
        transaction.save(_event("rescheduled", moved, settings, now, by=by.kind, status=status))

    _commit(write, lambda: _require_free(settings, service, start, now, except_id=booking_id))
    return to_booking(moved, settings, now)


def _end(item: BookingItem, status: str, reason: str | None, by: str, now: datetime, event: str) -> Booking:
    """Move the booking to `status` (giving its time back unless it still holds it); the reply."""
    settings = policy.booking_settings()

    def write(transaction: TransactWrite) -> None:
        transaction.update(
            item,
            actions=[
                BookingItem.status.set(status),
                BookingItem.reason.set(reason) if reason else BookingItem.reason.remove(),
                BookingItem.changed_at.set(now.isoformat()),
                BookingItem.version.add(1),
            ],
            condition=BookingItem.version == item.version,
        )
        if status not in HOLDING:
            _release(transaction, item.booking_id, _held_cells(item))
            _upcoming(transaction, item.customer_id, None, item.booking_id, now)
        else:
            _upcoming(transaction, item.customer_id, item, None, now)
        transaction.save(_event(event, item, settings, now, by=by, **({"reason": reason} if reason else {})))

    item.status, item.reason = status, reason  # as written: the reply needs no second read
    _commit(write)
    return to_booking(item, settings, now)


def cancel(booking_id: str, reason: str | None, by: Principal, clock: Clock) -> Booking:
    now = clock.now()
    item = booking_item(booking_id, _reader(by))
    _holding(item)
    if by.kind == "customer":
        _notice(item, policy.booking_settings(), now)
    return _end(item, "cancelled", reason, by.kind, now, "cancelled")


def confirm(booking_id: str, clock: Clock) -> Booking:
    now = clock.now()
    item = booking_item(booking_id)
    if item.status != "pending":
        raise Conflict(
            f"Only a booking waiting for confirmation can be confirmed; this one is {item.status}.",
            code="booking_not_pending",
        )
    return _end(item, "confirmed", None, "staff", now, "confirmed")


def decline(booking_id: str, reason: str, clock: Clock) -> Booking:
    now = clock.now()
    item = booking_item(booking_id)
    if item.status != "pending":
        raise Conflict(
            f"Only a booking waiting for confirmation can be declined; this one is {item.status}.",
            code="booking_not_pending",
        )
    return _end(item, "declined", reason, "staff", now, "declined")


def no_show(booking_id: str, clock: Clock) -> Booking:
    now = clock.now()
    item = booking_item(booking_id)
    if item.status != "confirmed" or _parse(item.starts_at) > now:
        raise Conflict(
            "Only a confirmed booking whose time has come can be marked as a no-show.", code="booking_not_due"
        )
    return _end(item, "no_show", None, "staff", now, "no_show")


# --- lists -------------------------------------------------------------------------------


def bookings_for(owner: Reader | str, when: str, cursor: str | None, limit: int, clock: Clock) -> BookingPage:
    """Upcoming: still to come, soonest first (a cancelled or declined one among them says so
    until its time). Past: time gone, latest first. A key range of the account's index each
    (for a contact who sees only their own, of their key): one read, whatever the history."""
    if when not in ("upcoming", "past"):
        raise invalid_field("when", "not_allowed", "when must be upcoming or past.", choices=["upcoming", "past"])
    now = clock.now()
    settings = policy.booking_settings()
    contact, customer_id = contact_only(owner), account_of(owner)
    start = BookingItem.gsi1sk if contact is None else BookingItem.gsi3sk
    key = (start >= _iso(now)) if when == "upcoming" else (start < _iso(now))
    index = BookingItem.by_customer if contact is None else BookingItem.by_contact
    results = index.query(
        bookings_of(customer_id) if contact is None else bookings_by(customer_id, contact),
        key,
        scan_index_forward=when == "upcoming",
        limit=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = [to_booking(item, settings, now) for item in results]  # type: ignore[arg-type]
    return BookingPage(items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def tomorrows_bookings(now: datetime) -> list[Booking]:
    """Confirmed bookings on tomorrow's date in the business's time zone (for the reminder)."""
    settings = policy.booking_settings()
    tomorrow = (now.astimezone(ZoneInfo(settings.time_zone)).date() + timedelta(days=1)).isoformat()
    return [b for b in _calendar(settings, tomorrow, 1, now) if b.status == "confirmed"]


def calendar(first_day: str, days: int, clock: Clock) -> Calendar:
    settings = policy.booking_settings()
    return Calendar(time_zone=settings.time_zone, items=_calendar(settings, first_day, days, clock.now()))


def _calendar(settings: BookingSettingsView, first_day: str, days: int, now: datetime) -> list[Booking]:
    """Every booking starting on these local days, by start (the operator's day or week)."""
    try:
        day = date.fromisoformat(first_day)
    except ValueError as exc:
        raise invalid_field("from", "not_a_date", "from must be a date, YYYY-MM-DD.") from exc
    zone = ZoneInfo(settings.time_zone)
    start = datetime.combine(day, datetime.min.time(), zone)
    until = datetime.combine(day + timedelta(days=days), datetime.min.time(), zone)
    found = BookingItem.calendar.query("BOOKINGS", BookingItem.gsi2sk.between(_iso(start), _iso(until)))
    return [to_booking(b, settings, now) for b in found if _parse(b.starts_at) < until]  # type: ignore[arg-type,attr-defined]
