"""The business's logo: uploaded through the documents path (a presigned POST, then the
confirm step that checks what S3 holds), kept in the documents bucket, and served to pages
as a short-lived link."""

from pynamodb.transactions import TransactWrite

from functions.core.clock import Clock
from functions.core.storage import Download, delete_object, download_url
from functions.documents import uploads
from functions.documents.schemas import UploadStarted
from functions.portal.models import SETTINGS, PortalSettingsItem
from functions.portal.schemas import Logo, LogoUpload
from functions.portal.settings import forget, logo

PURPOSE = "logo"
OWNER = "PORTAL"  # uploads are filed under a customer; the logo is the business's own
URL = "/api/portal/logo"


def start(facts: LogoUpload, by: str, clock: Clock) -> UploadStarted:
    """Record a logo upload and sign the POST the browser sends it with."""
    return uploads.start(PURPOSE, OWNER, by, facts, clock)


def _finish(uploaded: uploads.UploadedFile, transaction: TransactWrite, clock: Clock) -> Logo:
    transaction.update(
        PortalSettingsItem(*SETTINGS),
        actions=[
            PortalSettingsItem.logo_key.set(uploaded.s3_key),
            PortalSettingsItem.logo_type.set(uploaded.content_type),
            PortalSettingsItem.updated_at.set(clock.now().isoformat()),
        ],
    )
    return Logo(upload_id=uploaded.upload_id, url=URL)


def _replay(uploaded: uploads.UploadedFile, clock: Clock) -> Logo:
    return Logo(upload_id=uploaded.upload_id, url=URL)


def confirm(upload_id: str, by: str, clock: Clock) -> Logo:
    """Make a checked upload the business's logo, then delete the logo it replaced."""
    replaced = logo(fresh=True)
    uploaded, result = uploads.confirm_file(upload_id, by, PURPOSE, _finish, _replay, clock)
    if replaced is not None and replaced[0] != uploaded.s3_key:
        delete_object(replaced[0])  # the old logo, now that the new one is in place
    forget()
    return Logo.model_validate(result.model_dump())


def versioned_url() -> str | None:
    """Where pages load the logo, changing with each new logo (browsers may keep the old
    redirect a few minutes)."""
    current = logo()
    return f"{URL}?v={current[0].rsplit('/', 1)[-1][-12:]}" if current else None


def link() -> Download | None:
    """A short-lived link to the logo; None while there is none."""
    current = logo()
    return download_url(current[0], "logo", current[1]) if current else None
