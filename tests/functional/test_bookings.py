"""Bookings through the API on moto: free times across the clocks changing, two customers
racing for one slot, confirmation, the notice period, each customer's own, turned off."""

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.bookings import appointments
from functions.core.clock import FixedClock
from functions.core.errors import Conflict
from functions.core.events import OutboxEvent
from functions.customers.service import find_principal
from functions.notifications.reminders import send_reminders
from tests.functional.visitor import Visitor

ALL_DAY = {day: [{"opens": "00:00", "closes": "23:45"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _policy(operator: Visitor, **changes: Any) -> dict[str, Any]:
    current = operator.get("/bookings/operator/bookings/settings").json_body
    reply = operator.call("PUT", "/bookings/operator/bookings/settings", current | changes)
    assert reply.status_code == 200, reply.json_body
    return dict(reply.json_body)


@pytest.fixture
def service(operator: Visitor) -> dict[str, Any]:
    _policy(operator, time_zone="Europe/Helsinki", opening_hours=ALL_DAY, notice_hours=24, horizon_days=14)
    reply = operator.post(
        "/bookings/operator/services", {"name": "Consultation", "duration_minutes": 45, "buffer_minutes": 15}
    )
    assert reply.status_code == 201, reply.json_body
    return dict(reply.json_body)


def _slots(customer: Visitor, service_id: str) -> list[str]:
    reply = customer.get(f"/bookings/services/{service_id}/slots")
    assert reply.status_code == 200, reply.json_body
    return [slot["starts_at"] for day in reply.json_body["days"] for slot in day["slots"]]


def _a_whole_days_slots(customer: Visitor, service_id: str) -> list[str]:
    """The free times of the second day offered: a whole day whatever the hour now (the first
    day starts after the notice period, and may end a few slots later at closing time)."""
    reply = customer.get(f"/bookings/services/{service_id}/slots")
    assert reply.status_code == 200, reply.json_body
    return [slot["starts_at"] for slot in reply.json_body["days"][1]["slots"]]


def _book(customer: Visitor, service_id: str, starts_at: str) -> Any:
    return customer.post("/bookings", {"service_id": service_id, "starts_at": starts_at})


def _events(kind: str) -> list[OutboxEvent]:
    return [e for e in OutboxEvent.scan(OutboxEvent.pk.startswith("OUTBOX#")) if e.event_type == kind]


def test_free_times_follow_the_wall_clock_across_the_change_to_summer_time(operator: Visitor) -> None:
    _policy(
        operator,
        time_zone="Europe/Helsinki",
        opening_hours={"sat": [{"opens": "09:00", "closes": "12:00"}], "sun": [{"opens": "09:00", "closes": "12:00"}]},
        horizon_days=7,
    )
    made = operator.post("/bookings/operator/services", {"name": "Haircut", "duration_minutes": 60}).json_body

    # the service, on moto, as seen on Thursday 25 March 2027 (summer time begins on the 28th)
    found = appointments.slots(made["service_id"], datetime(2027, 3, 25, 12, tzinfo=UTC))

    days = {day.date: day.slots for day in found.days}
    assert list(days) == ["2027-03-27", "2027-03-28"]
    assert (days["2027-03-27"][0].starts_at, days["2027-03-27"][0].local_time) == ("2027-03-27T07:00Z", "09:00")
    assert (days["2027-03-28"][0].starts_at, days["2027-03-28"][0].local_time) == ("2027-03-28T06:00Z", "09:00")
    assert [s.local_time for s in days["2027-03-28"]] == [s.local_time for s in days["2027-03-27"]]


def test_two_customers_racing_for_one_slot_one_wins_the_other_gets_a_409_and_fresh_times(
    service: dict[str, Any], people: dict[str, str], atomic_aws_calls: None
) -> None:
    wanted = _slots_of(service["service_id"])[4]
    found = [find_principal("demo@example.com"), find_principal("lea@example.com")]
    racers = [who.acting_for(None) for who in found if who]  # each for their one account, as a request would
    outcomes: list[Any] = []
    start = threading.Barrier(len(racers))

    def race(who: Any) -> None:
        start.wait()
        try:
            outcomes.append(appointments.book(who, service["service_id"], _dt(wanted), _now()))
        except Conflict as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=race, args=(who,)) for who in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    won = [o for o in outcomes if not isinstance(o, Conflict)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, 1)
    assert lost[0].message == "That time is not free. Choose one of the times still free."
    assert lost[0].code == "slot_taken"
    fresh = [slot["starts_at"] for day in lost[0].data["days"] for slot in day["slots"]]
    assert wanted not in fresh
    assert fresh  # the others still free
    assert len(_events("booking.confirmed")) == 1


def _now() -> Any:
    return FixedClock(datetime.now(UTC))


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _slots_of(service_id: str) -> list[str]:
    found = appointments.slots(service_id, datetime.now(UTC))
    return [slot.starts_at for day in found.days for slot in day.slots]


def test_a_slot_taken_is_a_409_over_http_and_its_buffer_is_kept_free(
    service: dict[str, Any], dana: Visitor, lea: Visitor
) -> None:
    free = _a_whole_days_slots(dana, service["service_id"])
    first = _book(dana, service["service_id"], free[8])
    again = _book(lea, service["service_id"], free[8])
    overlapping = _book(lea, service["service_id"], free[10])  # 30 min later: inside 45 + 15

    assert first.status_code == 201, first.json_body
    assert first.json_body["status"] == "confirmed"
    assert again.status_code == 409
    assert again.json_body["error"]["code"] == "slot_taken"
    assert free[8] not in [s["starts_at"] for d in again.json_body["error"]["data"]["days"] for s in d["slots"]]
    assert overlapping.status_code == 409
    after = _slots(lea, service["service_id"])
    # 45 minutes and a 15-minute buffer, both ways: from 45 minutes before to 45 after
    assert [s for s in free[3:14] if s not in after] == free[5:12]
    assert _book(lea, service["service_id"], "2020-01-01T10:00:00Z").status_code == 409  # the past is not free


def test_a_request_waits_for_the_business_which_confirms_or_declines_it(
    service: dict[str, Any], dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    _policy(operator, needs_confirmation=True)
    free = _slots(dana, service["service_id"])
    asked = _book(dana, service["service_id"], free[40]).json_body
    other = _book(dana, service["service_id"], free[60]).json_body

    assert asked["status"] == "pending"
    assert free[40] not in _slots(dana, service["service_id"])  # a request holds its time
    day = asked["local_start"][:10]
    calendar = operator.get(f"/bookings/operator/bookings?from={day}&days=7").json_body
    assert [b["booking_id"] for b in calendar["items"]] == [asked["booking_id"], other["booking_id"]]
    confirmed = operator.post(f"/bookings/operator/bookings/{asked['booking_id']}/confirm")
    declined = operator.post(
        f"/bookings/operator/bookings/{other['booking_id']}/decline", {"reason": "The room is booked."}
    )
    assert operator.post(f"/bookings/operator/bookings/{asked['booking_id']}/confirm").status_code == 409

    assert confirmed.json_body["status"] == "confirmed"
    assert (declined.json_body["status"], declined.json_body["reason"]) == ("declined", "The room is booked.")
    assert free[60] in _slots(dana, service["service_id"])  # a declined request gives its time back
    kinds = {e.event_type for e in OutboxEvent.scan(OutboxEvent.pk.startswith("OUTBOX#"))}
    assert {"booking.requested", "booking.confirmed", "booking.declined"} <= kinds
    upcoming = dana.get("/bookings?when=upcoming").json_body["items"]
    # Still to come, so listed as it stands (a key range, no filter)
    assert {b["booking_id"]: b["status"] for b in upcoming} == {
        asked["booking_id"]: "confirmed",
        other["booking_id"]: "declined",
    }
    board = dana.get("/notifications/dashboard").json_body["upcoming_bookings"]
    assert [(b["booking_id"], b["status"]) for b in board] == [(asked["booking_id"], "confirmed")]


def test_the_notice_period_stops_the_customer_not_the_business(
    service: dict[str, Any], dana: Visitor, operator: Visitor
) -> None:
    operator.patch(
        "/portal/operator/portal/settings",
        {
            "version": operator.get("/portal/operator/portal/settings").json_body["version"],
            "branding": {
                "business_name": "Test Traders",
                "primary_colour": "#1f5fa8",
                "support_phone": "+358401234567",
            },
        },
    )
    free = _slots(dana, service["service_id"])
    soon = _book(dana, service["service_id"], free[0]).json_body  # within 24 h
    later = _book(dana, service["service_id"], free[-1]).json_body

    refused = dana.post(f"/bookings/{soon['booking_id']}/reschedule", {"starts_at": free[-8]})
    refused_cancel = dana.post(f"/bookings/{soon['booking_id']}/cancel", {})
    moved = dana.post(f"/bookings/{later['booking_id']}/reschedule", {"starts_at": free[-9]})
    by_business = operator.post(
        f"/bookings/operator/bookings/{soon['booking_id']}/reschedule", {"starts_at": free[-20]}
    )

    assert soon["can_change"] is False
    assert later["can_change"] is True
    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "booking_inside_notice"
    assert refused.json_body["error"]["values"] == {"hours": 24}  # no moment: the page would show it in its own zone
    message = refused.json_body["error"]["message"]
    assert message.startswith("Bookings can be changed or cancelled until 24 hours before they start")
    assert "+358401234567" in message
    assert refused_cancel.status_code == 409
    assert moved.status_code == 200, moved.json_body
    assert moved.json_body["starts_at"] == free[-9]
    assert free[-1] in _slots(dana, service["service_id"])  # the old time is free again
    assert by_business.status_code == 200, by_business.json_body
    cancelled = dana.post(f"/bookings/{later['booking_id']}/cancel", {"reason": "Travelling"})
    assert cancelled.json_body["status"] == "cancelled"
    assert free[-9] in _slots(dana, service["service_id"])


def test_the_free_times_say_the_notice_period(service: dict[str, Any], dana: Visitor, operator: Visitor) -> None:
    first = dana.get(f"/bookings/services/{service['service_id']}/slots").json_body
    _policy(operator, notice_hours=36)
    changed = dana.get(f"/bookings/services/{service['service_id']}/slots").json_body

    assert (first["notice_hours"], first["time_zone"]) == (24, "Europe/Helsinki")
    assert changed["notice_hours"] == 36
    assert dana.get("/bookings").json_body["items"] == []  # said without a booking to derive it from


def test_bookings_are_each_customers_own(service: dict[str, Any], dana: Visitor, lea: Visitor) -> None:
    free = _slots(dana, service["service_id"])
    mine = _book(dana, service["service_id"], free[30]).json_body

    assert lea.get(f"/bookings/{mine['booking_id']}").status_code == 404
    assert lea.post(f"/bookings/{mine['booking_id']}/reschedule", {"starts_at": free[40]}).status_code == 404
    assert lea.post(f"/bookings/{mine['booking_id']}/cancel", {}).status_code == 404
    assert lea.get("/bookings?when=upcoming").json_body["items"] == []
    assert lea.get("/notifications/dashboard").json_body["upcoming_bookings"] == []
    assert dana.get(f"/bookings/{mine['booking_id']}").status_code == 200


def test_with_bookings_turned_off_their_routes_are_404(
    service: dict[str, Any], dana: Visitor, operator: Visitor
) -> None:
    all_on = dict.fromkeys(("orders", "payments", "documents", "bookings", "tickets", "inbox", "chat"), True)
    version = operator.get("/portal/operator/portal/settings").json_body["version"]
    operator.patch("/portal/operator/portal/settings", {"version": version, "actions": all_on | {"bookings": False}})

    assert dana.get("/bookings/services").status_code == 404
    assert dana.get(f"/bookings/services/{service['service_id']}/slots").status_code == 404
    assert dana.get("/bookings").status_code == 404
    assert operator.get("/bookings/operator/services").status_code == 200


def test_the_day_before_the_customer_is_reminded_once(service: dict[str, Any], dana: Visitor) -> None:
    free = _slots(dana, service["service_id"])
    booked = _book(dana, service["service_id"], free[-1]).json_body
    day_before = _dt(booked["starts_at"]) - timedelta(hours=24)

    runs = [send_reminders(FixedClock(day_before)).tomorrow for _ in range(3)]

    assert runs == [1, 0, 0]
    (reminder,) = _events("reminder.booking_tomorrow")
    assert reminder.customer_id == booked["customer_id"]


def test_the_longest_service_with_the_longest_buffer_can_be_booked_moved_and_cancelled(
    operator: Visitor, dana: Visitor
) -> None:
    # Given the documented limits: 8 hours and a 4-hour buffer
    _policy(operator, time_zone="Europe/Helsinki", opening_hours=ALL_DAY, notice_hours=0, horizon_days=14)
    longest = {"name": "Full-day workshop", "duration_minutes": 480, "buffer_minutes": 240}
    service_id = operator.post("/bookings/operator/services", longest).json_body["service_id"]
    free = _slots(dana, service_id)
    # When Dana books it, moves it to a time it does not overlap, and cancels it
    booked = _book(dana, service_id, free[0])
    assert booked.status_code == 201, booked.json_body
    later = next(s for s in free if _dt(s) >= _dt(free[0]) + timedelta(days=2))
    moved = dana.post(f"/bookings/{booked.json_body['booking_id']}/reschedule", {"starts_at": later})
    assert moved.status_code == 200, moved.json_body
    # Then the old time is free again and the new one held, to the last minute of its buffer
    after = _slots(dana, service_id)
    assert free[0] in after
    assert later not in after
    held_until = _dt(later) + timedelta(hours=12)
    assert not [s for s in after if _dt(later) - timedelta(hours=12) < _dt(s) < held_until]
    cancelled = dana.post(f"/bookings/{booked.json_body['booking_id']}/cancel", {})
    assert cancelled.status_code == 200, cancelled.json_body
    assert later in _slots(dana, service_id)
