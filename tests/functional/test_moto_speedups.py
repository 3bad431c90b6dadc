"""local/moto_speedups.py changes how much moto does, never what it answers: an index Query
answered from its partition's items gives the items, order and pages moto's own gives; a
cancelled transaction undone item by item leaves what moto's copy of the whole table left."""

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models.table import Table

TABLE = "speedups"


@pytest.fixture
def dynamodb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        key = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
        index_key = [{"AttributeName": "gsi1pk", "KeyType": "HASH"}, {"AttributeName": "gsi1sk", "KeyType": "RANGE"}]
        client.create_table(
            TableName=TABLE,
            KeySchema=key,
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsi1pk", "gsi1sk")
            ],
            GlobalSecondaryIndexes=[
                {"IndexName": "gsi1", "KeySchema": index_key, "Projection": {"ProjectionType": "ALL"}}
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        for number in range(60):
            item = {"pk": {"S": f"ITEM#{number % 7}"}, "sk": {"S": f"N#{number:03d}"}}
            if number % 5:  # some items are not in the index at all
                item |= {"gsi1pk": {"S": f"LIST#{number % 3}"}, "gsi1sk": {"S": f"{(number * 37) % 11:02d}"}}
            client.put_item(TableName=TABLE, Item=item)
        yield client


def _pages(client: Any, **query: Any) -> list[list[dict[str, Any]]]:
    pages, start = [], None
    while True:
        page = client.query(
            TableName=TABLE, IndexName="gsi1", Limit=4, **query, **({"ExclusiveStartKey": start} if start else {})
        )
        pages.append(page["Items"])
        start = page.get("LastEvaluatedKey")
        if not start:
            return pages


@pytest.mark.parametrize("forward", [True, False])
def test_an_index_query_answers_as_moto_does_page_by_page(
    dynamodb: Any, monkeypatch: pytest.MonkeyPatch, forward: bool
) -> None:
    queries = [
        {"KeyConditionExpression": "gsi1pk = :p", "ExpressionAttributeValues": {":p": {"S": "LIST#1"}}},
        {
            "KeyConditionExpression": "gsi1pk = :p AND gsi1sk > :s",
            "ExpressionAttributeValues": {":p": {"S": "LIST#2"}, ":s": {"S": "04"}},
        },
        {"KeyConditionExpression": "gsi1pk = :p", "ExpressionAttributeValues": {":p": {"S": "LIST#none"}}},
    ]
    assert getattr(Table.query, "by_partition", False), "installed by tests/functional/conftest.py"
    faster = [_pages(dynamodb, ScanIndexForward=forward, **query) for query in queries]
    monkeypatch.setattr(Table, "query", Table.query.original)  # type: ignore[attr-defined]
    monkeypatch.setattr(Table, "all_items", Table.all_items.original)  # type: ignore[attr-defined]
    assert faster == [_pages(dynamodb, ScanIndexForward=forward, **query) for query in queries]
    assert sum(len(page) for page in faster[0]) > 4  # more than one page, each compared


def _table_and_stream(client: Any) -> tuple[list[dict[str, Any]], int]:
    items = client.scan(TableName=TABLE)["Items"]
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_table(TABLE)
    return sorted(items, key=lambda item: (item["pk"]["S"], item["sk"]["S"])), len(table.stream_shard.items)


def _cancelled_transaction(client: Any, number: int) -> None:
    """A put of a new item, an update and a delete of existing ones, then a condition that
    fails: DynamoDB writes none of it."""
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "NEW"}, "sk": {"S": f"N#{number}"}}}},
                {
                    "Update": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "ITEM#1"}, "sk": {"S": "N#001"}},
                        "UpdateExpression": "SET gsi1pk = :p",
                        "ExpressionAttributeValues": {":p": {"S": "MOVED"}},
                    }
                },
                {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "ITEM#2"}, "sk": {"S": "N#002"}}}},
                {
                    "ConditionCheck": {
                        "TableName": TABLE,
                        "Key": {"pk": {"S": "ITEM#3"}, "sk": {"S": "N#003"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )


def test_a_cancelled_transaction_leaves_the_table_and_its_stream_as_moto_s_own_rollback_does(
    dynamodb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dynamodb.update_table(TableName=TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    assert getattr(DynamoDBBackend.transact_write_items, "undo_log", False), "installed by tests/functional/conftest.py"
    before = _table_and_stream(dynamodb)

    _cancelled_transaction(dynamodb, 1)
    undone = _table_and_stream(dynamodb)
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", DynamoDBBackend.transact_write_items.original)  # type: ignore[attr-defined]
    _cancelled_transaction(dynamodb, 2)

    assert undone == before == _table_and_stream(dynamodb)
    assert before[1] == 0  # the stream was turned on after the items were written


def test_a_transaction_that_goes_through_writes_and_streams_every_item(dynamodb: Any) -> None:
    dynamodb.update_table(TableName=TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "NEW"}, "sk": {"S": "N#1"}}}},
            {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "ITEM#2"}, "sk": {"S": "N#002"}}}},
        ]
    )
    items, records = _table_and_stream(dynamodb)
    keys = {(item["pk"]["S"], item["sk"]["S"]) for item in items}
    assert ("NEW", "N#1") in keys
    assert ("ITEM#2", "N#002") not in keys
    assert records == 2


def _old_images_of_an_update(client: Any) -> list[Any]:
    client.transact_write_items(
        TransactItems=[
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": "ITEM#1"}, "sk": {"S": "N#001"}},
                    "UpdateExpression": "SET gsi1pk = :p",
                    "ExpressionAttributeValues": {":p": {"S": f"MOVED#{len(_stream(client))}"}},
                }
            }
        ]
    )
    return [record["dynamodb"].get("OldImage") for record in _stream(client)]


def _stream(client: Any) -> list[dict[str, Any]]:
    shard = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_table(TABLE).stream_shard
    return [record.to_json() for record in shard.items]


def test_an_update_in_a_transaction_streams_its_item_as_it_was_before(
    dynamodb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dynamodb.update_table(
        TableName=TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    )
    (faster,) = _old_images_of_an_update(dynamodb)
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", DynamoDBBackend.transact_write_items.original)  # type: ignore[attr-defined]
    _, moto_s = _old_images_of_an_update(dynamodb)

    assert faster["gsi1pk"] == {"S": "LIST#1"}  # as the fixture wrote it, not as the update left it
    assert moto_s["gsi1pk"] == {"S": "MOVED#0"}  # moto's own, one update later: the same rule
