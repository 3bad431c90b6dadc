"""Every DynamoDB call the process makes, counted by a botocore hook on its session (so
pynamodb's clients and boto3's alike): what a page costs, for the tests that say so."""

from collections.abc import Iterator
from typing import Any

import pytest

from functions.core import clients, table
from tests.functional.visitor import Visitor


class DynamoDBCalls:
    """The DynamoDB operations called since the last `clear`, in order."""

    def __init__(self) -> None:
        self.operations: list[str] = []

    def record(self, model: Any, **_: Any) -> None:
        self.operations.append(model.name)

    def of_page(self, visitor: Visitor, path: str) -> list[str]:
        """The calls one GET of `path` makes, once the settings it reads first are kept."""
        assert visitor.get(path).status_code == 200
        self.operations.clear()
        reply = visitor.get(path)
        assert reply.status_code == 200, reply.json_body
        return list(self.operations)


@pytest.fixture
def dynamodb_calls(settings_env: dict[str, str]) -> Iterator[DynamoDBCalls]:
    calls = DynamoDBCalls()
    session = clients.botocore_session()
    # A client takes the session's hooks when it is made: the ones made before are dropped.
    table.reset_connections()
    clients.reset()
    session.register("before-call.dynamodb", calls.record)
    yield calls
    session.unregister("before-call.dynamodb", calls.record)
    table.reset_connections()
    clients.reset()
