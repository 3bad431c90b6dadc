"""Filtered lists: one page costs the same DynamoDB calls with 10 or 10,000 items of history.

The worst case for a filter that is not a key: nothing in the history matches (a customer's
closed tickets when asking for open ones, contracts when asking for reports, a queue of
normal tickets when asking for urgent ones). Read until a page is full, that was one call per
20 items of history (502 for 10,000); one read a page (core.paging.one_read), it is one.
Samples alternate short and long history, one of each in turn.

In-process on moto, through the real services; histories are written in batches.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench.stack import alternating, moto_portal, ratios_report
from bench.support import bench_ticket
from functions.core.clock import FixedClock
from functions.documents import library
from functions.documents.models import DOCUMENT, DocumentItem, document_key, shared_with
from functions.tickets import tickets
from functions.tickets.models import TicketItem, tickets_of

SAMPLES = 9
PAGE = 20
CLOCK = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
HISTORY = {"short": 10, "long": 10_000}
# Each history's tickets wait in a queue of their own, so the two queues differ in length too.
QUEUE = {"short": "waiting_on_customer", "long": "in_progress"}


def write_history(label: str, count: int) -> str:
    """`count` closed tickets, queued normal tickets and contracts for customer `label`; its id."""
    at = CLOCK.now().isoformat()
    with TicketItem.batch_write() as batch:
        for n in range(count):
            # Closed ones in the customer's list; as many waiting in a queue, listed elsewhere.
            batch.save(bench_ticket(f"{label}T{n:08d}C", n, label, "closed", at))
            batch.save(bench_ticket(f"{label}T{n:08d}Q", n, label, QUEUE[label], at, f"{tickets_of(label)}#QUEUED"))
    with DocumentItem.batch_write() as batch:
        for n in range(count):
            document_id = f"{label}D{n:08d}"
            batch.save(
                DocumentItem(
                    document_key(document_id),
                    DOCUMENT,
                    document_id=document_id,
                    customer_id=label,
                    title=f"Contract {n}",
                    doc_type="contract",
                    status="shared",
                    version=1,
                    shared_at=at,
                    shared_by="bench",
                    file_name="contract.pdf",
                    content_type="application/pdf",
                    size=1000,
                    s3_key=f"documents/{document_id}/1",
                    gsi1pk=shared_with(label),
                    gsi1sk=f"{at}#{document_id}",
                )
            )
    return label


def pages(customer_id: str, label: str) -> dict[str, Callable[[], Any]]:
    """The first page of each filtered list, for this history."""
    return {
        "my open tickets": lambda: tickets.tickets_for(customer_id, "open", None, PAGE, CLOCK),
        "urgent tickets in a queue": lambda: tickets.queue(QUEUE[label], "urgent", None, None, None, PAGE, CLOCK),
        "my reports": lambda: library.documents_of(customer_id, "report", None, PAGE),
    }


def measure() -> dict[str, dict[str, tuple[float, int]]]:
    """page -> history -> (median ms, most DynamoDB calls)."""
    with moto_portal("portal-bench-filtered-lists"):
        lists = {label: pages(write_history(label, count), label) for label, count in HISTORY.items()}
        return alternating(lists, SAMPLES)


def report(results: dict[str, dict[str, tuple[float, int]]]) -> str:
    lines = ratios_report(
        f"filtered lists, first page of {PAGE}, median of {SAMPLES} alternating samples (10 vs 10,000 items):",
        results,
        width=30,
    )
    lines.append("  (moto scans partitions in memory, so its times grow where DynamoDB's do not)")
    return "\n".join(lines)


def main() -> None:
    print(report(measure()))
