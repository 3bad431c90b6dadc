"""Cognito's custom-auth triggers, as plain functions: a Cognito event in, the same event out.

Their collaborators (who the person is, how to send, the pepper, the clock) are passed in:
auth.handlers builds the real ones for Lambda, and the local gateway calls these same
functions with the same collaborators.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, UpdateError

from functions.auth import limits, messages
from functions.auth.codes import (
    CODE_LIFETIME_SECONDS,
    MAX_WRONG_ANSWERS,
    SESSION_ATTEMPTS,
    code_digest,
    code_matches,
    mask_email,
    mask_phone,
    new_code,
)
from functions.auth.models import SignInCodeItem
from functions.core.clock import Clock
from functions.core.logging import logger
from functions.core.principal import Principal
from functions.core.senders import EmailSender, SmsSender

Event = dict[str, Any]
CODE = "CODE"


@dataclass(frozen=True)
class TriggerContext:
    """What the triggers need from the world."""

    principal: Callable[[str], Principal | None]
    email: EmailSender
    sms: SmsSender
    # Read when a code is made or checked, in the trigger's own Lambda (core.secrets keeps it a
    # few minutes), so a rotated pepper is used without a redeploy.
    pepper: Callable[[], str]
    business_name: str
    clock: Clock


def code_key(principal_id: str) -> str:
    return f"SIGNIN#{principal_id}"


def define_auth_challenge(event: Event) -> Event:
    """One custom challenge at a time; tokens after a right answer; give up after three wrong ones."""
    session = event["request"].get("session") or []
    response = event["response"]
    response.update(issueTokens=False, failAuthentication=False)
    if event["request"].get("userNotFound"):
        response["failAuthentication"] = True
    elif session and session[-1].get("challengeResult") is True:
        response["issueTokens"] = True
    elif len(session) >= SESSION_ATTEMPTS:
        response["failAuthentication"] = True
    else:
        response["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def live_code(principal_id: str, now: float) -> SignInCodeItem | None:
    try:
        item = SignInCodeItem.get(code_key(principal_id), CODE, consistent_read=True)
    except DoesNotExist:
        return None
    if item.expires_at is None or item.expires_at <= now or item.wrong_answers >= MAX_WRONG_ANSWERS:
        return None
    return item


def create_auth_challenge(event: Event, context: TriggerContext) -> Event:
    """Send a code, unless a live one exists (Cognito retries this trigger; resends reuse it)."""
    username = event["userName"]
    now = context.clock.now().timestamp()
    response = event["response"]
    response.update(publicChallengeParameters={}, privateChallengeParameters={"kind": CODE}, challengeMetadata=CODE)
    principal = context.principal(username)
    if principal is None or not principal.active:
        return event
    existing = live_code(username, now)
    if existing is not None:
        response["publicChallengeParameters"] = _public(existing.channel, existing.destination)
        return event
    if event["request"].get("session"):
        # A later round of the same sign-in whose code was burned: no fresh code for guessers.
        return event
    # A mobile first (a contact may have no e-mail at all); an operator has only an e-mail.
    channel, destination = ("sms", principal.mobile) if principal.mobile else ("email", principal.email)
    if destination is None:
        return event  # nowhere to send a code: no such person could have been made
    if not limits.allow(limits.sends_to(username, principal.mobile), now):
        logger.info("code not sent: send limit reached")
        return event
    code = new_code()
    item = SignInCodeItem(
        code_key(username),
        CODE,
        code_digest=code_digest(code, context.pepper()),
        channel=channel,
        destination=destination,
        issued_at=now,
        last_sent_at=now,
        wrong_answers=0,
        expires_at=int(now) + CODE_LIFETIME_SECONDS,
        sent=False,
    )
    replaceable = (
        SignInCodeItem.pk.does_not_exist()
        | (SignInCodeItem.expires_at <= now)
        | (SignInCodeItem.wrong_answers >= MAX_WRONG_ANSWERS)
    )
    try:
        item.save(condition=replaceable)
    except PutError:
        return event  # a concurrent invocation stored its code first and sends it
    if channel == "sms":
        context.sms.send_sms(destination, messages.code_sms(principal.language, code, context.business_name))
    else:
        context.email.send_email(destination, messages.code_email(principal.language, code, context.business_name))
    item.update(actions=[SignInCodeItem.sent.set(True)])
    response["publicChallengeParameters"] = _public(channel, destination)
    return event


def _public(channel: str, destination: str) -> dict[str, str]:
    masked = mask_phone(destination) if channel == "sms" else mask_email(destination)
    return {"channel": channel, "destination": masked}


def verify_auth_challenge(event: Event, context: TriggerContext) -> Event:
    """Right answer: the code is used up. Wrong answer: one of its five tries is gone."""
    answer = str(event["request"].get("challengeAnswer") or "")
    now = context.clock.now().timestamp()
    event["response"]["answerCorrect"] = check_code(event["userName"], answer, context.pepper(), now)
    return event


def check_code(principal_id: str, answer: str, pepper: str, now: float) -> bool:
    item = live_code(principal_id, now)
    if item is None:
        return False
    if code_matches(answer, item.code_digest, pepper):
        try:
            # Single use: only one of two racing right answers deletes it.
            item.delete(
                condition=(SignInCodeItem.code_digest == item.code_digest)
                & (SignInCodeItem.wrong_answers < MAX_WRONG_ANSWERS)
            )
        except DeleteError:
            return False
        return True
    with contextlib.suppress(UpdateError):
        item.update(
            actions=[SignInCodeItem.wrong_answers.add(1)],
            condition=SignInCodeItem.wrong_answers < MAX_WRONG_ANSWERS,
        )
    return False


def burn_code_after_cooldown(principal_id: str, now: float, cooldown_seconds: int) -> bool:
    """For a resend: drop the live code if it was sent long enough ago; say whether it was."""
    try:
        SignInCodeItem(code_key(principal_id), CODE).delete(
            condition=SignInCodeItem.pk.exists() & (SignInCodeItem.last_sent_at <= now - cooldown_seconds)
        )
    except DeleteError:
        return False
    return True
