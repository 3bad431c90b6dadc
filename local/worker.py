"""The app's non-HTTP functions, run in-process the way Lambda would run them.

SQS consumers are fed by long-polling their queue and handing the batch over in Lambda's
event shape; a message is deleted only when the handler did not report it as failed, so a
failing message is received again and, after the queue's maxReceiveCount, lands in the
dead-letter queue exactly as in AWS. DynamoDB stream handlers are fed each shard's records
after the last one done, like Lambda's event source mapping: the place (`checkpoints`)
moves past a record only once the handler has not failed it, so a handler that raises or
a worker that stops before it finishes gets the same records again. Schedules run once at
start-up and then on their rate, and on demand from POST /dev/schedules/<name>.

Each SQS source is bound to the stack's queue of its name (queue_for: the notifications
queue, the exports queue), and every stream source to the table's stream: the names the
app's decorators carry are for `chalice deploy` (portal-local-exports), and a stack made
under another name (a test's portal-test) has the same queues after its own name.

Every handler gets a Lambda context, as in AWS, with the time left before the function's
timeout (.chalice/config.json): Powertools idempotency dates a send's "in progress" record
by it, so a consumer that dies mid-send is retried once that time has passed, not when the
record expires weeks later.
"""

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from chalice.app import Chalice, DynamoDBEventConfig, ScheduledEventConfig, SQSEventConfig

from functions.core.logging import logger
from local.moto_speedups import STREAM_WRITES

Handler = Callable[[dict[str, Any], Any], Any]
STREAM_POLL_SECONDS = 0.2
STREAM_IDLE_SECONDS = 5.0
STREAM_BATCH = 100
# The WebSocket API's routes -> the functions `chalice deploy` makes for their handlers.
WEBSOCKET_FUNCTIONS = {
    "$connect": "websocket_connect",
    "$default": "websocket_message",
    "$disconnect": "websocket_disconnect",
}
CHALICE_CONFIG = Path(__file__).resolve().parent.parent / ".chalice" / "config.json"
LOCAL_ACCOUNT = "123456789012"  # moto's
# The Lambda function running now, as (app name, function name): here every function runs in
# one process, so what an AWS call is made for is known only where an invocation starts (the
# edge for API handlers, this worker for the others). The tests' recorder reads it to check
# each call against that function's own policy (infra/policies).
_running: ContextVar[tuple[str, str] | None] = ContextVar("running_function", default=None)


def running_function() -> tuple[str, str] | None:
    """(app name, function name) of the invocation in progress, or None outside any."""
    return _running.get()


@contextmanager
def invoking(app_name: str, function_name: str) -> Iterator[None]:
    """Mark what runs inside as one invocation of that function."""
    token = _running.set((app_name, function_name))
    try:
        yield
    finally:
        _running.reset(token)


def lambda_timeout(function_name: str, config_file: Path = CHALICE_CONFIG) -> float:
    """The function's timeout as `chalice deploy` sets it: its own lambda_timeout, else the app's."""
    config = json.loads(config_file.read_text(encoding="utf-8"))
    own = config.get("lambda_functions", {}).get(function_name, {})
    return float(own.get("lambda_timeout", config.get("lambda_timeout", 60)))


@dataclass
class LambdaContext:
    """What Lambda hands a function with each event (the attributes Powertools reads): the
    clock starts when it is made, one per invocation."""

    function_name: str
    timeout_seconds: float
    region: str
    memory_limit_in_mb: int = 1024
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    _deadline: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{LOCAL_ACCOUNT}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/{self.aws_request_id}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass(frozen=True)
class Schedule:
    name: str
    handler: Handler
    every_seconds: float


