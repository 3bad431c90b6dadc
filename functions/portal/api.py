"""The portal as every page sees it, and the business's editor of it."""

from chalice.app import Response

from functions.core.clock import SystemClock
from functions.core.errors import NotFound
from functions.core.http import Routes
from functions.core.principal import Principal
from functions.documents.schemas import UploadStarted
from functions.portal import logo, settings
from functions.portal.schemas import Logo, LogoUpload, PortalSettings, PortalSettingsChange, PublicPortal

portal_api = Routes(__name__, tag="portal")
staff_api = Routes(__name__, tag="portal", access="staff")
clock = SystemClock()


@portal_api.get("/", "The business's name, colour, contact, default language and which parts of the portal are on")
def public_portal() -> PublicPortal:
    current = settings.portal_settings()
    branding = current.branding
    return PublicPortal(
        logo_url=logo.versioned_url(),
        business_name=branding.business_name,
        primary_colour=branding.primary_colour,
        support_email=branding.support_email,
        support_phone=branding.support_phone,
        default_language=branding.default_language,
        actions=current.actions,
        help_public=current.help_public,
    )


@staff_api.get("/operator/portal/settings", "The portal's settings: actions on or off, branding, reminder timings")
def get_portal_settings() -> PortalSettings:
    return settings.portal_settings(fresh=True)


@staff_api.patch(
    "/operator/portal/settings",
    "Change the portal's settings; takes effect within seconds, with no redeploy",
    errors=(409,),
)
def change_portal_settings(body: PortalSettingsChange, principal: Principal) -> PortalSettings:
    return settings.save(body, principal.principal_id, clock)


@portal_api.get("/logo", "The business's logo: a redirect to a 5-minute link to the image", status=302, errors=(404,))
def portal_logo() -> Response:
    found = logo.link()
    if found is None:
        raise NotFound("This portal has no logo.")
    return Response(body="", status_code=302, headers={"Location": found.url, "Cache-Control": "max-age=240"})


@staff_api.post(
    "/operator/portal/logo/uploads",
    "Start uploading the logo (PNG, JPEG or WebP, at most 1 MB): a presigned POST",
    status=201,
    errors=(413,),
)
def start_logo_upload(body: LogoUpload, principal: Principal) -> UploadStarted:
    return logo.start(body, principal.principal_id, clock)


@staff_api.post(
    "/operator/portal/logo/uploads/{upload_id}/confirm",
    "Confirm the logo once posted: checked to be the image it says, then shown on every page",
    errors=(404, 409, 413, 415),
)
def confirm_logo(upload_id: str, principal: Principal) -> Logo:
    return logo.confirm(upload_id, principal.principal_id, clock)
