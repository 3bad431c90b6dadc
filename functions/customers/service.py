"""The business's customers and operators: records, sign-in identities, profiles."""

from typing import cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.update import Action

from functions.core import audit
from functions.core.clock import Clock
from functions.core.contact import looks_like_phone, normalise_email, normalise_phone
from functions.core.errors import Conflict, NotFound, Unavailable, field_problem
from functions.core.ids import new_id
from functions.core.logging import logger
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import (
    ACCOUNT_PREFIX,
    MAX_ACCOUNTS,
    PROFILE,
    Principal,
    account_sort_key,
    contact_key,
    principal_by_id,
    staff_key,
)
from functions.core.table import PortalItem, cancellation_codes
from functions.core.text import fold
from functions.core.transactions import Transaction
from functions.customers.directory import Directory
from functions.customers.models import (
    CUSTOMER_EMAILS,
    CUSTOMER_LIST,
    AccountContactItem,
    ContactItem,
    CustomerItem,
    IdentityItem,
    StaffItem,
    contact_sort,
    contacts_of,
    customer_key,
    identity_key,
)
from functions.customers.schemas import Customer, CustomerChanges, NewCustomer, Profile, ProfileChanges

IDENTITY = "IDENTITY"


def _name_key(name: str, customer_id: str) -> str:
    """Sort and search key: see core.text.fold."""
    return f"{fold(name)}#{customer_id}"


def identities_of(principal_id: str, kind: str, email: str | None, mobile: str | None) -> list[IdentityItem]:
    """What signs the person in: their e-mail, their mobile, or both (a contact may have either)."""
    items = []
    if email:
        items.append(IdentityItem(identity_key("email", email), IDENTITY, principal_id=principal_id, kind=kind))
    if mobile:
        items.append(IdentityItem(identity_key("phone", mobile), IDENTITY, principal_id=principal_id, kind=kind))
    return items


def taken(identity: IdentityItem) -> Conflict:
    kind, _, value = identity.pk.removeprefix("IDENTITY#").partition(":")
    what = "e-mail address" if kind == "email" else "mobile number"
    message = f"The {what} {value} is already used by another customer or operator."
    field = "email" if kind == "email" else "mobile"
    return Conflict(
        message, [field_problem(field, "taken", message)], code="email_taken" if field == "email" else "mobile_taken"
    )


def raise_if_identity_taken(exc: TransactWriteError, identities: list[IdentityItem], offset: int) -> None:
    codes = cancellation_codes(exc)
    for index, identity in enumerate(identities, start=offset):
        if index < len(codes) and codes[index] == "ConditionalCheckFailed":
            raise taken(identity) from exc


def to_customer(item: CustomerItem) -> Customer:
    return Customer.model_validate(item.attribute_values)


def create_customer(new: NewCustomer, directory: Directory, clock: Clock, actor: Principal | None = None) -> Customer:
    """Record an account with its first contact (its admin, with the account's own id) and
    create their sign-in; if any of it fails, none of it remains. `actor`: the operator, for
    the audit log (None: the portal itself, as the demo data)."""
    customer_id = new_id()
    now = clock.now().isoformat()
    account_name = new.company or new.name
    customer = CustomerItem(
        customer_key(customer_id),
        PROFILE,
        customer_id=customer_id,
        kind="company" if new.company else "person",
        name=account_name,
        email=new.email,
        mobile=new.mobile,
        language=new.language,
        notes=new.notes,
        status="creating",
        admins=1,
        created_at=now,
        updated_at=now,
        gsi1sk=_name_key(account_name, customer_id),
        gsi2sk=f"{new.email}#{customer_id}",
    )
    contact = new_contact(customer_id, new.name, new.email, new.mobile, new.language, now)
    member = membership(customer, contact, "admin", "all", "active", "staff", now)
    identities = identities_of(customer_id, "customer", new.email, new.mobile)
    try:
        with Transaction() as transaction:
            transaction.save(customer, condition=CustomerItem.pk.does_not_exist())
            transaction.save(contact, condition=ContactItem.pk.does_not_exist())
            transaction.save(member)
            for identity in identities:
                transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise_if_identity_taken(exc, identities, offset=3)
        raise
    try:
        directory.create_user(customer_id, new.email, new.mobile, new.language, staff=False)
    except Unavailable:
        forget([customer, contact, member], identities, customer_id)
        raise
    with Transaction() as transaction:
        for made in (customer, contact):
            transaction.update(made, actions=[type(made).status.set("active")])
    customer.status = "active"
    logger.info("customer created", extra={"customer_id": customer_id})
    audit.record("customer_created", actor, [customer_id], clock.now(), details={"kind": customer.kind})
    return to_customer(customer)


