"""Bookings for customers (services, free times, book, reschedule, cancel) and for operators
(policy, services, the calendar, confirm, decline, reschedule, cancel, no-show)."""

from functions.bookings import appointments, policy, services
from functions.bookings.schemas import (
    Booking,
    BookingCancellation,
    BookingPage,
    BookingSettingsChange,
    BookingSettingsView,
    BookingsQuery,
    Calendar,
    CalendarQuery,
    Decline,
    FreeTimesQuery,
    NewBooking,
    NewService,
    NewTime,
    Service,
    ServiceChange,
    ServiceList,
    Slots,
)
from functions.core.clock import SystemClock
from functions.core.http import Routes
from functions.core.principal import Principal

bookings_api = Routes(__name__, tag="bookings", part="bookings", access="customer")
staff_api = Routes(__name__, tag="bookings", access="staff")
clock = SystemClock()

# --- customers -----------------------------------------------------------------------------


@bookings_api.get("/services", "What I can book")
def bookable_services() -> ServiceList:
    return ServiceList(items=services.catalogue(active_only=True))


@bookings_api.get(
    "/services/{service_id}/slots",
    "Free times for a service over the coming weeks, by day in the business's time zone",
    errors=(404,),
)
def free_times(service_id: str) -> Slots:
    return appointments.slots(service_id, clock.now())


@bookings_api.post(
    "/", "Book a free time (confirmed at once, or waiting for the business, as it chose)", status=201, errors=(404, 409)
)
def book(body: NewBooking, principal: Principal) -> Booking:
    return appointments.book(principal, body.service_id, body.starts_at, clock)


@bookings_api.get("/", "My bookings: upcoming (soonest first, pending ones included) or past (latest first)")
def my_bookings(query: BookingsQuery, principal: Principal) -> BookingPage:
    return appointments.bookings_for(principal, query.when, query.cursor, query.limit, clock)


@bookings_api.get("/{booking_id}", "One of my bookings, with until when I may change it", errors=(404,))
def my_booking(booking_id: str, principal: Principal) -> Booking:
    item = appointments.booking_item(booking_id, principal)
    return appointments.to_booking(item, policy.booking_settings(), clock.now())


@bookings_api.post(
    "/{booking_id}/reschedule", "Move my booking to another free time (until the notice period)", errors=(404, 409)
)
def reschedule_mine(booking_id: str, body: NewTime, principal: Principal) -> Booking:
    return appointments.reschedule(booking_id, body.starts_at, principal, clock)


@bookings_api.post("/{booking_id}/cancel", "Cancel my booking (until the notice period)", errors=(404, 409))
def cancel_mine(booking_id: str, body: BookingCancellation, principal: Principal) -> Booking:
    return appointments.cancel(booking_id, body.reason, principal, clock)


# --- operators -----------------------------------------------------------------------------


@staff_api.get(
    "/operator/bookings/settings",
    "Booking policy: time zone, opening hours, closed dates, confirmation, notice, horizon",
)
def get_policy() -> BookingSettingsView:
    return policy.booking_settings()


@staff_api.put("/operator/bookings/settings", "Change the booking policy (from the version read)", errors=(409,))
def put_policy(body: BookingSettingsChange) -> BookingSettingsView:
    return policy.save(body)


@staff_api.get("/operator/services", "Every service, active or not")
def all_services() -> ServiceList:
    return ServiceList(items=services.catalogue(active_only=False))


@staff_api.post("/operator/services", "Add a service customers can book", status=201)
def add_service(body: NewService) -> Service:
    return services.create(body)


@staff_api.patch(
    "/operator/services/{service_id}",
    "Rename, retime or withdraw a service (bookings made stay as they are)",
    errors=(404,),
)
def change_service(service_id: str, body: ServiceChange) -> Service:
    return services.change(service_id, body)


@staff_api.get(
    "/operator/services/{service_id}/slots",
    "Free times for a service, for moving a booking (pass `except` to free a booking's own time)",
    errors=(404,),
)
def free_times_for_staff(service_id: str, query: FreeTimesQuery) -> Slots:
    return appointments.slots(service_id, clock.now(), query.except_)


@staff_api.get(
    "/operator/bookings", "The calendar: every booking starting on the days from `from` (1 for a day, 7 for a week)"
)
def calendar(query: CalendarQuery) -> Calendar:
    return appointments.calendar(query.from_ or clock.now().date().isoformat(), query.days, clock)


@staff_api.post("/operator/bookings/{booking_id}/confirm", "Confirm a booking request", errors=(404, 409))
def confirm(booking_id: str) -> Booking:
    return appointments.confirm(booking_id, clock)


@staff_api.post("/operator/bookings/{booking_id}/decline", "Decline a booking request, saying why", errors=(404, 409))
def decline(booking_id: str, body: Decline) -> Booking:
    return appointments.decline(booking_id, body.reason, clock)


@staff_api.post(
    "/operator/bookings/{booking_id}/reschedule",
    "Move a booking to another free time (no notice period for the business)",
    errors=(404, 409),
)
def reschedule(booking_id: str, body: NewTime, principal: Principal) -> Booking:
    return appointments.reschedule(booking_id, body.starts_at, principal, clock)


@staff_api.post("/operator/bookings/{booking_id}/cancel", "Cancel a booking", errors=(404, 409))
def cancel(booking_id: str, body: BookingCancellation, principal: Principal) -> Booking:
    return appointments.cancel(booking_id, body.reason, principal, clock)


@staff_api.post(
    "/operator/bookings/{booking_id}/no-show",
    "Mark a confirmed booking whose time has come as a no-show",
    errors=(404, 409),
)
def no_show(booking_id: str) -> Booking:
    return appointments.no_show(booking_id, clock)
