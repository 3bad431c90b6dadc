"""A person's sessions: one a sign-in, each ended on its own, and the devices they came from.

Whether a session is live is written on its owner's record, the PROFILE item every request
reads anyway (core.principal.PersonItem.sessions: {session id: ends at}), so revoking one costs
no request anything and takes effect on its next one. What it was signed in from (browser,
system, place, first and last seen) is an item of its own beside it, for the sessions page.
A browser keeps a random device cookie; a sign-in from one its owner has not used before is
what sends the sign-in notice (docs/sign-in.md, "Sessions").
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from pynamodb.exceptions import PynamoDBException

from functions.auth.models import KnownDeviceItem, SessionItem
from functions.core.devices import describe
from functions.core.errors import NotFound
from functions.core.ids import new_id
from functions.core.principal import PROFILE, STAFF, PersonItem, Principal, contact_key, staff_key
from functions.core.secrets import signin_code_pepper
from functions.core.session import REMEMBERED_SECONDS, SESSION_SECONDS
from functions.core.tokens import SESSION_ID

# How many sessions one person may have at once: the record lists them all, and a page lists
# them in one read. A sign-in beyond it ends the one closest to its end.
MAX_SESSIONS = 20
DEVICE_SECONDS = 400 * 86400  # a device unused this long is new again (the cookie's life too)
DEVICE_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_CONDITION_FAILED = "ConditionalCheckFailedException"


class SessionNotFound(NotFound):
    code = "no_such_session"


@dataclass(frozen=True)
class Arrival:
    """Where a sign-in comes from, as its request says."""

    user_agent: str | None
    address: str
    country: str | None  # CloudFront's, where it vouches for one (core.session.viewer_place)
    city: str | None
    device_token: str | None  # the browser's device cookie, if it sent one


@dataclass(frozen=True)
class NewSession:
    session_id: str
    ends_at: int
    remembered: bool
    new_device: bool  # the first sign-in of this person from this browser (in DEVICE_SECONDS)
    device_token: str  # the device cookie to set (the browser's own, or a new one)


def _person_key(principal: Principal) -> str:
    return staff_key(principal.principal_id) if principal.kind == STAFF else contact_key(principal.principal_id)


def sessions_key(principal: Principal) -> str:
    return f"{_person_key(principal)}#SESSIONS"


def devices_key(principal: Principal) -> str:
    return f"{_person_key(principal)}#DEVICES"


def _session_sort_key(session_id: str) -> str:
    return f"SESSION#{session_id}"


def _conditional(exc: PynamoDBException) -> bool:
    return exc.cause_response_code == _CONDITION_FAILED


def _device_key() -> bytes:
    """The device digests' own key, derived from the pepper as the seal's is (core.tokens)."""
    return hmac.new(signin_code_pepper().encode(), b"portal known device", hashlib.sha256).digest()


def _ending(principal: Principal, now: float, also: str | None) -> list[str]:
    """The sessions a new one pushes off the record: the ended ones, `also`, and past
    MAX_SESSIONS - 1 the ones closest to their end."""
    ended = [sid for sid, ends in principal.sessions if ends <= now or sid == also]
    kept = sorted((ends, sid) for sid, ends in principal.sessions if sid not in ended)
    excess = len(kept) - (MAX_SESSIONS - 1)
    return ended + [sid for _, sid in kept[: max(0, excess)]]


def _list_on_record(principal: Principal, session_id: str, ends_at: int, ending: list[str]) -> None:
    record = PersonItem(_person_key(principal), PROFILE)
    for _ in range(2):  # a record's first session makes the map; two racing first ones meet here
        try:
            record.update(
                actions=[
                    PersonItem.sessions[session_id].set(ends_at),
                    *(PersonItem.sessions[s].remove() for s in ending),
                ],
                condition=PersonItem.sessions.exists(),
            )
            return
        except PynamoDBException as exc:
            if not _conditional(exc):
                raise
        try:
            record.update(
                actions=[PersonItem.sessions.set({session_id: ends_at})],
                condition=PersonItem.pk.exists() & PersonItem.sessions.does_not_exist(),
            )
            return
        except PynamoDBException as exc:
            if not _conditional(exc):
                raise
    raise RuntimeError("the person's record changed under two sign-ins at once")


def _forget_details(principal: Principal, session_ids: list[str]) -> None:
    if not session_ids:
        return
    with SessionItem.batch_write() as batch:
        for session_id in session_ids:
            batch.delete(SessionItem(sessions_key(principal), _session_sort_key(session_id)))


def _known_device(principal: Principal, token: str | None, now: float) -> tuple[bool, str]:
    """(new, the device cookie): a browser without a good cookie gets one and is new."""
    if token is None or not DEVICE_TOKEN.fullmatch(token):
        token = secrets.token_urlsafe(32)
    digest = hmac.new(_device_key(), f"{principal.principal_id}.{token}".encode(), hashlib.sha256).hexdigest()
    device = KnownDeviceItem(devices_key(principal), f"DEVICE#{digest}")
    # One write says whether it was known: first_seen is set only if it was not, so it comes
    # back as this sign-in's own time exactly when the device is new.
    device.update(
        actions=[
            KnownDeviceItem.first_seen.set(KnownDeviceItem.first_seen | now),
            KnownDeviceItem.last_seen.set(now),
            KnownDeviceItem.expires_at.set(int(now) + DEVICE_SECONDS),
        ]
    )
    return device.first_seen == now, token


def begin(principal: Principal, remember: bool, arrival: Arrival, now: float, replacing: str | None) -> NewSession:
    """A new session of this person, listed on their record with what it came from.

    `replacing`: the session this browser had until now (a new sign-in over it ends it)."""
    session_id = new_id(int(now * 1000))
    ends_at = int(now) + (REMEMBERED_SECONDS if remember else SESSION_SECONDS)
    ending = _ending(principal, now, replacing)
    _list_on_record(principal, session_id, ends_at, ending)
    device = describe(arrival.user_agent)
    SessionItem(
        sessions_key(principal),
        _session_sort_key(session_id),
        session_id=session_id,
        device=device.label,
        browser=device.browser,
        system=device.system,
        address=arrival.address,
        country=arrival.country,
        city=arrival.city,
        first_seen=now,
        last_seen=now,
        remembered=remember,
        expires_at=ends_at,
    ).save()
    _forget_details(principal, ending)
    new_device, token = _known_device(principal, arrival.device_token, now)
    return NewSession(session_id, ends_at, remember, new_device, token)


def seen(principal: Principal, now: float) -> None:
    """The session's tokens were renewed: its device was last seen now."""
    if principal.session_id is None:
        return
    try:
        SessionItem(sessions_key(principal), _session_sort_key(principal.session_id)).update(
            actions=[SessionItem.last_seen.set(now)], condition=SessionItem.pk.exists()
        )
    except PynamoDBException as exc:  # its details are gone (ended meanwhile): nothing to show
        if not _conditional(exc):
            raise