def new_contact(
    contact_id: str,
    name: str,
    email: str | None,
    mobile: str | None,
    language: str,
    now: str,
    status: str = "creating",
) -> ContactItem:
    return ContactItem(
        contact_key(contact_id),
        PROFILE,
        contact_id=contact_id,
        name=name,
        email=email,
        mobile=mobile,
        language=language,
        status=status,
        created_at=now,
        updated_at=now,
    )


def membership(
    account: CustomerItem, contact: ContactItem, role: str, scope: str, status: str, added_by: str, now: str
) -> AccountContactItem:
    account_id, contact_id = account.customer_id, contact.contact_id
    return AccountContactItem(
        contact_key(contact_id),
        account_sort_key(account_id),
        account_id=account_id,
        contact_id=contact_id,
        account_name=account.name,
        role=role,
        scope=scope,
        status=status,
        contact_name=contact.name,
        contact_email=contact.email,
        contact_mobile=contact.mobile,
        added_at=now,
        added_by=added_by,
        gsi1pk=contacts_of(account_id),
        gsi1sk=contact_sort(contact.name, contact_id),
    )


def forget(records: list[PortalItem], identities: list[IdentityItem], principal_id: str) -> None:
    """Undo a half-made person: the records and the identities that point to it."""
    with Transaction() as transaction:
        for record in records:
            transaction.delete(record)
        for identity in identities:
            transaction.delete(identity, condition=IdentityItem.principal_id == principal_id)


