"""The sign-in domain's part of erasing a person (core.erasure): what sign-in kept of them.

- their sessions' details (device, address, place: CONTACT#id#SESSIONS) and their known
  devices (CONTACT#id#DEVICES) are deleted: whether a session is live is the person's record's
  to say (core.principal), which the erasure job itself ends;
- their live sign-in code (SIGNIN#id CODE) names where it was sent: deleted (its TTL may take
  two days to).
Left to expire: a sign-in attempt (ATTEMPT#id) names the person only by id and lives minutes;
the send counters name a number or address only by a keyed digest (limits.py), and an id.
"""

from functions.auth.triggers import code_key
from functions.core.erasure import StepDone, Subject
from functions.core.erasure_pages import (
    PAGE_SIZE,
    AnyItem,
    LastKey,
    Walk,
    Walked,
    delete_items,
    deleted_by_page,
    walk_step,
)
from functions.core.principal import contact_key

CODE = "CODE"  # the sort key of a live code (triggers.py)


def _sessions_of(contact_id: str) -> str:
    return f"{contact_key(contact_id)}#SESSIONS"  # sessions.sessions_key, for a contact


def _devices_of(contact_id: str) -> str:
    return f"{contact_key(contact_id)}#DEVICES"  # sessions.devices_key, for a contact


def _live_code(subject: Subject) -> Walk:
    def page(_: LastKey | None) -> Walked:
        delete_items([AnyItem(code_key(subject.contact_id), CODE)])
        return Walked(after=None)

    return Walk(page)


def erase_sign_in(subject: Subject, cursor: str | None, page_size: int = PAGE_SIZE) -> StepDone:
    """One page of the person's sessions or known devices, or their live code, deleted."""
    walks = [
        deleted_by_page(_sessions_of(subject.contact_id), page_size),
        deleted_by_page(_devices_of(subject.contact_id), page_size),
        _live_code(subject),
    ]
    return walk_step(walks, cursor)
