"""What the notifications pipeline gave up on, as the dead-letter queue holds it: events the
consumer could not deliver in three tries, or set aside at once as malformed (with the
reason as a message attribute), and batches of table changes the stream relay gave up on
(Lambda's on-failure record of the relay's event source mapping: where in the stream the
changes are, not the changes).

Listing peeks (a zero visibility timeout leaves every message where it is). A retry sends
an event back to the notifications queue and only then deletes it from the dead-letter
queue: a crash in between leaves a copy in both, and the consumer sends once per channel.
A relay failure's retry reads its range back from the stream and relays the outbox events
in it as the relay does (an outbox item that is no event is set aside here, with why, for
the list to show); a range the stream no longer holds (24 hours) is a 409 and stays listed.
"""

import json
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from botocore.exceptions import ClientError

from functions.core import clients
from functions.core.errors import Conflict, NotFound, Unavailable
from functions.core.settings import get_settings
from functions.notifications import relay
from functions.notifications.schemas import FailedEvent, RelayFailure

PEEKS = 5  # receives per listing; SQS returns at most 10 messages each
REASON = "reason"  # the message attribute saying why the consumer set a message aside
BATCH_INFO = "DDBStreamBatchInfo"  # what marks Lambda's on-failure record of a stream batch
STREAM_KEEPS = timedelta(hours=24)  # DynamoDB Streams' retention
STREAM_PAGES = 20  # GetRecords calls to read one given-up range back (a batch is at most 100 records)
# What DynamoDB Streams answers for records it no longer holds: trimmed (older than 24 hours),
# or a shard or stream that is gone (the stream was turned off, or its shards expired).
GONE = {"TrimmedDataAccessException", "ResourceNotFoundException"}


class RelayRecordsGone(Conflict):
    """The changes of a given-up batch are no longer in the stream: a retry cannot read them."""

    code = "relay_records_gone"


@cache
def _streams() -> Any:
    """DynamoDB Streams, on the process's session (core.clients), made on first use. At its
    regional endpoint, which every stage and moto answer (as local.worker's), not an
    account-based one botocore could pick."""
    from botocore.config import Config

    return clients.session().client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))


def _receive(visibility: int) -> list[dict[str, Any]]:
    reply = clients.sqs().receive_message(
        QueueUrl=get_settings().notifications_dead_letter_queue_url,
        MaxNumberOfMessages=10,
        VisibilityTimeout=visibility,
        MessageSystemAttributeNames=["ApproximateReceiveCount"],
        MessageAttributeNames=[REASON],
    )
    return [dict(message) for message in reply.get("Messages", [])]


