"""Documents: the customer's list costs the same with 10 or 3,000 documents shared, and
confirming an upload reads 512 bytes of it, not the whole file.

In-process on moto. The long list is written in batches (half of it never opened); each
measure then runs through the real services.
"""

import statistics
from datetime import UTC, datetime

from bench.stack import moto_portal, round_trips
from functions.core import clients, summary
from functions.core.clock import FixedClock
from functions.core.settings import get_settings
from functions.documents import library, uploads
from functions.documents.models import DOCUMENT, DocumentItem, document_key, shared_with
from functions.documents.schemas import NewShare

SAMPLES = 9
CLOCK = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
PAGE = 20


def _documents(customer_id: str, count: int) -> None:
    with DocumentItem.batch_write() as batch:
        for n in range(count):
            document_id = f"{customer_id}{n:08d}"
            shared_at = datetime.fromtimestamp(1_700_000_000 + n * 60, UTC).isoformat()
            unopened = n % 2 == 0
            batch.save(
                DocumentItem(
                    document_key(document_id),
                    DOCUMENT,
                    document_id=document_id,
                    customer_id=customer_id,
                    title=f"Report {n}",
                    doc_type="report",
                    status="shared",
                    version=1,
                    shared_at=shared_at,
                    shared_by="bench",
                    opened_at=None if unopened else shared_at,
                    file_name=f"report-{n}.pdf",
                    content_type="application/pdf",
                    size=1000,
                    s3_key=f"customers/{customer_id}/share/{n}",
                    gsi1pk=shared_with(customer_id),
                    gsi1sk=f"{shared_at}#{document_id}",
                )
            )
    summary.SummaryItem(f"CUSTOMER#{customer_id}", summary.SUMMARY, new_documents=(count + 1) // 2).save()


def _list(customer_id: str) -> None:
    library.documents_of(customer_id, None, None, PAGE)
    library.new_count(customer_id)


def _confirm(size: int) -> tuple[float, int]:
    """One share upload of `size` bytes: the object is put first (the browser's part), then
    only the confirm is timed."""
    body = b"%PDF-1.4\n" + b"x" * (size - 9)
    facts = NewShare(
        customer_id="0" * 26, title="Scan", file_name="scan.pdf", content_type="application/pdf", size=len(body)
    )
    started = uploads.start("share", facts.customer_id, "bench", facts, CLOCK, title="Scan", doc_type="other")
    clients.s3().put_object(
        Bucket=get_settings().documents_bucket, Key=started.form.fields["key"], Body=body, ContentType="application/pdf"
    )
    item = uploads.upload_of(started.upload_id, "bench", {"share"})
    return round_trips(lambda: uploads.confirm(item, library.share, library.replay_share, CLOCK))


def measure() -> dict[str, tuple[float, int]]:
    with moto_portal("portal-bench-documents"):
        _documents("FEW", 10)
        _documents("MANY", 3_000)
        results: dict[str, tuple[float, int]] = {}
        for label in ("FEW", "MANY"):
            runs = [round_trips(lambda c=label: _list(c)) for _ in range(SAMPLES)]  # type: ignore[misc]
            results[f"list {label}"] = (statistics.median(t for t, _ in runs), max(c for _, c in runs))
        for label, size in (("SMALL", 1024), ("LARGE", 20 * 1024 * 1024)):
            runs = [_confirm(size) for _ in range(3)]
            results[f"confirm {label}"] = (statistics.median(t for t, _ in runs), max(c for _, c in runs))
        return results


def report(results: dict[str, tuple[float, int]]) -> str:
    few, many = results["list FEW"], results["list MANY"]
    small, large = results["confirm SMALL"], results["confirm LARGE"]
    return "\n".join(
        [
            f"documents, median of {SAMPLES}:",
            f"  list, first page of {PAGE} + new count: 10 documents (baseline) {few[0]:6.1f} ms, "
            f"3,000 documents {many[0]:6.1f} ms   {many[0] / few[0]:.2f}x   "
            f"{few[1]} / {many[1]} DynamoDB round trip(s)",
            f"  confirm an upload: 1 KB (baseline) {small[0]:6.1f} ms, 20 MB {large[0]:6.1f} ms   "
            f"{large[0] / small[0]:.2f}x   {small[1]} / {large[1]} DynamoDB round trip(s)",
            "  (moto scans an index in memory and copies the table for each transaction, so its times",
            "   grow with the table where DynamoDB's do not. The new count is one read of the",
            "   customer's summary, whatever the number of documents.)",
        ]
    )


def main() -> None:
    print(report(measure()))
