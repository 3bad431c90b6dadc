"""A contact's right to be forgotten: asked for in the portal, confirmed by the business in the
console, then carried out by every domain's erasure step (functions/core/erasure.py) until
none has anything left. docs/erasure.md says what goes and what stays.

The request is an item of the person's own (pk CONTACT#id, sk REQUEST#ERASURE, beyond the
PROFILE item so the per-request session check never reads it), listed for the business by
status on gsi1 (ERASURES#requested, ERASURES#erasing, ERASURES#done, ERASURES#declined).

Confirming locks the person out at once (every session ends, no code is sent to them); the
`continue_erasures` schedule (every 5 minutes, a function with its own rights over every
domain's data) then works through the steps: each step's cursor is recorded after each page,
under a lease, so a run cut short goes on where it stopped and two runs never work one erasure
at once (functions/customers/erasure_run.py: only that function imports every domain's step).
"""

import json
from dataclasses import asdict
from typing import cast

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from functions.core import audit
from functions.core.clock import Clock
from functions.core.erasure import Subject
from functions.core.errors import Conflict, NotFound
from functions.core.principal import PROFILE, Principal, contact_key
from functions.core.table import Gsi1, PortalItem, register
from functions.core.transactions import Transaction
from functions.customers.models import (
    ContactItem,
    CustomerItem,
)
from functions.customers.schemas import ErasureList, ErasureState
from functions.customers.service import get_contact_item, memberships_of

REQUEST = "REQUEST#ERASURE"
# How many steps an erasure takes: every domain's (erasure_run.STEPS), the customers domain's
# own records, the exports. Said here so the routes import no domain's erasure (a test checks it).
STEP_COUNT = 10


def status_key(status: str) -> str:
    return f"ERASURES#{status}"


@register
class ErasureRequestItem(PortalItem):
    """A person's request to be forgotten, and the erasure's progress once confirmed."""

    contact_id = UnicodeAttribute()
    status = UnicodeAttribute()  # requested | erasing | done | declined
    requested_at = UnicodeAttribute()
    decided_by = UnicodeAttribute(null=True)  # the operator who confirmed or declined
    decided_at = UnicodeAttribute(null=True)
    declined_because = UnicodeAttribute(null=True)
    done_at = UnicodeAttribute(null=True)
    # The person as the steps need them (functions/core/erasure.Subject), JSON: held only while
    # erasing, removed when the last step is done.
    subject = UnicodeAttribute(null=True)
    step = NumberAttribute(default=0)  # the step working now (an index of STEPS)
    cursor = UnicodeAttribute(null=True)  # where that step goes on from
    kept = UnicodeAttribute(default="{}")  # JSON: what the law keeps, by kind
    lease_until = NumberAttribute(default=0)  # epoch seconds: a run works it until then
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_status = Gsi1()


def request_of(contact_id: str) -> ErasureRequestItem | None:
    try:
        return ErasureRequestItem.get(contact_key(contact_id), REQUEST, consistent_read=True)
    except DoesNotExist:
        return None


def _state(item: ErasureRequestItem | None, name: str | None = None) -> ErasureState:
    if item is None:
        return ErasureState(status="none")
    return ErasureState(
        status=item.status,
        contact_id=item.contact_id,
        name=name,
        requested_at=item.requested_at,
        decided_at=item.decided_at,
        declined_because=item.declined_because,
        done_at=item.done_at,
        steps_done=int(item.step) if item.status != "done" else STEP_COUNT,
        steps=STEP_COUNT,
        kept=json.loads(item.kept),
    )


# --- the person's side -------------------------------------------------------------------


def state_of(contact_id: str) -> ErasureState:
    return _state(request_of(contact_id))


def ask(person: Principal, clock: Clock) -> ErasureState:
    """Ask the business to forget me. Asking again while it waits changes nothing; after a
    refusal, it is asked anew."""
    earlier = request_of(person.principal_id)
    if earlier is not None and earlier.status in ("requested", "erasing"):
        return _state(earlier)
    now = clock.now()
    item = ErasureRequestItem(
        contact_key(person.principal_id),
        REQUEST,
        contact_id=person.principal_id,
        status="requested",
        requested_at=now.isoformat(),
        gsi1pk=status_key("requested"),
        gsi1sk=f"{now.isoformat()}#{person.principal_id}",
    )
    item.save()
    audit.record("erasure_requested", person, audit.accounts_of(person), now)
    return _state(item)


