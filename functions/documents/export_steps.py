"""The export job: one message of the exports queue, one step (docs/export.md).

A step reads one page of one domain's data (each domain's export.py), or renders a few PDFs,
or copies a few files, and writes what it found as objects under the export's prefix, at keys
fixed by the step (a retried step writes the same objects again). Then it records where the
next step starts, on condition the export is still at this step, and queues it. The last step
streams every part into the zip, then marks the export ready with its outbox event in one
transaction, so the contact who asked is told.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from functions.bookings import export as bookings_export
from functions.core import clients
from functions.core.clock import Clock
from functions.core.events import outbox_event
from functions.core.logging import logger
from functions.core.paging import Page
from functions.core.principal import Principal, customer_key
from functions.core.settings import get_settings
from functions.core.transactions import Transaction
from functions.customers import export as customers_export
from functions.documents import export as documents_export
from functions.documents.archive import ZipWriter, object_chunks
from functions.documents.exports import (
    KEPT,
    TOTAL_STEPS,
    delete_objects_under,
    mark_failed,
    prefix_of,
    send_step,
    zip_key,
)
from functions.documents.models import EXPORTS_READY, ExportItem, export_key
from functions.notifications import export as notifications_export
from functions.orders import export as orders_export
from functions.payments import export as payments_export
from functions.tickets import export as tickets_export

Reader = Callable[[str, str, str, str | None, Clock], Page[dict[str, Any]]]
# Each domain's reader, in the order the zip holds them.
READERS: dict[str, tuple[tuple[str, ...], Reader]] = {
    "customers": (customers_export.SECTIONS, customers_export.export_page),
    "orders": (orders_export.SECTIONS, orders_export.export_page),
    "payments": (payments_export.SECTIONS, payments_export.export_page),
    "tickets": (tickets_export.SECTIONS, tickets_export.export_page),
    "documents": (documents_export.SECTIONS, documents_export.export_page),
    "bookings": (bookings_export.SECTIONS, bookings_export.export_page),
    "notifications": (notifications_export.SECTIONS, notifications_export.export_page),
}
ONE_ITEM = frozenset({("customers", "account"), ("payments", "balance")})  # an object, not a list


@dataclass(frozen=True)
class Stage:
    kind: Literal["data", "printouts", "files", "zip"]
    domain: str
    section: str


STAGES: tuple[Stage, ...] = (
    *(Stage("data", domain, section) for domain, (sections, _) in READERS.items() for section in sections),
    *(Stage("printouts", "payments", kind) for kind in payments_export.PRINTOUTS),
    *(Stage("files", "documents", kind) for kind in documents_export.FILES),
    Stage("zip", "documents", "zip"),
)
if len(STAGES) != TOTAL_STEPS:  # the routes count the steps without importing every domain's reader
    raise RuntimeError(f"exports.TOTAL_STEPS is {TOTAL_STEPS}, the job has {len(STAGES)} stages")


@dataclass(frozen=True)
class StepMessage:
    account_id: str
    export_id: str
    step: int

    @classmethod
    def parse(cls, body: str) -> "StepMessage":
        raw = json.loads(body)
        return cls(str(raw["account_id"]), str(raw["export_id"]), int(raw["step"]))


def run(message: StepMessage, clock: Clock) -> str:
    """Do the step the message names, if the export is still at it. Returns what happened."""
    try:
        item = ExportItem.get(customer_key(message.account_id), export_key(message.export_id), consistent_read=True)
    except DoesNotExist:
        return "gone"
    if item.status not in ("requested", "working") or int(item.step) != message.step:
        return "done already"  # a repeated message, or one the sweep sent again meanwhile
    stage = STAGES[int(item.stage)]
    if stage.kind == "zip":
        return _finish(item, clock)
    next_cursor = _do(stage, item, clock)
    _advance(item, next_cursor, clock)
    return f"{stage.kind} {stage.domain}.{stage.section} page {int(item.page)}"


def fail(message: StepMessage, clock: Clock) -> None:
    """The step failed its last try: the export is failed, its contact sees it in the list."""
    try:
        item = ExportItem.get(customer_key(message.account_id), export_key(message.export_id), consistent_read=True)
    except DoesNotExist:
        return
    mark_failed(item, message.step, clock.now())


def _reader_of(item: ExportItem) -> Principal:
    """The contact who asked, as the printouts' header names them."""
    return Principal(
        principal_id=item.created_by,
        kind="customer",
        name=item.requester_name,
        email=item.requester_email,
        mobile=None,
        language=item.language,
        active=True,
        session_generation=0,
    )


def _put(key: str, body: bytes, content_type: str) -> None:
    clients.s3().put_object(Bucket=get_settings().documents_bucket, Key=key, Body=body, ContentType=content_type)


