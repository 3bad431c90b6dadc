"""Sign-in with a one-time code, as the API sees it: start, verify, resend, sessions, sign out."""

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache

from pynamodb.exceptions import DoesNotExist

from functions.auth import limits, messages, sessions
from functions.auth.codes import CODE_LIFETIME_SECONDS, RESEND_COOLDOWN_SECONDS, CodeNotAccepted
from functions.auth.gateway import CognitoGateway, LocalGateway, SignInGateway, Tokens
from functions.auth.models import SessionItem, SignInAttemptItem
from functions.auth.reply_time import FixedReplyTime
from functions.auth.sessions import Arrival
from functions.auth.triggers import (
    TriggerContext,
    burn_code_after_cooldown,
    create_auth_challenge,
    define_auth_challenge,
    verify_auth_challenge,
)
from functions.core.audit import accounts_of, record
from functions.core.clock import Clock, SystemClock
from functions.core.devices import describe
from functions.core.errors import Forbidden, TooManyRequests
from functions.core.logging import logger
from functions.core.principal import Principal, principal_by_id
from functions.core.secrets import signin_code_pepper
from functions.core.senders import SesEmailSender, SnsSmsSender
from functions.core.session import person_of
from functions.core.settings import get_settings
from functions.core.tokens import open_seal, seal_key, seal_session
from functions.customers.service import find_principal

ATTEMPT = "ATTEMPT"
CODE_SENT = (
    "If this e-mail address or mobile number belongs to an account, we have sent a sign-in code to it: "
    "by text message when a mobile number is on file, by e-mail otherwise."
)


RECENT_SIGN_IN_SECONDS = 10 * 60


class SignInTooOld(Forbidden):
    code = "fresh_sign_in_required"


_NOT_ACCEPTED = "That code is not right, or it has expired. Check it, or ask for a new one."


@dataclass(frozen=True)
class SignInServices:
    gateway: SignInGateway
    triggers: TriggerContext
    clock: Clock
    reply_time: FixedReplyTime  # starts, resends and refused codes all take this long


@cache
def _services(pool: str, client_id: str, backend: str) -> SignInServices:
    settings = get_settings()
    triggers = TriggerContext(
        principal=principal_by_id,
        email=SesEmailSender(settings.sender_email),
        sms=SnsSmsSender(),
        pepper=signin_code_pepper,
        business_name=settings.business_name,
        clock=SystemClock(),
    )
    gateway: SignInGateway
    if backend == "local":
        gateway = LocalGateway(
            pool,
            client_id,
            define=define_auth_challenge,
            create=lambda event: create_auth_challenge(event, triggers),
            verify=lambda event: verify_auth_challenge(event, triggers),
        )
    else:
        gateway = CognitoGateway(client_id)
    return SignInServices(
        gateway,
        triggers,
        SystemClock(),
        FixedReplyTime(settings.signin_reply_seconds),
    )


def services() -> SignInServices:
    """The process's sign-in collaborators (one set per user pool; tests make new pools)."""
    settings = get_settings()
    return _services(settings.user_pool_id, settings.user_pool_client_id, settings.auth_backend)


def trigger_context() -> TriggerContext:
    return services().triggers


def code_sent_reply() -> dict[str, object]:
    return {
        "message": CODE_SENT,
        "resend_after_seconds": RESEND_COOLDOWN_SECONDS,
        "expires_in_seconds": CODE_LIFETIME_SECONDS,
    }


def start_sign_in(identifier: str, address: str) -> str:
    """Begin a sign-in; return the attempt id for the sign-in cookie. Same time for anyone."""
    s = services()
    deadline = s.reply_time.deadline()
    try:  # a failure (Cognito throttled, a trigger failed) happens only for a real person: padded too
        now = s.clock.now().timestamp()
        principal = find_principal(identifier)
        allowed = limits.allow(limits.starts_from(address), now)
        return _new_attempt(principal if allowed else None, now)
    finally:
        deadline.wait()


def start_confirmation(principal: Principal, address: str) -> str:
    """A code for someone already signed in who must confirm it is them (before paying)."""
    now = services().clock.now().timestamp()
    if not limits.allow(limits.starts_from(address), now):
        raise TooManyRequests(
            "Too many codes were asked for from your network. Wait a while and try again.", code="too_many_codes"
        )
    return _new_attempt(principal, now)


