"""The local worker runs SQS consumers the way Lambda does: partial failures, then the DLQ."""

import json
from typing import Any

import boto3
from chalice.app import Chalice

from local.worker import Worker


def _consumer_app(queue_name: str, seen: list[str]) -> tuple[Chalice, dict[str, Any]]:
    consumer = Chalice(app_name="consumer")

    @consumer.on_sqs_message(queue=queue_name, batch_size=10)
    def handle(event: Any) -> dict[str, Any]:
        failures = []
        for record in event:
            seen.append(record.body)
            if json.loads(record.body)["poison"]:
                failures.append({"itemIdentifier": record.to_dict()["messageId"]})
        return {"batchItemFailures": failures}

    return consumer, {"handle": handle}


def test_a_failing_message_is_retried_then_dead_lettered_and_the_others_are_done(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    sqs = aws.client("sqs")
    queue_url = stack_outputs["NotificationsQueueUrl"]
    seen: list[str] = []
    consumer, handlers = _consumer_app(queue_url.rsplit("/", 1)[-1], seen)
    worker = Worker([consumer], aws, stack_outputs)
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps({"n": 1, "poison": False}))
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps({"n": 2, "poison": True}))
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0"})

    for _ in range(5):
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if batch:
            worker.deliver(queue_url, handlers["handle"], batch)

    dead = sqs.receive_message(QueueUrl=stack_outputs["NotificationsDeadLetterQueueUrl"]).get("Messages", [])
    assert seen.count(json.dumps({"n": 1, "poison": False})) == 1
    assert seen.count(json.dumps({"n": 2, "poison": True})) == 3
    assert [json.loads(m["Body"])["n"] for m in dead] == [2]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_the_schedules_of_the_apps_are_found_and_run_with_eventbridges_event(
    aws: boto3.session.Session, stack_outputs: dict[str, str], portal: dict[str, Chalice]
) -> None:
    """`make run` runs the sweep and the reminders on their timers and on POST /dev/schedules/<name>:
    Chalice's @schedule is a ScheduledEventConfig, and its handler reads every field of
    EventBridge's event (version, account, time, ...)."""
    worker = Worker([portal["documents"], portal["notifications"]], aws, stack_outputs)

    assert set(worker.schedules) == {"sweep_documents", "send_reminders"}
    assert worker.schedules["sweep_documents"].every_seconds == 3600
    assert isinstance(worker.run_schedule("sweep_documents"), dict)
    assert worker.run_schedule("send_reminders") == {"due_soon": 0, "overdue": 0}


def _stream_app(seen: dict[str, list[str]]) -> tuple[Chalice, dict[str, Any]]:
    """Two stream functions, as the notifications app has (the relay from the stream's oldest
    record, the live pushes from its latest)."""
    followers = Chalice(app_name="followers")

    @followers.on_dynamodb_record(stream_arn="arn:stream", starting_position="TRIM_HORIZON")
    def relay_events(event: Any) -> None:
        seen["relay"] += [record["dynamodb"]["Keys"]["pk"]["S"] for record in event.to_dict()["Records"]]

    @followers.on_dynamodb_record(stream_arn="arn:stream", starting_position="LATEST")
    def push_live(event: Any) -> None:
        seen["live"] += [record["dynamodb"]["Keys"]["pk"]["S"] for record in event.to_dict()["Records"]]

    return followers, {"relay": relay_events, "live": push_live}


def test_each_stream_function_keeps_its_own_place_and_latest_skips_what_was_there(
    aws: boto3.session.Session, stack_outputs: dict[str, str]
) -> None:
    dynamodb, table, stream = aws.client("dynamodb"), stack_outputs["TableName"], stack_outputs["TableStreamArn"]
    seen: dict[str, list[str]] = {"relay": [], "live": []}
    app, handlers = _stream_app(seen)
    worker = Worker([app], aws, stack_outputs, checkpoints={})
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "before"}, "sk": {"S": "x"}})

    worker.follow_stream(stream, handlers["live"])  # its mapping is made now: LATEST
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "after"}, "sk": {"S": "x"}})
    worker.follow_stream(stream, handlers["relay"])
    worker.follow_stream(stream, handlers["live"])
    worker.follow_stream(stream, handlers["relay"])

    assert seen == {"relay": ["before", "after"], "live": ["after"]}
