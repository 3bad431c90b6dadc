"""Carrying out a confirmed erasure (functions/customers/erasure.py): every domain's step, page
by page, then the customers domain's own records; run by the `continue_erasures` schedule.

Each step's cursor is recorded on the request after each page, under a lease (`lease_until`),
so a run cut short (its timeout, a deploy) goes on where it stopped, and two runs never work
one erasure at once. docs/erasure.md lists what each step does.
"""

import json
from contextlib import suppress
from datetime import datetime
from typing import Any, cast

from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import DeleteError, PynamoDBException, TransactWriteError, UpdateError

from functions.auth.erasure import erase_sign_in
from functions.bookings.erasure import erase_bookings
from functions.core import audit, clients, deadline
from functions.core.clock import Clock
from functions.core.erasure import ERASED_PERSON, Step, StepDone, Subject
from functions.core.erasure_outbox import erase_outbox
from functions.core.errors import Unavailable
from functions.core.logging import logger
from functions.core.principal import PROFILE, contact_key, customer_key
from functions.core.transactions import Transaction
from functions.customers.directory import Directory
from functions.customers.erasure import ErasureRequestItem, request_of, status_key
from functions.customers.models import (
    AccountContactItem,
    ContactChangeItem,
    ContactItem,
    CustomerItem,
    IdentityItem,
    contact_sort,
    identity_key,
)
from functions.customers.service import IDENTITY, account_contacts, memberships_of
from functions.documents.erasure import erase_documents, erase_exports
from functions.notifications.erasure import erase_notifications
from functions.orders.erasure import erase_orders
from functions.payments.erasure import erase_payments
from functions.tickets.erasure import erase_support

LEASE_SECONDS = 60  # a run holds the erasure this long past its own deadline, then another may take it
ROUND_SECONDS = 1.0  # a step's page is left for the next run when less than this remains


def _records_step(subject: Subject, directory: Directory) -> StepDone:
    """The customers domain's own: the user in the pool, their place on each account, their
    sign-in identities and pending confirmations, their profile; and a person's account's own
    name and addresses. Each part is safe to do again."""
    try:
        directory.delete_user(subject.contact_id)
    except clients.cognito().exceptions.UserNotFoundException:
        pass  # deleted by an earlier run cut short after it
    for member in memberships_of(subject.contact_id):
        _leave(member)
    for kind, value in (("email", subject.email), ("phone", subject.mobile)):
        if value:  # still theirs: a number may since be someone else's
            with suppress(DeleteError):
                IdentityItem(identity_key(kind, value), IDENTITY).delete(
                    condition=IdentityItem.principal_id == subject.contact_id
                )
    for pending in ContactChangeItem.query(
        contact_key(subject.contact_id), ContactChangeItem.sk.startswith("CONFIRM#")
    ):
        pending.delete()
    ContactItem(contact_key(subject.contact_id), PROFILE).update(
        actions=[
            ContactItem.name.set(ERASED_PERSON),
            ContactItem.email.set(f"erased+{subject.contact_id}@invalid"),
            ContactItem.mobile.remove(),
            ContactItem.contact_email.remove(),
        ]
    )
    for account in subject.account_ids:
        if account == subject.contact_id:  # the account made with them: it copies their addresses
            _forget_main_contact(account, own=account in subject.own_account_ids)
    return StepDone(None)


def _leave(member: AccountContactItem) -> None:
    """Off the account, whatever their role, and its count of admins with it, in one
    transaction (a run cut short between the two would leave the count one too high for good):
    an account left without an admin gets one from the business, but a person's right to
    leave does not wait for that."""
    admin = member.role == "admin" and member.status == "active"
    with suppress(TransactWriteError), Transaction() as transaction:  # gone already: an earlier run's
        transaction.delete(member, condition=AccountContactItem.pk.exists())
        if admin:
            transaction.update(
                CustomerItem(customer_key(member.account_id), PROFILE), actions=[CustomerItem.admins.add(-1)]
            )


def _forget_main_contact(account_id: str, own: bool) -> None:
    """The account keeps its main contact's e-mail and mobile for the console's search: gone.
    A person's own account (`own`) is named after them: the business keeps its records
    (invoices, payments) under [erased], and the account is closed. A company keeps its name."""
    erased = f"erased+{account_id}@invalid"
    actions: list[Any] = [
        CustomerItem.email.set(erased),
        CustomerItem.mobile.remove(),
        CustomerItem.contact_email.remove(),
        CustomerItem.gsi2sk.set(f"{erased}#{account_id}"),
    ]
    if own:
        actions += [
            CustomerItem.name.set(ERASED_PERSON),
            CustomerItem.status.set("deactivated"),
            CustomerItem.gsi1sk.set(contact_sort(ERASED_PERSON, account_id)),
        ]
    CustomerItem(customer_key(account_id), PROFILE).update(actions=actions)
    if own:  # closed, as deactivate_customer closes one: nobody else acts for it any more
        for member in account_contacts(account_id):
            with suppress(UpdateError):  # the index may still list the person's own, deleted just now
                member.update(
                    actions=[AccountContactItem.status.set("deactivated")], condition=AccountContactItem.pk.exists()
                )


