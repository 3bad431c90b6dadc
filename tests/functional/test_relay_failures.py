"""The stream relay does not stall on a poison record, and what it gives up on is the
console's to see and retry.

A malformed outbox item is reported by its sequence number while the rest of its batch is
sent. The event source mapping retries from it and then gives the range up to the
dead-letter queue as Lambda's on-failure record (where in the stream, not the records); the
console lists it as a relay failure, and a retry reads the range back from the stream and
relays its outbox events, once, while the stream still holds them (24 hours), else a 409.
"""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.config import Config

from functions.core.events import outbox_event
from functions.notifications import handlers
from functions.notifications.app import app
from functions.notifications.events import Event
from local.worker import Worker, invoking
from tests.functional.visitor import Visitor

FAILED = "/notifications/operator/notifications/failed"
RELAY_ARN = "arn:aws:lambda:us-east-1:123456789012:function:portal-notifications-local-relay_events"


def _streams(aws: boto3.session.Session) -> Any:
    return aws.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))


def _stream_records(aws: boto3.session.Session, outputs: dict[str, str]) -> list[dict[str, Any]]:
    """Every record of the table's stream, oldest first."""
    streams = _streams(aws)
    arn = outputs["TableStreamArn"]
    found = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")
        page = streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=1000)
        while page["Records"]:
            found += page["Records"]
            page = streams.get_records(ShardIterator=page["NextShardIterator"], Limit=1000)
    return found


def _sk(record: dict[str, Any]) -> str:
    return str(record["dynamodb"]["Keys"]["sk"]["S"])


def _good_event(customer_id: str, title: str) -> Event:
    """An outbox event as a domain writes it; returns the event the relay makes of it."""
    item = outbox_event("document.requested", datetime.now(UTC), customer_id, title=title)
    item.save()
    return Event(item.event_id, item.event_type, customer_id, item.occurred_at, {"title": title})


def _poison(aws: boto3.session.Session, outputs: dict[str, str]) -> str:
    """An outbox item a producer's bug wrote without its id and time; returns its sort key."""
    sk = "01JPOISON0000000000000000#document.requested"
    aws.client("dynamodb").put_item(
        TableName=outputs["TableName"],
        Item={"pk": {"S": "OUTBOX#2026-12-01"}, "sk": {"S": sk}, "event_type": {"S": "document.requested"}},
    )
    return sk


