"""The portal as every page sees it, and the business's editor of it."""

from chalice.app import Response

from functions.core.clock import SystemClock
from functions.core.errors import NotFound
from functions.core.http import Routes, endpoint
from functions.core.principal import Principal
from functions.documents.schemas import UploadStarted
from functions.portal import logo, settings
from functions.portal.schemas import Logo, LogoUpload, PortalSettings, PortalSettingsChange, PublicPortal

portal_api = Routes(__name__, tag="portal")
clock = SystemClock()


@endpoint(
    portal_api,
    "/",
    "GET",
    summary="The business's name, colour, contact, default language and which parts of the portal are on",
    reply=PublicPortal,
    tag="portal",
)
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
    )


@endpoint(
    portal_api,
    "/operator/portal/settings",
    "GET",
    summary="The portal's settings: actions on or off, branding, reminder timings",
    reply=PortalSettings,
    access="staff",
    tag="portal",
)
def get_portal_settings(principal: Principal) -> PortalSettings:
    return settings.portal_settings(fresh=True)


@endpoint(
    portal_api,
    "/operator/portal/settings",
    "PATCH",
    summary="Change the portal's settings; takes effect within seconds, with no redeploy",
    body=PortalSettingsChange,
    reply=PortalSettings,
    errors=(409,),
    access="staff",
    tag="portal",
)
def change_portal_settings(body: PortalSettingsChange, principal: Principal) -> PortalSettings:
    return settings.save(body, principal.principal_id, clock)


@endpoint(
    portal_api,
    "/logo",
    "GET",
    summary="The business's logo: a redirect to a 5-minute link to the image",
    status=302,
    errors=(404,),
    tag="portal",
)
def portal_logo() -> Response:
    found = logo.link()
    if found is None:
        raise NotFound("This portal has no logo.")
    return Response(body="", status_code=302, headers={"Location": found.url, "Cache-Control": "max-age=240"})


@endpoint(
    portal_api,
    "/operator/portal/logo/uploads",
    "POST",
    summary="Start uploading the logo (PNG, JPEG or WebP, at most 1 MB): a presigned POST",
    body=LogoUpload,
    reply=UploadStarted,
    status=201,
    errors=(413,),
    access="staff",
    tag="portal",
)
def start_logo_upload(body: LogoUpload, principal: Principal) -> UploadStarted:
    return logo.start(body, principal.principal_id, clock)


@endpoint(
    portal_api,
    "/operator/portal/logo/uploads/{upload_id}/confirm",
    "POST",
    summary="Confirm the logo once posted: checked to be the image it says, then shown on every page",
    reply=Logo,
    errors=(404, 409, 413, 415),
    access="staff",
    tag="portal",
)
def confirm_logo(upload_id: str, principal: Principal) -> Logo:
    return logo.confirm(upload_id, principal.principal_id, clock)
