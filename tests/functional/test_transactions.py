"""core.transactions on moto: the 100-item limit counted before DynamoDB, and a cancelled
transaction told apart: a failed condition is a conflict, a busy table is not."""

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError
from moto.dynamodb.exceptions import TransactionCanceledException
from moto.dynamodb.models import DynamoDBBackend
from pynamodb.exceptions import TransactWriteError

from functions.core.errors import Unavailable
from functions.core.idempotency import IdempotencyItem
from functions.core.transactions import MAX_ITEMS, TooManyChanges, Transaction, TransactionRefused


def _marker(n: int) -> IdempotencyItem:
    return IdempotencyItem("CUSTOMER#tx", f"TEST#{n:03d}", made_id=str(n))


def _update_all(count: int) -> None:
    with Transaction() as transaction:
        for n in range(count):
            transaction.update(_marker(n), actions=[IdempotencyItem.made_id.set("again")])


def _written() -> int:
    return IdempotencyItem.count("CUSTOMER#tx")


def test_the_hundredth_item_goes_and_the_hundred_and_first_is_refused_before_dynamodb(
    settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Transaction() as transaction:
        for n in range(MAX_ITEMS):
            transaction.save(_marker(n))
    assert _written() == MAX_ITEMS

    sent: list[int] = []
    original = DynamoDBBackend.transact_write_items
    monkeypatch.setattr(
        DynamoDBBackend, "transact_write_items", lambda self, items: sent.append(len(items)) or original(self, items)
    )
    with pytest.raises(TooManyChanges) as refused:
        _update_all(MAX_ITEMS + 1)
    assert refused.value.status == 400
    assert (refused.value.code, refused.value.values) == (
        "too_many_changes",
        {"items": MAX_ITEMS + 1, "limit": MAX_ITEMS},
    )
    assert sent == []  # DynamoDB never saw it
    assert {item.made_id for item in IdempotencyItem.query("CUSTOMER#tx")} == {str(n) for n in range(MAX_ITEMS)}


def _dynamodb_cancels_with(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    """AWS cancels a whole transaction with one reason per item; moto never throttles."""

    def cancelled(self: Any, items: Any) -> None:
        raise TransactionCanceledException([(code, f"{code} (as AWS reports it)", None) for _ in items])

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", cancelled)


def _one_write() -> None:
    with Transaction() as transaction:
        transaction.save(_marker(1), condition=IdempotencyItem.pk.does_not_exist())


@pytest.mark.parametrize("code", ["ThrottlingError", "TransactionConflict", "ProvisionedThroughputExceeded"])
def test_a_transaction_aws_cancels_for_being_busy_is_unavailable_not_a_conflict(
    settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    _dynamodb_cancels_with(monkeypatch, code)
    with pytest.raises(Unavailable):
        _one_write()


def test_a_transaction_that_gets_no_answer_is_unavailable_not_our_bug(
    settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def timed_out(self: Any, items: Any) -> None:
        raise ReadTimeoutError(endpoint_url="https://dynamodb.eu-west-1.amazonaws.com/")

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", timed_out)
    with pytest.raises(Unavailable):
        _one_write()


def test_a_transaction_aws_refuses_as_malformed_is_our_bug_not_a_conflict(
    settings_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _dynamodb_cancels_with(monkeypatch, "ValidationError")
    with pytest.raises(TransactionRefused):
        _one_write()


def test_a_failed_condition_stays_the_conflict_the_domain_words(settings_env: dict[str, str]) -> None:
    _one_write()
    with pytest.raises(TransactWriteError):
        _one_write()


def test_over_http_a_throttled_write_is_a_503_to_retry_and_not_a_409(
    dana: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dynamodb_cancels_with(monkeypatch, "ThrottlingError")
    reply = dana.call(
        "POST",
        "/tickets",
        {"kind": "question", "subject": "Opening hours", "description": "When are you open?"},
        headers={"Idempotency-Key": "throttled-ticket-1"},
    )
    assert reply.status_code == 503, reply.json_body
    assert reply.json_body["error"]["code"] == "unavailable"


def test_every_transaction_the_portal_writes_goes_through_the_counted_helper() -> None:
    functions = Path(__file__).parents[2] / "functions"
    direct = [
        str(path.relative_to(functions))
        for path in functions.rglob("*.py")
        if "TransactWrite(" in path.read_text() and path.name != "transactions.py"
    ]
    assert direct == []
