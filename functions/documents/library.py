"""Documents the business shares with a customer: versions, the "new" badge, removal.

Removal is two stores (S3 and DynamoDB) that no transaction spans, so it is done in an
order that a crash at any point leaves repairable: mark the document "deleting" (it leaves
the customer's list at once), delete its objects, delete its items, the document's own
item last. The sweep finishes any document left marked.
"""

from contextlib import suppress
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.core import audit, summary
from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound, invalid_field
from functions.core.events import outbox_event
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, one_read
from functions.core.principal import Principal
from functions.core.storage import Download, delete_object, download_url
from functions.core.table import owned_item
from functions.core.transactions import Transaction
from functions.documents.models import (
    DELETING,
    DOCUMENT,
    DocumentItem,
    DocumentVersionItem,
    UploadItem,
    document_key,
    shared_with,
    version_key,
)
from functions.documents.schemas import DOCUMENT_TYPES, Document, DocumentHistory, DocumentVersion


def to_document(item: DocumentItem) -> Document:
    return Document(
        document_id=item.document_id,
        title=item.title,
        doc_type=item.doc_type,
        file_name=item.file_name,
        content_type=item.content_type,
        size=int(item.size),
        version=int(item.version),
        shared_at=item.shared_at,
        new=item.opened_at is None,
        opened_at=item.opened_at,
    )


def document_item(document_id: str, customer_id: str | None = None) -> DocumentItem:
    """A shared document; with customer_id, only if it is that customer's."""
    item = owned_item(DocumentItem, document_key(document_id), DOCUMENT, customer_id, "There is no such document.")
    if item.status != "shared":  # being removed: gone already for everyone
        raise NotFound("There is no such document.")
    return item


