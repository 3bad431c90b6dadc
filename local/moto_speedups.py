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


_query = threading.local()


def index_queries_sort_only_their_partition() -> None:
    """A Query on an index looks only at the items of the partition it names.

    moto answers one by sorting every item of the table, then keeping those whose index key
    matches: under the API contract test, with a table grown by thousands of generated
    requests, that sort was a fifth of the local stack's time. The same items are kept, in
    the same order (the partition's, sorted by the same key), so the answer does not change.
    """
    from moto.dynamodb.models.table import Table as table

    original_query: Callable[..., Any] = table.query
    if getattr(original_query, "by_partition", False):
        return
    original_all_items: Callable[[Any], list[Any]] = table.all_items

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        conditions = kwargs.get("hash_key_conditions")
        index_name = args[7] if len(args) > 7 else kwargs.get("index_name")
        _query.partition = list(conditions) if index_name and conditions else None
        try:
            return original_query(self, *args, **kwargs)
        finally:
            _query.partition = None

    def all_items(self: Any) -> list[Any]:
        partition: list[tuple[str, Any]] | None = getattr(_query, "partition", None)
        if not partition:
            return original_all_items(self)
        items = [
            item
            for hash_set in self.items.values()
            for item in (hash_set.values() if self.range_key_attr else [hash_set])
            if all(_equal(item.attrs.get(name), value) for name, value in partition)
        ]
        return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)

    query.by_partition = True  # type: ignore[attr-defined]
    query.original = original_query  # type: ignore[attr-defined]  # for the test that compares
    all_items.original = original_all_items  # type: ignore[attr-defined]
    table.query = query  # type: ignore[method-assign]
    table.all_items = all_items  # type: ignore[method-assign]


def _equal(found: Any, expected: Any) -> bool:
    """As moto's own query compares an item's key (an item without it never matches)."""
    return found is not None and bool(found == expected)


class StreamWrites:
    """Each record moto adds to a table's stream, counted, so the local worker's stream
    followers wait for one instead of asking moto for new records five times a second
    (three calls each time, a fifth of a core with nothing happening)."""

    def __init__(self) -> None:
        self._written = threading.Condition()
        self.count = 0

    def add(self) -> None:
        with self._written:
            self.count += 1
            self._written.notify_all()

    def wait_past(self, seen: int, timeout: float) -> None:
        """Until a record after the `seen`-th is written, or `timeout` seconds."""
        with self._written:
            self._written.wait_for(lambda: self.count != seen, timeout)

    def wake(self) -> None:
        """Every waiter, now, as if a record were written (the worker stopping)."""
        self.add()


STREAM_WRITES = StreamWrites()


def stream_writes_are_counted() -> None:
    """Install once per process (repeated calls change nothing)."""
    shard = dynamodb_models.table.StreamShard
    original: Callable[..., None] = shard.add
    if getattr(original, "counted", False):
        return

    def add(self: Any, old: Any, new: Any) -> None:
        original(self, old, new)
        STREAM_WRITES.add()

    add.counted = True  # type: ignore[attr-defined]
    shard.add = add  # type: ignore[method-assign]
