"""moto, made to do less of what costs it most, and to take one DynamoDB call at a time as
DynamoDB does, without changing what it answers.

moto's TransactWriteItems deep-copies the whole table once per item of the transaction, as
a rollback copy. Under the API contract test, with a table grown by thousands of generated
requests, the local stack spent most of its time copying (even one copy per transaction was
three tenths of its CPU: py-spy). Instead a transaction keeps a copy of each item it names,
as it was, and the stream's length; on a cancelled transaction those are put back.
"""

import copy
import threading
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.exceptions import ResourceNotFoundException
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

_transaction = threading.local()


def _deepcopy(value: Any, memo: Any = None) -> Any:
    """moto's copy of a table before a transaction: inside one, the table itself (the undo
    log below restores it). Every other copy is a real one: an update keeps its item's old
    image so, for the stream."""
    if getattr(_transaction, "undoing", False) and isinstance(value, Table):
        return value
    return copy.deepcopy(value, memo)


def _named_items(backend: Any, transact_items: list[dict[str, Any]]) -> Iterator[tuple[Any, Any, Any]]:
    """(table, hash key, range key) of each item a transaction names, as moto keys them."""
    for entry in transact_items:
        for op_type, op in entry.items():
            try:
                table = backend.get_table(op["TableName"])  # by name or by ARN, as moto finds it
            except (KeyError, TypeError, ResourceNotFoundException):
                continue  # moto refuses such an op before it writes anything
            key = op.get("Item" if op_type == "Put" else "Key") or {}
            if table.hash_key_attr not in key or (table.range_key_attr and table.range_key_attr not in key):
                continue  # moto refuses such an op before it writes anything
            range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
            yield table, DynamoType(key[table.hash_key_attr]), range_value


def _put_back(table: Any, hash_key: Any, range_key: Any, item: Any) -> None:
    """The item at that key as it was (None: none was there)."""
    partition, slot = (table.items, hash_key) if range_key is None else (table.items[hash_key], range_key)
    if item is None:
        partition.pop(slot, None)
    else:
        partition[slot] = item


def transactions_undo_only_what_they_wrote() -> None:
    """Install once per process (repeated calls change nothing)."""
    backend = dynamodb_models.DynamoDBBackend
    original: Callable[..., None] = backend.transact_write_items
    if getattr(original, "undo_log", False):
        return

    def transact(self: Any, transact_items: Any) -> None:
        before = [
            (table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key)))
            for table, hash_key, range_key in _named_items(self, transact_items)
        ]
        streams = {
            id(t): (t.stream_shard, t.stream_shard.items, len(t.stream_shard.items))
            for t, *_ in before
            if t.stream_shard
        }
        _transaction.undoing = True
        written = False
        try:
            original(self, transact_items)
            written = True
        finally:
            _transaction.undoing = False
            if not written:  # whatever moto raised (its own rollback covered only some): nothing written
                for table, hash_key, range_key, item in reversed(before):
                    _put_back(table, hash_key, range_key, item)
                for shard, records, length in streams.values():
                    if shard.items is records:  # not handed to a Lambda mapping meanwhile
                        del records[length:]

    transact.undo_log = True  # type: ignore[attr-defined]
    transact.original = original  # type: ignore[attr-defined]  # for the test that compares
    dynamodb_models.copy = SimpleNamespace(deepcopy=_deepcopy)  # type: ignore[assignment,attr-defined]
    backend.transact_write_items = transact  # type: ignore[method-assign]


_dynamodb_calls = threading.Lock()


def one_dynamodb_call_at_a_time() -> None:
    """In moto's server, each DynamoDB (and Streams) request runs alone.

    moto's DynamoDB backend is not safe for two calls at once: a transaction checks and writes
    its items one by one, and another thread's write may fall in between. The local stack's API and its worker (stream
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
