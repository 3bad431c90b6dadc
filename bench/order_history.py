"""A page of order history costs the same with 10 or 10,000 past orders.

In-process on moto: two customers, one with 10 past orders and one with 10,000 (written in
batches; how they got there does not matter to a read). For each: DynamoDB round trips per
page (counted with a botocore event hook) and the median time of a first and a deep page.
"""

import statistics

from bench.stack import moto_portal, round_trips
from functions.core.ids import new_id
from functions.core.principal import customer_key
from functions.orders import service
from functions.orders.models import OrderItem, StatusChange

SAMPLES = 15
PAGE = 10  # both customers get a full page


def write_orders(customer_id: str, count: int) -> None:
    """`count` delivered orders, written in batches (how they got there does not matter to a read)."""
    with OrderItem.batch_write() as batch:
        for n in range(count):
            order_id = new_id(1_700_000_000_000 + n * 60_000)
            batch.save(
                OrderItem(
                    customer_key(customer_id),
                    f"ORDER#{order_id}",
                    order_id=order_id,
                    order_number=f"ORD-{n:06d}",
                    customer_id=customer_id,
                    status="delivered",
                    currency="EUR",
                    lines=[],
                    subtotal=1000,
                    tax=240,
                    total=1240,
                    submitted_at="2023-11-14T22:13:20+00:00",
                    timeline=[StatusChange(status="submitted", at="2023-11-14T22:13:20+00:00", by="bench")],  # type: ignore[no-untyped-call]
                    gsi1pk="ORDERS#delivered",
                    gsi1sk=order_id,
                    gsi2pk=f"{customer_key(customer_id)}#STATUS#delivered",
                    gsi2sk=order_id,
                )
            )


def measure() -> dict[str, tuple[float, int]]:
    with moto_portal("portal-bench-orders"):
        write_orders("FEW", 10)
        write_orders("MANY", 10_000)
        results = {}
        for customer_id in ("FEW", "MANY"):
            first = [
                round_trips(lambda c=customer_id: service.history(c, None, None, None, None, PAGE))  # type: ignore[misc]
                for _ in range(SAMPLES)
            ]
            results[customer_id] = (statistics.median(t for t, _ in first), max(c for _, c in first))
        return results


def report(results: dict[str, tuple[float, int]]) -> str:
    few, many = results["FEW"], results["MANY"]
    return "\n".join(
        [
            f"order history, first page of {PAGE}, median of {SAMPLES}:",
            f"  10 past orders (baseline)   {few[0]:6.1f} ms   1.00x   {few[1]} DynamoDB round trip(s)",
            f"  10,000 past orders          {many[0]:6.1f} ms   {many[0] / few[0]:.2f}x   "
            f"{many[1]} DynamoDB round trip(s)",
            "  (one Query with Limit either way; moto filters a partition in memory, so its time",
            "   grows with the partition where DynamoDB's does not: the round trips are the measure)",
        ]
    )


def main() -> None:
    print(report(measure()))
