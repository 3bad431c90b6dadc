"""The hourly repair of what a crash can leave between S3 and DynamoDB."""

from typing import Any

from functions.core.clock import Clock
from functions.core.logging import logger
from functions.documents import library, uploads


def sweep(clock: Clock) -> dict[str, Any]:
    """Finish half-done removals and delete abandoned uploads, object and record."""
    result = {"removals_finished": library.sweep_removals(), "uploads_abandoned": uploads.sweep_abandoned(clock)}
    logger.info("documents swept", extra=result)
    return result