def _do(stage: Stage, item: ExportItem, clock: Clock) -> str | None:
    """One page of the stage, written under the export's prefix at keys the page fixes."""
    prefix = prefix_of(item.customer_id, item.export_id)
    if stage.kind == "data":
        _, read = READERS[stage.domain]
        page = read(item.customer_id, item.created_by, stage.section, item.cursor, clock)
        if page.items:
            body = json.dumps(page.items, ensure_ascii=False, separators=(",", ":")).encode()
            _put(f"{prefix}/data/{stage.domain}/{stage.section}/{int(item.page):05d}.json", body, "application/json")
        return page.next_cursor
    if stage.kind == "printouts":
        printed = payments_export.printout_page(stage.section, item.customer_id, item.cursor, _reader_of(item), clock)
        for pdf in printed.items:
            _put(f"{prefix}/files/printouts/{stage.section}/{pdf.file_name}", pdf.body, "application/pdf")
        return printed.next_cursor
    files = documents_export.files_page(stage.section, item.customer_id, item.cursor)
    bucket = get_settings().documents_bucket
    for file in files.items:  # a server-side copy: the file as it is now, whatever happens to it later
        clients.s3().copy_object(
            Bucket=bucket, Key=f"{prefix}/files/{file.path}", CopySource={"Bucket": bucket, "Key": file.s3_key}
        )
    return files.next_cursor


def _advance(item: ExportItem, next_cursor: str | None, clock: Clock) -> None:
    """Record the step and queue the next: the same stage's next page, or the next stage."""
    now = clock.now().isoformat()
    step = int(item.step)
    stage, page = (int(item.stage), int(item.page) + 1) if next_cursor else (int(item.stage) + 1, 0)
    try:
        item.update(
            actions=[
                ExportItem.step.set(step + 1),
                ExportItem.stage.set(stage),
                ExportItem.page.set(page),
                ExportItem.cursor.set(next_cursor) if next_cursor else ExportItem.cursor.remove(),
                ExportItem.status.set("working"),
                ExportItem.updated_at.set(now),
                ExportItem.gsi1sk.set(f"{now}#{item.export_id}"),
            ],
            condition=(ExportItem.step == step) & ExportItem.status.is_in("requested", "working"),
        )
    except UpdateError:
        logger.info("export step done by another try", extra={"export_id": item.export_id, "step": step})
        return
    send_step(item.customer_id, item.export_id, step + 1)


def _finish(item: ExportItem, clock: Clock) -> str:
    """Stream every part into the zip, then mark the export ready and tell its contact."""
    prefix = prefix_of(item.customer_id, item.export_id)
    with ZipWriter(zip_key(item.customer_id, item.export_id)) as archive:
        _write_data(archive, prefix)
        for key in _keys_under(f"{prefix}/files/"):
            archive.copy(key.removeprefix(f"{prefix}/files/"), object_chunks(key))
    now = clock.now()
    expires = now + KEPT
    try:
        with Transaction() as transaction:
            transaction.update(
                item,
                actions=[
                    ExportItem.status.set("ready"),
                    ExportItem.step.set(int(item.step) + 1),
                    ExportItem.stage.set(len(STAGES)),
                    ExportItem.size.set(archive.size),
                    ExportItem.ready_at.set(now.isoformat()),
                    ExportItem.zip_expires_at.set(expires.isoformat()),
                    ExportItem.updated_at.set(now.isoformat()),
                    ExportItem.gsi1pk.set(EXPORTS_READY),
                    ExportItem.gsi1sk.set(f"{expires.isoformat()}#{item.export_id}"),
                    ExportItem.expires_at.set(int((expires + timedelta(days=1)).timestamp())),
                ],
                condition=(ExportItem.step == item.step) & (ExportItem.status == "working"),
            )
            transaction.save(
                outbox_event(
                    "export.ready",
                    now,
                    item.customer_id,
                    export_id=item.export_id,
                    created_by=item.created_by,
                    expires_at=expires.isoformat(),
                )
            )
    except TransactWriteError:
        logger.info("export finished by another try", extra={"export_id": item.export_id})
        return "done already"
    delete_objects_under(f"{prefix}/")  # the parts; the zip (<prefix>.zip) stays
    return "ready"


def _keys_under(prefix: str) -> list[str]:
    s3 = clients.s3()
    bucket = get_settings().documents_bucket
    return [
        found["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        for found in page.get("Contents", [])
    ]


def _write_data(archive: ZipWriter, prefix: str) -> None:
    """<domain>.json for each domain: {"section": [every page's items], ...}, a page at a time."""
    pages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in _keys_under(f"{prefix}/data/"):
        domain, section, _ = key.removeprefix(f"{prefix}/data/").split("/", 2)
        pages[(domain, section)].append(key)
    for domain, (sections, _) in READERS.items():
        with archive.entry(f"{domain}.json") as out:
            out.write(b"{")
            for index, section in enumerate(sections):
                out.write(b"," if index else b"")
                out.write(json.dumps(section).encode() + b":")
                single = (domain, section) in ONE_ITEM
                out.write(b"" if single else b"[")
                written = False
                for key in sorted(pages[(domain, section)]):
                    items = b"".join(object_chunks(key))[1:-1]  # one page: a JSON list's insides
                    if items:
                        out.write((b"," if written else b"") + items)
                        written = True
                out.write((b"" if written else b"null") if single else b"]")
            out.write(b"}")
