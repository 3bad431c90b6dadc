"""local/moto_speedups.py changes how much moto does, never what it answers: an index Query
answered from its partition's items gives the items, order and pages moto's own gives."""

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
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
