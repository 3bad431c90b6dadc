"""moto, made to do less of what costs it most, and to take one DynamoDB call at a time as
DynamoDB does, without changing what it answers.

moto's TransactWriteItems deep-copies the whole table once per item of the transaction, as
a rollback copy; every copy is the same (nothing is written until all are taken), so one
per table does. A payment (six items) cost six copies of the table; the local stack under
the API contract test, with a table grown by thousands of generated requests, spent its
time copying. The copies are kept per thread: moto's server runs requests on many.
"""

import copy
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import moto.dynamodb.models as dynamodb_models

_transaction = threading.local()


def _deepcopy(value: Any, memo: Any = None) -> Any:
    copies: dict[int, Any] | None = getattr(_transaction, "copies", None)
    if copies is None:
        return copy.deepcopy(value, memo)
    if id(value) not in copies:
        copies[id(value)] = copy.deepcopy(value)
    return copies[id(value)]


def one_rollback_copy_per_transaction() -> None:
    """Install once per process (repeated calls change nothing)."""
    backend = dynamodb_models.DynamoDBBackend
    original: Callable[..., None] = backend.transact_write_items
    if getattr(original, "one_copy", False):
        return

    def transact(self: Any, transact_items: Any) -> None:
        _transaction.copies = {}
        try:
            original(self, transact_items)
        finally:
            _transaction.copies = None

    transact.one_copy = True  # type: ignore[attr-defined]
    dynamodb_models.copy = SimpleNamespace(deepcopy=_deepcopy)  # type: ignore[assignment,attr-defined]
    backend.transact_write_items = transact  # type: ignore[method-assign]


_dynamodb_calls = threading.Lock()


def one_dynamodb_call_at_a_time() -> None:
    """In moto's server, each DynamoDB (and Streams) request runs alone.

    moto's DynamoDB backend is not safe for two calls at once: a transaction deep-copies the
    table while another thread may write to it. The local stack's API and its worker (stream
    relay, notifications consumer, schedules) call it from different threads. Other services
    are left concurrent: the worker's SQS long poll must not hold everything up.
    """
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    original = DomainDispatcherApplication.__call__
    if getattr(original, "one_at_a_time", False):
        return

    def dispatch(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        if "/dynamodb/" not in str(environ.get("HTTP_AUTHORIZATION", "")):
            return original(self, environ, start_response)
        with _dynamodb_calls:
            return list(original(self, environ, start_response))  # the whole reply inside the lock

    dispatch.one_at_a_time = True  # type: ignore[attr-defined]
    DomainDispatcherApplication.__call__ = dispatch  # type: ignore[method-assign]
