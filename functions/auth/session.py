"""The session's cookies as the sign-in domain writes them, and the one place a session is renewed.

Every domain reads the cookies and checks the access token (core.session); only this domain
holds the refresh token's use: its own routes renew an expired access token silently, and
POST /api/auth/refresh does it for the pages when another domain answered `session_expired`.
"""

import secrets
from typing import Any

from chalice.app import Request

from functions.auth import service
from functions.auth.gateway import Tokens
from functions.auth.service import StartedSession
from functions.auth.sessions import DEVICE_SECONDS, Arrival
from functions.core.http import Access, add_response_cookie
from functions.core.principal import Principal
from functions.core.session import (
    ACCESS_COOKIE,
    ACCOUNT_COOKIE,
    CSRF_COOKIE,
    REFRESH_COOKIE,
    REMEMBERED_SECONDS,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    check_access,
    client_address,
    cookie,
    request_cookies,
    signed_in,
    viewer_place,
)

# The browser's own random id, for "have you signed in from here before" (functions.auth.sessions):
# only the sign-in routes read it.
DEVICE_COOKIE = "portal_device"


def _left(ends_at: int) -> int:
    """The cookies of a session live as long as it does, and no longer (the server refuses it
    after its end whatever the cookies say: functions.core.session.person_of)."""
    return max(0, ends_at - int(service.services().clock.now().timestamp()))


def set_session_cookies(tokens: Tokens, ends_at: int, seal: str | None = None) -> None:
    """The tokens, and for a new session its seal (a refresh keeps the seal it came with)."""
    add_response_cookie(cookie(ACCESS_COOKIE, tokens.access_token, max_age=_left(ends_at)))
    if tokens.refresh_token:
        add_response_cookie(cookie(REFRESH_COOKIE, tokens.refresh_token, max_age=_left(ends_at)))
    if seal is not None:
        add_response_cookie(cookie(SESSION_COOKIE, seal, max_age=_left(ends_at)))


def set_started_session(tokens: Tokens, started: StartedSession) -> None:
    """The cookies of a session a code just opened, and the device cookie that names the browser."""
    set_session_cookies(tokens, started.ends_at, started.seal)
    if started.device_token:
        add_response_cookie(cookie(DEVICE_COOKIE, started.device_token, max_age=DEVICE_SECONDS, path="/api/auth"))


def arrival(request: Request) -> Arrival:
    """Where a sign-in comes from: the browser, its address and place, its device cookie."""
    headers: Any = request.headers or {}
    country, city = viewer_place(request)
    device = request_cookies(request).get(DEVICE_COOKIE)
    return Arrival(headers.get("user-agent"), client_address(request), country, city, device)


def issue_csrf_token() -> str:
    # As long as the longest session: a CSRF token is no credential, and a remembered session
    # must still be able to write on its last day.
    token = secrets.token_urlsafe(32)
    add_response_cookie(cookie(CSRF_COOKIE, token, max_age=REMEMBERED_SECONDS, http_only=False, path="/"))
    return token


def clear_session_cookies() -> None:
    for name in (ACCESS_COOKIE, REFRESH_COOKIE, SESSION_COOKIE, SIGNIN_COOKIE):
        add_response_cookie(cookie(name, "", max_age=0))


def current_principal(request: Request) -> tuple[Principal, str] | None:
    """Who is signed in (and their access token), renewing the session silently; None if nobody."""
    found = signed_in(request)
    if found is not None:
        return found
    jar = request_cookies(request)
    refresh_token = jar.get(REFRESH_COOKIE)
    if not refresh_token:
        return None
    refreshed = service.refresh_session(refresh_token, jar.get(SESSION_COOKIE))
    if refreshed is None:
        return None
    principal, tokens = refreshed
    set_session_cookies(tokens, principal.session_expires_at)
    return principal.acting_for(jar.get(ACCOUNT_COOKIE)), tokens.access_token


def choose_account(account_id: str) -> None:
    """Remember the account the contact acts for; every request checks it against them."""
    # No longer than the longest session; checked against the contact on every request anyway.
    add_response_cookie(cookie(ACCOUNT_COOKIE, account_id, max_age=REMEMBERED_SECONDS))


def require_renewing(request: Request, access: Access) -> Principal:
    """The sign-in domain's resolver: as every domain's, but an expired session is renewed."""
    found = current_principal(request)
    return check_access(found[0] if found else None, access, can_refresh=False)
