"""Free times for a service: opening hours in the business's time zone, less closed dates,
less the times other bookings hold (with their buffers), from `earliest` for `days` days.

Times are computed in UTC from wall-clock opening hours through zoneinfo, so a day when the
clocks change has its opening hours where the clocks say, and a slot is never made of an hour
that does not exist (spring) nor counted twice (autumn).
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Hours:
    time_zone: str
    opening: dict[int, list[tuple[time, time]]]  # weekday (Monday 0) -> [(open, close)]
    closed: frozenset[date]


@dataclass(frozen=True)
class Busy:
    starts_at: datetime  # UTC
    blocks_until: datetime  # UTC, the end plus its buffer


STEP = timedelta(minutes=15)  # slots start on the quarter hours of the UTC grid, from opening on
CELL = timedelta(minutes=15)  # time is held in cells of the UTC grid (appointments._hold)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _grid_floor(moment: datetime) -> datetime:
    return moment - (moment - _EPOCH) % CELL


def _grid_ceil(moment: datetime) -> datetime:
    return moment + (_EPOCH - moment) % CELL


def held_span(start: datetime, until: datetime) -> tuple[datetime, datetime]:
    """[start, until) widened to whole cells: the time a booking of that span holds.

    Every start free_slots offers is on the grid (quarter hours, in every time zone in use
    today), so a booking holds exactly its own time and its buffer rounded up to the quarter:
    the longest, 8 hours and 4 of buffer, is 48 cells whatever the opening hours.
    """
    return _grid_floor(start), _grid_ceil(until)


class _Held:
    """Busy times, sorted by start, with the latest end among each prefix: whether [start,
    until) touches any of them is one binary search, not a scan (a busy week has hundreds)."""

    def __init__(self, busy: list[Busy]) -> None:
        spans = sorted(held_span(b.starts_at, b.blocks_until) for b in busy)
        self._starts = [start for start, _ in spans]
        self._latest_end = list(accumulate((until for _, until in spans), max))

    def overlaps(self, start: datetime, until: datetime) -> bool:
        start, until = held_span(start, until)
        begun = bisect_left(self._starts, until)  # those starting before `until`
        return begun > 0 and self._latest_end[begun - 1] > start


def free_slots(
    hours: Hours, duration: timedelta, buffer: timedelta, busy: list[Busy], earliest: datetime, days: int
) -> dict[date, list[datetime]]:
    """Local date -> free start times (UTC), for the local dates from `earliest`'s on."""
    zone = ZoneInfo(hours.time_zone)
    first = earliest.astimezone(zone).date()
    held = _Held(busy)
    found: dict[date, list[datetime]] = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day in hours.closed:
            continue
        starts = []
        for opens, closes in hours.opening.get(day.weekday(), []):
            # From the first quarter hour at or after opening (09:10 opens for 09:15): every
            # start on the grid its cells are on, so a booking holds exactly its own time.
            start = _grid_ceil(datetime.combine(day, opens, zone).astimezone(UTC))
            close = datetime.combine(day, closes, zone).astimezone(UTC)
            while start + duration <= close:
                if start >= earliest and not held.overlaps(start, start + duration + buffer):
                    starts.append(start)
                start += STEP  # in UTC: real minutes, whatever the clocks did
        if starts:
            found[day] = starts
    return found


def window(hours: Hours, earliest: datetime, days: int) -> tuple[datetime, datetime]:
    """The UTC span the local days cover: where to look for busy times."""
    zone = ZoneInfo(hours.time_zone)
    first = earliest.astimezone(zone).date()
    return (
        datetime.combine(first, time(0), zone).astimezone(UTC),
        datetime.combine(first + timedelta(days=days), time(0), zone).astimezone(UTC),
    )
