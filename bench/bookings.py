"""Bookings: free times for a service cost the same round trips with 10 or 1,000 bookings
in the horizon (the policy, the service, one calendar query).

In-process on moto, through the real services. The bookings are written in batches.
"""

import statistics
from datetime import UTC, datetime, timedelta

from bench.stack import moto_portal, round_trips
from functions.bookings import appointments, policy, services
from functions.bookings.models import BOOKING, BookingItem, booking_key, bookings_of
from functions.bookings.schemas import BookingSettingsChange, NewService, Opening

SAMPLES = 9
NOW = datetime(2027, 1, 4, 6, tzinfo=UTC)  # a Monday morning
ALL_DAY = {d: [Opening(opens="00:00", closes="23:45")] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _bookings(count: int) -> None:
    with BookingItem.batch_write() as batch:
        for n in range(count):
            start = NOW + timedelta(hours=2 + n * 0.5)
            stamp = start.isoformat(timespec="minutes").replace("+00:00", "Z")
            booking_id = f"{n:026d}"
            batch.save(
                BookingItem(
                    booking_key(booking_id),
                    BOOKING,
                    booking_id=booking_id,
                    customer_id="C",
                    customer_name="Bench",
                    service_id="S",
                    service_name="Bench",
                    starts_at=stamp,
                    ends_at=stamp,
                    blocks_until=(start + timedelta(minutes=15)).isoformat(timespec="minutes").replace("+00:00", "Z"),
                    status="confirmed",
                    created_at=stamp,
                    changed_at=stamp,
                    gsi1pk=bookings_of("C"),
                    gsi1sk=f"{stamp}#{booking_id}",
                    gsi2sk=f"{stamp}#{booking_id}",
                )
            )


def _median(action: object) -> tuple[float, int]:
    runs = [round_trips(action) for _ in range(SAMPLES)]  # type: ignore[arg-type]
    return statistics.median(t for t, _ in runs), max(c for _, c in runs)


def measure() -> dict[str, tuple[float, int]]:
    with moto_portal("portal-bench-bookings"):
        policy.save(
            BookingSettingsChange(version=0, time_zone="Europe/Helsinki", opening_hours=ALL_DAY, horizon_days=21)
        )
        made = services.create(NewService(name="Visit", duration_minutes=30))
        results = {"few": _median(lambda: appointments.slots(made.service_id, NOW))}
        _bookings(10)
        results["10"] = _median(lambda: appointments.slots(made.service_id, NOW))
        _bookings(1_000)
        results["1000"] = _median(lambda: appointments.slots(made.service_id, NOW))
        return results


def report(results: dict[str, tuple[float, int]]) -> str:
    (b_ms, b_calls), (o_ms, o_calls) = results["10"], results["1000"]
    return "\n".join(
        [
            f"bookings, median of {SAMPLES}:",
            f"  free times over 21 days, 24 h a day: 10 vs 1,000 bookings   {b_ms:6.1f} ms / {o_ms:6.1f} ms   "
            f"{o_ms / b_ms:.2f}x   {b_calls} / {o_calls} DynamoDB round trip(s)",
            "  (each of ~2,000 candidate starts is checked by a binary search of the busy times; the calls",
            "   do not grow; moto's time for the calendar query grows with the index, DynamoDB's would not)",
        ]
    )


def main() -> None:
    print(report(measure()))
