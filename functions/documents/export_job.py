"""The account data export's steps (functions/documents/export_steps.py), as a Lambda fed by
the exports queue: `functions.documents.export_job.build_exports`.

The documents domain's job, deployed as a function of the payments app: its steps print the
account's invoices, receipts and statements, and only the payments bundle carries the PDF
library and its fonts (with the Stripe SDK, the one bundle allowed past 8 MB). In the
documents app it would put them in the documents API's bundle too (docs/export.md).

The exports queue is named at deploy (infra/deploy.py sets PORTAL_EXPORTS_QUEUE for
`chalice deploy`); the default is the local stack's, which local/worker.py binds by name.
"""

import os
from typing import Any

from chalice.app import Blueprint, SQSEvent

from functions.core.clock import SystemClock
from functions.core.settings import check_at_cold_start

EXPORTS_QUEUE = os.environ.get("PORTAL_EXPORTS_QUEUE", "portal-local-exports")
# A step's last try (the queue's maxReceiveCount, infra/stateful.yaml): when it fails too, the
# export is failed, and the message goes on to the dead-letter queue.
LAST_TRY = 3
check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
export_jobs = Blueprint(__name__)


# One message a batch: each is a step that may take seconds, and its retry is its own.
@export_jobs.on_sqs_message(queue=EXPORTS_QUEUE, batch_size=1)
def build_exports(event: SQSEvent) -> dict[str, Any]:
    """One step of an account's data export: a page of a list, a few PDFs or files, or the zip."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from functions.core.logging import logger
    from functions.documents.export_steps import StepMessage, fail, run

    clock = SystemClock()

    def step(record: SQSRecord) -> None:
        try:
            message = StepMessage.parse(record.body)
        except (KeyError, ValueError):  # not a step's message: nothing a retry would change
            logger.exception("not an export step", extra={"message_id": record.message_id})
            return
        try:
            logger.info("export step", extra={"export_id": message.export_id, "done": run(message, clock)})
        except Exception:
            # Whatever stopped it, SQS gives the step again (the batch says it failed); after its
            # last try the export is failed, the asker told, and the message dead-lettered.
            logger.exception("export step failed", extra={"export_id": message.export_id, "step": message.step})
            if int(record.attributes.approximate_receive_count) >= LAST_TRY:
                fail(message, clock)
            raise

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(process_partial_response(event=event.to_dict(), record_handler=step, processor=processor))
