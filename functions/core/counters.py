"""Human-facing sequence numbers (ORD-000042, INV-000007), one atomic counter each."""

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from functions.core.table import PortalItem, register


@register
class CounterItem(PortalItem):
    """A sequence (pk COUNTER#name, sk COUNTER)."""

    value = NumberAttribute(default=0)


def next_number(name: str, prefix: str) -> str:
    """The next number of the sequence `name`, as PREFIX-000001. Gaps are possible; repeats are not."""
    counter = CounterItem(f"COUNTER#{name}", "COUNTER")
    counter.update(actions=[CounterItem.value.add(1)])
    return f"{prefix}-{int(counter.value):06d}"


def current(name: str) -> int:
    """The last number handed out by `name` (0 before the first)."""
    try:
        return int(CounterItem.get(f"COUNTER#{name}", "COUNTER", consistent_read=True).value)
    except DoesNotExist:
        return 0


def claim(transaction: TransactWrite, name: str, last: int) -> None:
    """Take number last + 1 inside a transaction: it fails if anyone took it first, so a
    sequence claimed this way has no gaps (invoice numbers must not)."""
    counter = CounterItem(f"COUNTER#{name}", "COUNTER")
    condition = CounterItem.pk.does_not_exist() if last == 0 else CounterItem.value == last
    transaction.update(counter, actions=[CounterItem.value.set(last + 1)], condition=condition)
