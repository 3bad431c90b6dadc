"""Events the consumer could not deliver in three tries, or set aside at once as malformed
(with the reason as a message attribute), as the dead-letter queue holds them.

Listing peeks (a zero visibility timeout leaves every message where it is). A retry sends
the message back to the notifications queue and only then deletes it from the dead-letter
queue: a crash in between leaves a copy in both, and the consumer sends once per channel.
"""

import json
from typing import Any

from functions.core import clients
from functions.core.errors import NotFound
from functions.core.settings import get_settings
from functions.notifications.schemas import FailedEvent

PEEKS = 5  # receives per listing; SQS returns at most 10 messages each
REASON = "reason"  # the message attribute saying why the consumer set a message aside


def _receive(visibility: int) -> list[dict[str, Any]]:
    reply = clients.sqs().receive_message(
        QueueUrl=get_settings().notifications_dead_letter_queue_url,
        MaxNumberOfMessages=10,
        VisibilityTimeout=visibility,
        MessageSystemAttributeNames=["ApproximateReceiveCount"],
        MessageAttributeNames=[REASON],
    )
    return [dict(message) for message in reply.get("Messages", [])]


def _failed(message: dict[str, Any]) -> FailedEvent:
    try:
        data = json.loads(message["Body"])
        event = data if isinstance(data, dict) else {}
    except ValueError:
        event = {}
    return FailedEvent(
        message_id=message["MessageId"],
        event_id=event.get("event_id"),
        event_type=event.get("event_type"),
        customer_id=event.get("customer_id"),
        occurred_at=event.get("occurred_at"),
        receive_count=int(message.get("Attributes", {}).get("ApproximateReceiveCount", 0)),
        body=message["Body"],
        reason=message.get("MessageAttributes", {}).get(REASON, {}).get("StringValue"),
    )


def set_aside(body: str, reason: str) -> None:
    """Straight to the dead-letter queue: a message no retry can deliver, and why."""
    clients.sqs().send_message(
        QueueUrl=get_settings().notifications_dead_letter_queue_url,
        MessageBody=body,
        MessageAttributes={REASON: {"DataType": "String", "StringValue": reason[:1000]}},
    )


def failed_events() -> list[FailedEvent]:
    seen: dict[str, FailedEvent] = {}
    for _ in range(PEEKS):
        batch = _receive(visibility=0)
        fresh = [m for m in batch if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update((m["MessageId"], _failed(m)) for m in fresh)
    return sorted(seen.values(), key=lambda f: f.occurred_at or "")


def retry(message_id: str) -> None:
    """Back to the notifications queue, then out of the dead-letter queue."""
    sqs = clients.sqs()
    settings = get_settings()
    for _ in range(PEEKS):
        batch = _receive(visibility=30)
        found = next((m for m in batch if m["MessageId"] == message_id), None)
        others = [m for m in batch if m is not found]
        for other in others:  # not the one asked for: visible again at once
            sqs.change_message_visibility(
                QueueUrl=settings.notifications_dead_letter_queue_url,
                ReceiptHandle=other["ReceiptHandle"],
                VisibilityTimeout=0,
            )
        if found is not None:
            sqs.send_message(QueueUrl=settings.notifications_queue_url, MessageBody=found["Body"])
            sqs.delete_message(
                QueueUrl=settings.notifications_dead_letter_queue_url, ReceiptHandle=found["ReceiptHandle"]
            )
            return
        if not batch:
            break
    raise NotFound("That message is no longer in the dead-letter queue.")
