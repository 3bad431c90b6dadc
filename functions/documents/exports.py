"""Exports of an account's data, as its admins ask for them: the request, the list, the
download, and what the sweep does for them (resume one that stopped, delete one expired).

The zip is built by functions/documents/export_steps.py, a message of the exports queue a
step (docs/export.md). An export lives under its account's keys (CUSTOMER#<account>,
EXPORT#<id>): another account's id is a 404 like a missing one.
"""

import json
from datetime import datetime, timedelta
from typing import Any, cast

from pynamodb.exceptions import TransactWriteError, UpdateError

from functions.core import audit, clients, idempotency
from functions.core.clock import Clock
from functions.core.errors import ConfigurationError, Conflict
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.logging import logger
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import Principal, customer_key
from functions.core.settings import get_settings
from functions.core.storage import Download, download_url
from functions.core.table import owned_item
from functions.core.transactions import Transaction
from functions.documents.models import EXPORT, EXPORTS_READY, EXPORTS_WORKING, ExportItem, export_key
from functions.documents.schemas import Export

KIND = "EXPORT_ASKED"  # the Idempotency-Key kind of export requests (its sk must not start EXPORT#)
KEPT = timedelta(days=7)  # a ready zip, then the sweep deletes it
STALLED = timedelta(minutes=15)  # a working export that has not moved for this long is resumed
MAX_RESUMES = 3  # then it is failed
DAY_SECONDS = 86400
# The job's stages (export_steps.STAGES, which checks it): each domain's lists, the printouts,
# the files, the zip. Counted here so the routes import no domain's reader.
TOTAL_STEPS = 22


def prefix_of(account_id: str, export_id: str) -> str:
    """Where an export's parts are kept while it is built; its zip is <prefix>.zip."""
    return f"exports/{account_id}/{export_id}"


def zip_key(account_id: str, export_id: str) -> str:
    return f"{prefix_of(account_id, export_id)}.zip"


def to_export(item: ExportItem) -> Export:
    total = TOTAL_STEPS
    return Export(
        export_id=item.export_id,
        status=item.status,
        done_steps=total if item.status == "ready" else min(int(item.stage), total),
        total_steps=total,
        size=None if item.size is None else int(item.size),
        created_at=item.created_at,
        ready_at=item.ready_at,
        expires_at=item.zip_expires_at,
    )


def export_item(account_id: str, export_id: str) -> ExportItem:
    return owned_item(
        ExportItem, customer_key(account_id), export_key(export_id), account_id, "There is no such export."
    )


def request_export(admin: Principal, key: str, clock: Clock) -> Export:
    """Ask for a new export of the admin's account; its first step is queued. Once per Idempotency-Key."""
    account_id = admin.account_id
    earlier = idempotency.made_with(account_id, KIND, key)
    if earlier is not None:
        return to_export(export_item(account_id, earlier))
    now = clock.now()
    export_id = new_id(int(now.timestamp() * 1000))
    item = ExportItem(
        customer_key(account_id),
        export_key(export_id),
        export_id=export_id,
        customer_id=account_id,
        created_by=admin.principal_id,
        requester_name=admin.name,
        requester_email=admin.email,
        language=admin.language,
        status="requested",
        created_at=now.isoformat(),
        updated_at=now.isoformat(),
        gsi1pk=EXPORTS_WORKING,
        gsi1sk=f"{now.isoformat()}#{export_id}",
        # The record outlives its zip by a day; one that never finished goes the same way.
        expires_at=int((now + KEPT).timestamp()) + DAY_SECONDS,
    )
    try:
        with Transaction() as transaction:
            transaction.save(item, condition=ExportItem.pk.does_not_exist())
            transaction.save(
                idempotency.marker(account_id, KIND, key, export_id, now),
                condition=IdempotencyItem.pk.does_not_exist(),
            )
    except TransactWriteError:
        raced = idempotency.made_with(account_id, KIND, key)
        if raced is None:
            raise
        return to_export(export_item(account_id, raced))
    audit.record("export_requested", admin, [account_id], now, target=("export", export_id, None))
    send_step(account_id, export_id, 0)
    return to_export(item)