def _new_attempt(principal: Principal | None, now: float) -> str:
    """Start Cognito's loop for an active person (nobody: an attempt no code will open)."""
    session = services().gateway.start(principal.principal_id) if principal and principal.active else None
    attempt_id = secrets.token_urlsafe(32)
    SignInAttemptItem(
        f"ATTEMPT#{attempt_id}",
        ATTEMPT,
        principal_id=principal.principal_id if session and principal else None,
        cognito_session=session,
        started_at=now,
        expires_at=int(now) + CODE_LIFETIME_SECONDS + 60,
    ).save()
    return attempt_id


def _attempt(attempt_id: str | None, now: float) -> SignInAttemptItem | None:
    if not attempt_id:
        return None
    try:
        attempt = SignInAttemptItem.get(f"ATTEMPT#{attempt_id}", ATTEMPT, consistent_read=True)
    except DoesNotExist:
        return None
    return attempt if attempt.expires_at and attempt.expires_at > now else None


def resend_code(attempt_id: str | None, address: str) -> None:
    """A new code if the last one went out over a minute ago; otherwise the live one stands."""
    s = services()
    deadline = s.reply_time.deadline()
    try:
        now = s.clock.now().timestamp()
        attempt = _attempt(attempt_id, now)
        if attempt is not None and attempt.principal_id and limits.allow(limits.starts_from(address), now):
            burn_code_after_cooldown(attempt.principal_id, now, RESEND_COOLDOWN_SECONDS)
            session = s.gateway.start(attempt.principal_id)
            session_field = SignInAttemptItem.cognito_session
            attempt.update(actions=[session_field.set(session) if session else session_field.remove()])
    finally:
        deadline.wait()


def verify_code(attempt_id: str | None, code: str, address: str) -> tuple[Principal, Tokens]:
    """Tokens for a right code; CodeNotAccepted for anything else (wrong, expired, burned, replayed).

    Every refusal takes the fixed reply time from the moment its work began: without it,
    an attempt nobody is behind is refused before Cognito is asked, in half the time.
    """
    s = services()
    deadline = s.reply_time.deadline()
    signed_in = False
    try:
        outcome = _verify(s, attempt_id, code, address)
        signed_in = True
        return outcome
    finally:
        # Every refusal, and every failure: Cognito's errors come only for a real person, and
        # a fast 500 would tell them apart from the padded refusals. A right code goes at once.
        if not signed_in:
            deadline.wait()


def _verify(s: SignInServices, attempt_id: str | None, code: str, address: str) -> tuple[Principal, Tokens]:
    now = s.clock.now().timestamp()
    if not limits.allow(limits.verifies_from(address), now):
        raise TooManyRequests(
            "Too many sign-in attempts from your network. Wait a while and try again.",
            code="too_many_sign_in_attempts",
        )
    attempt = _attempt(attempt_id, now)
    if attempt is None or not attempt.principal_id or not attempt.cognito_session:
        raise CodeNotAccepted(_NOT_ACCEPTED)
    # Read before the tokens exist: a sign-out everywhere from here on ends this session too.
    principal = principal_by_id(attempt.principal_id)
    outcome = s.gateway.answer(attempt.principal_id, attempt.cognito_session, code)
    if isinstance(outcome, str):  # wrong, and Cognito allows another try in a new session
        attempt.update(actions=[SignInAttemptItem.cognito_session.set(outcome)])
        raise CodeNotAccepted(_NOT_ACCEPTED)
    attempt.delete()  # right or given up: this attempt cannot be used again
    if outcome is None or principal is None or not principal.active:
        raise CodeNotAccepted(_NOT_ACCEPTED)
    logger.info("signed in", extra={"principal": principal.principal_id, "kind": principal.kind})
    return principal, outcome


@dataclass(frozen=True)
class StartedSession:
    principal: Principal  # with the session's id and end
    seal: str  # the session cookie's value
    ends_at: int  # epoch seconds: the cookies live until then
    device_token: str | None  # the device cookie to set; None: leave the browser's as it is


def _at(now: float) -> datetime:
    return datetime.fromtimestamp(now, UTC)


