"""How long the current invocation may still work: retries stop before Lambda's timeout does.

A Lambda killed at its timeout answers the caller with a bare 502 and leaves nothing in our
logs; a retry loop that gives up in time answers a clear 503. The HTTP middleware starts the
clock from the invocation's context; outside Lambda (the local stack, tests, schedules run by
hand) the budget is DEFAULT_SECONDS.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

DEFAULT_SECONDS = 10.0
# Kept back for the reply itself (and the log line) after the last try.
MARGIN_SECONDS = 2.0
_ends_at: ContextVar[float | None] = ContextVar("deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Work inside has `seconds` of monotonic time."""
    token = _ends_at.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _ends_at.reset(token)


@contextmanager
def kept() -> Iterator[None]:
    """The deadline already running, or DEFAULT_SECONDS from now where none is (a schedule,
    a script): retries inside count down either way."""
    if _ends_at.get() is not None:
        yield
        return
    with within(DEFAULT_SECONDS):
        yield


def budget(lambda_context: Any) -> float:
    """The seconds an invocation may spend: its remaining time less the margin."""
    remaining = getattr(lambda_context, "get_remaining_time_in_millis", None)
    if remaining is None:
        return DEFAULT_SECONDS
    return max(0.0, float(remaining()) / 1000 - MARGIN_SECONDS)


def seconds_left() -> float:
    """What is left of the running deadline (DEFAULT_SECONDS, not counting down, outside one:
    a loop that retries holds `kept()` around itself)."""
    ends_at = _ends_at.get()
    return DEFAULT_SECONDS if ends_at is None else ends_at - time.monotonic()