def documents_of(customer_id: str, doc_type: str | None, cursor: str | None, limit: int) -> Page[Document]:
    """The customer's documents, latest shared first, optionally of one type (one read: see
    core.paging.one_read)."""
    if doc_type is not None and doc_type not in DOCUMENT_TYPES:
        raise invalid_field(
            "type", "not_allowed", f"type must be one of {', '.join(DOCUMENT_TYPES)}.", choices=[*DOCUMENT_TYPES]
        )
    results: Any = DocumentItem.by_customer.query(
        shared_with(customer_id),
        filter_condition=(DocumentItem.doc_type == doc_type) if doc_type else None,
        scan_index_forward=False,
        page_size=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    found, next_cursor = one_read(DocumentItem, results)
    return Page[Document](items=[to_document(item) for item in found], next_cursor=next_cursor)


def new_count(customer_id: str) -> int:
    return int(summary.summary_of(customer_id).new_documents)


def share(upload: UploadItem, transaction: TransactWrite, clock: Clock) -> Document:
    """The uploaded file as a new document, or as the next version of upload.document_id."""
    now = clock.now().isoformat()
    customer_id = upload.customer_id
    if upload.document_id:
        current = document_item(upload.document_id, customer_id)
        document_id, version = current.document_id, int(current.version) + 1
        title, doc_type = current.title, current.doc_type
        # Opened as read, too: the new-documents count goes up only if it was not new already.
        was_opened = current.opened_at is not None
        opened = DocumentItem.opened_at.exists() if was_opened else DocumentItem.opened_at.does_not_exist()
        condition = (DocumentItem.status == "shared") & (DocumentItem.version == current.version) & opened
        newly_new = int(was_opened)
    else:
        document_id, version = new_id(), 1
        title, doc_type = upload.title or upload.file_name, upload.doc_type or "other"
        condition = DocumentItem.pk.does_not_exist()
        newly_new = 1
    file: dict[str, Any] = {  # the same object for the document and its version
        "file_name": upload.file_name,
        "content_type": upload.content_type,
        "size": upload.size,
        "s3_key": upload.s3_key,
    }
    document = DocumentItem(
        document_key(document_id),
        DOCUMENT,
        document_id=document_id,
        customer_id=customer_id,
        title=title,
        doc_type=doc_type,
        status="shared",
        version=version,
        shared_at=now,
        shared_by=upload.uploaded_by,
        opened_at=None,  # a new version is new again
        gsi1pk=shared_with(customer_id),
        gsi1sk=f"{now}#{document_id}",
        **file,
    )
    transaction.save(document, condition=condition)
    summary.count(transaction, customer_id, new_documents=newly_new)
    transaction.save(
        DocumentVersionItem(
            document_key(document_id),
            version_key(version),
            version=version,
            shared_at=now,
            shared_by=upload.uploaded_by,
            **file,
        ),
        condition=DocumentVersionItem.pk.does_not_exist(),
    )
    transaction.save(
        outbox_event("document.shared", clock.now(), customer_id, document_id=document_id, title=title, version=version)
    )
    return to_document(document)


def replay_share(upload: UploadItem, clock: Clock) -> Document:
    return to_document(document_item(str(upload.result_id)))


def download(actor: Principal, document_id: str, clock: Clock) -> Download:
    """The customer's download of the latest version; the first one clears the "new" badge."""
    customer_id = actor.account_id
    item = document_item(document_id, customer_id)
    if item.opened_at is None:
        with suppress(TransactWriteError), Transaction() as transaction:
            transaction.update(
                item,
                actions=[DocumentItem.opened_at.set(clock.now().isoformat())],
                # Only the version being downloaded: one shared a moment ago stays new.
                condition=(DocumentItem.version == item.version)
                & (DocumentItem.status == "shared")
                & DocumentItem.opened_at.does_not_exist(),
            )
            summary.count(transaction, customer_id, new_documents=-1)
    link = download_url(item.s3_key, item.file_name, item.content_type)
    audit.downloaded(actor, customer_id, "document", document_id, clock.now(), version=int(item.version))
    return link


def history(document_id: str) -> DocumentHistory:
    item = document_item(document_id)
    versions = list(
        DocumentVersionItem.query(
            document_key(document_id), DocumentVersionItem.sk.startswith("VERSION#"), scan_index_forward=False
        )
    )
    return DocumentHistory(
        document=to_document(item),
        versions=[
            DocumentVersion(
                version=int(v.version),
                file_name=v.file_name,
                content_type=v.content_type,
                size=int(v.size),
                shared_at=v.shared_at,
            )
            for v in versions
        ],
    )


def version_download(actor: Principal, document_id: str, version: int, clock: Clock) -> Download:
    """Any version, for operators (the customer downloads the latest)."""
    document = document_item(document_id)
    try:
        item = DocumentVersionItem.get(document_key(document_id), version_key(version), consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("This document has no such version.") from exc
    link = download_url(item.s3_key, item.file_name, item.content_type)
    audit.downloaded(actor, document.customer_id, "document", document_id, clock.now(), version=version)
    return link


def unshare(document_id: str, clock: Clock) -> None:
    """Take a document away from its customer: every version, object and item."""
    for _ in range(3):  # again if the customer opened it meanwhile (the new count depends on it)
        item = document_item(document_id)
        if item.status != "shared":
            raise NotFound("There is no such document.")
        unopened = item.opened_at is None
        opened = DocumentItem.opened_at.does_not_exist() if unopened else DocumentItem.opened_at.exists()
        try:
            with Transaction() as transaction:
                transaction.update(
                    item,
                    actions=[
                        DocumentItem.status.set("deleting"),
                        DocumentItem.gsi1pk.set(DELETING),
                        DocumentItem.gsi1sk.set(f"{clock.now().isoformat()}#{document_id}"),
                    ],
                    condition=(DocumentItem.status == "shared") & opened,
                )
                summary.count(transaction, item.customer_id, new_documents=-int(unopened))
        except TransactWriteError:
            continue
        finish_removal(document_id)
        return
    raise Conflict("This document is changing; try again in a moment.", code="document_busy")


def finish_removal(document_id: str) -> None:
    """Objects first, then items, the document's own item last: safe to repeat from any point."""
    versions = list(
        DocumentVersionItem.query(
            document_key(document_id), DocumentVersionItem.sk.startswith("VERSION#"), consistent_read=True
        )
    )
    for version in versions:
        delete_object(version.s3_key)
    for version in versions:
        version.delete()
    DocumentItem(document_key(document_id), DOCUMENT).delete()


def sweep_removals() -> int:
    """Finish every removal a crash left halfway. Returns how many."""
    stuck = [cast(DocumentItem, item).document_id for item in DocumentItem.by_customer.query(DELETING)]
    for document_id in stuck:
        finish_removal(document_id)
    return len(stuck)