class Worker:
    def __init__(
        self,
        apps: Sequence[Chalice],
        session: boto3.session.Session,
        outputs: dict[str, str],
        checkpoints: dict[str, str] | None = None,
        lambda_timeout: float | None = None,
        stream_retries: int = 5,
    ) -> None:
        """Runs the event sources of every app in `apps`.

        `lambda_timeout`: every function's, instead of each one's from .chalice/config.json."""
        self._stop = threading.Event()
        sources = [(app, source) for app in apps for source in app.event_sources]
        handlers: dict[str, Handler] = {source.name: app.handler_map[source.name] for app, source in sources}
        self._names = {id(handlers[source.name]): (app.app_name, source.name) for app, source in sources}
        # The WebSocket API's handlers, by the names `chalice deploy` gives their functions.
        for app in apps:
            for route_key, config in app.websocket_handlers.items():
                self._names[id(app.handler_map[config.name])] = (app.app_name, WEBSOCKET_FUNCTIONS[route_key])
        self._lambda_timeout = lambda_timeout
        self._sqs = session.client("sqs")
        # The regional endpoint: moto answers it, not the account-based one botocore would pick.
        self._streams = session.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
        self._region = session.region_name
        self._consumers: list[tuple[str, Handler]] = []
        self._followers: list[tuple[str, Handler]] = []
        # Each stream function's place, as each event source mapping keeps its own: the relay's
        # by shard id, another function's by "<function>:<shard id>" -> last sequence number done.
        self.checkpoints = {} if checkpoints is None else checkpoints
        self._from_latest: set[int] = set()  # handlers whose mapping starts at LATEST
        # The relay's mapping gives a failing batch up after this many retries (infra/steps.py
        # sets MaximumRetryAttempts; OnFailure: the dead-letter queue), not stalling the shard.
        self._stream_retries = stream_retries
        self._batch_limits: dict[str, int] = {}  # place (_place) -> a bisected batch's size
        self._dead_letter_queue_url = outputs.get("NotificationsDeadLetterQueueUrl")
        self._attempts: dict[str, tuple[str, int]] = {}  # place -> (first sequence number tried, tries)
        self.schedules: dict[str, Schedule] = {}
        for _, source in sources:
            handler = handlers[source.name]
            if isinstance(source, SQSEventConfig):
                self._consumers.append((queue_for(str(source.queue), outputs), handler))
            elif isinstance(source, DynamoDBEventConfig):
                self._followers.append((outputs["TableStreamArn"], handler))
                if source.starting_position == "LATEST":
                    self._from_latest.add(id(handler))
            elif isinstance(source, ScheduledEventConfig):
                self.schedules[source.name] = Schedule(
                    source.name, handler, _seconds(getattr(source, "schedule_expression", ""))
                )
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for queue_url, handler in self._consumers:
            self._spawn(f"sqs:{queue_url.rsplit('/', 1)[-1]}", self._consume, queue_url, handler)
        for stream_arn, handler in self._followers:
            self._spawn("stream", self._follow, stream_arn, handler)
        for schedule in self.schedules.values():
            self._spawn(f"schedule:{schedule.name}", self._repeat, schedule)

    def stop(self) -> None:
        self._stop.set()
        STREAM_WRITES.wake()
        for thread in self._threads:
            thread.join(timeout=3)

    def context_for(self, handler: Handler) -> LambdaContext:
        """A fresh context for one invocation of `handler`, named as `chalice deploy` names it."""
        app_name, name = self._names.get(id(handler), ("portal", "handler"))
        timeout = self._lambda_timeout if self._lambda_timeout is not None else lambda_timeout(name)
        return LambdaContext(f"{app_name}-local-{name}", timeout, self._region or "us-east-1")

    def invoke(self, handler: Handler, event: dict[str, Any]) -> Any:
        app_name, name = self._names.get(id(handler), ("portal", "handler"))
        with invoking(app_name, name):
            return handler(event, self.context_for(handler))

    def run_schedule(self, name: str) -> Any:
        schedule = self.schedules[name]
        # EventBridge's scheduled event, every field Chalice's CloudWatchEvent reads.
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": LOCAL_ACCOUNT,
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "region": self._region,
            "resources": [],
            "detail": {},
        }
        return self.invoke(schedule.handler, event)

    def _spawn(self, name: str, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _repeat(self, schedule: Schedule) -> None:
        while not self._stop.is_set():
            try:
                self.run_schedule(schedule.name)
            except Exception:  # noqa: BLE001 - a failing schedule must not stop the local stack
                logger.exception("schedule failed", extra={"schedule": schedule.name})
            self._stop.wait(schedule.every_seconds)

    def _consume(self, queue_url: str, handler: Handler) -> None:
        while not self._stop.is_set():
            received = self._sqs.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageSystemAttributeNames=["All"]
            ).get("Messages", [])
            if received:
                self.deliver(queue_url, handler, received)

    def _follow(self, stream_arn: str, handler: Handler) -> None:
        """Lambda's mapping polls a shard about four times a second. Here, with nothing
        written and nothing to try again, the follower sleeps until the table is written
        (local.moto_speedups.STREAM_WRITES: moto runs in this process), or STREAM_IDLE_SECONDS."""
        while not self._stop.is_set():
            seen, busy = STREAM_WRITES.count, True
            try:
                busy = self.follow_stream(stream_arn, handler) > 0 or bool(self._attempts)
            except Exception:  # noqa: BLE001 - the mapping keeps going; the records come again
                logger.exception("stream handler failed", extra={"stream": stream_arn})
            if busy:
                self._stop.wait(STREAM_POLL_SECONDS)
            else:
                STREAM_WRITES.wait_past(seen, STREAM_IDLE_SECONDS)

    def _place(self, handler: Handler, shard_id: str) -> str:
        """Where a function's mapping keeps its place in a shard (the relay's: the shard id)."""
        name = self._names.get(id(handler), ("portal", "handler"))[1]
        return shard_id if name == "relay_events" else f"{name}:{shard_id}"

    def follow_stream(self, stream_arn: str, handler: Handler) -> int:
        """One pass over every shard: its records after the checkpoint, a batch each.
        Returns how many records were done."""
        done = 0
        shards = self._streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            place = self._place(handler, shard_id)
            after = self.checkpoints.get(place)
            position: dict[str, str] = (
                {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
                if after
                else {"ShardIteratorType": "TRIM_HORIZON"}
            )
            iterator = self._streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard_id, **position)
            limit = self._batch_limits.get(place, STREAM_BATCH)
            records = self._streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=limit)["Records"]
            if not records:
                continue
            if after is None and id(handler) in self._from_latest:
                # A mapping that starts at LATEST never sees what was there before it: skip it.
                self.checkpoints[place] = self._last_sequence(stream_arn, shard_id, records)
                continue
            event = {"Records": [{**record, "eventSourceARN": stream_arn} for record in records]}
            try:
                reply = self.invoke(handler, event) or {}
            except Exception:  # Lambda counts a raised error as a failed try of the whole batch
                self._bisect(place, records)
                given_up = self._given_up(stream_arn, shard_id, handler, records)
                if not given_up:
                    raise  # the batch comes again
                done += given_up
                continue
            failed = {f["itemIdentifier"] for f in reply.get("batchItemFailures", [])}
            for index, record in enumerate(records):
                sequence = record["dynamodb"]["SequenceNumber"]
                if sequence in failed:
                    # From here on, again next pass (Lambda resumes at the first failure), or
                    # given up once the mapping's retries are spent.
                    self._bisect(place, records[index:])
                    done += self._given_up(stream_arn, shard_id, handler, records[index:])
                    break
                self.checkpoints[place] = sequence
                self._attempts.pop(place, None)
                self._batch_limits.pop(place, None)
                done += 1
        return done

    def _last_sequence(self, stream_arn: str, shard_id: str, records: Sequence[Any]) -> str:
        """The sequence number of the shard's last record now (from `records`, its first page)."""
        last = records[-1]["dynamodb"]["SequenceNumber"]
        while True:
            iterator = self._streams.get_shard_iterator(
                StreamArn=stream_arn, ShardId=shard_id, ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=last
            )
            more = self._streams.get_records(ShardIterator=iterator["ShardIterator"], Limit=1000)["Records"]
            if not more:
                return str(last)
            last = more[-1]["dynamodb"]["SequenceNumber"]

    def _bisect(self, place: str, records: Sequence[Any]) -> None:
        """BisectBatchOnFunctionError: the next try takes half of what failed, down to the
        failing record alone, so only it is given up (infra/steps.event_source_settings)."""
        self._batch_limits[place] = max(1, len(records) // 2)

    def _given_up(self, stream_arn: str, shard_id: str, handler: Handler, records: Sequence[Any]) -> int:
        """Count one more failed try of the batch from records[0]; once the mapping's retries
        (MaximumRetryAttempts) are spent, record the batch in the dead-letter queue as Lambda's
        on-failure destination does (the relay's mapping has one; the live pushes' has none: a
        push that late is worth nothing), move past it, and return how many records it held."""
        place = self._place(handler, shard_id)
        first = records[0]["dynamodb"]["SequenceNumber"]
        at, tries = self._attempts.get(place, (first, 0))
        tries = tries + 1 if at == first else 1
        self._attempts[place] = (first, tries)
        app_name, name = self._names.get(id(handler), ("portal", "handler"))
        dead_letters = self._dead_letter_queue_url if name == "relay_events" else None
        if tries <= self._stream_retries or (name == "relay_events" and not dead_letters):
            return 0
        if dead_letters:
            self._sqs.send_message(
                QueueUrl=dead_letters,
                MessageBody=json.dumps(
                    on_failure_record(
                        stream_arn, shard_id, records, self.context_for(handler).invoked_function_arn, tries
                    )
                ),
            )
        logger.warning("stream batch given up", extra={"function": f"{app_name}.{name}", "records": len(records)})
        self.checkpoints[place] = records[-1]["dynamodb"]["SequenceNumber"]
        self._attempts.pop(place, None)
        return len(records)

    def deliver(self, queue_url: str, handler: Handler, messages: Sequence[Any]) -> None:
        """Hand one batch to `handler`; delete what it did not report as failed."""
        queue_arn = self._sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        event = {"Records": [_sqs_record(m, queue_arn, self._region) for m in messages]}
        try:
            reply = self.invoke(handler, event) or {}
            failed = {f["itemIdentifier"] for f in reply.get("batchItemFailures", [])}
        except Exception:  # noqa: BLE001 - Lambda treats a raised error as "the whole batch failed"
            logger.exception("consumer failed", extra={"queue": queue_url})
            return
        done = [m for m in messages if m["MessageId"] not in failed]
        for message in done:
            self._sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def queue_for(queue_name: str, outputs: dict[str, str]) -> str:
    """The URL of the stack's queue that a source named `queue_name` reads: the one of that
    name, else the one named after its stack the same way (portal-local-exports: a stack's
    <stack>-exports). A name matching no queue of the stack is an error, not a guess."""
    urls = [url for name, url in outputs.items() if name.endswith("QueueUrl")]
    names = {url.rsplit("/", 1)[-1]: url for url in urls}
    if queue_name in names:
        return names[queue_name]
    role = queue_name.rsplit("-", 1)[-1]
    matching = [url for name, url in names.items() if name.endswith(f"-{role}")]
    if len(matching) != 1:
        raise KeyError(f"the stack has no queue for the source {queue_name} (queues: {', '.join(sorted(names))})")
    return matching[0]


def on_failure_record(
    stream_arn: str, shard_id: str, records: Sequence[Any], function_arn: str, invocations: int
) -> dict[str, Any]:
    """Lambda's on-failure record of a stream batch it gave up on (RetryAttemptsExhausted):
    where the records are, not the records."""

    def arrival(record: Any) -> str:
        at = record["dynamodb"].get("ApproximateCreationDateTime")
        when = at if isinstance(at, datetime) else datetime.fromtimestamp(float(at or time.time()), UTC)
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    return {
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": function_arn,
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": invocations,
        },
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "version": "1.0",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
            "approximateArrivalOfFirstRecord": arrival(records[0]),
            "approximateArrivalOfLastRecord": arrival(records[-1]),
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }


def _sqs_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _seconds(expression: Any) -> float:
    """'rate(1 day)' and friends; cron schedules run hourly locally."""
    text = str(expression.to_string() if hasattr(expression, "to_string") else expression)
    if text.startswith("rate("):
        amount, unit = text[5:-1].split()
        per_unit = {"minute": 60, "hour": 3600, "day": 86400}
        return float(amount) * per_unit[unit.rstrip("s")]
    return 3600.0
