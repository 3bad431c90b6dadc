"""The browser session as every domain's API checks it: HttpOnly cookies, CSRF, who is asking.

Page scripts never see a token. Writes must echo the readable `csrf_token` cookie in the
X-CSRF-Token header (double submit); SameSite=Strict already keeps other sites' requests
from carrying the cookies, and this closes what SameSite does not (older browsers, a
compromised sibling subdomain).

Each domain verifies the access token itself (signature against the pool's JWKS, issuer,
client, expiry) and reads the person once. Only the sign-in domain talks to Cognito: when
the access token has expired but a refresh token is there, a domain answers 401
`session_expired` and the page asks POST /api/auth/refresh for new tokens, then retries.
So no other function makes Cognito's token calls.

Who is asking from where (`client_address`, what the sign-in limits count): API Gateway's
source IP is, behind CloudFront, an edge server's, shared by everyone that edge serves.
CloudFront names the viewer in `CloudFront-Viewer-Address`, but anyone who calls API Gateway
directly can send that header too. So it is believed only beside `X-Portal-Edge`, the edge
origin key CloudFront adds to every request it sends an API (infra/edge.yaml).
"""

import hmac
import ipaddress
import re
import time
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import unquote

from chalice.app import Chalice, Request, Response

from functions.core.errors import Forbidden, NotSignedIn
from functions.core.http import UNSAFE_METHODS, Access, route_spec
from functions.core.logging import logger
from functions.core.principal import CUSTOMER, STAFF, Principal, principal_by_id
from functions.core.secrets import edge_origin_key, signin_code_pepper
from functions.core.settings import get_settings
from functions.core.tokens import KeySet, jwks_url, open_seal, seal_key, verify_access_token

ACCESS_COOKIE = "portal_access"
REFRESH_COOKIE = "portal_refresh"
SESSION_COOKIE = "portal_session"  # the seal: whose session, which one, its sign-out generation
SIGNIN_COOKIE = "portal_signin"
CSRF_COOKIE = "csrf_token"
ACCOUNT_COOKIE = "portal_account"  # the account a contact acts for; checked against them on each request
CSRF_HEADER = "x-csrf-token"
SESSION_SECONDS = 12 * 3600  # a session on a device its owner did not mark as theirs
REMEMBERED_SECONDS = 30 * 86400  # on one they did ("this is my device"); the refresh token's validity
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"  # "203.0.113.7:46532", "[2001:db8::1]:46532"
VIEWER_COUNTRY_HEADER = "cloudfront-viewer-country"  # "FR"
VIEWER_CITY_HEADER = "cloudfront-viewer-city"  # "Lyon", "Jyv%C3%A4skyl%C3%A4" (percent-encoded)
EDGE_KEY_HEADER = "x-portal-edge"  # the edge origin key, from CloudFront only
_PORT = re.compile(r"[0-9]{1,5}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_MAX_CITY = 80


class SessionExpired(NotSignedIn):
    """The access token is no longer good, but a refresh token is there: refresh, then retry."""

    code = "session_expired"


def request_cookies(request: Request) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        headers: Any = request.headers or {}
        jar.load(headers.get("cookie") or "")
    except CookieError:  # a malformed Cookie header is simply no cookies
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _from_the_edge(request: Request, source: str, header: str) -> bool:
    """Whether CloudFront vouches for the request's viewer headers: the edge origin key beside
    them. Read only for a request that has one (`header` names it), so most read nothing."""
    headers: Any = request.headers or {}
    sent = str(headers.get(EDGE_KEY_HEADER) or "")
    key = edge_origin_key()
    if key is None or not hmac.compare_digest(sent.encode(), key.encode()):
        # Around CloudFront, or no CloudFront at all (locally): the header is the caller's say-so.
        # Neither the key sent nor the value claimed is logged.
        logger.info(
            f"{header} ignored: the request did not come through the edge",
            extra={"source_ip": source, "edge_key": "wrong" if sent else "missing"},
        )
        return False
    return True


def _source(request: Request) -> str:
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def client_address(request: Request) -> str:
    """The address the caller is counted under: the viewer's, when CloudFront vouches for it
    (the edge origin key beside its CloudFront-Viewer-Address), else the source IP API Gateway
    saw. The key is read only for a request that names a viewer, so most read nothing."""
    source = _source(request)
    headers: Any = request.headers or {}
    viewer = headers.get(VIEWER_ADDRESS_HEADER)
    if not viewer or not _from_the_edge(request, source, "CloudFront-Viewer-Address"):
        return source
    address = viewer_address(str(viewer))
    if address is None:  # CloudFront's own header, unreadable: count the edge rather than nothing
        logger.warning("CloudFront-Viewer-Address unreadable: counted under the source IP", extra={"source_ip": source})
        return source
    return address


def viewer_place(request: Request) -> tuple[str | None, str | None]:
    """(country code, city) CloudFront placed the viewer in from their address, believed on the
    same terms as their address; (None, None) where nobody vouches for one (locally, always)."""
    headers: Any = request.headers or {}
    country = str(headers.get(VIEWER_COUNTRY_HEADER) or "").upper()
    if not _COUNTRY.fullmatch(country) or not _from_the_edge(request, _source(request), "CloudFront-Viewer-Country"):
        return None, None
    # CloudFront percent-encodes what is not ASCII in these headers (RFC 3986): Jyv%C3%A4skyl%C3%A4.
    city = unquote(str(headers.get(VIEWER_CITY_HEADER) or ""), errors="replace")
    city = "".join(ch for ch in city if ch.isprintable()).strip()
    return country, city[:_MAX_CITY] or None


def viewer_address(header: str) -> str | None:
    """The address in a CloudFront-Viewer-Address value without its port ("203.0.113.7:46532",
    "[2001:db8::1]:46532"), written one way (2001:DB8:0::1 is 2001:db8::1), or None if the
    value is neither."""
    host, colon, port = header.rpartition(":")
    if not colon or not _PORT.fullmatch(port) or int(port) > 65535:
        return None
    bracketed = host.startswith("[") and host.endswith("]")
    if bracketed:
        host = host[1:-1]
    if "%" in host:  # a zone index names an interface of the viewer's, not an address
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.version != (6 if bracketed else 4):  # v6 always in brackets, v4 never
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # ::ffff:203.0.113.7
        return str(address.ipv4_mapped)
    return str(address)


def cookie(name: str, value: str, *, max_age: int, http_only: bool = True, path: str = "/api") -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "SameSite=Strict"]
    if http_only:
        parts.append("HttpOnly")
    if get_settings().is_deployed:  # plain-http 127.0.0.1 locally
        parts.append("Secure")
    return "; ".join(parts)


