"""The hourly repair of what a crash can leave between S3 and DynamoDB, and the exports' upkeep."""

from typing import Any

from functions.core.clock import Clock
from functions.core.logging import logger
from functions.documents import exports, library, uploads


def sweep(clock: Clock) -> dict[str, Any]:
    """Finish half-done removals, delete abandoned uploads, resume stalled exports and delete
    expired ones (zip, parts and record)."""
    result = {
        "removals_finished": library.sweep_removals(),
        "uploads_abandoned": uploads.sweep_abandoned(clock),
        "exports_resumed": exports.resume_stalled(clock),
        "exports_expired": exports.delete_expired(clock),
    }
    logger.info("documents swept", extra=result)
    return result
