"""Sign-in routes: /auth/start, /auth/verify, /auth/resend, /auth/logout, /auth/session, and
the signed-in person's sessions, /auth/sessions."""

from datetime import UTC, datetime

from functions.auth import service
from functions.auth.models import SessionItem
from functions.auth.schemas import (
    AccountChoice,
    ChooseAccount,
    CodeSent,
    SessionList,
    SessionReply,
    SessionsEnded,
    SignedInDevice,
    SignedInPerson,
    StartSignIn,
    VerifyCode,
)
from functions.auth.session import (
    arrival,
    choose_account,
    clear_session_cookies,
    current_principal,
    issue_csrf_token,
    set_started_session,
)
from functions.core.errors import NotFound, NotSignedIn
from functions.core.http import Routes, add_response_cookie
from functions.core.principal import Membership, Principal
from functions.core.roles import changeable_areas, readable_areas
from functions.core.session import (
    ACCOUNT_COOKIE,
    CSRF_COOKIE,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    client_address,
    cookie,
    request_cookies,
)

auth_api = Routes(__name__, tag="sign-in")
signed_in_api = Routes(__name__, tag="sign-in", access="customer", area="own")
_SIGNIN_MAX_AGE = 10 * 60


def _choice(membership: Membership) -> AccountChoice:
    role = membership.role
    return AccountChoice(
        account_id=membership.account_id,
        name=membership.account_name,
        role=role,
        scope=membership.scope,
        reads=list(readable_areas(role)),
        writes=list(changeable_areas(role)),
    )


def _person(principal: Principal) -> SignedInPerson:
    return SignedInPerson(
        principal_id=principal.principal_id,
        kind=principal.kind,
        name=principal.name,
        email=principal.email,
        language=principal.language,
        accounts=[_choice(m) for m in principal.memberships],
        account=_choice(principal.account) if principal.account else None,
    )


@auth_api.post("/start", "Send a sign-in code", status=202, errors=(403,))
def start(body: StartSignIn) -> CodeSent:
    request = auth_api.current_request
    attempt_id = service.start_sign_in(body.identifier, client_address(request))
    add_response_cookie(cookie(SIGNIN_COOKIE, attempt_id, max_age=_SIGNIN_MAX_AGE, path="/api/auth"))
    return CodeSent.model_validate(service.code_sent_reply())


@signed_in_api.post(
    "/confirm",
    "Send a code to confirm it is me (asked before a payment); /auth/verify takes it",
    status=202,
    errors=(429,),
)
def confirm(principal: Principal) -> CodeSent:
    attempt_id = service.start_confirmation(principal, client_address(signed_in_api.current_request))
    add_response_cookie(cookie(SIGNIN_COOKIE, attempt_id, max_age=_SIGNIN_MAX_AGE, path="/api/auth"))
    return CodeSent.model_validate(service.code_sent_reply())


@signed_in_api.post("/account", "Act for one of my accounts (a contact of several chooses)", errors=(404,))
def act_for(body: ChooseAccount, principal: Principal) -> SessionReply:
    chosen = principal.acting_for(body.account_id)
    if chosen.account is None or chosen.account.account_id != body.account_id:
        raise NotFound("You are not a contact of this account.", code="no_such_account")
    choose_account(body.account_id)
    return SessionReply(signed_in=True, person=_person(chosen))


@auth_api.post("/resend", "Send the code again (after a minute)", status=202, errors=(403,))
def resend() -> CodeSent:
    request = auth_api.current_request
    service.resend_code(request_cookies(request).get(SIGNIN_COOKIE), client_address(request))
    return CodeSent.model_validate(service.code_sent_reply())


@auth_api.post("/verify", "Sign in with the code", errors=(403, 429))
def verify(body: VerifyCode) -> SessionReply:
    request = auth_api.current_request
    jar = request_cookies(request)
    principal, tokens = service.verify_code(jar.get(SIGNIN_COOKIE), body.code, client_address(request))
    add_response_cookie(cookie(SIGNIN_COOKIE, "", max_age=0, path="/api/auth"))
    started = service.start_session(principal, body.remember, arrival(request), jar.get(SESSION_COOKIE))
    set_started_session(tokens, started)
    issue_csrf_token()  # a new session, a new CSRF token
    return SessionReply(signed_in=True, person=_person(started.principal.acting_for(jar.get(ACCOUNT_COOKIE))))


@auth_api.post("/logout", "Sign out on this device (my other sessions go on)", status=204)
def logout() -> None:
    found = current_principal(auth_api.current_request)
    if found is not None:
        service.sign_out(found[0])
    clear_session_cookies()


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def _device(item: SessionItem, principal: Principal) -> SignedInDevice:
    return SignedInDevice(
        session_id=item.session_id,
        device=item.device,
        browser=item.browser,
        system=item.system,
        country=item.country,
        city=item.city,
        address=item.address,
        first_seen=_iso(item.first_seen),
        last_seen=_iso(item.last_seen),
        expires_at=_iso(principal.session_ends_at(item.session_id) or item.expires_at or 0),
        remembered=item.remembered,
        current=item.session_id == principal.session_id,
    )


@signed_in_api.get("/sessions", "My signed-in devices, newest first (this one marked)")
def my_sessions(principal: Principal) -> SessionList:
    return SessionList(items=[_device(item, principal) for item in service.live_sessions(principal)])


@signed_in_api.delete(
    "/sessions/{session_id}", "Sign out one of my devices (this one: signed out here)", status=204, errors=(404,)
)
def revoke_session(session_id: str, principal: Principal) -> None:
    service.revoke_session(principal, session_id)
    if session_id == principal.session_id:
        clear_session_cookies()


@signed_in_api.post("/sessions/sign-out-others", "Sign out everywhere else (this device stays signed in)")
def sign_out_others(principal: Principal) -> SessionsEnded:
    return SessionsEnded(ended=service.sign_out_elsewhere(principal))


@auth_api.get("/session", "Who is signed in")
def session() -> SessionReply:
    request = auth_api.current_request
    if not request_cookies(request).get(CSRF_COOKIE):
        issue_csrf_token()
    found = current_principal(request)
    if found is None:
        return SessionReply(signed_in=False)
    return SessionReply(signed_in=True, person=_person(found[0]))


@auth_api.post("/refresh", "Renew the session after another part of the API answered session_expired", errors=(401,))
def refresh() -> SessionReply:
    found = current_principal(auth_api.current_request)
    if found is None:
        clear_session_cookies()
        raise NotSignedIn("Your session has ended. Please sign in again.", code="session_ended")
    return SessionReply(signed_in=True, person=_person(found[0]))
