"""The documents domain's part of erasing a person (core.erasure): the files they uploaded.

- an attachment they uploaded to a ticket or a message (uploaded_by is them), on any account
  of theirs: its object (every version: the bucket is versioned) and its item are deleted,
  and so is the record of its upload (UPLOAD#id: its id ends the attachment's gsi1 sort key),
  which names the file for a week;
- a file sent for a document request of an account that is the person: its object is
  deleted; the request stays, the business's record that it asked and was answered, with
  its file_name replaced and no file to download;
- an upload of theirs never confirmed (the pending list, gsi1 UPLOADS#pending, every
  customer's: read page by page): its object and item are deleted.
- (erase_exports, the job's last step) every export of an account of theirs (its zip lists the
  account's contacts, them among them; its item names the admin who asked): the zips and their
  parts under exports/<account>/, every version, then the items; the admins may ask again.
The documents the business shared with an account are the business's own, and stay.
What was removed is logged with the erasure's counts: the core's StepDone only counts kept.
"""

from typing import cast

from pynamodb.expressions.update import Action

from functions.core.erasure import ERASED_PERSON, StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    AnyItem,
    LastKey,
    Walk,
    Walked,
    delete_items,
    delete_versions_under,
    deleted_by_page,
    first_page,
    rewrite,
    walk_step,
)
from functions.core.logging import logger
from functions.core.principal import customer_key
from functions.core.storage import delete_object
from functions.core.table import PortalItem
from functions.documents.models import (
    EXPORT,
    PENDING_UPLOADS,
    UPLOAD,
    AttachmentItem,
    DocumentRequestItem,
    UploadItem,
    attachments_of,
    requests_of,
    upload_key,
)


def _removed(kind: str, count: int) -> None:
    if count:
        logger.info("erasure removed files", extra={"kind": kind, "count": count})


def _upload_of(attachment: AttachmentItem) -> AnyItem | None:
    """The upload an attachment was made from: its gsi1 sort key is `<when>#<upload id>`."""
    upload_id = (attachment.gsi1sk or "").rpartition("#")[2]
    return AnyItem(upload_key(upload_id), UPLOAD) if upload_id else None


def _attachments(subject: Subject, account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = AttachmentItem.by_customer.query(attachments_of(account_id), page_size=size, last_evaluated_key=after)
        raw, last = first_page(query)
        theirs = [
            attachment
            for attachment in map(AttachmentItem.from_raw_data, raw)
            if attachment.uploaded_by == subject.contact_id
        ]
        for attachment in theirs:
            delete_object(attachment.s3_key)  # the object first: an item left names it for a rerun
        uploads = [upload for upload in map(_upload_of, theirs) if upload is not None]
        delete_items(cast(list[PortalItem], theirs))
        delete_items(uploads)
        _removed("attachments", len(theirs))
        return Walked(after=last)

    return Walk(page)


def _request_files(account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = DocumentRequestItem.by_customer.query(requests_of(account_id), page_size=size, last_evaluated_key=after)
        raw, last = first_page(query)
        answered = [request for request in map(DocumentRequestItem.from_raw_data, raw) if request.s3_key]
        for request in answered:
            delete_object(str(request.s3_key))
            actions: list[Action] = [
                DocumentRequestItem.s3_key.remove(),
                DocumentRequestItem.file_name.set(ERASED_PERSON),
            ]
            rewrite(request, actions)
        _removed("request_files", len(answered))
        return Walked(after=last)

    return Walk(page)


def _pending_uploads(subject: Subject, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        query = UploadItem.pending.query(PENDING_UPLOADS, page_size=size, last_evaluated_key=after)
        raw, last = first_page(query)
        theirs = [upload for upload in map(UploadItem.from_raw_data, raw) if upload.uploaded_by == subject.contact_id]
        for upload in theirs:
            delete_object(upload.s3_key)
        delete_items(cast(list[PortalItem], theirs))
        _removed("pending_uploads", len(theirs))
        return Walked(after=last)

    return Walk(page)


EXPORTS_FOLDER = "exports/"  # functions/documents/exports.py keeps each account's under exports/<account>/


def _export_files(account_id: str, size: int) -> Walk:
    def page(after: LastKey | None) -> Walked:
        more = delete_versions_under(f"{EXPORTS_FOLDER}{account_id}/", size)
        return Walked(after={"more": True} if more else None)

    return Walk(page)


def erase_documents(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the files the person uploaded: objects and items deleted, or a request's
    file taken away with its name replaced."""
    walks = [
        # Half a page of attachments: each deletes its upload's record too.
        *(_attachments(subject, account_id, max(1, page_size // 2)) for account_id in subject.account_ids),
        *(_request_files(account_id, page_size) for account_id in subject.own_account_ids),
        _pending_uploads(subject, page_size),
    ]
    return walk_step(walks, cursor)


def erase_exports(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the exports of the person's accounts: zips and parts (every version), then
    their items. Run after the person has left the accounts (the customers domain's step), so
    an export asked for meanwhile, which lists them, is gone too and a later one does not."""
    walks = [
        # The files first: an item left behind names its zip for a rerun.
        *(_export_files(account_id, page_size) for account_id in subject.account_ids),
        *(deleted_by_page(customer_key(a), page_size, prefix=EXPORT) for a in subject.account_ids),
    ]
    return walk_step(walks, cursor)
