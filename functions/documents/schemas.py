"""What the documents API accepts and returns. No reply carries an S3 key."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from functions.core.contact import MultiLine
from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.paging import PageQuery
from functions.core.schemas import UPLOAD_MAX_BYTES, Day, EntityId, Form, Text
from functions.core.shape import Schema
from functions.core.storage import UploadForm
from functions.documents.filetypes import ALLOWED

DOCUMENT_TYPES = ("contract", "report", "certificate", "manual", "statement", "other")
DocumentType = Literal["contract", "report", "certificate", "manual", "statement", "other"]
RequestStatus = Literal["requested", "received", "cancelled"]


def _accepted(content_type: str) -> str:
    if content_type not in ALLOWED:
        raise PydanticCustomError(
            "file_type_not_accepted", "this kind of file is not accepted (PDF, images, text, CSV or office documents)"
        )
    return content_type


ContentType = Annotated[str, Field(json_schema_extra={"enum": list(ALLOWED)}), AfterValidator(_accepted)]
# As the browser reports it, whatever the file system allowed: not refused but made safe
# (core.storage.safe_file_name drops paths, controls and overrides before it is stored).
FileName = Annotated[str, Field(min_length=1, max_length=255)]
# The portal's own limit, not S3's 5 GiB: what the schema promises is what the server takes.
Size = Annotated[
    int,
    Field(ge=1, le=UPLOAD_MAX_BYTES, description="Bytes, as the browser reports the file's size."),
    NUMBER_NOT_TEXT,
]


class FileFacts(Schema):
    """What the browser says about the file it is about to upload."""

    model_config = ConfigDict(extra="forbid")

    file_name: FileName
    content_type: ContentType
    size: Size


class NewShare(FileFacts):
    """An operator shares a new document with a customer."""

    customer_id: EntityId
    title: Text
    doc_type: DocumentType = "other"


class NewVersion(FileFacts):
    """An operator replaces a shared document's file; the earlier versions are kept."""


class RequestUpload(FileFacts):
    """A customer uploads the file the business asked for."""


class AttachmentUpload(FileFacts):
    """A customer uploads a file to attach to a ticket or message."""


class UploadStarted(Schema):
    upload_id: str
    form: UploadForm


class Document(Schema):
    document_id: str
    title: str
    doc_type: DocumentType
    file_name: str
    content_type: str
    size: int
    version: int
    shared_at: str
    new: bool = Field(description="Not opened since its latest version was shared.")
    opened_at: str | None


class DocumentQuery(PageQuery):
    doc_type: DocumentType | None = Field(default=None, alias="type", description="Only documents of this type.")


class DocumentPage(Schema):
    items: list[Document]
    next_cursor: str | None = None
    new_count: int = Field(description="How many of the customer's documents are new, over every page.")


class DocumentVersion(Schema):
    version: int
    file_name: str
    content_type: str
    size: int
    shared_at: str


class DocumentHistory(Schema):
    document: Document
    versions: list[DocumentVersion] = Field(description="Newest first.")


class NewDocumentRequest(Form):
    customer_id: EntityId
    title: Text
    description: Annotated[str, MultiLine(2000, blank=True)] = ""
    due_date: Day | None = None


class DocumentRequest(Schema):
    request_id: str
    title: str
    description: str
    due_date: str | None
    status: RequestStatus
    requested_at: str
    received_at: str | None
    file_name: str | None
    size: int | None


class DocumentRequestPage(Schema):
    items: list[DocumentRequest]
    next_cursor: str | None = None


class Attachment(Schema):
    attachment_id: str
    file_name: str
    content_type: str
    size: int
    uploaded_at: str


class ConfirmedUpload(Schema):
    """What a confirmed upload became: one of the three."""

    upload_id: str
    document: Document | None = None
    request: DocumentRequest | None = None
    attachment: Attachment | None = None

    @classmethod
    def of(cls, upload_id: str, result: BaseModel) -> "ConfirmedUpload":
        kinds = {Document: "document", DocumentRequest: "request", Attachment: "attachment"}
        return cls(upload_id=upload_id, **{kinds[type(result)]: result})


ExportStatus = Literal["requested", "working", "ready", "failed"]


class Export(Schema):
    """An export of the account's data: a zip made step by step, downloadable once ready."""

    export_id: str
    status: ExportStatus
    done_steps: int = Field(description="Steps done of total_steps (a step: one list, the files, or the zip).")
    total_steps: int
    size: int | None = Field(description="The zip's size in bytes, once ready.")
    created_at: str
    ready_at: str | None
    expires_at: str | None = Field(description="When the zip is deleted (7 days after it was ready).")


class ExportPage(Schema):
    items: list[Export]
    next_cursor: str | None = None
