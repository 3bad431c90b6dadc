"""Replies whose duration says nothing about who asked (sign-in start, resend, a refused code).

The deadline is taken when the request's work begins and the reply waits until it, so the
time depends on the fixed duration, not on the work. Work that overruns the fixed time does
not answer at once (that would show exactly how long the work took, and only a known person's
work is long): it waits to the next whole multiple, so every reply lands on one of a few steps
shared by every kind of caller, and the overrun is logged so the fixed time can be raised.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from functions.core.logging import logger

_SLACK = 1e-6  # float noise: work that ends on the deadline has not overrun it


@dataclass(frozen=True)
class Deadline:
    began: float
    seconds: float
    monotonic: Callable[[], float]
    sleep: Callable[[float], None]

    def wait(self) -> None:
        """Sleep until the fixed time after `began` (or its next multiple, if the work overran it)."""
        if self.seconds <= 0:
            return
        elapsed = self.monotonic() - self.began
        steps = max(1, math.ceil((elapsed - _SLACK) / self.seconds))
        if steps > 1:
            logger.warning(
                "sign-in reply took longer than its fixed time",
                extra={"seconds": round(elapsed, 3), "fixed_seconds": self.seconds},
            )
        remaining = self.began + steps * self.seconds - self.monotonic()
        if remaining > 0:
            self.sleep(remaining)


@dataclass(frozen=True)
class FixedReplyTime:
    """Hands out deadlines `seconds` from now; the clock and the sleeper are injected for tests."""

    seconds: float
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def deadline(self) -> Deadline:
        return Deadline(self.monotonic(), self.seconds, self.monotonic, self.sleep)
