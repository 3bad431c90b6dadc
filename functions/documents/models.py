"""Documents, their versions, document requests, uploads and attachments in the portal's table.

Each lives in its own partition (DOCUMENT#id, DOCREQ#id, UPLOAD#id, ATTACHMENT#id) and
names its customer, so a route given an id reads one item and checks the owner; the
customer's lists come from gsi1. S3 keys are stored here and never leave the server.
"""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from functions.core.table import Gsi1, PortalItem, register

DOCUMENT = "DOCUMENT"
REQUEST = "REQUEST"
UPLOAD = "UPLOAD"
ATTACHMENT = "ATTACHMENT"
DELETING = "DOCUMENTS#deleting"  # gsi1: documents whose removal the sweep must finish
PENDING_UPLOADS = "UPLOADS#pending"  # gsi1: uploads not confirmed yet, by when they are abandoned
EXPORTS_WORKING = "EXPORTS#working"  # gsi1: exports being built, by when they last moved
EXPORTS_READY = "EXPORTS#ready"  # gsi1: exports whose zip is kept, by when it expires
EXPORT = "EXPORT#"


def document_key(document_id: str) -> str:
    return f"DOCUMENT#{document_id}"


def version_key(version: int) -> str:
    return f"VERSION#{version:05d}"


def request_key(request_id: str) -> str:
    return f"DOCREQ#{request_id}"


def upload_key(upload_id: str) -> str:
    return f"UPLOAD#{upload_id}"


def attachment_key(attachment_id: str) -> str:
    return f"ATTACHMENT#{attachment_id}"


def attachments_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#ATTACHMENTS"


def export_key(export_id: str) -> str:
    return f"EXPORT#{export_id}"


def shared_with(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#DOCUMENTS"


def requests_of(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}#DOCREQS"


class StoredFile:
    """The attributes every item pointing at one S3 object has."""

    file_name = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    s3_key = UnicodeAttribute()


@register
class DocumentItem(PortalItem, StoredFile):
    """A document shared with one customer (pk DOCUMENT#id, sk DOCUMENT), as its latest version.

    status is shared, or deleting while its objects and items are being removed.
    gsi1: the customer's documents, latest shared first (moved to DOCUMENTS#deleting when unshared).
    How many are new (not opened since their latest version) is counted in the customer's
    summary (core/summary.py), moved with each share, first download and removal.
    """

    document_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    title = UnicodeAttribute()
    doc_type = UnicodeAttribute()
    status = UnicodeAttribute()
    version = NumberAttribute()
    shared_at = UnicodeAttribute()
    shared_by = UnicodeAttribute()
    opened_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    by_customer = Gsi1()


@register
class DocumentVersionItem(PortalItem, StoredFile):
    """One version of a document (pk DOCUMENT#id, sk VERSION#00001); every version is kept."""

    version = NumberAttribute()
    shared_at = UnicodeAttribute()
    shared_by = UnicodeAttribute()


@register
class DocumentRequestItem(PortalItem):
    """A document the business asked a customer for (pk DOCREQ#id, sk REQUEST).

    status is requested, received (the file is stored and checked) or cancelled.
    gsi1: the customer's requests, newest first.
    """

    request_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    due_date = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    requested_at = UnicodeAttribute()
    requested_by = UnicodeAttribute()
    received_at = UnicodeAttribute(null=True)
    file_name = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)
    s3_key = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_customer = Gsi1()


@register
class UploadItem(PortalItem):
    """A presigned upload handed out and not yet confirmed (pk UPLOAD#id, sk UPLOAD).

    purpose says what the file becomes: a shared document (a new one, or a new version of
    document_id), the file of request_id, or an attachment. While pending it sits in gsi1
    under UPLOADS#pending by the time it counts as abandoned, when the sweep deletes its object.
    """

    upload_id = UnicodeAttribute()
    purpose = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    uploaded_by = UnicodeAttribute()
    s3_key = UnicodeAttribute()
    file_name = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    status = UnicodeAttribute()  # pending, done
    title = UnicodeAttribute(null=True)
    doc_type = UnicodeAttribute(null=True)
    document_id = UnicodeAttribute(null=True)
    request_id = UnicodeAttribute(null=True)
    result_id = UnicodeAttribute(null=True)  # the document, request or attachment it became
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    pending = Gsi1()


@register
class AttachmentItem(PortalItem, StoredFile):
    """A file a customer attached to a ticket or message (pk ATTACHMENT#id, sk ATTACHMENT)."""

    attachment_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    uploaded_by = UnicodeAttribute()
    uploaded_at = UnicodeAttribute()
    # gsi1: the account's attachments, oldest first (what its data export copies); none on
    # attachments made before exports existed.
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    by_customer = Gsi1()


@register
class ExportItem(PortalItem):
    """An export of an account's data (pk CUSTOMER#account, sk EXPORT#id: newest last).

    status: requested, working (steps done, more to do), ready (the zip is in the bucket),
    failed. `step` counts the messages done: message n is done only while step == n, so a
    repeated message changes nothing. `stage` and `page` say where the next one starts,
    `cursor` the page's place in its list. gsi1: EXPORTS#working by when it last moved
    (the sweep resumes one that stopped), then EXPORTS#ready by when its zip expires.
    """

    export_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    created_by = UnicodeAttribute()  # the admin who asked, told when it is ready
    requester_name = UnicodeAttribute()  # for the printouts' header, as the portal's PDFs show it
    requester_email = UnicodeAttribute(null=True)  # none: they sign in by mobile alone
    language = UnicodeAttribute()
    status = UnicodeAttribute()
    step = NumberAttribute(default=0)
    stage = NumberAttribute(default=0)
    page = NumberAttribute(default=0)
    cursor = UnicodeAttribute(null=True)
    resumed = NumberAttribute(default=0)  # how often the sweep restarted it
    size = NumberAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    ready_at = UnicodeAttribute(null=True)
    zip_expires_at = UnicodeAttribute(null=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    by_state = Gsi1()
