"""The browser session: HttpOnly cookies that carry the tokens, CSRF, and who is asking.

Page scripts never see a token. Writes must echo the readable `csrf_token` cookie in the
X-CSRF-Token header (double submit); SameSite=Strict already keeps other sites' requests
from carrying the cookies, and this closes what SameSite does not (older browsers, a
compromised sibling subdomain).
"""

import hmac
import secrets
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any

from chalice.app import Chalice, Request, Response

from functions.auth.gateway import Tokens
from functions.auth.service import principal_from_tokens, refresh_session
from functions.core.errors import Forbidden, NotSignedIn
from functions.core.http import UNSAFE_METHODS, Access, add_response_cookie, set_access_resolver
from functions.core.settings import get_settings
from functions.customers.service import Principal

ACCESS_COOKIE = "portal_access"
REFRESH_COOKIE = "portal_refresh"
SESSION_COOKIE = "portal_session"  # the seal: whose session and its sign-out generation
SIGNIN_COOKIE = "portal_signin"
CSRF_COOKIE = "csrf_token"
CSRF_HEADER = "x-csrf-token"
REFRESH_MAX_AGE = 12 * 3600  # the app client's refresh token validity


def request_cookies(request: Request) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        headers: Any = request.headers or {}
        jar.load(headers.get("cookie") or "")
    except CookieError:  # a malformed Cookie header is simply no cookies
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def client_address(request: Request) -> str:
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def cookie(name: str, value: str, *, max_age: int, http_only: bool = True, path: str = "/api") -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "SameSite=Strict"]
    if http_only:
        parts.append("HttpOnly")
    if get_settings().is_deployed:  # plain-http 127.0.0.1 locally
        parts.append("Secure")
    return "; ".join(parts)


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
    """Who is signed in (and their access token), refreshing silently; None if nobody."""
    jar = request_cookies(request)
    access, seal = jar.get(ACCESS_COOKIE), jar.get(SESSION_COOKIE)
    principal = principal_from_tokens(access, seal) if access else None
    if principal is not None and access:
        return principal, access
    refresh_token = jar.get(REFRESH_COOKIE)
    if not refresh_token:
        return None
    refreshed = refresh_session(refresh_token, seal)
    if refreshed is None:
        return None
    principal, tokens = refreshed
    set_session_cookies(tokens)
    return principal, tokens.access_token


def require(request: Request, access: Access) -> Principal:
    found = current_principal(request)
    if found is None:
        raise NotSignedIn("Please sign in to continue.")
    principal = found[0]
    if access == "staff" and principal.kind != "staff":
        raise Forbidden("This is for the business's staff only.")
    if access == "customer" and principal.kind != "customer":
        raise Forbidden("This is for customers; operators use the console.")
    return principal


def install_session(app: Chalice) -> None:
    """CSRF on every write; signed-in routes get their principal from the cookies."""
    set_access_resolver(require)

    @app.middleware("http")
    def check_csrf(event: Request, get_response: Callable[[Request], Response]) -> Any:
        route = app.routes.get((event.context or {}).get("resourcePath", ""), {})
        entry = route.get(event.method)
        spec = getattr(entry.view_function, "endpoint_spec", None) if entry else None
        signed = spec is not None and spec.access == "signed"  # a webhook proves itself otherwise
        if event.method in UNSAFE_METHODS and entry is not None and not signed:  # else Chalice answers 405
            headers: Any = event.headers or {}
            sent = headers.get(CSRF_HEADER) or ""
            expected = request_cookies(event).get(CSRF_COOKIE) or ""
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                raise Forbidden("This request is missing its security token. Reload the page and try again.")
        return get_response(event)
