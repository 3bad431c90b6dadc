"""The customers domain's scheduled function: its Lambda handler is
`functions.customers.handlers.continue_erasures`, importing none of the domain's routes."""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent

from functions.core.clock import SystemClock
from functions.core.settings import check_at_cold_start, get_settings

check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
customer_schedules = Blueprint(__name__)


@customer_schedules.schedule("rate(5 minutes)", name="continue_erasures")
def continue_erasures(event: CloudWatchEvent) -> dict[str, Any]:
    """Go on with the erasures the business confirmed that one request's time did not finish."""
    from functions.core import deadline
    from functions.customers.directory import CognitoDirectory
    from functions.customers.erasure_run import continue_erasures as go_on

    with deadline.within(deadline.budget(event.context)):  # the function's own time, not a default
        return {"finished": go_on(SystemClock(), CognitoDirectory(get_settings().user_pool_id))}
