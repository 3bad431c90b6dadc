"""Bookings for customers (services, free times, book, reschedule, cancel) and for operators
(policy, services, the calendar, confirm, decline, reschedule, cancel, no-show)."""

from functions.bookings import appointments, policy, services
from functions.bookings.schemas import (
    Booking,
    BookingCancellation,
    BookingPage,
    BookingSettingsChange,
    BookingSettingsView,
    Calendar,
    Decline,
    NewBooking,
    NewService,
    NewTime,
    Service,
    ServiceChange,
    ServiceList,
    Slots,
)
from functions.core.clock import SystemClock
from functions.core.errors import InvalidRequest
from functions.core.http import Routes, endpoint, query_params
from functions.core.paging import page_size
from functions.core.principal import Principal

bookings_api = Routes(__name__, tag="bookings", part="bookings")
clock = SystemClock()
_WHEN = {"when": {"type": "string", "enum": ["upcoming", "past"]}}
_CALENDAR: dict[str, dict[str, object]] = {
    "from": {"type": "string", "format": "date"},
    "days": {"type": "integer", "minimum": 1, "maximum": 31},
}

# --- customers -----------------------------------------------------------------------------


@endpoint(
    bookings_api, "/services", "GET", summary="What I can book", reply=ServiceList, access="customer", tag="bookings"
)
def bookable_services(principal: Principal) -> ServiceList:
    return ServiceList(items=services.catalogue(active_only=True))


@endpoint(
    bookings_api,
    "/services/{service_id}/slots",
    "GET",
    summary="Free times for a service over the coming weeks, by day in the business's time zone",
    reply=Slots,
    errors=(404,),
    access="customer",
    tag="bookings",
)
def free_times(service_id: str, principal: Principal) -> Slots:
    return appointments.slots(service_id, clock.now())


@endpoint(
    bookings_api,
    "/",
    "POST",
    summary="Book a free time (confirmed at once, or waiting for the business, as it chose)",
    body=NewBooking,
    reply=Booking,
    status=201,
    errors=(404, 409),
    access="customer",
    tag="bookings",
)
def book(body: NewBooking, principal: Principal) -> Booking:
    return appointments.book(principal, body.service_id, body.starts_at, clock)


@endpoint(
    bookings_api,
    "/",
    "GET",
    summary="My bookings: upcoming (soonest first, pending ones included) or past (latest first)",
    reply=BookingPage,
    query=("when", "cursor", "limit"),
    query_schemas=_WHEN,
    access="customer",
    tag="bookings",
)
def my_bookings(principal: Principal) -> BookingPage:
    params = query_params(bookings_api)
    when = params.get("when", "upcoming")
    return appointments.bookings_for(
        principal.principal_id, when, params.get("cursor"), page_size(params.get("limit")), clock
    )


@endpoint(
    bookings_api,
    "/{booking_id}",
    "GET",
    summary="One of my bookings, with until when I may change it",
    reply=Booking,
    errors=(404,),
    access="customer",
    tag="bookings",
)
def my_booking(booking_id: str, principal: Principal) -> Booking:
    item = appointments.booking_item(booking_id, principal.principal_id)
    return appointments.to_booking(item, policy.booking_settings(), clock.now())


@endpoint(
    bookings_api,
    "/{booking_id}/reschedule",
    "POST",
    summary="Move my booking to another free time (until the notice period)",
    body=NewTime,
    reply=Booking,
    errors=(404, 409),
    access="customer",
    tag="bookings",
)
def reschedule_mine(booking_id: str, body: NewTime, principal: Principal) -> Booking:
    return appointments.reschedule(booking_id, body.starts_at, principal, clock)


@endpoint(
    bookings_api,
    "/{booking_id}/cancel",
    "POST",
    summary="Cancel my booking (until the notice period)",
    body=BookingCancellation,
    reply=Booking,
    errors=(404, 409),
    access="customer",
    tag="bookings",
)
def cancel_mine(booking_id: str, body: BookingCancellation, principal: Principal) -> Booking:
    return appointments.cancel(booking_id, body.reason, principal, clock)


# --- operators -----------------------------------------------------------------------------


@endpoint(
    bookings_api,
    "/operator/bookings/settings",
    "GET",
    summary="Booking policy: time zone, opening hours, closed dates, confirmation, notice, horizon",
    reply=BookingSettingsView,
    access="staff",
    tag="bookings",
)
def get_policy(principal: Principal) -> BookingSettingsView:
    return policy.booking_settings()