def send_step(account_id: str, export_id: str, step: int) -> None:
    """Queue step `step` of an export (lost in between: the sweep sends it again)."""
    queue_url = get_settings().exports_queue_url
    if not queue_url:
        raise ConfigurationError("EXPORTS_QUEUE_URL: exports need their queue")
    body = json.dumps({"account_id": account_id, "export_id": export_id, "step": step}, separators=(",", ":"))
    clients.sqs().send_message(QueueUrl=queue_url, MessageBody=body)


def exports_of(account_id: str, cursor: str | None, limit: int) -> Page[Export]:
    """The account's exports, newest first: one Query."""
    results: Any = ExportItem.query(
        customer_key(account_id),
        ExportItem.sk.startswith(EXPORT),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = [to_export(cast(ExportItem, item)) for item in results]
    return Page[Export](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def download(admin: Principal, export_id: str, clock: Clock) -> Download:
    """A 5-minute link to a ready export's zip; 409 before it is ready."""
    account_id = admin.account_id
    item = export_item(account_id, export_id)
    if item.status != "ready":
        raise Conflict(
            f"This export is {item.status}; it can be downloaded once it is ready.",
            code="export_not_ready",
            values={"status": item.status},
        )
    day = item.created_at[:10]
    link = download_url(zip_key(account_id, export_id), f"account-data-{day}.zip", "application/zip")
    audit.record("export_downloaded", admin, [account_id], clock.now(), target=("export", export_id, None))
    return link


# --- the sweep ----------------------------------------------------------------------------


def resume_stalled(clock: Clock) -> int:
    """Send again the step of each export that stopped moving (a message lost after its step was
    recorded, or never sent); fail one resumed too often. Returns how many were resumed."""
    now = clock.now()
    stalled = ExportItem.by_state.query(EXPORTS_WORKING, ExportItem.gsi1sk < (now - STALLED).isoformat())
    resumed = 0
    for found in stalled:
        item = cast(ExportItem, found)
        if int(item.resumed) >= MAX_RESUMES:
            mark_failed(item, int(item.step), now)
            continue
        try:
            item.update(
                actions=[
                    ExportItem.resumed.add(1),
                    ExportItem.updated_at.set(now.isoformat()),
                    ExportItem.gsi1sk.set(f"{now.isoformat()}#{item.export_id}"),
                ],
                condition=(ExportItem.step == item.step) & ExportItem.status.is_in("requested", "working"),
            )
        except UpdateError:  # it moved meanwhile: nothing to resume
            logger.info("export moved before its resume", extra={"export_id": item.export_id})
            continue
        send_step(item.customer_id, item.export_id, int(item.step))
        resumed += 1
    return resumed


def mark_failed(item: ExportItem, step: int, now: datetime) -> None:
    """The export stops at `step` (unless it moved on meanwhile); its parts go when it expires."""
    try:
        item.update(
            actions=[
                ExportItem.status.set("failed"),
                ExportItem.updated_at.set(now.isoformat()),
                # Listed as failed for as long as a zip is kept, then deleted with its parts.
                ExportItem.gsi1pk.set(EXPORTS_READY),
                ExportItem.gsi1sk.set(f"{(now + KEPT).isoformat()}#{item.export_id}"),
            ],
            condition=(ExportItem.step == step) & ExportItem.status.is_in("requested", "working"),
        )
    except UpdateError:
        logger.info("export moved on before it was failed", extra={"export_id": item.export_id})


def delete_expired(clock: Clock) -> int:
    """Delete the zip and parts of each export past its time, then its record. Returns how many."""
    now = clock.now()
    expired = [
        cast(ExportItem, item) for item in ExportItem.by_state.query(EXPORTS_READY, ExportItem.gsi1sk < now.isoformat())
    ]
    for item in expired:
        delete_objects_under(prefix_of(item.customer_id, item.export_id))  # the zip and the parts
        item.delete()
    return len(expired)


def delete_objects_under(prefix: str) -> None:
    """Every version of every object whose key starts with `prefix` (the bucket is versioned)."""
    s3 = clients.s3()
    bucket = get_settings().documents_bucket
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        versions: list[Any] = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
        ]
        if versions:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": versions, "Quiet": True})
