"""An account's contacts: who may sign in for it, with which role (docs/accounts.md).

The business adds contacts from the console; an account's admin invites them from the
portal, and when the business approves each invitation (a portal setting) the contact waits
as `invited` until it does. A person already known to the portal (their e-mail signs them in)
is added to the account as they are: one person, one sign-in, several accounts.

An account always keeps one active admin: the count on the account moves in the transaction
that adds, changes or removes one, on condition that it stays above zero.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.update import Action

from functions.auth.messages import contact_added_email, contact_added_sms
from functions.core import idempotency
from functions.core.audit import audit_entry
from functions.core.clock import Clock
from functions.core.errors import Conflict, InvalidRequest, NotFound, Unavailable, field_problem
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.logging import logger
from functions.core.principal import Principal, account_sort_key, contact_key
from functions.core.senders import EmailSender, SmsSender
from functions.core.table import cancellation_codes
from functions.core.transactions import Transaction
from functions.customers import service
from functions.customers.directory import Directory
from functions.customers.models import AccountContactItem, ContactItem, CustomerItem, IdentityItem, identity_key
from functions.customers.schemas import AccountContact, ContactChanges, ContactList, NewContact, SpendingLimit

INVITE = "CONTACT"  # the idempotency kind of an invitation


@dataclass(frozen=True)
class Senders:
    """How a contact is told they were added: by e-mail, or by text when they have no e-mail."""

    email: EmailSender
    sms: SmsSender


def _last_admin() -> Conflict:
    return Conflict("An account keeps at least one admin: make another contact admin first.", code="last_admin")


def to_contact(item: AccountContactItem, me: str | None = None) -> AccountContact:
    return AccountContact(
        contact_id=item.contact_id,
        name=item.contact_name,
        email=item.contact_email,
        mobile=item.contact_mobile,
        role=item.role,
        scope=item.scope,
        status=item.status,
        spending_limit=_limit(item),
        added_at=item.added_at,
        is_me=item.contact_id == me,
    )


def _limit(item: AccountContactItem) -> SpendingLimit | None:
    if item.spending_limit is None or item.spending_currency is None:
        return None
    return SpendingLimit(amount=int(item.spending_limit), currency=item.spending_currency)


def list_contacts(account_id: str, needs_approval: bool, me: str | None = None) -> ContactList:
    """The account's contacts by name, active and waiting: one Query, however many there are."""
    members = service.account_contacts(account_id)
    return ContactList(
        items=[to_contact(m, me) for m in members if m.status != "deactivated"],
        invites_need_approval=needs_approval,
    )