# --- the business's side -----------------------------------------------------------------


def listed(status: str, limit: int) -> ErasureList:
    """The requests in one status, oldest first (the one waiting longest on top)."""
    found = [
        cast(ErasureRequestItem, item) for item in ErasureRequestItem.by_status.query(status_key(status), limit=limit)
    ]
    # Who asked, while they are still on record (an erased person's name is gone): one BatchGetItem.
    keys = [(contact_key(item.contact_id), PROFILE) for item in found if item.status in ("requested", "declined")]
    names = {person.pk: person.name for person in ContactItem.batch_get(keys)} if keys else {}
    return ErasureList(items=[_state(item, names.get(contact_key(item.contact_id))) for item in found])


def _waiting(contact_id: str) -> ErasureRequestItem:
    item = request_of(contact_id)
    if item is None:
        raise NotFound("There is no request to be forgotten from this person.")
    if item.status != "requested":
        raise Conflict(f"This request is {item.status}, not waiting.", code="erasure_not_waiting")
    return item


def decline(contact_id: str, reason: str, staff: Principal, clock: Clock) -> ErasureState:
    item = _waiting(contact_id)
    now = clock.now().isoformat()
    try:
        item.update(
            actions=[
                ErasureRequestItem.status.set("declined"),
                ErasureRequestItem.decided_by.set(staff.principal_id),
                ErasureRequestItem.decided_at.set(now),
                ErasureRequestItem.declined_because.set(reason),
                ErasureRequestItem.gsi1pk.set(status_key("declined")),
            ],
            condition=ErasureRequestItem.status == "requested",
        )
    except UpdateError as exc:  # confirmed, or declined, by a colleague meanwhile
        raise Conflict("This request was decided meanwhile.", code="erasure_not_waiting") from exc
    accounts = [m.account_id for m in memberships_of(contact_id)]
    audit.record("erasure_declined", staff, accounts or [None], clock.now(), target=("contact", contact_id, None))
    return _state(request_of(contact_id))


def confirm(contact_id: str, staff: Principal, clock: Clock) -> ErasureState:
    """Lock the person out now; the `continue_erasures` schedule erases them within minutes.
    (Not here: the erasure needs rights over every domain's data that the customers API, which
    confirms, has no business holding.)"""
    item = _waiting(contact_id)
    contact = get_contact_item(contact_id)
    members = memberships_of(contact_id)
    accounts = tuple(m.account_id for m in members)
    own = tuple(a for a in accounts if a == contact_id and _is_person(a))
    subject = Subject(contact_id, contact.name, contact.email, contact.mobile, accounts, own, contact.contact_email)
    now = clock.now()
    # One transaction: decided, locked out (no session of theirs works, no code is sent to them:
    # an inactive person) and recorded, or none of it (at most MAX_ACCOUNTS entries and two).
    try:
        with Transaction() as transaction:
            transaction.update(
                item,
                actions=[
                    ErasureRequestItem.status.set("erasing"),
                    ErasureRequestItem.decided_by.set(staff.principal_id),
                    ErasureRequestItem.decided_at.set(now.isoformat()),
                    ErasureRequestItem.subject.set(json.dumps(asdict(subject))),
                    ErasureRequestItem.step.set(0),
                    ErasureRequestItem.gsi1pk.set(status_key("erasing")),
                ],
                condition=ErasureRequestItem.status == "requested",
            )
            transaction.update(
                ContactItem(contact_key(contact_id), PROFILE),
                actions=[ContactItem.status.set("erased"), ContactItem.session_generation.add(1)],
            )
            target = ("contact", contact_id, None)
            for entry in audit.audit_entries("erasure_confirmed", staff, accounts or (None,), now, target=target):
                transaction.save(entry)
    except TransactWriteError as exc:
        raise Conflict("This request was decided meanwhile.", code="erasure_not_waiting") from exc
    return _state(request_of(contact_id))


def _is_person(account_id: str) -> bool:
    try:
        return CustomerItem.get(f"CUSTOMER#{account_id}", PROFILE, attributes_to_get=["kind"]).kind == "person"
    except DoesNotExist:
        return False
