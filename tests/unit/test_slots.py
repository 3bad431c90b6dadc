"""Free slots from opening hours in the business's time zone, across the clocks changing."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from functions.bookings.slots import CELL, Busy, Hours, free_slots, held_span

HELSINKI = "Europe/Helsinki"  # EET (UTC+2); EEST (UTC+3) from 2027-03-28 03:00 to 2027-10-31 04:00
HOUR = timedelta(hours=1)


def _hours(opening: dict[int, list[tuple[time, time]]], closed: frozenset[date] = frozenset()) -> Hours:
    return Hours(HELSINKI, opening, closed)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_opening_hours_follow_the_wall_clock_when_summer_time_begins() -> None:
    every_day = _hours({day: [(time(9), time(12))] for day in range(7)})

    slots = free_slots(every_day, HOUR, timedelta(0), [], _utc(2027, 3, 26, 0), days=3)

    # 09:00 in Helsinki is 07:00 UTC in winter and 06:00 UTC from Sunday 28 March
    assert slots[date(2027, 3, 27)][0] == _utc(2027, 3, 27, 7)
    assert slots[date(2027, 3, 28)][0] == _utc(2027, 3, 28, 6)
    assert slots[date(2027, 3, 28)][-1] == _utc(2027, 3, 28, 8)  # 11:00 local, ends at closing
    assert len(slots[date(2027, 3, 27)]) == len(slots[date(2027, 3, 28)]) == 9  # 09:00..11:00 by 15 min


def test_an_hour_that_does_not_exist_is_not_offered_and_one_that_happens_twice_not_doubled() -> None:
    night = _hours({6: [(time(2), time(5))]})  # Sundays 02:00-05:00: both changes fall on Sundays

    spring = free_slots(night, HOUR, timedelta(0), [], _utc(2027, 3, 27, 0), days=2)[date(2027, 3, 28)]
    autumn = free_slots(night, HOUR, timedelta(0), [], _utc(2027, 10, 30, 0), days=2)[date(2027, 10, 31)]

    # spring: 02:00 EET to 05:00 EEST is two real hours (03:00-04:00 never happens)
    assert spring[0] == _utc(2027, 3, 28, 0)
    assert spring[-1] == _utc(2027, 3, 28, 1)  # the last hour-long slot starts at 04:00 EEST
    assert len(spring) == 5
    # autumn: 02:00 EEST to 05:00 EET is four real hours (03:00-04:00 happens twice)
    assert autumn[0] == _utc(2027, 10, 30, 23)
    assert autumn[-1] == _utc(2027, 10, 31, 2)
    assert len(autumn) == 13
    assert len(set(autumn)) == len(autumn)


def test_busy_times_with_their_buffers_closed_dates_and_the_earliest_time_are_left_out() -> None:
    weekdays = _hours({day: [(time(9), time(12))] for day in range(5)}, frozenset({date(2027, 1, 6)}))
    taken = Busy(_utc(2027, 1, 5, 8), _utc(2027, 1, 5, 9, 15))  # 10:00-11:00 local, 15 min buffer

    half_hour, buffer = timedelta(minutes=30), timedelta(minutes=15)
    slots = free_slots(weekdays, half_hour, buffer, [taken], _utc(2027, 1, 4, 7, 20), days=7)

    monday = slots[date(2027, 1, 4)]
    assert monday[0] == _utc(2027, 1, 4, 7, 30)  # not before `earliest` (09:20 local)
    tuesday = [s.astimezone(UTC).strftime("%H:%M") for s in slots[date(2027, 1, 5)]]
    # a slot and its own 15-minute buffer may not touch 08:00-09:15 UTC; the slot (not its
    # buffer) must end by closing, 10:00 UTC
    assert tuesday == ["07:00", "07:15", "09:15", "09:30"]
    assert date(2027, 1, 6) not in slots  # closed
    assert date(2027, 1, 9) not in slots  # Saturday: no hours


def test_opening_off_the_quarter_hour_offers_starts_on_it_and_the_longest_booking_stays_48_cells() -> None:
    # Given a shop in Helsinki that opens at 09:10 and closes at 21:10
    odd = Hours("Europe/Helsinki", {0: [(time(9, 10), time(21, 10))]}, frozenset())
    longest, buffer = timedelta(hours=8), timedelta(hours=4)
    # When the free times of the longest service are listed
    starts = free_slots(odd, longest, buffer, [], _utc(2027, 1, 3, 0), days=7)[date(2027, 1, 4)]
    # Then the first is the first quarter hour after opening, and each holds 48 cells, no more
    assert [s.astimezone(ZoneInfo("Europe/Helsinki")).strftime("%H:%M") for s in starts[:2]] == ["09:15", "09:30"]
    for start in starts:
        first, last = held_span(start, start + longest + buffer)
        assert (first, (last - first) / CELL) == (start, 48)
