"""The account's timeline and audit log: a page costs the same with 10 or 10,000 entries behind it.

Both are a key read newest first (the timeline one Query; the audit log one Query and one
BatchGetItem for the names it shows). Samples alternate short and long history, one of each
in turn. In-process on moto, through the real reading functions; histories written in batches.
"""

from collections.abc import Callable
from typing import Any

from bench.stack import alternating, moto_portal, ratios_report
from functions.core.audit import AuditEntry, account_log_key
from functions.core.ids import new_id
from functions.customers import audit_log
from functions.notifications import timeline
from functions.notifications.models import TimelineItem

SAMPLES = 9
PAGE = 20
HISTORY = {"short": 10, "long": 10_000}
AT = "2026-11-20T12:00:00+00:00"


def write_history(label: str, count: int) -> str:
    """`count` timeline entries and `count` audit entries (by five contacts) for account `label`."""
    with TimelineItem.batch_write() as batch:
        for n in range(count):
            entry_id = new_id()
            batch.save(
                TimelineItem(
                    timeline.timeline_key(label),
                    entry_id,
                    entry_id=entry_id,
                    account_id=label,
                    kind="order",
                    area="buying",
                    event_type="order.shipped",
                    item_id=f"O{n}",
                    label=f"ORD-{n:06d}",
                    link=f"/orders/O{n}",
                    occurred_at=AT,
                    gsi1pk=timeline.kind_key(label, "order"),
                    gsi1sk=entry_id,
                    gsi2pk=timeline.area_key(label, "buying"),
                    gsi2sk=entry_id,
                )
            )
    with AuditEntry.batch_write() as batch:
        for n in range(count):
            entry_id = new_id()
            entry = AuditEntry(account_log_key(label), entry_id, entry_id=entry_id, action="document_downloaded")
            entry.at, entry.account_id, entry.actor_kind, entry.actor_id = AT, label, "contact", f"C{n % 5}"
            batch.save(entry)
    return label


def pages(account_id: str) -> dict[str, Callable[[], Any]]:
    return {
        "timeline": lambda: timeline.account_timeline(account_id, None, None, PAGE),
        "timeline, one kind": lambda: timeline.account_timeline(account_id, "order", None, PAGE),
        "audit log": lambda: audit_log.account_log(account_id, None, PAGE),
    }


def measure() -> dict[str, dict[str, tuple[float, int]]]:
    """page -> history -> (median ms, most DynamoDB calls)."""
    with moto_portal("portal-bench-activity"):
        lists = {label: pages(write_history(label, count)) for label, count in HISTORY.items()}
        return alternating(lists, SAMPLES)


def report(results: dict[str, dict[str, tuple[float, int]]]) -> str:
    lines = ratios_report(
        f"timeline and audit log, first page of {PAGE}, median of {SAMPLES} alternating samples (10 vs 10,000):",
        results,
        width=20,
    )
    return "\n".join(lines)


def main() -> None:
    print(report(measure()))