def _member(account_id: str, contact_id: str) -> AccountContactItem:
    try:
        return AccountContactItem.get(contact_key(contact_id), account_sort_key(account_id), consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such contact on this account.", code="no_such_contact") from exc


def _open_account(account_id: str) -> CustomerItem:
    account = service.get_customer_item(account_id)
    if account.status != "active":
        raise Conflict("This customer is not active.", code="customer_not_active")
    return account


def _admins(by: int) -> dict[str, Any]:
    """The account update that keeps its count of active admins true: one leaving only while
    another remains; any change only while the account is open."""
    condition = CustomerItem.admins > 1 if by < 0 else CustomerItem.status == "active"
    return {"actions": [CustomerItem.admins.add(by)], "condition": condition}


def _is_admin(role: str, status: str) -> int:
    return int(role == "admin" and status == "active")


def add_contact(
    account_id: str,
    new: NewContact,
    *,
    by: str,
    waits: bool,
    key: str,
    actor: Principal | None,
    directory: Directory,
    senders: Senders,
    business_name: str,
    portal_url: str,
    clock: Clock,
) -> AccountContact:
    """Add a contact to the account, once per Idempotency-Key. `waits`: the business approves
    it before the contact can sign in for the account. `by`: staff:<id> or the inviting admin;
    `actor`: who, for the audit log (None: the portal itself, as the demo data)."""
    if new.email is None and new.mobile is None:
        raise _no_way_to_sign_in()
    earlier = idempotency.made_with(account_id, INVITE, key)
    if earlier is not None:
        return to_contact(_member(account_id, earlier))
    account = _open_account(account_id)
    now = clock.now()
    at = now.isoformat()
    email = new.email  # normalised by its type (core.contact.Email), as the mobile is (Phone)
    # The person their e-mail signs in, else their mobile: one person, whichever they gave.
    kind, identifier = ("email", email) if email else ("phone", new.mobile or "")
    known = service.find_principal(identifier)
    if known is not None and known.kind != "customer":
        raise service.taken(IdentityItem(identity_key(kind, identifier), service.IDENTITY))
    contact_id = known.principal_id if known else new_id()
    if known is not None and _exists(account_id, contact_id):
        raise Conflict("This person is already a contact of this account.", code="contact_already_on_account")
    person = (
        service.get_contact_item(contact_id)
        if known
        else service.new_contact(contact_id, new.name, email, new.mobile, new.language, at, status="active")
    )
    status = "invited" if waits else "active"
    member = service.membership(account, person, new.role, new.scope, status, by, at)
    if new.spending_limit is not None:
        member.spending_limit, member.spending_currency = new.spending_limit.amount, new.spending_limit.currency
    identities = [] if known else service.identities_of(contact_id, "customer", email, new.mobile)
    try:
        with Transaction() as transaction:
            transaction.save(
                idempotency.marker(account_id, INVITE, key, contact_id, now),
                condition=IdempotencyItem.pk.does_not_exist(),
            )
            transaction.save(member, condition=AccountContactItem.pk.does_not_exist())
            if not known:
                transaction.save(person, condition=ContactItem.pk.does_not_exist())
                for identity in identities:
                    transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
            transaction.update(account, **_admins(_is_admin(new.role, status)))
            transaction.save(_audit("contact_invited" if waits else "contact_added", actor, member, now))
    except TransactWriteError as exc:
        codes = cancellation_codes(exc)
        if codes[:1] == ["ConditionalCheckFailed"]:  # the same key, raced: answer what it made
            return to_contact(_member(account_id, contact_id))
        service.raise_if_identity_taken(exc, identities, offset=3)
        raise Conflict("This person is already a contact of this account.", code="contact_already_on_account") from exc
    if not known:
        try:
            directory.create_user(contact_id, email, new.mobile, new.language, staff=False)
        except Unavailable:
            service.forget([member, person], identities, contact_id)
            raise
    logger.info("contact added", extra={"customer_id": account_id, "contact": contact_id, "role": new.role})
    if not waits:
        _tell_added(person, account.name, senders, business_name, portal_url)
    return to_contact(member)


def _no_way_to_sign_in() -> InvalidRequest:
    message = "Give the contact an e-mail address or a mobile number (or both): they sign in with it."
    return InvalidRequest(
        message,
        [field_problem(field, "email_or_mobile", message) for field in ("email", "mobile")],
        code="email_or_mobile_required",
    )


def _exists(account_id: str, contact_id: str) -> bool:
    try:
        _member(account_id, contact_id)
    except NotFound:
        return False
    return True


def _audit(action: str, actor: Principal | None, member: AccountContactItem, now: datetime, **details: Any) -> Any:
    """The audit entry of a change to one contact of the account: ids and roles, no names."""
    details = {"role": member.role, "scope": member.scope, **details}
    return audit_entry(
        action, actor, member.account_id, now, target=("contact", member.contact_id, None), details=details
    )


# What SES says of an address it will not send to: the contact stands, only the notice is lost.
_UNSENDABLE = frozenset({"InvalidParameterValue", "MessageRejected"})


def _tell_added(person: ContactItem, account_name: str, senders: Senders, business: str, portal: str) -> None:
    """The courtesy notice after the change is made, to their e-mail, else by text to their
    mobile: an address SES refuses (one our pattern lets through, e.g. a domain of symbols)
    loses the notice, not the contact just added."""
    try:
        if person.email:
            senders.email.send_email(person.email, contact_added_email(person.language, business, account_name, portal))
        elif person.mobile:
            senders.sms.send_sms(person.mobile, contact_added_sms(person.language, business, account_name, portal))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in _UNSENDABLE:
            raise
        logger.warning("the new contact's notice could not be sent", extra={"contact": person.pk})


def change_contact(
    account_id: str, contact_id: str, changes: ContactChanges, actor: Principal, clock: Clock
) -> AccountContact:
    """A new role or scope for a contact of the account (`actor`: its admin, or the business)."""
    account = _open_account(account_id)
    member = _member(account_id, contact_id)
    role = changes.role or member.role
    scope = changes.scope or member.scope
    actions: list[Action] = [AccountContactItem.role.set(role), AccountContactItem.scope.set(scope)]
    if "spending_limit" in changes.model_fields_set:
        limit = changes.spending_limit
        actions += (
            [
                AccountContactItem.spending_limit.set(limit.amount),
                AccountContactItem.spending_currency.set(limit.currency),
            ]
            if limit
            else [AccountContactItem.spending_limit.remove(), AccountContactItem.spending_currency.remove()]
        )
        member.spending_limit = limit.amount if limit else None
        member.spending_currency = limit.currency if limit else None
    try:
        with Transaction() as transaction:
            transaction.update(member, actions=actions, condition=AccountContactItem.role == member.role)
            transaction.update(
                account, **_admins(_is_admin(role, member.status) - _is_admin(member.role, member.status))
            )
            transaction.save(
                _audit(
                    "contact_changed",
                    actor,
                    member,
                    clock.now(),
                    new_role=role,
                    new_scope=scope,
                    spending_limit=member.spending_limit,
                )
            )
    except TransactWriteError as exc:
        # pynamodb sends puts (the audit entry) before updates: the account's count is last.
        if cancellation_codes(exc)[-1:] == ["ConditionalCheckFailed"]:
            raise _last_admin() from exc
        raise Conflict(
            "This contact changed meanwhile; reload and try again.", code="contact_changed_meanwhile"
        ) from exc
    member.role, member.scope = role, scope
    return to_contact(member, actor.principal_id if actor.kind == "customer" else None)


def remove_contact(account_id: str, contact_id: str, actor: Principal, clock: Clock) -> None:
    """The contact loses the account on their next request (and, with no other account, can no
    longer sign in). Their person stays: they may be on other accounts, or be invited again."""
    account = service.get_customer_item(account_id)
    member = _member(account_id, contact_id)
    try:
        with Transaction() as transaction:
            transaction.delete(member, condition=AccountContactItem.role == member.role)
            transaction.update(account, **_admins(-_is_admin(member.role, member.status)))
            transaction.save(_audit("contact_removed", actor, member, clock.now()))
    except TransactWriteError as exc:
        # pynamodb sends puts (the audit entry) before updates: the account's count is last.
        if cancellation_codes(exc)[-1:] == ["ConditionalCheckFailed"]:
            raise _last_admin() from exc
        raise Conflict(
            "This contact changed meanwhile; reload and try again.", code="contact_changed_meanwhile"
        ) from exc
    logger.info("contact removed", extra={"customer_id": account_id, "contact": contact_id})


def approve_contact(
    account_id: str,
    contact_id: str,
    actor: Principal,
    senders: Senders,
    business_name: str,
    portal_url: str,
    clock: Clock,
) -> AccountContact:
    """The business lets a contact an account admin invited sign in for the account."""
    account = _open_account(account_id)
    member = _member(account_id, contact_id)
    if member.status != "invited":
        raise Conflict("This contact is not waiting for approval.", code="contact_not_waiting")
    try:
        with Transaction() as transaction:
            transaction.update(
                member,
                actions=[AccountContactItem.status.set("active")],
                condition=AccountContactItem.status == "invited",
            )
            transaction.update(account, **_admins(_is_admin(member.role, "active")))
            transaction.save(_audit("contact_approved", actor, member, clock.now()))
    except TransactWriteError as exc:
        raise Conflict(
            "This contact changed meanwhile; reload and try again.", code="contact_changed_meanwhile"
        ) from exc
    member.status = "active"
    person = service.get_contact_item(contact_id)
    _tell_added(person, account.name, senders, business_name, portal_url)
    return to_contact(member)
