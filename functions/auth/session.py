"""The session's cookies as the sign-in domain writes them, and the one place a session is renewed.

Every domain reads the cookies and checks the access token (core.session); only this domain
holds the refresh token's use: its own routes renew an expired access token silently, and
POST /api/auth/refresh does it for the pages when another domain answered `session_expired`.
"""

import secrets

from chalice.app import Request

from functions.auth.gateway import Tokens
from functions.auth.service import refresh_session
from functions.core.http import Access, add_response_cookie
from functions.core.principal import Principal
from functions.core.session import (
    ACCESS_COOKIE,
    ACCOUNT_COOKIE,
    CSRF_COOKIE,
    REFRESH_COOKIE,
    REFRESH_MAX_AGE,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    check_access,
    cookie,
    request_cookies,
    signed_in,
)


def set_session_cookies(tokens: Tokens, seal: str | None = None) -> None:
    """The tokens, and for a new session its seal (a refresh keeps the seal it came with)."""
    add_response_cookie(cookie(ACCESS_COOKIE, tokens.access_token, max_age=REFRESH_MAX_AGE))
    if tokens.refresh_token:
        add_response_cookie(cookie(REFRESH_COOKIE, tokens.refresh_token, max_age=REFRESH_MAX_AGE))
    if seal is not None:
        add_response_cookie(cookie(SESSION_COOKIE, seal, max_age=REFRESH_MAX_AGE))


def issue_csrf_token() -> str:
    token = secrets.token_urlsafe(32)
    add_response_cookie(cookie(CSRF_COOKIE, token, max_age=REFRESH_MAX_AGE, http_only=False, path="/"))
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
    refreshed = refresh_session(refresh_token, jar.get(SESSION_COOKIE))
    if refreshed is None:
        return None
    principal, tokens = refreshed
    set_session_cookies(tokens)
    return principal.acting_for(jar.get(ACCOUNT_COOKIE)), tokens.access_token


def choose_account(account_id: str) -> None:
    """Remember the account the contact acts for; every request checks it against them."""
    add_response_cookie(cookie(ACCOUNT_COOKIE, account_id, max_age=REFRESH_MAX_AGE))


def require_renewing(request: Request, access: Access) -> Principal:
    """The sign-in domain's resolver: as every domain's, but an expired session is renewed."""
    found = current_principal(request)
    return check_access(found[0] if found else None, access, can_refresh=False)
