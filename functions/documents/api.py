"""Documents for customers (shared with them, asked of them, attachments) and for operators.

Every route takes ids, never S3 keys: the service reads the item, checks whose it is, and
signs a URL for its object.
"""

from functions.core.clock import SystemClock
from functions.core.errors import NotFound
from functions.core.http import Routes, idempotency_key
from functions.core.paging import PageQuery
from functions.core.principal import Principal, require_customer
from functions.core.shape import Schema
from functions.core.storage import Download
from functions.documents import attachments, exports, library, requests, uploads
from functions.documents.schemas import (
    AttachmentUpload,
    ConfirmedUpload,
    DocumentHistory,
    DocumentPage,
    DocumentQuery,
    DocumentRequest,
    DocumentRequestPage,
    Export,
    ExportPage,
    NewDocumentRequest,
    NewShare,
    NewVersion,
    RequestUpload,
    UploadStarted,
)

documents_api = Routes(__name__, tag="documents", part="documents", access="customer")
# Files attached to tickets, messages and chats, and the confirm step every customer upload
# ends with: the support parts use them, so switching documents off must not take them away.
uploads_api = Routes(__name__, tag="documents", access="customer", area="files")
staff_api = Routes(__name__, tag="documents", access="staff")
# The account's data export: the account's to hand out, so its admins' (area contacts).
exports_api = Routes(__name__, tag="documents", access="customer", area="contacts")
clock = SystemClock()
_UPLOAD_ERRORS = (404, 409, 413)
_CONFIRM_ERRORS = (404, 409, 413, 415)
# what a confirmed upload becomes, and how a repeated confirm answers
_PURPOSES: dict[str, tuple[uploads.Finisher, uploads.Replay]] = {
    "share": (library.share, library.replay_share),
    "request": (requests.receive, requests.replay_receive),
    "attachment": (attachments.attach, attachments.replay_attach),
}


class Unshared(Schema):
    document_id: str


def _document_page(customer_id: str, query: DocumentQuery) -> DocumentPage:
    page = library.documents_of(customer_id, query.doc_type, query.cursor, query.limit)
    return DocumentPage(items=page.items, next_cursor=page.next_cursor, new_count=library.new_count(customer_id))


def _request_page(customer_id: str, query: PageQuery) -> DocumentRequestPage:
    page = requests.requests_for(customer_id, query.cursor, query.limit)
    return DocumentRequestPage(items=page.items, next_cursor=page.next_cursor)


def _confirm(upload_id: str, by: str, purposes: set[str]) -> ConfirmedUpload:
    item = uploads.upload_of(upload_id, by, purposes)
    finish, replay = _PURPOSES[item.purpose]
    result = uploads.confirm(item, finish, replay, clock)
    return ConfirmedUpload.of(upload_id, result)


# --- customers -----------------------------------------------------------------------------


@documents_api.get("/", "Documents shared with me, latest first, with how many are new")
def my_documents(query: DocumentQuery, principal: Principal) -> DocumentPage:
    return _document_page(principal.account_id, query)


@documents_api.get(
    "/{document_id}/download",
    "Download one of my documents (a 5-minute link); the first download clears 'new'",
    errors=(404,),
)
def download_my_document(document_id: str, principal: Principal) -> Download:
    return library.download(principal, document_id, clock)


@documents_api.get("/document-requests", "Documents the business asked me for, newest first")
def my_document_requests(query: PageQuery, principal: Principal) -> DocumentRequestPage:
    return _request_page(principal.account_id, query)


@documents_api.get(
    "/document-requests/{request_id}/download",
    "Download the file I sent for a request (a 5-minute link)",
    errors=(404, 409),
)
def download_my_sent_file(request_id: str, principal: Principal) -> Download:
    return requests.received_file(request_id, principal, clock)


@documents_api.post(
    "/document-requests/{request_id}/uploads",
    "Start uploading the file for a request (a presigned POST)",
    status=201,
    errors=_UPLOAD_ERRORS,
)
def start_request_upload(request_id: str, body: RequestUpload, principal: Principal) -> UploadStarted:
    requests.open_request(request_id, principal.account_id)
    return uploads.start("request", principal.account_id, principal.principal_id, body, clock, request_id=request_id)


@uploads_api.post(
    "/attachments/uploads",
    "Start uploading a file to attach to a ticket or message (a presigned POST)",
    status=201,
    errors=_UPLOAD_ERRORS,
)
def start_attachment_upload(body: AttachmentUpload, principal: Principal) -> UploadStarted:
    return uploads.start("attachment", principal.account_id, principal.principal_id, body, clock)


@uploads_api.post(
    "/uploads/{upload_id}/confirm",
    "Confirm my upload once the file is posted: it is checked, then received",
    errors=_CONFIRM_ERRORS,
)
def confirm_my_upload(upload_id: str, principal: Principal) -> ConfirmedUpload:
    return _confirm(upload_id, principal.principal_id, {"request", "attachment"})


