"""The audit log: who did what on an account, from which device, and when.

Every domain records its own actions here (docs/audit.md lists them). An entry is written
with the change it records, in the same transaction (`audit_entry`), or, for what changes
nothing else (a sign-in, a download), on its own (`record`). Entries are append-only: this
module makes them and nothing updates or deletes one (no route does, and no module:
tests/functional/test_audit.py walks functions/ for it); DynamoDB's TTL removes them after
the business's retention period (settings.audit_retention_days).

Keys: an account's log is its own partition (AUDIT#CUSTOMER#<account>, sk the entry's
time-ordered id), so the account's page and the console's page of it are one Query. What
the business's staff do is also on gsi1 under AUDIT#STAFF, whether on an account or not
(a staff sign-in is on the business's own log, AUDIT#BUSINESS), so the console shows the
staff's own actions in one Query too.

No personal data in an entry: the actor and the target are ids, resolved to names when the
log is read, so an erased person's name leaves the log with their record (issue 20).
"""

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pynamodb.attributes import UnicodeAttribute

from functions.core.devices import describe
from functions.core.http import current_request
from functions.core.ids import new_id
from functions.core.principal import CUSTOMER, Principal
from functions.core.settings import get_settings
from functions.core.table import Gsi1, PortalItem, register

ActorKind = Literal["contact", "staff", "system"]
AUDIT_PREFIX = "AUDIT#"
STAFF_LOG = "AUDIT#STAFF"
BUSINESS_LOG = "AUDIT#BUSINESS"  # staff actions on no account: their sign-ins, the portal's settings
DAY_SECONDS = 86400


def account_log_key(account_id: str) -> str:
    return f"{AUDIT_PREFIX}CUSTOMER#{account_id}"


@register
class AuditEntry(PortalItem):
    """One action (pk AUDIT#CUSTOMER#account or AUDIT#BUSINESS, sk its id: newest last)."""

    entry_id = UnicodeAttribute()
    action = UnicodeAttribute()  # sign_in, contact_invited, payment_started, ... (docs/audit.md)
    at = UnicodeAttribute()
    account_id = UnicodeAttribute(null=True)
    actor_kind = UnicodeAttribute()  # contact | staff | system
    actor_id = UnicodeAttribute(null=True)
    session_id = UnicodeAttribute(null=True)  # which of the actor's sessions (their device)
    device = UnicodeAttribute(default="")  # "Firefox 128 on Android", from the User-Agent
    address = UnicodeAttribute(default="")  # the client address the request came from
    target_kind = UnicodeAttribute(null=True)  # order, invoice, contact, session, ...
    target_id = UnicodeAttribute(null=True)
    target_label = UnicodeAttribute(null=True)  # its number (ORD-000012), never a person's name
    details = UnicodeAttribute(default="{}")  # JSON: what changed (a role from/to), no personal data
    gsi1pk = UnicodeAttribute(null=True)  # AUDIT#STAFF for the staff's actions
    gsi1sk = UnicodeAttribute(null=True)
    by_staff = Gsi1()


def _origin() -> tuple[str, str]:
    """(device, address) of the request being answered; empty outside one (a queue, a schedule)."""
    request = current_request()
    if request is None:
        return "", ""
    from functions.core.session import client_address  # the session module reads the same request

    headers: Any = request.headers or {}
    return describe(headers.get("user-agent")).label, client_address(request)


def _actor(actor: Principal | None) -> tuple[ActorKind, str | None, str | None]:
    if actor is None:
        return "system", None, None
    kind: ActorKind = "contact" if actor.kind == CUSTOMER else "staff"
    return kind, actor.principal_id or None, getattr(actor, "session_id", None)


def audit_entry(
    action: str,
    actor: Principal | None,
    account_id: str | None,
    at: datetime,
    *,
    target: tuple[str, str | None, str | None] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry to write in the transaction of the change it records.

    `actor`: who did it (a contact, an operator; None: the portal itself). `account_id`: the
    account it was done on (None: the business's own, for staff). `target`: (kind, id, label).
    """
    entry_id = new_id(int(at.timestamp() * 1000))
    kind, actor_id, session_id = _actor(actor)
    device, address = _origin()
    target_kind, target_id, target_label = target or (None, None, None)
    staff = kind == "staff"
    return AuditEntry(
        account_log_key(account_id) if account_id else BUSINESS_LOG,
        entry_id,
        entry_id=entry_id,
        action=action,
        at=at.isoformat(),
        account_id=account_id,
        actor_kind=kind,
        actor_id=actor_id,
        session_id=session_id,
        device=device,
        address=address,
        target_kind=target_kind,
        target_id=target_id,
        target_label=target_label,
        details=json.dumps(details or {}, sort_keys=True, default=str),
        gsi1pk=STAFF_LOG if staff else None,
        gsi1sk=entry_id if staff else None,
        expires_at=int(at.timestamp()) + get_settings().audit_retention_days * DAY_SECONDS,
    )


def audit_entries(
    action: str,
    actor: Principal | None,
    account_ids: Iterable[str | None],
    at: datetime,
    *,
    target: tuple[str, str | None, str | None] | None = None,
    details: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """The same entry on each account's log, for one transaction (at most MAX_ACCOUNTS)."""
    return [audit_entry(action, actor, account, at, target=target, details=details) for account in account_ids]


def record(
    action: str,
    actor: Principal | None,
    account_ids: Iterable[str | None],
    at: datetime,
    *,
    target: tuple[str, str | None, str | None] | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write the entry now, on each account's log (a contact's sign-in is on every account they
    belong to; None: the business's log), for actions that change nothing else."""
    # One PutItem each (almost always one account): no batch right for every domain's policy.
    for entry in audit_entries(action, actor, account_ids, at, target=target, details=details):
        entry.save()


def accounts_of(actor: Principal) -> list[str | None]:
    """The logs a person's own change goes on: each account a contact belongs to (their mobile
    is every account's business); the business's own for an operator."""
    return [m.account_id for m in actor.memberships] or [None]


def downloaded(actor: Principal, account_id: str, kind: str, item_id: str, at: datetime, **details: Any) -> None:
    """A file of the account handed to someone (a presigned link made for them): who fetched what."""
    record("document_downloaded", actor, [account_id], at, target=(kind, item_id, None), details=details)


def own_change_in(transaction: Any, action: str, actor: Principal, at: datetime, **details: Any) -> None:
    """A person's change of their own (their mobile, their notification address), on each of
    their accounts' logs, in the transaction that makes it."""
    for entry in audit_entries(action, actor, accounts_of(actor), at, details=details):
        transaction.save(entry)
