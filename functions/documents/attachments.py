"""Files a customer attaches to a ticket or a message, uploaded before what they belong to.

The support domain links an attachment by id after checking it with owned(): a customer can
attach only their own files.
"""

from pynamodb.transactions import TransactWrite

from functions.core import audit
from functions.core.clock import Clock
from functions.core.principal import Principal
from functions.core.storage import Download, download_url
from functions.core.table import owned_item
from functions.documents.models import ATTACHMENT, AttachmentItem, UploadItem, attachment_key, attachments_of
from functions.documents.schemas import Attachment


def to_attachment(item: AttachmentItem) -> Attachment:
    return Attachment(
        attachment_id=item.attachment_id,
        file_name=item.file_name,
        content_type=item.content_type,
        size=int(item.size),
        uploaded_at=item.uploaded_at,
    )


def attachment_item(attachment_id: str, customer_id: str | None = None) -> AttachmentItem:
    return owned_item(
        AttachmentItem, attachment_key(attachment_id), ATTACHMENT, customer_id, "There is no such attachment."
    )


def owned(customer_id: str, attachment_ids: list[str]) -> list[Attachment]:
    """These attachments, each checked to be this customer's (404 otherwise)."""
    return [to_attachment(attachment_item(attachment_id, customer_id)) for attachment_id in attachment_ids]


def attach(upload: UploadItem, transaction: TransactWrite, clock: Clock) -> Attachment:
    now = clock.now().isoformat()
    item = AttachmentItem(
        attachment_key(upload.upload_id),
        ATTACHMENT,
        attachment_id=upload.upload_id,
        customer_id=upload.customer_id,
        uploaded_by=upload.uploaded_by,
        uploaded_at=now,
        file_name=upload.file_name,
        content_type=upload.content_type,
        size=upload.size,
        s3_key=upload.s3_key,
        gsi1pk=attachments_of(upload.customer_id),
        gsi1sk=f"{now}#{upload.upload_id}",
    )
    transaction.save(item, condition=AttachmentItem.pk.does_not_exist())
    return to_attachment(item)


def replay_attach(upload: UploadItem, clock: Clock) -> Attachment:
    return to_attachment(attachment_item(upload.upload_id))


def attachment_download(attachment_id: str, actor: Principal, clock: Clock) -> Download:
    """An attachment, to a contact of its account or to staff."""
    item = attachment_item(attachment_id, actor.account_id if actor.kind == "customer" else None)
    link = download_url(item.s3_key, item.file_name, item.content_type)
    audit.downloaded(actor, item.customer_id, "attachment", attachment_id, clock.now())
    return link
