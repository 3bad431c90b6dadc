"""A relay failure's stream range, read back: where it ends, and when the stream has lost it."""

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from functions.core.errors import Unavailable
from functions.notifications.dead_letters import RelayRecordsGone, batch_info, relay_again, stream_range

STREAM = "arn:aws:dynamodb:eu-north-1:111122223333:table/portal-dev-portal/stream/2026-11-01T00:00:00.000"
INFO = {
    "shardId": "shardId-00000001",
    "startSequenceNumber": "100",
    "endSequenceNumber": "102",
    "approximateArrivalOfFirstRecord": "2026-12-01T09:59:00Z",
    "batchSize": 3,
    "streamArn": STREAM,
}


def _record(sequence: int) -> dict[str, Any]:
    return {"eventName": "MODIFY", "dynamodb": {"SequenceNumber": str(sequence), "Keys": {}}}


class Stream:
    """DynamoDB Streams as a shard of pages, or as an error it answers."""

    def __init__(self, pages: list[list[int]], error: str | None = None) -> None:
        self.pages, self.error, self.asked = pages, error, []

    def get_shard_iterator(self, **asked: str) -> dict[str, str]:
        self.asked.append(asked)
        if self.error:
            raise ClientError({"Error": {"Code": self.error, "Message": "gone"}}, "GetShardIterator")
        return {"ShardIterator": f"{STREAM}|1|0"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        page = int(ShardIterator.rsplit("|", 1)[-1])
        found = {"Records": [_record(n) for n in self.pages[page]] if page < len(self.pages) else []}
        return {**found, "NextShardIterator": f"{STREAM}|1|{page + 1}"}


def test_the_range_is_read_from_its_first_record_to_its_last_over_pages_and_empty_ones() -> None:
    stream = Stream([[100, 101], [], [102, 103]])

    records = stream_range(INFO, stream)

    assert [r["dynamodb"]["SequenceNumber"] for r in records] == ["100", "101", "102"]
    assert stream.asked[0]["ShardIteratorType"] == "AT_SEQUENCE_NUMBER"
    assert stream.asked[0]["SequenceNumber"] == "100"


@pytest.mark.parametrize("code", ["TrimmedDataAccessException", "ResourceNotFoundException"])
def test_records_the_stream_trimmed_or_a_shard_that_is_gone_are_a_conflict(code: str) -> None:
    with pytest.raises(RelayRecordsGone, match="24 hours"):
        stream_range(INFO, Stream([], error=code))


def test_a_range_older_than_the_streams_24_hours_is_not_asked_for() -> None:
    stream = Stream([[100, 101, 102]])

    with pytest.raises(RelayRecordsGone):
        relay_again(INFO, datetime(2026, 12, 2, 10, 0, tzinfo=UTC), stream)

    assert stream.asked == []
    assert relay_again(INFO, datetime(2026, 12, 2, 9, 58, tzinfo=UTC), stream) == 0  # a minute left: read


def test_a_stream_that_never_reaches_the_ranges_end_is_unavailable_not_a_partial_retry() -> None:
    with pytest.raises(Unavailable):
        stream_range(INFO, Stream([[100]]))


def test_only_lambdas_on_failure_record_of_a_stream_batch_is_a_relay_failure() -> None:
    assert batch_info({"requestContext": {}, "DDBStreamBatchInfo": INFO}) == INFO
    assert batch_info({"DDBStreamBatchInfo": INFO}) is None
    assert batch_info({"requestContext": {}, "DDBStreamBatchInfo": {**INFO, "shardId": ""}}) is None
    assert batch_info({"event_id": "e1", "event_type": "invoice.issued"}) is None