def get_customer_item(customer_id: str) -> CustomerItem:
    try:
        return CustomerItem.get(customer_key(customer_id), PROFILE, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such customer.") from exc


def get_customer(customer_id: str) -> Customer:
    return to_customer(get_customer_item(customer_id))


MAX_CONTACTS = 50  # of one account: a rename rewrites each one's copy in one transaction


def main_contact(customer_id: str) -> ContactItem | None:
    """The account's first contact (made with it, with its id), if they still exist."""
    try:
        return ContactItem.get(contact_key(customer_id), PROFILE, consistent_read=True)
    except DoesNotExist:
        return None


def account_contacts(customer_id: str) -> list[AccountContactItem]:
    """Every contact of the account, active or waiting, by name: one Query."""
    found = AccountContactItem.by_account.query(contacts_of(customer_id), limit=MAX_CONTACTS, consistent_read=False)
    return [cast(AccountContactItem, item) for item in found]


def update_customer(
    customer_id: str, changes: CustomerChanges, directory: Directory, clock: Clock, actor: Principal | None = None
) -> Customer:
    """An operator's edit of the account and its main contact. A new e-mail or mobile must be
    free; the old one is released. The copies of the names on the contacts' memberships move
    in the same transaction."""
    customer = get_customer_item(customer_id)
    if customer.status == "deactivated":
        raise Conflict(
            "This customer is deactivated; their record can no longer be edited.", code="customer_deactivated"
        )
    given = changes.model_fields_set
    email = changes.email if "email" in given and changes.email else customer.email
    mobile = changes.mobile if "mobile" in given else customer.mobile
    contact = main_contact(customer_id)
    if contact is not None and contact.status == "erased":  # forgotten: nobody to edit any more
        contact = None
    if contact is None and (email != customer.email or mobile != customer.mobile or changes.name):
        raise Conflict("This account's first contact was removed; edit its contacts instead.", code="no_main_contact")
    added = [i for i in identities_of(customer_id, "customer", email, mobile) if not _is_current(customer, i)]
    removed = [
        i
        for i in identities_of(customer_id, "customer", customer.email, customer.mobile)
        if not _is_kept(email, mobile, i)
    ]
    old_name = customer.name
    if changes.company and customer.kind == "company":
        customer.name = changes.company
    elif changes.name and customer.kind == "person":
        customer.name = changes.name
    customer.language = changes.language or customer.language
    customer.notes = changes.notes if changes.notes is not None else customer.notes
    customer.email, customer.mobile = email, mobile
    seen_at = customer.updated_at
    customer.updated_at = clock.now().isoformat()
    customer.gsi1sk = _name_key(customer.name, customer_id)
    customer.gsi2sk = f"{email}#{customer_id}"
    memberships = account_contacts(customer_id) if customer.name != old_name or contact else []
    if contact is not None:
        contact.name = changes.name or contact.name
        contact.email, contact.mobile = email, mobile
        contact.language = changes.language or contact.language
        contact.updated_at = customer.updated_at
    try:
        with Transaction() as transaction:
            # Unchanged since we read it, or someone else's edit would be lost.
            transaction.save(customer, condition=CustomerItem.updated_at == seen_at)
            if contact is not None:
                # Its own fields only: the item also holds the person's live sessions and status,
                # which a sign-in, a revoke or an erasure may move meanwhile.
                transaction.update(contact, actions=_contact_details(contact), condition=ContactItem.pk.exists())
            for member in memberships:
                _refresh_copies(transaction, member, customer, contact)
            for identity in added:
                transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
            for identity in removed:
                transaction.delete(identity, condition=IdentityItem.principal_id == customer_id)
    except TransactWriteError as exc:
        # pynamodb sends deletes first, then puts (the account, then the added identities), then updates.
        raise_if_identity_taken(exc, added, offset=len(removed) + 1)
        raise Conflict(
            "Someone changed this customer at the same time; reload and try again.", code="customer_changed_meanwhile"
        ) from exc
    if added or removed:
        sync_contact(directory, customer_id, email, mobile)
    changed = sorted(changes.model_fields_set)
    audit.record("customer_changed", actor, [customer_id], clock.now(), details={"fields": changed})
    return to_customer(customer)


def _contact_details(contact: ContactItem) -> list[Action]:
    """What an operator's edit sets on the main contact's PROFILE item."""
    return [
        ContactItem.name.set(contact.name),
        ContactItem.email.set(contact.email),
        ContactItem.mobile.set(contact.mobile) if contact.mobile else ContactItem.mobile.remove(),
        ContactItem.language.set(contact.language),
        ContactItem.updated_at.set(contact.updated_at),
    ]


def _refresh_copies(
    transaction: Transaction, member: AccountContactItem, account: CustomerItem, contact: ContactItem | None
) -> None:
    actions: list[Action] = [AccountContactItem.account_name.set(account.name)]
    if contact is not None and member.contact_id == contact.contact_id:
        actions += [
            AccountContactItem.contact_name.set(contact.name),
            AccountContactItem.contact_email.set(contact.email),
            AccountContactItem.gsi1sk.set(contact_sort(contact.name, contact.contact_id)),
        ]
        actions.append(
            AccountContactItem.contact_mobile.set(contact.mobile)
            if contact.mobile
            else AccountContactItem.contact_mobile.remove()
        )
    transaction.update(member, actions=actions, condition=AccountContactItem.pk.exists())


def _is_current(customer: CustomerItem, identity: IdentityItem) -> bool:
    return identity.pk in {identity_key("email", customer.email), identity_key("phone", customer.mobile or "")}


def _is_kept(email: str, mobile: str | None, identity: IdentityItem) -> bool:
    return identity.pk in {identity_key("email", email), identity_key("phone", mobile or "")}


def sync_contact(directory: Directory, principal_id: str, email: str | None, mobile: str | None) -> None:
    # The table is the source of truth for where codes go; Cognito's copy is informational,
    # so a failed sync is logged, not fatal.
    try:
        directory.update_contact(principal_id, email, mobile)
    except Unavailable:
        logger.warning("could not copy contact details to the sign-in directory", extra={"principal": principal_id})


def deactivate_customer(
    customer_id: str, directory: Directory, clock: Clock, actor: Principal | None = None
) -> Customer:
    """Close the account now: its contacts lose it on their next request, and a contact with
    no other account is signed out everywhere and gets no new codes."""
    customer = get_customer_item(customer_id)
    if customer.status != "active":
        raise Conflict("This customer is not active.", code="customer_not_active")
    members = account_contacts(customer_id)
    try:
        with Transaction() as transaction:
            transaction.update(
                customer,
                actions=[CustomerItem.status.set("deactivated"), CustomerItem.updated_at.set(clock.now().isoformat())],
                condition=CustomerItem.status == "active",
            )
            for member in members:
                transaction.update(member, actions=[AccountContactItem.status.set("deactivated")])
    except TransactWriteError as exc:
        raise Conflict("This customer is not active.", code="customer_not_active") from exc
    for member in members:
        left = principal_by_id(member.contact_id, "customer")
        if left is not None and not left.memberships:
            directory.disable_and_sign_out(member.contact_id)
    logger.info("customer deactivated", extra={"customer_id": customer_id})
    audit.record("customer_deactivated", actor, [customer_id], clock.now())
    customer.status = "deactivated"
    return to_customer(customer)


def list_customers(search: str | None, cursor: str | None, limit: int) -> Page[Customer]:
    """Sorted by name; `search` matches a name or e-mail prefix, or a whole mobile number."""
    start = decode_cursor(cursor)
    term = (search or "").strip()
    if term and looks_like_phone(term):
        try:
            phone = normalise_phone(term)
        except ValueError:
            return Page[Customer](items=[], next_cursor=None)
        identity = _identity(identity_key("phone", phone))
        is_contact = identity is not None and identity.kind == "customer"
        person = principal_by_id(identity.principal_id, "customer") if identity and is_contact else None
        found = [get_customer(m.account_id) for m in person.memberships] if person else []
        return Page[Customer](items=found, next_cursor=None)
    if "@" in term:
        results = CustomerItem.by_email.query(
            CUSTOMER_EMAILS, CustomerItem.gsi2sk.startswith(term.lower()), limit=limit, last_evaluated_key=start
        )
    else:
        condition = CustomerItem.gsi1sk.startswith(fold(term)) if term else None
        results = CustomerItem.by_name.query(CUSTOMER_LIST, condition, limit=limit, last_evaluated_key=start)
    items = [to_customer(cast(CustomerItem, item)) for item in results]
    return Page[Customer](items=items, next_cursor=encode_cursor(results.last_evaluated_key))


def _identity(key: str) -> IdentityItem | None:
    try:
        return IdentityItem.get(key, IDENTITY, consistent_read=True)
    except DoesNotExist:
        return None


def find_principal(identifier: str) -> Principal | None:
    """Whoever signs in with this e-mail or mobile number, or None."""
    identifier = identifier.strip()
    try:
        key = (
            identity_key("phone", normalise_phone(identifier))
            if looks_like_phone(identifier)
            else identity_key("email", normalise_email(identifier))
        )
    except ValueError:
        return None
    identity = _identity(key)
    return principal_by_id(identity.principal_id, identity.kind) if identity else None


def add_operator(email: str, name: str, language: str, directory: Directory, clock: Clock) -> Principal:
    """Create an operator: a user in the staff group with its own sign-in identity."""
    staff_id = new_id()
    email = normalise_email(email)
    staff = StaffItem(
        f"STAFF#{staff_id}", PROFILE, staff_id=staff_id, name=name, email=email, language=language, status="active"
    )
    identities = identities_of(staff_id, "staff", email, None)
    try:
        with Transaction() as transaction:
            transaction.save(staff, condition=StaffItem.pk.does_not_exist())
            transaction.save(identities[0], condition=IdentityItem.pk.does_not_exist())
    except TransactWriteError as exc:
        raise_if_identity_taken(exc, identities, offset=1)
        raise
    try:
        directory.create_user(staff_id, email, None, language, staff=True)
    except Unavailable:
        forget([staff], identities, staff_id)
        raise
    return Principal(staff_id, "staff", name, email, None, language, True, 0)


def ensure_operator(email: str, name: str, language: str, directory: Directory, clock: Clock) -> tuple[Principal, bool]:
    """`make operator`: the operator with this e-mail, created (True) or able to sign in again
    (False: its record active, its Cognito user enabled and in the staff group)."""
    found = find_principal(email)
    if found is None:
        return add_operator(email, name, language, directory, clock), True
    if found.kind != "staff":
        raise Conflict(
            "This e-mail signs a customer in; an operator needs an address of their own.", code="email_used_by_customer"
        )
    StaffItem(staff_key(found.principal_id), PROFILE).update(
        actions=[StaffItem.status.set("active")], condition=StaffItem.pk.exists()
    )
    directory.restore_user(found.principal_id, found.email, found.mobile, found.language, staff=True)
    return found, False


def get_contact_item(contact_id: str) -> ContactItem:
    try:
        return ContactItem.get(contact_key(contact_id), PROFILE, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such contact.", code="no_such_contact") from exc


def get_profile(contact_id: str) -> Profile:
    return Profile.model_validate(get_contact_item(contact_id).attribute_values)


def update_profile(actor: Principal, changes: ProfileChanges, clock: Clock) -> Profile:
    """A contact's own edit: name, language. Never the sign-in e-mail; contacts are confirmed by
    code. The account's name is the business's record and stays."""
    contact_id = actor.principal_id
    contact = get_contact_item(contact_id)
    actions: list[Action] = [ContactItem.updated_at.set(clock.now().isoformat())]
    if changes.name:
        actions.append(ContactItem.name.set(changes.name))
    if changes.language:
        actions.append(ContactItem.language.set(changes.language))
    # Each account's list of its contacts shows the name: its copies move with it.
    renamed = memberships_of(contact_id) if changes.name and changes.name != contact.name else []
    try:
        with Transaction() as transaction:
            transaction.update(contact, actions=actions, condition=ContactItem.status == "active")
            for member in renamed:
                name = cast(str, changes.name)
                transaction.update(
                    member,
                    actions=[
                        AccountContactItem.contact_name.set(name),
                        AccountContactItem.gsi1sk.set(contact_sort(name, contact_id)),
                    ],
                    condition=AccountContactItem.pk.exists(),
                )
    except TransactWriteError as exc:
        raise Conflict("This account is not active.", code="account_not_active") from exc
    changed = sorted(changes.model_dump(exclude_none=True))
    audit.record("profile_changed", actor, audit.accounts_of(actor), clock.now(), details={"fields": changed})
    return get_profile(contact_id)


def memberships_of(contact_id: str) -> list[AccountContactItem]:
    """Every account the contact is on (active, waiting or closed): one Query of their partition."""
    found = AccountContactItem.query(
        contact_key(contact_id), AccountContactItem.sk.startswith(ACCOUNT_PREFIX), limit=MAX_ACCOUNTS
    )
    return list(found)