@endpoint(
    bookings_api,
    "/operator/bookings/settings",
    "PUT",
    summary="Change the booking policy (from the version read)",
    body=BookingSettingsChange,
    reply=BookingSettingsView,
    errors=(409,),
    access="staff",
    tag="bookings",
)
def put_policy(body: BookingSettingsChange, principal: Principal) -> BookingSettingsView:
    return policy.save(body)


@endpoint(
    bookings_api,
    "/operator/services",
    "GET",
    summary="Every service, active or not",
    reply=ServiceList,
    access="staff",
    tag="bookings",
)
def all_services(principal: Principal) -> ServiceList:
    return ServiceList(items=services.catalogue(active_only=False))


@endpoint(
    bookings_api,
    "/operator/services",
    "POST",
    summary="Add a service customers can book",
    body=NewService,
    reply=Service,
    status=201,
    access="staff",
    tag="bookings",
)
def add_service(body: NewService, principal: Principal) -> Service:
    return services.create(body)


@endpoint(
    bookings_api,
    "/operator/services/{service_id}",
    "PATCH",
    summary="Rename, retime or withdraw a service (bookings made stay as they are)",
    body=ServiceChange,
    reply=Service,
    errors=(404,),
    access="staff",
    tag="bookings",
)
def change_service(service_id: str, body: ServiceChange, principal: Principal) -> Service:
    return services.change(service_id, body)


@endpoint(
    bookings_api,
    "/operator/services/{service_id}/slots",
    "GET",
    summary="Free times for a service, for moving a booking (pass `except` to free a booking's own time)",
    reply=Slots,
    query=("except",),
    errors=(404,),
    access="staff",
    tag="bookings",
)
def free_times_for_staff(service_id: str, principal: Principal) -> Slots:
    return appointments.slots(service_id, clock.now(), query_params(bookings_api).get("except"))


@endpoint(
    bookings_api,
    "/operator/bookings",
    "GET",
    summary="The calendar: every booking starting on the days from `from` (1 for a day, 7 for a week)",
    reply=Calendar,
    query=("from", "days"),
    query_schemas=_CALENDAR,
    access="staff",
    tag="bookings",
)
def calendar(principal: Principal) -> Calendar:
    params = query_params(bookings_api)
    first = params.get("from", clock.now().date().isoformat())  # given but empty: a 400 below
    days = params.get("days", "1")
    if not days.isdigit() or not 1 <= int(days) <= 31:
        raise InvalidRequest("days must be a number from 1 to 31.")
    return appointments.calendar(first, int(days), clock)


@endpoint(
    bookings_api,
    "/operator/bookings/{booking_id}/confirm",
    "POST",
    summary="Confirm a booking request",
    reply=Booking,
    errors=(404, 409),
    access="staff",
    tag="bookings",
)
def confirm(booking_id: str, principal: Principal) -> Booking:
    return appointments.confirm(booking_id, clock)


@endpoint(
    bookings_api,
    "/operator/bookings/{booking_id}/decline",
    "POST",
    summary="Decline a booking request, saying why",
    body=Decline,
    reply=Booking,
    errors=(404, 409),
    access="staff",
    tag="bookings",
)
def decline(booking_id: str, body: Decline, principal: Principal) -> Booking:
    return appointments.decline(booking_id, body.reason, clock)


@endpoint(
    bookings_api,
    "/operator/bookings/{booking_id}/reschedule",
    "POST",
    summary="Move a booking to another free time (no notice period for the business)",
    body=NewTime,
    reply=Booking,
    errors=(404, 409),
    access="staff",
    tag="bookings",
)
def reschedule(booking_id: str, body: NewTime, principal: Principal) -> Booking:
    return appointments.reschedule(booking_id, body.starts_at, principal, clock)


@endpoint(
    bookings_api,
    "/operator/bookings/{booking_id}/cancel",
    "POST",
    summary="Cancel a booking",
    body=BookingCancellation,
    reply=Booking,
    errors=(404, 409),
    access="staff",
    tag="bookings",
)
def cancel(booking_id: str, body: BookingCancellation, principal: Principal) -> Booking:
    return appointments.cancel(booking_id, body.reason, principal, clock)


@endpoint(
    bookings_api,
    "/operator/bookings/{booking_id}/no-show",
    "POST",
    summary="Mark a confirmed booking whose time has come as a no-show",
    reply=Booking,
    errors=(404, 409),
    access="staff",
    tag="bookings",
)
def no_show(booking_id: str, principal: Principal) -> Booking:
    return appointments.no_show(booking_id, clock)