def _body(message: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(message["Body"])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def batch_info(body: dict[str, Any]) -> dict[str, Any] | None:
    """The stream range of Lambda's on-failure record, or None for any other message."""
    info = body.get(BATCH_INFO)
    if not isinstance(info, dict) or not isinstance(body.get("requestContext"), dict):
        return None
    named = ("streamArn", "shardId", "startSequenceNumber", "endSequenceNumber")
    return info if all(isinstance(info.get(name), str) and info[name] for name in named) else None


def _relay_failure(body: dict[str, Any], info: dict[str, Any]) -> RelayFailure:
    context = body["requestContext"]
    invocations = context.get("approximateInvokeCount")
    size = info.get("batchSize")
    return RelayFailure(
        condition=str(context.get("condition") or "unknown"),
        records=size if isinstance(size, int) else 0,
        invocations=invocations if isinstance(invocations, int) else None,
        given_up_at=body.get("timestamp"),
        first_record_at=info.get("approximateArrivalOfFirstRecord"),
        last_record_at=info.get("approximateArrivalOfLastRecord"),
        shard_id=info["shardId"],
        first_sequence_number=info["startSequenceNumber"],
        last_sequence_number=info["endSequenceNumber"],
    )


def _failed(message: dict[str, Any]) -> FailedEvent:
    body = _body(message)
    info = batch_info(body)
    receive_count = int(message.get("Attributes", {}).get("ApproximateReceiveCount", 0))
    if info is not None:
        return FailedEvent(
            message_id=message["MessageId"],
            kind="relay_failure",
            event_id=None,
            event_type=None,
            customer_id=None,
            occurred_at=info.get("approximateArrivalOfFirstRecord"),
            receive_count=receive_count,
            body=message["Body"],
            relay=_relay_failure(body, info),
        )
    return FailedEvent(
        message_id=message["MessageId"],
        kind="undelivered_event",
        event_id=body.get("event_id"),
        event_type=body.get("event_type"),
        customer_id=body.get("customer_id"),
        occurred_at=body.get("occurred_at"),
        receive_count=receive_count,
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
    """Every message of the dead-letter queue, oldest first, each with its kind."""
    seen: dict[str, FailedEvent] = {}
    for _ in range(PEEKS):
        batch = _receive(visibility=0)
        fresh = [m for m in batch if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update((m["MessageId"], _failed(m)) for m in fresh)
    return sorted(seen.values(), key=lambda f: f.occurred_at or "")


def _take(message_id: str) -> dict[str, Any]:
    """The message, received out of sight for 30 seconds; the others visible again at once."""
    sqs = clients.sqs()
    queue_url = get_settings().notifications_dead_letter_queue_url
    for _ in range(PEEKS):
        batch = _receive(visibility=30)
        found = next((m for m in batch if m["MessageId"] == message_id), None)
        for other in batch:  # not the one asked for: visible again at once
            if other is not found:
                sqs.change_message_visibility(
                    QueueUrl=queue_url, ReceiptHandle=other["ReceiptHandle"], VisibilityTimeout=0
                )
        if found is not None:
            return found
        if not batch:
            break
    raise NotFound("That message is no longer in the dead-letter queue.")


def retry(message_id: str, now: datetime) -> int | None:
    """Send it through again, then take it out of the dead-letter queue. For a relay failure,
    the outbox events of its range, read back from the stream; returns how many."""
    sqs = clients.sqs()
    queue_url = get_settings().notifications_dead_letter_queue_url
    found = _take(message_id)
    info = batch_info(_body(found))
    relayed = None
    if info is None:
        sqs.send_message(QueueUrl=get_settings().notifications_queue_url, MessageBody=found["Body"])
    else:
        try:
            relayed = relay_again(info, now)
        except RelayRecordsGone:  # it stays in the list, for the operator to see and delete
            sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=found["ReceiptHandle"], VisibilityTimeout=0)
            raise
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=found["ReceiptHandle"])
    return relayed


def relay_again(info: dict[str, Any], now: datetime, streams: Any = None) -> int:
    """The outbox events among the stream records of a given-up range, on to the queue as
    the relay sends them; an outbox item that is no event set aside with why. Returns how
    many events were sent."""
    first_at = _instant(info.get("approximateArrivalOfFirstRecord"))
    if first_at is not None and now - first_at >= STREAM_KEEPS:
        raise RelayRecordsGone(_gone_message(info))
    # Imported here, not with the module: the notifications API's cold start reads no stream.
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

    sent = 0
    for record in stream_range(info, streams or _streams()):
        try:
            event = relay.event_of(DynamoDBRecord(record))
        except relay.MalformedOutboxItem as exc:
            image = DynamoDBRecord(record).dynamodb.new_image  # type: ignore[union-attr]
            set_aside(json.dumps(image, sort_keys=True, default=str), str(exc))
            continue
        if event is not None:
            relay.send(event)
            sent += 1
    return sent


def stream_range(info: dict[str, Any], streams: Any) -> list[dict[str, Any]]:
    """The stream records from the range's first sequence number to its last."""
    last = int(info["endSequenceNumber"])
    found: list[dict[str, Any]] = []
    try:
        iterator = streams.get_shard_iterator(
            StreamArn=info["streamArn"],
            ShardId=info["shardId"],
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=info["startSequenceNumber"],
        )["ShardIterator"]
        for _ in range(STREAM_PAGES):
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            for record in page.get("Records", []):
                if int(record["dynamodb"]["SequenceNumber"]) > last:
                    return found
                found.append(record)
                if int(record["dynamodb"]["SequenceNumber"]) == last:
                    return found
            iterator = page.get("NextShardIterator")
            if not iterator:  # a closed shard, read to its end
                return found
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in GONE:
            raise RelayRecordsGone(_gone_message(info)) from exc
        raise
    raise Unavailable(
        "The stream did not hand back the whole range in time. Nothing was lost; try again.",
        code="stream_read_incomplete",
    )


def _gone_message(info: dict[str, Any]) -> str:
    return (
        "The table's stream no longer holds these changes (it keeps them 24 hours), so they cannot be "
        f"relayed again: shard {info['shardId']}, records {info['startSequenceNumber']} to {info['endSequenceNumber']}."
    )


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo is not None else None
