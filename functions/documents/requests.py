"""Documents the business asks a customer for, and the file the customer sends back.

The customer's `requested_documents` count (core.summary) moves with each request: up when
it is asked for, down when its file is received or it is cancelled, each in the transaction
of the change and under the same condition (a retried ask meets its Idempotency-Key's marker,
a repeated receive or cancel meets a status that is no longer "requested").
"""

from typing import Any, cast

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.core import audit, idempotency, summary
from functions.core.clock import Clock
from functions.core.errors import Conflict
from functions.core.events import outbox_event
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import Principal
from functions.core.storage import Download, download_url
from functions.core.table import owned_item
from functions.core.transactions import Transaction
from functions.documents.models import REQUEST, DocumentRequestItem, UploadItem, request_key, requests_of
from functions.documents.schemas import DocumentRequest, NewDocumentRequest


def to_request(item: DocumentRequestItem) -> DocumentRequest:
    return DocumentRequest(
        request_id=item.request_id,
        title=item.title,
        description=item.description,
        due_date=item.due_date,
        status=item.status,
        requested_at=item.requested_at,
        received_at=item.received_at,
        file_name=item.file_name,
        size=None if item.size is None else int(item.size),
    )


def request_item(request_id: str, customer_id: str | None = None) -> DocumentRequestItem:
    """A document request; with customer_id, only if it is that customer's."""
    return owned_item(
        DocumentRequestItem, request_key(request_id), REQUEST, customer_id, "There is no such document request."
    )


def open_request(request_id: str, customer_id: str) -> DocumentRequestItem:
    """A request of this customer's that still waits for its file."""
    item = request_item(request_id, customer_id)
    if item.status != "requested":
        raise Conflict(
            f"This request is {item.status}; nothing more can be uploaded for it.", code="document_request_closed"
        )
    return item


ASK = "ASK"  # the Idempotency-Key kind of document requests


def ask(request: NewDocumentRequest, by: str, key: str, clock: Clock) -> DocumentRequest:
    """Ask a customer for a document; the customer hears of it (document.requested). Once per
    Idempotency-Key: a retry answers with the request the key made."""
    earlier = idempotency.made_with(request.customer_id, ASK, key)
    if earlier is not None:
        return to_request(request_item(earlier, request.customer_id))
    now = clock.now()
    request_id = new_id(int(now.timestamp() * 1000))
    item = DocumentRequestItem(
        request_key(request_id),
        REQUEST,
        request_id=request_id,
        customer_id=request.customer_id,
        title=request.title,
        description=request.description,
        due_date=request.due_date,
        status="requested",
        requested_at=now.isoformat(),
        requested_by=by,
        gsi1pk=requests_of(request.customer_id),
        gsi1sk=request_id,
    )
    marker = idempotency.marker(request.customer_id, ASK, key, request_id, now)
    try:
        with Transaction() as transaction:
            transaction.save(marker, condition=IdempotencyItem.pk.does_not_exist())
            transaction.save(item, condition=DocumentRequestItem.pk.does_not_exist())
            summary.count(transaction, request.customer_id, requested_documents=1)
            transaction.save(
                outbox_event("document.requested", now, request.customer_id, request_id=request_id, title=request.title)
            )
    except TransactWriteError:
        raced = idempotency.made_with(request.customer_id, ASK, key)  # a retry with this key got there first
        if raced is None:
            raise
        return to_request(request_item(raced, request.customer_id))
    return to_request(item)


def requests_for(customer_id: str, cursor: str | None, limit: int) -> Page[DocumentRequest]:
    """A customer's document requests, newest first."""
    results: Any = DocumentRequestItem.by_customer.query(
        requests_of(customer_id), scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor)
    )
    items = [to_request(cast(DocumentRequestItem, item)) for item in results]
    return Page[DocumentRequest](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def receive(upload: UploadItem, transaction: TransactWrite, clock: Clock) -> DocumentRequest:
    """The customer's checked file becomes the request's: received, once."""
    item = open_request(str(upload.request_id), upload.customer_id)
    now = clock.now()
    transaction.update(
        item,
        actions=[
            DocumentRequestItem.status.set("received"),
            DocumentRequestItem.received_at.set(now.isoformat()),
            DocumentRequestItem.file_name.set(upload.file_name),
            DocumentRequestItem.content_type.set(upload.content_type),
            DocumentRequestItem.size.set(upload.size),
            DocumentRequestItem.s3_key.set(upload.s3_key),
        ],
        condition=DocumentRequestItem.status == "requested",
    )
    summary.count(transaction, upload.customer_id, requested_documents=-1)
    transaction.save(
        outbox_event(
            "document.received",
            now,
            upload.customer_id,
            request_id=item.request_id,
            title=item.title,
            created_by=upload.uploaded_by,  # the contact who sent it: "you uploaded" on their timeline
        )
    )
    received = to_request(item)
    return received.model_copy(
        update={
            "status": "received",
            "received_at": now.isoformat(),
            "file_name": upload.file_name,
            "size": int(upload.size),
        }
    )


def replay_receive(upload: UploadItem, clock: Clock) -> DocumentRequest:
    return to_request(request_item(str(upload.result_id)))


def cancel(request_id: str) -> DocumentRequest:
    """The business no longer waits for this file; the customer's count goes down with it."""
    item = request_item(request_id)
    try:
        with Transaction() as transaction:
            transaction.update(
                item,
                actions=[DocumentRequestItem.status.set("cancelled")],
                condition=DocumentRequestItem.status == "requested",
            )
            summary.count(transaction, item.customer_id, requested_documents=-1)
    except TransactWriteError as exc:
        raise Conflict(
            "Only a request still waiting for its file can be cancelled.", code="document_request_not_waiting"
        ) from exc
    return to_request(item).model_copy(update={"status": "cancelled"})


def received_file(request_id: str, actor: Principal, clock: Clock) -> Download:
    """The file sent for a request: to the account's contact who may see it, or to staff."""
    item = request_item(request_id, actor.account_id if actor.kind == "customer" else None)
    if item.s3_key is None or item.file_name is None or item.content_type is None:
        raise Conflict("Nothing has been received for this request yet.", code="document_request_nothing_received")
    link = download_url(item.s3_key, item.file_name, item.content_type)
    audit.downloaded(actor, item.customer_id, "document_request", request_id, clock.now())
    return link
