"""From the table's stream to the notifications queue: every outbox event, at least once.

The event was written in the transaction of the change it announces; the stream holds it
for 24 hours and the event source mapping keeps its place. A record is done only when SQS
has taken it: if sending fails (or the function dies), the mapping hands the same records
over again from the first one not done. A record sent twice is harmless, the consumer
sends each event once per channel.

A record that cannot be sent is reported by its sequence number and the others of the batch
are still sent: one outbox item missing its fields (a producer's bug) is a failed record,
not a failed batch. The mapping retries from it (MaximumRetryAttempts) and then gives the
range up to the dead-letter queue as an on-failure record (dead_letters reads it back).
"""

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from functions.core import clients
from functions.core.logging import logger
from functions.core.settings import get_settings
from functions.notifications.events import Event

if TYPE_CHECKING:
    # The console's dead-letter routes read event_of and send in the notifications API:
    # Powertools' batch (and the parser models it builds) would cost that API's every cold
    # start ~45 ms, so it is imported where the stream handler runs.
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

OUTBOX = "OUTBOX#"
REQUIRED = ("event_id", "event_type", "occurred_at")


class MalformedOutboxItem(ValueError):
    """An outbox item that is not an event: no retry can send it."""


def event_of(record: "DynamoDBRecord") -> Event | None:
    """The event a stream record inserted, or None for any other write to the table.
    Raises MalformedOutboxItem for an inserted outbox item that is not an event."""
    image = record.dynamodb.new_image if record.dynamodb else None
    if record.event_name is None or record.event_name.name != "INSERT" or not image:
        return None
    if not str(image.get("pk", "")).startswith(OUTBOX):
        return None
    return _event(image)


def _event(image: Mapping[str, Any]) -> Event:
    missing = [name for name in REQUIRED if not image.get(name)]
    if missing:
        raise MalformedOutboxItem(f"the outbox item {image.get('sk')} lacks {', '.join(missing)}")
    try:
        payload = json.loads(str(image.get("payload") or "{}"))
    except ValueError as exc:
        raise MalformedOutboxItem(f"the outbox item {image.get('sk')} has a payload that is not JSON") from exc
    if not isinstance(payload, dict):
        raise MalformedOutboxItem(f"the outbox item {image.get('sk')} has a payload that is not an object")
    return Event(
        event_id=str(image["event_id"]),
        event_type=str(image["event_type"]),
        customer_id=image.get("customer_id"),
        occurred_at=str(image["occurred_at"]),
        payload=payload,
    )


def send(event: Event) -> None:
    """One event on to the notifications queue (the relay's and a console retry's one way)."""
    clients.sqs().send_message(QueueUrl=get_settings().notifications_queue_url, MessageBody=event.to_json())


def _relay_record(record: "DynamoDBRecord") -> None:
    try:
        event = event_of(record)
    except MalformedOutboxItem as exc:
        sequence = record.dynamodb.sequence_number if record.dynamodb else None
        logger.error("outbox item is not an event", extra={"sequence_number": sequence, "problem": str(exc)})
        raise
    if event is not None:
        send(event)


def relay(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The stream handler; failures are reported per record (ReportBatchItemFailures), even
    when every record of the batch failed (a batch of one poison record is still a report)."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
    return dict(
        process_partial_response(event=event, record_handler=_relay_record, processor=processor, context=context)
    )
