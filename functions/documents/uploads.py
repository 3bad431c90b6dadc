"""Uploads: a presigned POST out, then a confirm step that trusts only what S3 really holds.

start() records the upload (who, what for, the key it fixes) and signs a POST for it.
confirm() reads the stored object back: its size, declared type and first bytes must match
what was announced and allowed, or the object is deleted and the upload refused. Only then
does the file become what it was for (a document version, a request's file, an attachment),
in one transaction with the upload's own "done". An upload nobody confirms is swept.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from pydantic import BaseModel
from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound, PayloadTooLarge, UnsupportedFileType
from functions.core.ids import new_id
from functions.core.settings import get_settings
from functions.core.storage import StoredObject, delete_object, new_key, safe_file_name, stored_object, upload_form
from functions.core.transactions import Transaction
from functions.documents.filetypes import looks_like
from functions.documents.models import PENDING_UPLOADS, UPLOAD, UploadItem, upload_key
from functions.documents.schemas import FileFacts, UploadStarted

# Long after the 15-minute form has expired, so a slow confirm is never raced by the sweep.
ABANDONED_AFTER = timedelta(days=1)
DONE_KEPT_SECONDS = 7 * 86400  # a repeated confirm answers with the same result this long

# purpose -> what the file becomes: adds its writes to the transaction, returns the reply
Finisher = Callable[[UploadItem, TransactWrite, Clock], BaseModel]
# purpose -> the reply for an upload already confirmed
Replay = Callable[[UploadItem, Clock], BaseModel]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _too_large(size: int, max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"This file is {megabytes(size)}; files can be at most {megabytes(max_bytes)}.",
        code="file_too_large",
        values={"megabytes": max_bytes // (1024 * 1024)},
    )


def start(
    purpose: str,
    customer_id: str,
    by: str,
    facts: FileFacts,
    clock: Clock,
    *,
    title: str | None = None,
    doc_type: str | None = None,
    document_id: str | None = None,
    request_id: str | None = None,
) -> UploadStarted:
    """Record an upload and sign the POST the browser sends the file with.

    title and doc_type name a new shared document, document_id one to add a version to,
    request_id the request the file answers.
    """
    max_bytes = get_settings().upload_max_bytes
    if facts.size > max_bytes:
        raise _too_large(facts.size, max_bytes)
    upload_id = new_id()
    key = new_key(f"customers/{customer_id}/{purpose}")
    UploadItem(
        upload_key(upload_id),
        UPLOAD,
        upload_id=upload_id,
        purpose=purpose,
        customer_id=customer_id,
        uploaded_by=by,
        s3_key=key,
        file_name=safe_file_name(facts.file_name),
        content_type=facts.content_type,
        size=facts.size,
        status="pending",
        gsi1pk=PENDING_UPLOADS,
        gsi1sk=(clock.now() + ABANDONED_AFTER).isoformat(),
        title=title,
        doc_type=doc_type,
        document_id=document_id,
        request_id=request_id,
    ).save(condition=UploadItem.pk.does_not_exist())
    return UploadStarted(upload_id=upload_id, form=upload_form(key, facts.content_type, max_bytes))


def upload_of(upload_id: str, by: str, purposes: set[str]) -> UploadItem:
    """An upload this person started for one of these purposes; anyone else's is 'no such upload'."""
    try:
        item = UploadItem.get(upload_key(upload_id), UPLOAD, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such upload.") from exc
    if item.uploaded_by != by or item.purpose not in purposes:
        raise NotFound("There is no such upload.")
    return item


def confirm(item: UploadItem, finish: Finisher, replay: Replay, clock: Clock) -> BaseModel:
    """Check the stored file and make it what it was uploaded for; a repeat answers the same."""
    if item.status == "done":
        return replay(item, clock)
    if item.status != "pending":
        raise Conflict("This upload was abandoned; upload the file again.", code="upload_abandoned")
    stored = stored_object(item.s3_key)
    if stored is None:
        raise Conflict("The file has not arrived yet: upload it, then confirm.", code="upload_not_arrived")
    refusal = _refusal(item, stored)
    if refusal is not None:
        # Delete the object first: if this stops halfway the pending upload still names the
        # object, and the sweep removes both.
        delete_object(item.s3_key)
        with suppress(DeleteError):  # the sweep claimed it meanwhile: it finishes the same way
            item.delete(condition=UploadItem.status == "pending")
        raise refusal
    try:
        with Transaction() as transaction:
            result = finish(item, transaction, clock)
            transaction.update(
                item,
                actions=[
                    UploadItem.status.set("done"),
                    UploadItem.result_id.set(_result_id(result)),
                    UploadItem.gsi1pk.remove(),
                    UploadItem.gsi1sk.remove(),
                    UploadItem.expires_at.set(int(clock.now().timestamp()) + DONE_KEPT_SECONDS),
                ],
                condition=UploadItem.status == "pending",
            )
    except TransactWriteError as exc:
        raise Conflict(
            "This changed while the upload was being confirmed; confirm again.", code="upload_changed_meanwhile"
        ) from exc
    return result


@dataclass(frozen=True)
class UploadedFile:
    """An upload as another domain sees it: which upload, where its file is kept, what it is."""

    upload_id: str
    s3_key: str
    content_type: str
    file_name: str
    size: int


# what a file uploaded for another domain becomes: adds its writes, returns the reply
FileFinisher = Callable[[UploadedFile, TransactWrite, Clock], BaseModel]
# the reply for such a file already confirmed
FileReplay = Callable[[UploadedFile, Clock], BaseModel]


def confirm_file(
    upload_id: str, by: str, purpose: str, finish: FileFinisher, replay: FileReplay, clock: Clock
) -> tuple[UploadedFile, BaseModel]:
    """Confirm a file this person uploaded for another domain's `purpose`: the file, and what it became."""
    item = upload_of(upload_id, by, {purpose})
    uploaded = UploadedFile(
        upload_id=item.upload_id,
        s3_key=item.s3_key,
        content_type=item.content_type,
        file_name=item.file_name,
        size=int(item.size),
    )
    result = confirm(
        item,
        lambda _item, transaction, at: finish(uploaded, transaction, at),
        lambda _item, at: replay(uploaded, at),
        clock,
    )
    return uploaded, result


def _result_id(result: BaseModel) -> str:
    for name in ("document_id", "request_id", "attachment_id", "file_id", "upload_id"):
        if hasattr(result, name):
            return str(getattr(result, name))
    raise TypeError(f"{type(result).__name__} names nothing an upload can become")


def _refusal(item: UploadItem, stored: StoredObject) -> Exception | None:
    """Why the stored object cannot be accepted, or None. Size first: S3 may have taken more."""
    max_bytes = get_settings().upload_max_bytes
    if stored.size > max_bytes:
        return _too_large(stored.size, max_bytes)
    if stored.size != item.size:
        return Conflict(
            f"The file that arrived is {stored.size} bytes, not the {item.size} announced; upload it again.",
            code="upload_size_mismatch",
        )
    if stored.content_type != item.content_type or not looks_like(item.content_type, stored.head):
        return UnsupportedFileType(f"This file is not a {item.content_type} file, or not one the portal accepts.")
    return None


def sweep_abandoned(clock: Clock) -> int:
    """Delete uploads nobody confirmed in time, object first. Returns how many."""
    swept = 0
    now = clock.now().isoformat()
    for found in UploadItem.pending.query(PENDING_UPLOADS, UploadItem.gsi1sk < now):
        item = cast(UploadItem, found)
        if item.status == "pending":
            # Claim it first, so a confirm arriving now is refused instead of losing its file.
            try:
                item.update(actions=[UploadItem.status.set("abandoned")], condition=UploadItem.status == "pending")
            except UpdateError:  # confirmed or claimed meanwhile: not ours to sweep
                continue
        delete_object(item.s3_key)
        item.delete()
        swept += 1
    return swept
