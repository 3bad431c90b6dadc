"""From the table's stream to the notifications queue: every outbox event, at least once.

The event was written in the transaction of the change it announces; the stream holds it
for 24 hours and the event source mapping keeps its place. A record is done only when SQS
has taken it: if sending fails (or the function dies), the mapping hands the same records
over again from the first one not done. A record sent twice is harmless, the consumer
sends each event once per channel.
"""

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from functions.core import clients
from functions.core.settings import get_settings
from functions.notifications.events import Event

OUTBOX = "OUTBOX#"


def event_of(record: DynamoDBRecord) -> Event | None:
    """The event a stream record inserted, or None for any other write to the table."""
    image = record.dynamodb.new_image if record.dynamodb else None
    if record.event_name is None or record.event_name.name != "INSERT" or not image:
        return None
    if not str(image.get("pk", "")).startswith(OUTBOX):
        return None
    return Event(
        event_id=str(image["event_id"]),
        event_type=str(image["event_type"]),
        customer_id=image.get("customer_id"),
        occurred_at=str(image["occurred_at"]),
        payload=json.loads(str(image.get("payload") or "{}")),
    )


def _relay_record(record: DynamoDBRecord) -> None:
    event = event_of(record)
    if event is not None:
        clients.sqs().send_message(QueueUrl=get_settings().notifications_queue_url, MessageBody=event.to_json())


def relay(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The stream handler; failures are reported per record (ReportBatchItemFailures)."""
    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(
        process_partial_response(event=event, record_handler=_relay_record, processor=processor, context=context)
    )
