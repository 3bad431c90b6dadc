"""The documents domain's own data for the account's data export (functions/documents/exports.py):
the metadata of shared documents, document requests and attachments (one page a call, like
every domain's export.py), and the files themselves, as (name in the zip, object key) pages.

Every read is of the account's own index (gsi1 CUSTOMER#<account>#...): nothing of another
account can be on it.
"""

from dataclasses import dataclass
from typing import Any, cast

from functions.core.clock import Clock
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.storage import safe_file_name
from functions.documents import attachments, library, requests
from functions.documents.models import (
    AttachmentItem,
    DocumentItem,
    DocumentRequestItem,
    attachments_of,
    requests_of,
    shared_with,
)

SECTIONS = ("documents", "requests", "attachments")
FILES = ("documents", "requests", "attachments")
PAGE = 50
FILES_PAGE = 10  # objects copied in one step


@dataclass(frozen=True)
class StoredFile:
    """One of the account's files: where it goes in the zip, and the object it is."""

    path: str
    s3_key: str


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's `section`: shared documents, requests, or attachments."""
    if section == "documents":
        shared = library.documents_of(account_id, None, cursor, PAGE)
        return Page[dict[str, Any]](
            items=[d.model_dump(mode="json") for d in shared.items], next_cursor=shared.next_cursor
        )
    if section == "requests":
        asked = requests.requests_for(account_id, cursor, PAGE)
        return Page[dict[str, Any]](
            items=[r.model_dump(mode="json") for r in asked.items], next_cursor=asked.next_cursor
        )
    if section == "attachments":
        results: Any = _attachments(account_id, cursor, PAGE)
        items = [attachments.to_attachment(cast(AttachmentItem, a)).model_dump(mode="json") for a in results]
        return Page[dict[str, Any]](items=items, next_cursor=encode_cursor(results.last_evaluated_key))
    raise LookupError(f"the documents domain exports no {section}")


def files_page(kind: str, account_id: str, cursor: str | None) -> Page[StoredFile]:
    """One page of the account's files of `kind`: each shared document's latest version, each
    file received for a request, each attachment; under <kind>/<its id>/<its name>."""
    results: Any
    if kind == "documents":
        results = DocumentItem.by_customer.query(
            shared_with(account_id), limit=FILES_PAGE, last_evaluated_key=decode_cursor(cursor)
        )
        found = [(d.document_id, d.file_name, d.s3_key) for d in cast(list[DocumentItem], list(results))]
    elif kind == "requests":
        results = DocumentRequestItem.by_customer.query(
            requests_of(account_id), limit=FILES_PAGE, last_evaluated_key=decode_cursor(cursor)
        )
        found = [
            (r.request_id, r.file_name or "file", r.s3_key)
            for r in cast(list[DocumentRequestItem], list(results))
            if r.status == "received" and r.s3_key
        ]
    elif kind == "attachments":
        results = _attachments(account_id, cursor, FILES_PAGE)
        found = [(a.attachment_id, a.file_name, a.s3_key) for a in cast(list[AttachmentItem], list(results))]
    else:
        raise LookupError(f"the documents domain keeps no {kind} files")
    files = [StoredFile(f"{kind}/{item_id}/{safe_file_name(name)}", str(key)) for item_id, name, key in found]
    return Page[StoredFile](items=files, next_cursor=encode_cursor(results.last_evaluated_key))


def _attachments(account_id: str, cursor: str | None, limit: int) -> Any:
    return AttachmentItem.by_customer.query(
        attachments_of(account_id), limit=limit, last_evaluated_key=decode_cursor(cursor)
    )
