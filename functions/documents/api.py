"""Documents for customers (shared with them, asked of them, attachments) and for operators.

Every route takes ids, never S3 keys: the service reads the item, checks whose it is, and
signs a URL for its object.
"""

from pydantic import BaseModel

from functions.core.clock import SystemClock
from functions.core.errors import NotFound
from functions.core.http import Routes, endpoint, idempotency_key, query_params
from functions.core.paging import page_size
from functions.core.principal import Principal, require_customer
from functions.core.storage import Download
from functions.documents import attachments, library, requests, uploads
from functions.documents.schemas import (
    DOCUMENT_TYPES,
    AttachmentUpload,
    ConfirmedUpload,
    DocumentHistory,
    DocumentPage,
    DocumentRequest,
    DocumentRequestPage,
    NewDocumentRequest,
    NewShare,
    NewVersion,
    RequestUpload,
    UploadStarted,
)

documents_api = Routes(__name__, tag="documents", part="documents")
clock = SystemClock()
_DOCUMENT_TYPE = {"type": {"type": "string", "enum": list(DOCUMENT_TYPES)}}
_UPLOAD_ERRORS = (404, 409, 413)
_CONFIRM_ERRORS = (404, 409, 413, 415)
# what a confirmed upload becomes, and how a repeated confirm answers
_PURPOSES: dict[str, tuple[uploads.Finisher, uploads.Replay]] = {
    "share": (library.share, library.replay_share),
    "request": (requests.receive, requests.replay_receive),
    "attachment": (attachments.attach, attachments.replay_attach),
}


class Unshared(BaseModel):
    document_id: str


def _document_page(customer_id: str) -> DocumentPage:
    params = query_params(documents_api)
    page = library.documents_of(customer_id, params.get("type"), params.get("cursor"), page_size(params.get("limit")))
    return DocumentPage(items=page.items, next_cursor=page.next_cursor, new_count=library.new_count(customer_id))


def _request_page(customer_id: str) -> DocumentRequestPage:
    params = query_params(documents_api)
    page = requests.requests_for(customer_id, params.get("cursor"), page_size(params.get("limit")))
    return DocumentRequestPage(items=page.items, next_cursor=page.next_cursor)


def _confirm(upload_id: str, by: str, purposes: set[str]) -> ConfirmedUpload:
    item = uploads.upload_of(upload_id, by, purposes)
    finish, replay = _PURPOSES[item.purpose]
    result = uploads.confirm(item, finish, replay, clock)
    return ConfirmedUpload.of(upload_id, result)


# --- customers -----------------------------------------------------------------------------


@endpoint(
    documents_api,
    "/",
    "GET",
    summary="Documents shared with me, latest first, with how many are new",
    reply=DocumentPage,
    query=("type", "cursor", "limit"),
    query_schemas=_DOCUMENT_TYPE,
    access="customer",
    tag="documents",
)
def my_documents(principal: Principal) -> DocumentPage:
    return _document_page(principal.principal_id)


@endpoint(
    documents_api,
    "/{document_id}/download",
    "GET",
    summary="Download one of my documents (a 5-minute link); the first download clears 'new'",
    reply=Download,
    errors=(404,),
    access="customer",
    tag="documents",
)
def download_my_document(document_id: str, principal: Principal) -> Download:
    return library.download(principal.principal_id, document_id, clock)


@endpoint(
    documents_api,
    "/document-requests",
    "GET",
    summary="Documents the business asked me for, newest first",
    reply=DocumentRequestPage,
    query=("cursor", "limit"),
    access="customer",
    tag="documents",
)
def my_document_requests(principal: Principal) -> DocumentRequestPage:
    return _request_page(principal.principal_id)


@endpoint(
    documents_api,
    "/document-requests/{request_id}/download",
    "GET",
    summary="Download the file I sent for a request (a 5-minute link)",
    reply=Download,
    errors=(404, 409),
    access="customer",
    tag="documents",
)
def download_my_sent_file(request_id: str, principal: Principal) -> Download:
    return requests.received_file(request_id, principal.principal_id)


@endpoint(
    documents_api,
    "/document-requests/{request_id}/uploads",
    "POST",
    summary="Start uploading the file for a request (a presigned POST)",
    body=RequestUpload,
    reply=UploadStarted,
    status=201,
    errors=_UPLOAD_ERRORS,
    access="customer",
    tag="documents",
)
def start_request_upload(request_id: str, body: RequestUpload, principal: Principal) -> UploadStarted:
    requests.open_request(request_id, principal.principal_id)
    return uploads.start("request", principal.principal_id, principal.principal_id, body, clock, request_id=request_id)


@endpoint(
    documents_api,
    "/attachments/uploads",
    "POST",
    summary="Start uploading a file to attach to a ticket or message (a presigned POST)",
    body=AttachmentUpload,
    reply=UploadStarted,
    status=201,
    errors=_UPLOAD_ERRORS,
    access="customer",
    tag="documents",
)
def start_attachment_upload(body: AttachmentUpload, principal: Principal) -> UploadStarted:
    return uploads.start("attachment", principal.principal_id, principal.principal_id, body, clock)


@endpoint(
    documents_api,
    "/uploads/{upload_id}/confirm",
    "POST",
    summary="Confirm my upload once the file is posted: it is checked, then received",
    reply=ConfirmedUpload,
    errors=_CONFIRM_ERRORS,
    access="customer",
    tag="documents",
)
def confirm_my_upload(upload_id: str, principal: Principal) -> ConfirmedUpload:
    return _confirm(upload_id, principal.principal_id, {"request", "attachment"})