@cache
def _keys(user_pool_id: str) -> KeySet:
    return KeySet(jwks_url(get_settings().issuer, user_pool_id))


def person_of(
    access_token: str,
    seal: str | None,
    now: float | None = None,
    *,
    consistent: bool = False,
    account_id: str | None = None,
) -> Principal | None:
    """The active person this access token belongs to, or None (invalid, expired, signed out,
    or the session revoked or past its end).

    `consistent`: the renewal reads strongly, so a sign-in made right after a sign-out
    everywhere is never judged by the generation before it; every other request reads
    eventually consistent, half the price.

    Signed out means the session's seal names an earlier generation than the person's (each
    sign-out everywhere, and deactivation, starts a new one: a count, not a time, because the
    token's `iat` is in whole seconds and a session made in the second of a sign-out must die),
    or a session their record no longer lists, or lists as ended (docs/sign-in.md, "Sessions").
    Both are on the record the check reads anyway, so revoking costs no request anything.

    A contact acts for `account_id` (the account cookie) only if they still belong to it; a
    contact removed from every account is signed out, from one of several is asked to choose.
    """
    settings = get_settings()
    try:
        claims = verify_access_token(
            access_token,
            _keys(settings.user_pool_id),
            issuer=settings.issuer,
            client_id=settings.user_pool_client_id,
            now=time.time() if now is None else now,
        )
    except NotSignedIn:
        return None
    kind = STAFF if STAFF in claims.groups else CUSTOMER
    principal = principal_by_id(claims.username, kind, consistent=consistent)
    if principal is None or not principal.active:
        return None
    sealed = open_seal(seal, principal.principal_id, seal_key(signin_code_pepper()))
    if sealed is None or sealed.generation != principal.session_generation:
        return None
    ends_at = principal.session_ends_at(sealed.session_id)
    if ends_at is None or ends_at <= (time.time() if now is None else now):
        return None
    live = replace(
        principal, authenticated_at=claims.issued_at, session_id=sealed.session_id, session_expires_at=ends_at
    )
    return live.acting_for(account_id)


def signed_in(request: Request) -> tuple[Principal, str] | None:
    """Who is signed in (and their access token), as the cookies say now; None if nobody."""
    jar = request_cookies(request)
    access = jar.get(ACCESS_COOKIE)
    principal = person_of(access, jar.get(SESSION_COOKIE), account_id=jar.get(ACCOUNT_COOKIE)) if access else None
    return (principal, access) if principal is not None and access else None


def check_access(principal: Principal | None, access: Access, can_refresh: bool) -> Principal:
    if principal is None:
        if can_refresh:
            raise SessionExpired("Your session needs renewing.")
        raise NotSignedIn("Please sign in to continue.")
    if access == "staff" and principal.kind != STAFF:
        raise Forbidden("This is for the business's staff only.", code="staff_only")
    if access == "customer" and principal.kind != CUSTOMER:
        raise Forbidden("This is for customers; operators use the console.", code="customers_only")
    return principal


def require(request: Request, access: Access) -> Principal:
    """The resolver of every domain but sign-in: the cookies' principal, or a 401/403."""
    found = signed_in(request)
    can_refresh = bool(request_cookies(request).get(REFRESH_COOKIE))
    return check_access(found[0] if found else None, access, can_refresh)


def install_csrf_check(app: Chalice) -> None:
    """CSRF on every write but a signed webhook's."""

    @app.middleware("http")
    def check_csrf(event: Request, get_response: Callable[[Request], Response]) -> Any:
        found, spec = route_spec(app, event)
        signed = spec is not None and spec.access == "signed"  # a webhook proves itself otherwise
        if event.method in UNSAFE_METHODS and found and not signed:  # else Chalice answers 405
            headers: Any = event.headers or {}
            sent = headers.get(CSRF_HEADER) or ""
            expected = request_cookies(event).get(CSRF_COOKIE) or ""
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                raise Forbidden(
                    "This request is missing its security token. Reload the page and try again.",
                    code="security_token_missing",
                )
        return get_response(event)