@uploads_api.get(
    "/attachments/{attachment_id}/download", "Download one of my attachments (a 5-minute link)", errors=(404,)
)
def download_my_attachment(attachment_id: str, principal: Principal) -> Download:
    return attachments.attachment_download(attachment_id, principal, clock)


# --- the account's data export ------------------------------------------------------------


@exports_api.post(
    "/exports",
    "Ask for an export of the account's data (a zip, made in steps; once per Idempotency-Key)",
    status=201,
    headers=("Idempotency-Key",),
)
def request_export(principal: Principal) -> Export:
    key = idempotency_key(exports_api)
    return exports.request_export(principal, key, clock)


@exports_api.get("/exports", "The account's data exports, newest first, with their progress")
def account_exports(query: PageQuery, principal: Principal) -> ExportPage:
    page = exports.exports_of(principal.account_id, query.cursor, query.limit)
    return ExportPage(items=page.items, next_cursor=page.next_cursor)


@exports_api.get("/exports/{export_id}/download", "Download a ready export (a 5-minute link)", errors=(404, 409))
def download_export(export_id: str, principal: Principal) -> Download:
    return exports.download(principal, export_id, clock)


# --- operators -----------------------------------------------------------------------------


@staff_api.get("/operator/customers/{customer_id}/documents", "The documents shared with a customer", errors=(404,))
def customer_documents(customer_id: str, query: DocumentQuery) -> DocumentPage:
    require_customer(customer_id)
    return _document_page(customer_id, query)


@staff_api.post(
    "/operator/documents/uploads",
    "Start sharing a new document with a customer (a presigned POST)",
    status=201,
    errors=_UPLOAD_ERRORS,
)
def start_share(body: NewShare, principal: Principal) -> UploadStarted:
    require_customer(body.customer_id)
    return uploads.start(
        "share", body.customer_id, principal.principal_id, body, clock, title=body.title, doc_type=body.doc_type
    )


@staff_api.post(
    "/operator/documents/{document_id}/uploads",
    "Start replacing a shared document with a new version (a presigned POST)",
    status=201,
    errors=_UPLOAD_ERRORS,
)
def start_new_version(document_id: str, body: NewVersion, principal: Principal) -> UploadStarted:
    document = library.document_item(document_id)
    return uploads.start("share", document.customer_id, principal.principal_id, body, clock, document_id=document_id)


@staff_api.post(
    "/operator/uploads/{upload_id}/confirm",
    "Confirm an upload once the file is posted: it is checked, then shared",
    errors=_CONFIRM_ERRORS,
)
def confirm_share(upload_id: str, principal: Principal) -> ConfirmedUpload:
    return _confirm(upload_id, principal.principal_id, {"share"})


@staff_api.get("/operator/documents/{document_id}", "A shared document and every version of it", errors=(404,))
def document_history(document_id: str) -> DocumentHistory:
    return library.history(document_id)


@staff_api.get(
    "/operator/documents/{document_id}/versions/{version}/download",
    "Download any version of a shared document (a 5-minute link)",
    errors=(404,),
)
def download_version(document_id: str, version: str, principal: Principal) -> Download:
    if not version.isdigit() or not 1 <= int(version) <= 99999:
        raise NotFound("This document has no such version.")
    return library.version_download(principal, document_id, int(version), clock)


@staff_api.delete(
    "/operator/documents/{document_id}", "Unshare a document: every version's file and record is deleted", errors=(404,)
)
def unshare_document(document_id: str) -> Unshared:
    library.unshare(document_id, clock)
    return Unshared(document_id=document_id)


@staff_api.get(
    "/operator/customers/{customer_id}/document-requests",
    "The documents asked of a customer, newest first",
    errors=(404,),
)
def customer_document_requests(customer_id: str, query: PageQuery) -> DocumentRequestPage:
    require_customer(customer_id)
    return _request_page(customer_id, query)


@staff_api.post(
    "/operator/document-requests",
    "Ask a customer for a document (once per Idempotency-Key)",
    status=201,
    errors=(404,),
    headers=("Idempotency-Key",),
)
def ask_for_document(body: NewDocumentRequest, principal: Principal) -> DocumentRequest:
    key = idempotency_key(staff_api)
    require_customer(body.customer_id)
    return requests.ask(body, principal.principal_id, key, clock)


@staff_api.post(
    "/operator/document-requests/{request_id}/cancel", "Cancel a request still waiting for its file", errors=(404, 409)
)
def cancel_document_request(request_id: str) -> DocumentRequest:
    return requests.cancel(request_id)


@staff_api.get(
    "/operator/document-requests/{request_id}/download",
    "Download the file a customer sent for a request (a 5-minute link)",
    errors=(404, 409),
)
def download_received(request_id: str, principal: Principal) -> Download:
    return requests.received_file(request_id, principal, clock)
