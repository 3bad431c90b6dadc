"""A contact a customer adds (a mobile number, a notification e-mail) counts only once the code
sent to it is typed back. One mechanism for every kind of contact.

The pending contact is kept with its code's digest under the contact (pk CONTACT#id,
sk CONFIRM#kind): one pending contact of each kind, replaced by a newer request, with the
sign-in codes' policy (6 digits, peppered digest, 5 minutes, 5 tries). The change it stands
for is written in the same transaction that uses the code up, so a code makes its change once.
"""

import contextlib
from collections.abc import Callable
from typing import Literal

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.transactions import TransactWrite

from functions.auth import limits
from functions.auth.codes import (
    CODE_LIFETIME_SECONDS,
    MAX_WRONG_ANSWERS,
    CodeNotAccepted,
    code_digest,
    code_matches,
    new_code,
)
from functions.core.clock import Clock
from functions.core.errors import TooManyRequests
from functions.core.principal import contact_key
from functions.customers.models import ContactChangeItem

ContactKind = Literal["mobile", "contact_email"]


def _key(kind: ContactKind) -> str:
    return f"CONFIRM#{kind}"


def send_code(
    contact_id: str, kind: ContactKind, value: str, deliver: Callable[[str], None], pepper: str, clock: Clock
) -> None:
    """Keep a new code for this contact (a pending one of its kind is replaced) and deliver it."""
    now = clock.now().timestamp()
    if not limits.allow(limits.confirmation_sends(contact_id, value), now):
        raise TooManyRequests("Too many codes were sent recently. Wait a while and try again.", code="too_many_codes")
    code = new_code()
    ContactChangeItem(
        contact_key(contact_id),
        _key(kind),
        value=value,
        code_digest=code_digest(code, pepper),
        wrong_answers=0,
        expires_at=int(now) + CODE_LIFETIME_SECONDS,
    ).save()
    deliver(code)


def confirmed_change(contact_id: str, kind: ContactKind, code: str, pepper: str, clock: Clock) -> ContactChangeItem:
    """The pending contact this code confirms; CodeNotAccepted if it is wrong (a try is gone),
    expired or used up. The caller makes the change and calls use_up in one transaction."""
    refused = CodeNotAccepted("That code is not right, or it has expired. Ask for a new one.")
    try:
        change = ContactChangeItem.get(contact_key(contact_id), _key(kind), consistent_read=True)
    except DoesNotExist as exc:
        raise refused from exc
    if (change.expires_at or 0) <= clock.now().timestamp() or change.wrong_answers >= MAX_WRONG_ANSWERS:
        raise refused
    if not code_matches(code, change.code_digest, pepper):
        with contextlib.suppress(UpdateError):
            change.update(
                actions=[ContactChangeItem.wrong_answers.add(1)],
                condition=ContactChangeItem.wrong_answers < MAX_WRONG_ANSWERS,
            )
        raise refused
    return change


def use_up(transaction: TransactWrite, change: ContactChangeItem) -> None:
    """In the transaction that makes the change: of two racing right answers, one wins."""
    transaction.delete(change, condition=ContactChangeItem.code_digest == change.code_digest)
