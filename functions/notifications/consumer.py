"""The notifications queue's consumer: each message is one event, delivered on its own.

Powertools' batch processor reports the messages that failed (ReportBatchItemFailures), so
SQS deletes the others and redelivers only those; after three receives the queue's redrive
policy moves a message to the dead-letter queue, where the console shows it with a retry.
An event that lacks what its message shows goes to the dead-letter queue at once, with the
reason (templates.check): the customer is never told "New invoice " with blanks. Every
event first goes on its account's timeline (timeline.py), before anyone is told.
"""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from functions.core.clock import Clock, SystemClock
from functions.core.logging import logger
from functions.notifications import timeline
from functions.notifications.dead_letters import set_aside
from functions.notifications.delivery import deliver, remember_invocation
from functions.notifications.events import Event
from functions.notifications.templates import MalformedEvent, check


def consume(event: dict[str, Any], context: Any, clock: Clock | None = None) -> dict[str, Any]:
    remember_invocation(context)
    now = (clock or SystemClock()).now

    def record_handler(record: SQSRecord) -> None:
        told = Event.from_json(record.body)
        # On the account's timeline first, whatever follows: a channel that fails (or an
        # event whose message lacks a value) never loses the happening, and a redelivery
        # writes the same entry again.
        timeline.record(told)
        try:
            check(told)
        except MalformedEvent as exc:
            # Retrying cannot add what the producer left out: to the dead-letter list at once,
            # with why, and done here (SQS deletes it from the queue).
            set_aside(record.body, str(exc))
            logger.warning("malformed event set aside", extra={"event_id": told.event_id, "reason": str(exc)})
            return
        channels = deliver(told, now())
        logger.info("event delivered", extra={"event_id": told.event_id, "type": told.event_type, "channels": channels})

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