def start_session(principal: Principal, remember: bool, arrival: Arrival, current_seal: str | None) -> StartedSession:
    """The session a right code opens.

    A code entered in a browser that already holds a live session of the same person (the
    confirmation asked before a payment) renews that session rather than starting another,
    unless they now mark the device as theirs: then a remembered session replaces it.
    """
    now = services().clock.now().timestamp()
    key = seal_key(signin_code_pepper())
    current = open_seal(current_seal, principal.principal_id, key)
    if current is not None and current.generation == principal.session_generation:
        ends_at = principal.session_ends_at(current.session_id)
        if ends_at is not None and ends_at > now and not remember and current_seal:
            continued = replace(principal, session_id=current.session_id, session_expires_at=ends_at)
            sessions.seen(continued, now)
            return StartedSession(continued, current_seal, ends_at, None)
    new = sessions.begin(principal, remember, arrival, now, current.session_id if current else None)
    signed_in = replace(principal, session_id=new.session_id, session_expires_at=new.ends_at)
    if new.new_device:
        _tell_about_sign_in(signed_in, now, describe(arrival.user_agent).label)
    record(
        "sign_in",
        signed_in,
        accounts_of(signed_in),
        _at(now),
        target=("session", new.session_id, None),
        details={"remembered": remember, "new_device": new.new_device},
    )
    seal = seal_session(principal.principal_id, principal.session_generation, new.session_id, key)
    return StartedSession(signed_in, seal, new.ends_at, new.device_token)


def _tell_about_sign_in(principal: Principal, now: float, device: str) -> None:
    """The notice of a sign-in from a device the person has not signed in from before."""
    when = _at(now).strftime("%Y-%m-%d %H:%M")
    link = f"{get_settings().portal_url}/sessions"
    triggers = trigger_context()
    if principal.email:
        triggers.email.send_email(
            principal.email, messages.new_sign_in_email(principal.language, triggers.business_name, when, device, link)
        )
    elif principal.mobile:  # a contact without e-mail: told where their codes go
        triggers.sms.send_sms(
            principal.mobile, messages.new_sign_in_sms(principal.language, triggers.business_name, when, link)
        )


def require_recent_sign_in(principal: Principal) -> None:
    """Before moving money: the code must have been entered in the last ten minutes."""
    age = services().clock.now().timestamp() - principal.authenticated_at
    if age > RECENT_SIGN_IN_SECONDS:
        raise SignInTooOld("For your security, confirm it is you with a new code before paying.")


def refresh_session(refresh_token: str, seal: str | None) -> tuple[Principal, Tokens] | None:
    """New tokens for a session its owner's record still lists as live (and of their current
    generation); its device is seen now."""
    tokens = services().gateway.refresh(refresh_token)
    if tokens is None:
        return None
    now = services().clock.now().timestamp()
    principal = person_of(tokens.access_token, seal, now, consistent=True)
    if principal is None:
        return None
    sessions.seen(principal, now)
    return principal, tokens


def live_sessions(principal: Principal) -> list[SessionItem]:
    """The person's live sessions, newest first."""
    return sessions.live_sessions(principal, services().clock.now().timestamp())


def revoke_session(principal: Principal, session_id: str) -> None:
    """End one of the person's sessions (a device of theirs); SessionNotFound if not theirs."""
    sessions.revoke(principal, session_id)
    record(
        "session_revoked",
        principal,
        accounts_of(principal),
        _at(services().clock.now().timestamp()),
        target=("session", session_id, None),
    )


def sign_out_elsewhere(principal: Principal) -> int:
    """End every session of the person but this one; how many there were."""
    now = services().clock.now().timestamp()
    ended = sessions.end_the_others(principal, now)
    record("signed_out_elsewhere", principal, accounts_of(principal), _at(now), details={"sessions": ended})
    return ended


def sign_out(principal: Principal) -> None:
    """End this session (this device) only; the person's others go on.

    Not Cognito's GlobalSignOut: it would revoke every device's refresh token. This session's
    own is left to Cognito's expiry, and useless before it: a renewal needs the session listed."""
    if principal.session_id is None:
        return
    try:
        sessions.revoke(principal, principal.session_id)
    except sessions.SessionNotFound:  # ended meanwhile from another device: signed out already
        return
    record(
        "signed_out",
        principal,
        accounts_of(principal),
        _at(services().clock.now().timestamp()),
        target=("session", principal.session_id, None),
    )