@endpoint(
    documents_api,
    "/attachments/{attachment_id}/download",
    "GET",
    summary="Download one of my attachments (a 5-minute link)",
    reply=Download,
    errors=(404,),
    access="customer",
    tag="documents",
)
def download_my_attachment(attachment_id: str, principal: Principal) -> Download:
    return attachments.attachment_download(attachment_id, principal.principal_id)


# --- operators -----------------------------------------------------------------------------


@endpoint(
    documents_api,
    "/operator/customers/{customer_id}/documents",
    "GET",
    summary="The documents shared with a customer",
    reply=DocumentPage,
    query=("type", "cursor", "limit"),
    query_schemas=_DOCUMENT_TYPE,
    errors=(404,),
    access="staff",
    tag="documents",
)
def customer_documents(customer_id: str, principal: Principal) -> DocumentPage:
    require_customer(customer_id)
    return _document_page(customer_id)


@endpoint(
    documents_api,
    "/operator/documents/uploads",
    "POST",
    summary="Start sharing a new document with a customer (a presigned POST)",
    body=NewShare,
    reply=UploadStarted,
    status=201,
    errors=_UPLOAD_ERRORS,
    access="staff",
    tag="documents",
)
def start_share(body: NewShare, principal: Principal) -> UploadStarted:
    require_customer(body.customer_id)
    return uploads.start(
        "share", body.customer_id, principal.principal_id, body, clock, title=body.title, doc_type=body.doc_type
    )


@endpoint(
    documents_api,
    "/operator/documents/{document_id}/uploads",
    "POST",
    summary="Start replacing a shared document with a new version (a presigned POST)",
    body=NewVersion,
    reply=UploadStarted,
    status=201,
    errors=_UPLOAD_ERRORS,
    access="staff",
    tag="documents",
)
def start_new_version(document_id: str, body: NewVersion, principal: Principal) -> UploadStarted:
    document = library.document_item(document_id)
    return uploads.start("share", document.customer_id, principal.principal_id, body, clock, document_id=document_id)


@endpoint(
    documents_api,
    "/operator/uploads/{upload_id}/confirm",
    "POST",
    summary="Confirm an upload once the file is posted: it is checked, then shared",
    reply=ConfirmedUpload,
    errors=_CONFIRM_ERRORS,
    access="staff",
    tag="documents",
)
def confirm_share(upload_id: str, principal: Principal) -> ConfirmedUpload:
    return _confirm(upload_id, principal.principal_id, {"share"})


@endpoint(
    documents_api,
    "/operator/documents/{document_id}",
    "GET",
    summary="A shared document and every version of it",
    reply=DocumentHistory,
    errors=(404,),
    access="staff",
    tag="documents",
)
def document_history(document_id: str, principal: Principal) -> DocumentHistory:
    return library.history(document_id)


@endpoint(
    documents_api,
    "/operator/documents/{document_id}/versions/{version}/download",
    "GET",
    summary="Download any version of a shared document (a 5-minute link)",
    reply=Download,
    errors=(404,),
    access="staff",
    tag="documents",
)
def download_version(document_id: str, version: str, principal: Principal) -> Download:
    if not version.isdigit() or not 1 <= int(version) <= 99999:
        raise NotFound("This document has no such version.")
    return library.version_download(document_id, int(version))


@endpoint(
    documents_api,
    "/operator/documents/{document_id}",
    "DELETE",
    summary="Unshare a document: every version's file and record is deleted",
    reply=Unshared,
    errors=(404,),
    access="staff",
    tag="documents",
)
def unshare_document(document_id: str, principal: Principal) -> Unshared:
    library.unshare(document_id, clock)
    return Unshared(document_id=document_id)


@endpoint(
    documents_api,
    "/operator/customers/{customer_id}/document-requests",
    "GET",
    summary="The documents asked of a customer, newest first",
    reply=DocumentRequestPage,
    query=("cursor", "limit"),
    errors=(404,),
    access="staff",
    tag="documents",
)
def customer_document_requests(customer_id: str, principal: Principal) -> DocumentRequestPage:
    require_customer(customer_id)
    return _request_page(customer_id)


@endpoint(
    documents_api,
    "/operator/document-requests",
    "POST",
    summary="Ask a customer for a document (once per Idempotency-Key)",
    body=NewDocumentRequest,
    reply=DocumentRequest,
    status=201,
    errors=(404,),
    access="staff",
    tag="documents",
    headers=("Idempotency-Key",),
)
def ask_for_document(body: NewDocumentRequest, principal: Principal) -> DocumentRequest:
    key = idempotency_key(documents_api)
    require_customer(body.customer_id)
    return requests.ask(body, principal.principal_id, key, clock)


@endpoint(
    documents_api,
    "/operator/document-requests/{request_id}/cancel",
    "POST",
    summary="Cancel a request still waiting for its file",
    reply=DocumentRequest,
    errors=(404, 409),
    access="staff",
    tag="documents",
)
def cancel_document_request(request_id: str, principal: Principal) -> DocumentRequest:
    return requests.cancel(request_id)


@endpoint(
    documents_api,
    "/operator/document-requests/{request_id}/download",
    "GET",
    summary="Download the file a customer sent for a request (a 5-minute link)",
    reply=Download,
    errors=(404, 409),
    access="staff",
    tag="documents",
)
def download_received(request_id: str, principal: Principal) -> Download:
    return requests.received_file(request_id)
