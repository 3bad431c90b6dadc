"""The documents domain's scheduled function: its Lambda handler is
`functions.documents.handlers.sweep_documents`, importing none of the domain's routes.
(The export job's steps are functions.documents.export_job, run by the payments app.)
"""

from typing import Any

from chalice.app import Blueprint, CloudWatchEvent

from functions.core.clock import SystemClock
from functions.core.settings import check_at_cold_start

check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
document_schedules = Blueprint(__name__)


@document_schedules.schedule("rate(1 hour)", name="sweep_documents")
def sweep_documents(event: CloudWatchEvent) -> dict[str, Any]:
    """Finish document removals and drop abandoned uploads that a crash left behind."""
    from functions.documents.sweep import sweep

    return sweep(SystemClock())
