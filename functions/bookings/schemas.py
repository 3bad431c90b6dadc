"""What the bookings API accepts and returns."""

from datetime import UTC, datetime
from itertools import pairwise
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from functions.core.contact import OneLine
from functions.core.money import Currency
from functions.core.paging import PageQuery, in_digits
from functions.core.schemas import Changes, Day, EntityId, Form
from functions.core.shape import Schema

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, local time")]
Minutes = Annotated[int, Field(multiple_of=5)]
Name = Annotated[str, OneLine(120)]
Reason = Annotated[str, OneLine(500)]
# IANA names: letters, digits and _ + - / ("America/Port-au-Prince", "Etc/GMT+3"); the validator
# below then asks zoneinfo whether the zone exists.
ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+/-]*$"
STATUSES = ("pending", "confirmed", "declined", "cancelled", "no_show")
MAX_SPANS = 4  # opening spans a day


class Opening(Form):
    opens: ClockTime
    closes: ClockTime

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.closes <= self.opens:
            raise PydanticCustomError("ends_before_start", "closes must be after opens")
        return self


class BookingSettings(Form):
    time_zone: str = Field(
        default="UTC", max_length=64, pattern=ZONE_PATTERN, description="IANA time zone, e.g. Europe/Helsinki"
    )
    opening_hours: dict[Weekday, Annotated[list[Opening], Field(max_length=4)]] = Field(
        default_factory=dict, description="Weekday -> at most 4 opening spans"
    )
    closed_dates: list[Day] = Field(default_factory=list, max_length=366)
    needs_confirmation: bool = Field(default=False, description="Bookings wait for the business to confirm them.")
    notice_hours: int = Field(default=24, ge=0, le=336, description="Change or cancel until this long before.")
    horizon_days: int = Field(default=28, ge=1, le=180, description="How far ahead customers may book.")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise PydanticCustomError("not_a_time_zone", "is not a time zone (such as Europe/Helsinki)") from exc
        return value

    @field_validator("opening_hours")
    @classmethod
    def _spans_apart(cls, value: dict[str, list[Opening]]) -> dict[str, list[Opening]]:
        for day, spans in value.items():
            ordered = sorted(spans, key=lambda s: s.opens)
            if len(spans) > MAX_SPANS:
                raise PydanticCustomError("too_many", "{day}: at most {limit} spans", {"day": day, "limit": MAX_SPANS})
            if any(a.closes > b.opens for a, b in pairwise(ordered)):
                raise PydanticCustomError("overlapping", "{day}: the spans overlap", {"day": day})
        return value


class BookingSettingsView(BookingSettings):
    version: int


class BookingSettingsChange(BookingSettings):
    version: int = Field(ge=0, description="The version read: a newer one is a 409.")


class NewService(Form):
    name: Name
    duration_minutes: Annotated[int, Field(ge=5, le=480, multiple_of=5)]
    buffer_minutes: Annotated[int, Field(ge=0, le=240, multiple_of=5)] = 0
    price: Annotated[int, Field(ge=0, le=10**9)] | None = Field(default=None, description="Minor units; optional.")
    currency: Currency | None = None

    @model_validator(mode="after")
    def _priced_in_a_currency(self) -> Self:
        if (self.price is None) != (self.currency is None):
            raise PydanticCustomError("price_needs_currency", "give both price and currency, or neither")
        return self


class ServiceChange(Changes):
    name: Name | None = None
    duration_minutes: Annotated[int, Field(ge=5, le=480, multiple_of=5)] | None = None
    buffer_minutes: Annotated[int, Field(ge=0, le=240, multiple_of=5)] | None = None
    active: bool | None = None


class Service(Schema):
    service_id: str
    name: str
    duration_minutes: int
    buffer_minutes: int
    price: int | None
    currency: str | None
    active: bool


class ServiceList(Schema):
    items: list[Service]


class Slot(Schema):
    starts_at: str = Field(description="UTC, ISO 8601: send it back to book")
    local_time: str = Field(description="HH:MM in the business's time zone")


class SlotDay(Schema):
    date: str
    slots: list[Slot]


class Slots(Schema):
    service_id: str
    time_zone: str
    notice_hours: int = Field(
        description="The business's notice period: a booking starting sooner than this cannot be changed or "
        "cancelled online once made."
    )
    days: list[SlotDay]


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


class NewBooking(Form):
    service_id: EntityId
    starts_at: AwareDatetime = Field(description="One of the slots' starts_at")

    _to_utc = field_validator("starts_at")(_utc)


class NewTime(Form):
    starts_at: AwareDatetime

    _to_utc = field_validator("starts_at")(_utc)


class Decline(Form):
    reason: Reason


class BookingCancellation(Form):
    reason: Reason | None = None


class Booking(Schema):
    booking_id: str
    service_id: str
    service_name: str
    customer_id: str
    customer_name: str
    starts_at: str
    ends_at: str
    local_start: str = Field(description="YYYY-MM-DD HH:MM in the business's time zone")
    time_zone: str
    status: str
    reason: str | None
    change_until: str = Field(description="UTC: the customer may reschedule or cancel until then")
    can_change: bool
    created_by: str | None = Field(
        default=None,
        description="The contact who booked it; null when the business booked it, or before contacts were recorded.",
    )


class BookingsQuery(PageQuery):
    when: Literal["upcoming", "past"] = Field(
        default="upcoming", description="Upcoming: soonest first, pending ones included. Past: latest first."
    )


class FreeTimesQuery(Schema):
    except_: str | None = Field(
        default=None, alias="except", description="A booking whose own time is shown as free (to move it)."
    )


class CalendarQuery(Schema):
    from_: Day | None = Field(default=None, alias="from", description="The first day; by default today.")
    days: Annotated[int, Field(ge=1, le=31), BeforeValidator(in_digits)] = Field(
        default=1, description="How many days: 1 for a day, 7 for a week."
    )


class BookingPage(Schema):
    items: list[Booking]
    next_cursor: str | None = None


class Calendar(Schema):
    time_zone: str
    items: list[Booking]