def _queued(aws: boto3.session.Session, queue_url: str) -> list[str]:
    """The bodies on a queue, taken off it."""
    sqs = aws.client("sqs")
    bodies = []
    for _ in range(10):
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            break
        for message in batch:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def _on_failure_record(
    aws: boto3.session.Session, outputs: dict[str, str], records: list[dict[str, Any]], first_at: datetime
) -> str:
    """Lambda's on-failure record of a DynamoDB stream batch (its documented shape)."""
    description = _streams(aws).describe_stream(StreamArn=outputs["TableStreamArn"])["StreamDescription"]
    return json.dumps(
        {
            "requestContext": {
                "requestId": "316aa6d0-8154-4a3f-9c7b-0b5a9f5ad7c0",
                "functionArn": RELAY_ARN,
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": 6,
            },
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "version": "1.0",
            "timestamp": (first_at + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "DDBStreamBatchInfo": {
                "shardId": description["Shards"][0]["ShardId"],
                "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
                "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
                "approximateArrivalOfFirstRecord": first_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "approximateArrivalOfLastRecord": first_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "batchSize": len(records),
                "streamArn": outputs["TableStreamArn"],
            },
        }
    )


def test_a_poison_outbox_item_is_reported_by_its_sequence_number_and_the_rest_of_the_batch_is_sent(
    aws: boto3.session.Session, stack_outputs: dict[str, str], people: dict[str, str]
) -> None:
    before = _good_event(people["demo"], "Tax card")
    poison = _poison(aws, stack_outputs)
    after = _good_event(people["demo"], "Bank statement")
    ours = [r for r in _stream_records(aws, stack_outputs) if r["dynamodb"]["Keys"]["pk"]["S"].startswith("OUTBOX#")]
    ours = [
        r
        for r in ours
        if _sk(r) in {f"{before.event_id}#document.requested", poison, f"{after.event_id}#document.requested"}
    ]
    assert [_sk(r) for r in ours][1] == poison
    worker = Worker([app], aws, stack_outputs)
    event = {"Records": [{**r, "eventSourceARN": stack_outputs["TableStreamArn"]} for r in ours]}

    with invoking("portal-notifications", "relay_events"):
        reply = handlers.relay_events(event, worker.context_for(handlers.relay_events))

    assert reply == {"batchItemFailures": [{"itemIdentifier": ours[1]["dynamodb"]["SequenceNumber"]}]}
    assert sorted(_queued(aws, stack_outputs["NotificationsQueueUrl"])) == sorted([before.to_json(), after.to_json()])

    # A batch of the poison record alone is a report too, not a failed invocation.
    with invoking("portal-notifications", "relay_events"):
        alone = handlers.relay_events({"Records": event["Records"][1:2]}, worker.context_for(handlers.relay_events))
    assert alone == {"batchItemFailures": [{"itemIdentifier": ours[1]["dynamodb"]["SequenceNumber"]}]}


def test_a_given_up_range_is_listed_and_its_retry_relays_its_events_once(
    aws: boto3.session.Session, stack_outputs: dict[str, str], people: dict[str, str], operator: Visitor, dana: Visitor
) -> None:
    first = _good_event(people["demo"], "Tax card")
    poison = _poison(aws, stack_outputs)
    second = _good_event(people["demo"], "Bank statement")
    records = _stream_records(aws, stack_outputs)
    start = next(i for i, r in enumerate(records) if _sk(r) == f"{first.event_id}#document.requested")
    given_up = records[start:]
    assert len(given_up) == 3
    sqs = aws.client("sqs")
    dead_letters = stack_outputs["NotificationsDeadLetterQueueUrl"]
    sqs.send_message(
        QueueUrl=dead_letters, MessageBody=_on_failure_record(aws, stack_outputs, given_up, datetime.now(UTC))
    )

    listed = operator.get(FAILED).json_body["items"]

    assert [f["kind"] for f in listed] == ["relay_failure"]
    relay = listed[0]["relay"]
    assert relay["condition"] == "RetryAttemptsExhausted"
    assert relay["records"] == 3
    assert relay["invocations"] == 6
    assert relay["first_sequence_number"] == given_up[0]["dynamodb"]["SequenceNumber"]
    assert relay["last_sequence_number"] == given_up[-1]["dynamodb"]["SequenceNumber"]
    assert dana.get(FAILED).status_code == 403

    retried = operator.post(f"{FAILED}/{listed[0]['message_id']}/retry")

    assert retried.status_code == 200, retried.json_body
    assert retried.json_body["relayed"] == 2
    assert sorted(_queued(aws, stack_outputs["NotificationsQueueUrl"])) == sorted([first.to_json(), second.to_json()])
    after = operator.get(FAILED).json_body["items"]
    assert [(f["kind"], f["event_id"]) for f in after] == [("undelivered_event", None)]  # the poison, set aside
    assert "event_id" in after[0]["reason"]
    assert poison in after[0]["reason"]
    assert operator.post(f"{FAILED}/{listed[0]['message_id']}/retry").status_code == 404


def test_a_range_the_stream_no_longer_holds_is_a_409_and_stays_listed(
    aws: boto3.session.Session, stack_outputs: dict[str, str], people: dict[str, str], operator: Visitor
) -> None:
    _good_event(people["demo"], "Tax card")
    records = _stream_records(aws, stack_outputs)[-1:]
    yesterday = datetime.now(UTC) - timedelta(hours=25)
    aws.client("sqs").send_message(
        QueueUrl=stack_outputs["NotificationsDeadLetterQueueUrl"],
        MessageBody=_on_failure_record(aws, stack_outputs, records, yesterday),
    )
    listed = operator.get(FAILED).json_body["items"]

    refused = operator.post(f"{FAILED}/{listed[0]['message_id']}/retry")

    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "relay_records_gone"
    assert "24 hours" in refused.json_body["error"]["message"]
    assert [f["message_id"] for f in operator.get(FAILED).json_body["items"]] == [listed[0]["message_id"]]
    assert _queued(aws, stack_outputs["NotificationsQueueUrl"]) == []


def test_the_local_mapping_gives_a_poison_record_up_after_its_retries_and_moves_on(
    aws: boto3.session.Session, stack_outputs: dict[str, str], people: dict[str, str], operator: Visitor
) -> None:
    worker = Worker([app], aws, stack_outputs, checkpoints={})
    stream = stack_outputs["TableStreamArn"]
    worker.follow_stream(stream, handlers.relay_events)  # the demo data's records, done
    _queued(aws, stack_outputs["NotificationsQueueUrl"])
    _poison(aws, stack_outputs)
    good = _good_event(people["demo"], "Tax card")

    passes = [worker.follow_stream(stream, handlers.relay_events) for _ in range(6)]

    # five retries, the batch halved after each failure down to the poison alone, then given up
    assert passes == [0, 0, 0, 0, 0, 1]
    assert worker.follow_stream(stream, handlers.relay_events) == 1  # the good change after it: not stalled
    assert worker.follow_stream(stream, handlers.relay_events) == 0
    assert set(_queued(aws, stack_outputs["NotificationsQueueUrl"])) == {good.to_json()}  # sent, again: once
    listed = operator.get(FAILED).json_body["items"]
    assert [(f["kind"], f["relay"]["records"], f["relay"]["invocations"]) for f in listed] == [("relay_failure", 1, 6)]
    later = _good_event(people["demo"], "Bank statement")
    assert worker.follow_stream(stream, handlers.relay_events) == 1
    assert _queued(aws, stack_outputs["NotificationsQueueUrl"]) == [later.to_json()]

    # Retried, the poison alone is read back: nothing to send, and it stays listed as an event, with why
    assert operator.post(f"{FAILED}/{listed[0]['message_id']}/retry").json_body["relayed"] == 0
    assert _queued(aws, stack_outputs["NotificationsQueueUrl"]) == []
    assert [f["kind"] for f in operator.get(FAILED).json_body["items"]] == ["undelivered_event"]