# Every domain's steps, in order; then the customers domain's own records (the steps before may
# still need the person's place on the accounts to find their items), then the accounts'
# exports (an export asked for before the person left an account lists them: gone with it).
STEPS: tuple[Step, ...] = (
    erase_outbox,
    erase_orders,
    erase_payments,
    erase_bookings,
    erase_support,
    erase_documents,
    erase_notifications,
    erase_sign_in,
)


def _steps(directory: Directory) -> tuple[Step, ...]:
    def records(subject: Subject, cursor: str | None) -> StepDone:
        return _records_step(subject, directory)

    return (*STEPS, records, erase_exports)


def _take(item: ErasureRequestItem, now: float) -> bool:
    """Hold the erasure for this run (a lease): False if another run holds it."""
    until = int(now + deadline.seconds_left() + LEASE_SECONDS)
    try:
        item.update(
            actions=[ErasureRequestItem.lease_until.set(until)],
            condition=(ErasureRequestItem.status == "erasing") & (ErasureRequestItem.lease_until < int(now)),
        )
    except UpdateError:
        return False
    return True


def _subject(raw: str) -> Subject:
    fields = json.loads(raw)
    fields["account_ids"], fields["own_account_ids"] = tuple(fields["account_ids"]), tuple(fields["own_account_ids"])
    return Subject(**fields)


def run(contact_id: str, clock: Clock, directory: Directory) -> bool:
    """Work the erasure's steps while the running deadline allows; True once it is done.
    Every domain's steps first, one page at a time; the customers domain's records last."""
    item = request_of(contact_id)
    if item is None or item.status != "erasing" or not _take(item, clock.now().timestamp()):
        return item is not None and item.status == "done"
    subject = _subject(item.subject or "{}")
    step, kept = int(item.step), json.loads(item.kept)
    cursor: str | None = item.cursor
    with deadline.kept():
        steps = _steps(directory)
        while step < len(steps) and deadline.seconds_left() > ROUND_SECONDS:
            done = steps[step](subject, cursor)
            for kind, count in done.kept.items():
                kept[kind] = kept.get(kind, 0) + count
            step, cursor = (step, done.next_cursor) if done.next_cursor else (step + 1, None)
            item.update(
                actions=[
                    ErasureRequestItem.step.set(step),
                    ErasureRequestItem.cursor.set(cursor) if cursor else ErasureRequestItem.cursor.remove(),
                    ErasureRequestItem.kept.set(json.dumps(kept, sort_keys=True)),
                ]
            )
    if step < len(steps):
        item.update(actions=[ErasureRequestItem.lease_until.set(0)])  # the schedule goes on
        return False
    _finish(item, subject, kept, clock.now())
    return True


def _finish(item: ErasureRequestItem, subject: Subject, kept: dict[str, Any], now: datetime) -> None:
    item.update(
        actions=[
            ErasureRequestItem.status.set("done"),
            ErasureRequestItem.done_at.set(now.isoformat()),
            ErasureRequestItem.subject.remove(),
            ErasureRequestItem.gsi1pk.set(status_key("done")),
            ErasureRequestItem.lease_until.set(0),
        ]
    )
    audit.record(
        "erasure_done",
        None,
        list(subject.account_ids) or [None],
        now,
        target=("contact", subject.contact_id, None),
        details={"kept": sorted(kept), **{f"kept_{kind}": count for kind, count in kept.items()}},
    )
    logger.info("person erased", extra={"contact": subject.contact_id, "kept": kept})


class ErasuresFailed(RuntimeError):
    """One or more erasures failed this run (each logged): the function's error alarm says so."""


def continue_erasures(clock: Clock, directory: Directory, limit: int = 25) -> int:
    """The schedule: go on with every erasure a run left unfinished, within the invocation's
    time (the caller's deadline). Returns how many finished. One that fails is logged and the
    others go on; the run then fails, so the function's error alarm is raised."""
    finished, failed = 0, []
    with deadline.kept():
        for item in ErasureRequestItem.by_status.query(status_key("erasing"), limit=limit):
            if deadline.seconds_left() <= ROUND_SECONDS:
                break
            contact_id = cast(ErasureRequestItem, item).contact_id
            try:
                finished += run(contact_id, clock, directory)
            except (ClientError, BotoCoreError, PynamoDBException, Unavailable):
                # AWS said no or could not be reached: its lease lapses, the next run tries again
                logger.exception("erasure failed", extra={"contact": contact_id})
                failed.append(contact_id)
    if failed:
        raise ErasuresFailed(f"{len(failed)} erasure(s) failed: {', '.join(failed)}")
    return finished