def live_sessions(principal: Principal, now: float) -> list[SessionItem]:
    """The person's live sessions, newest first: one read of their sessions' partition (it holds
    at most MAX_SESSIONS live ones, and those ended are removed with them or by their TTL)."""
    live = {sid for sid, ends in principal.sessions if ends > now}
    found = SessionItem.query(
        sessions_key(principal),
        SessionItem.sk.startswith("SESSION#"),
        scan_index_forward=False,
        limit=MAX_SESSIONS + 10,
    )
    return [item for item in found if item.session_id in live]


def revoke(principal: Principal, session_id: str) -> None:
    """End one of the person's sessions; SessionNotFound if it is not one of theirs."""
    if not SESSION_ID.fullmatch(session_id) or principal.session_ends_at(session_id) is None:
        raise SessionNotFound("There is no such session of yours.")
    try:
        PersonItem(_person_key(principal), PROFILE).update(
            actions=[PersonItem.sessions[session_id].remove()], condition=PersonItem.sessions[session_id].exists()
        )
    except PynamoDBException as exc:
        if _conditional(exc):  # ended meanwhile, by another of their devices
            raise SessionNotFound("There is no such session of yours.") from exc
        raise
    SessionItem(sessions_key(principal), _session_sort_key(session_id)).delete()


def end_the_others(principal: Principal, now: float) -> int:
    """End every session of the person but this one; how many were live."""
    others = [sid for sid, _ in principal.sessions if sid != principal.session_id]
    if not others:
        return 0
    live = sum(1 for sid, ends in principal.sessions if sid in others and ends > now)
    # Each by its id: a sign-in made meanwhile is not one of those asked to end.
    PersonItem(_person_key(principal), PROFILE).update(actions=[PersonItem.sessions[s].remove() for s in others])
    _forget_details(principal, others)
    return live
