"""The business's customers and operators: records, sign-in identities, profiles."""

from dataclasses import dataclass
from typing import cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from functions.core.clock import Clock
from functions.core.contact import looks_like_phone, normalise_email, normalise_phone
from functions.core.errors import Conflict, NotFound, Unavailable, field_problem
from functions.core.ids import new_id
from functions.core.logging import logger
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import PROFILE, Principal, principal_by_id, staff_key
from functions.core.table import cancellation_codes
from functions.core.text import fold
from functions.core.transactions import Transaction
from functions.customers.directory import Directory
from functions.customers.models import (
    CUSTOMER_EMAILS,
    CUSTOMER_LIST,
    CustomerItem,
    IdentityItem,
    StaffItem,
    customer_key,
    identity_key,
)
from functions.customers.schemas import Customer, CustomerChanges, NewCustomer, Profile, ProfileChanges

IDENTITY = "IDENTITY"


def _name_key(name: str, customer_id: str) -> str:
    """Sort and search key: see core.text.fold."""
    return f"{fold(name)}#{customer_id}"


def _identities(principal_id: str, kind: str, email: str, mobile: str | None) -> list[IdentityItem]:
    items = [IdentityItem(identity_key("email", email), IDENTITY, principal_id=principal_id, kind=kind)]
    if mobile:
        items.append(IdentityItem(identity_key("phone", mobile), IDENTITY, principal_id=principal_id, kind=kind))
    return items


def _taken(identity: IdentityItem) -> Conflict:
    kind, _, value = identity.pk.removeprefix("IDENTITY#").partition(":")
    what = "e-mail address" if kind == "email" else "mobile number"
    message = f"The {what} {value} is already used by another customer or operator."
    field = "email" if kind == "email" else "mobile"
    return Conflict(
        message, [field_problem(field, "taken", message)], code="email_taken" if field == "email" else "mobile_taken"
    )


def _raise_if_identity_taken(exc: TransactWriteError, identities: list[IdentityItem], offset: int) -> None:
    codes = cancellation_codes(exc)
    for index, identity in enumerate(identities, start=offset):
        if index < len(codes) and codes[index] == "ConditionalCheckFailed":
            raise _taken(identity) from exc


def to_customer(item: CustomerItem) -> Customer:
    return Customer.model_validate(item.attribute_values)


def create_customer(new: NewCustomer, directory: Directory, clock: Clock) -> Customer:
    """Record a customer and create its sign-in; if either fails, neither remains."""
    customer_id = new_id()
    now = clock.now().isoformat()
    customer = CustomerItem(
        customer_key(customer_id),
        PROFILE,
        customer_id=customer_id,
        name=new.name,
        email=new.email,
        mobile=new.mobile,
        language=new.language,
        notes=new.notes,
        status="creating",
        created_at=now,
        updated_at=now,
        gsi1sk=_name_key(new.name, customer_id),
        gsi2sk=f"{new.email}#{customer_id}",
    )
    identities = _identities(customer_id, "customer", new.email, new.mobile)
    try:
        with Transaction() as transaction:
            transaction.save(customer, condition=CustomerItem.pk.does_not_exist())
            for identity in identities:
                transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
    except TransactWriteError as exc:
        _raise_if_identity_taken(exc, identities, offset=1)
        raise
    try:
        directory.create_user(customer_id, new.email, new.mobile, new.language, staff=False)
    except Unavailable:
        _forget(customer, identities, customer_id)
        raise
    customer.update(actions=[CustomerItem.status.set("active")])
    logger.info("customer created", extra={"customer_id": customer_id})
    return to_customer(customer)


def _forget(record: CustomerItem | StaffItem, identities: list[IdentityItem], principal_id: str) -> None:
    """Undo a half-made person: the record and the identities that point to it."""
    with Transaction() as transaction:
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


@dataclass(frozen=True)
class Recipient:
    """Where, and in which language, a customer is told things."""

    language: str
    email: str  # the contact e-mail they chose, else their sign-in e-mail
    mobile: str | None


def recipient(customer_id: str) -> Recipient | None:
    """Where to tell an active customer things; None for one removed or not active."""
    try:
        customer = get_customer_item(customer_id)
    except NotFound:
        return None
    if customer.status != "active":
        return None
    return Recipient(language=customer.language, email=customer.contact_email or customer.email, mobile=customer.mobile)


def update_customer(customer_id: str, changes: CustomerChanges, directory: Directory, clock: Clock) -> Customer:
    """An operator's edit. A new e-mail or mobile must be free; the old one is released."""
    customer = get_customer_item(customer_id)
    if customer.status == "deactivated":
        raise Conflict(
            "This customer is deactivated; their record can no longer be edited.", code="customer_deactivated"
        )
    given = changes.model_fields_set
    email = changes.email if "email" in given and changes.email else customer.email
    mobile = changes.mobile if "mobile" in given else customer.mobile
    added = [i for i in _identities(customer_id, "customer", email, mobile) if not _is_current(customer, i)]
    removed = [
        i
        for i in _identities(customer_id, "customer", customer.email, customer.mobile)
        if not _is_kept(email, mobile, i)
    ]
    customer.name = changes.name or customer.name
    customer.language = changes.language or customer.language
    customer.notes = changes.notes if changes.notes is not None else customer.notes
    customer.email, customer.mobile = email, mobile
    seen_at = customer.updated_at
    customer.updated_at = clock.now().isoformat()
    customer.gsi1sk = _name_key(customer.name, customer_id)
    customer.gsi2sk = f"{email}#{customer_id}"
    try:
        with Transaction() as transaction:
            # Unchanged since we read it, or someone else's edit would be lost.
            transaction.save(customer, condition=CustomerItem.updated_at == seen_at)
            for identity in added:
                transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
            for identity in removed:
                transaction.delete(identity, condition=IdentityItem.principal_id == customer_id)
    except TransactWriteError as exc:
        # pynamodb sends deletes first, then puts (the customer, then the added identities).
        _raise_if_identity_taken(exc, added, offset=len(removed) + 1)
        raise Conflict(
            "Someone changed this customer at the same time; reload and try again.", code="customer_changed_meanwhile"
        ) from exc
    if added or removed:
        sync_contact(directory, customer_id, email, mobile)
    return to_customer(customer)


def _is_current(customer: CustomerItem, identity: IdentityItem) -> bool:
    return identity.pk in {identity_key("email", customer.email), identity_key("phone", customer.mobile or "")}


def _is_kept(email: str, mobile: str | None, identity: IdentityItem) -> bool:
    return identity.pk in {identity_key("email", email), identity_key("phone", mobile or "")}


def sync_contact(directory: Directory, principal_id: str, email: str, mobile: str | None) -> None:
    # The table is the source of truth for where codes go; Cognito's copy is informational,
    # so a failed sync is logged, not fatal.
    try:
        directory.update_contact(principal_id, email, mobile)
    except Unavailable:
        logger.warning("could not copy contact details to the sign-in directory", extra={"principal": principal_id})


def deactivate_customer(customer_id: str, directory: Directory, clock: Clock) -> Customer:
    """Block new codes and sign the customer out everywhere, now."""
    customer = get_customer_item(customer_id)
    try:
        customer.update(
            actions=[
                CustomerItem.status.set("deactivated"),
                CustomerItem.session_generation.add(1),
                CustomerItem.updated_at.set(clock.now().isoformat()),
            ],
            condition=CustomerItem.status == "active",
        )
    except UpdateError as exc:
        raise Conflict("This customer is not active.", code="customer_not_active") from exc
    directory.disable_and_sign_out(customer_id)
    logger.info("customer deactivated", extra={"customer_id": customer_id})
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
        principal = _identity(identity_key("phone", phone))
        found = [get_customer(principal.principal_id)] if principal and principal.kind == "customer" else []
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


def mark_signed_out(principal: Principal) -> None:
    """Sign-out everywhere: a new session generation, so every session begun before it is refused."""
    model = StaffItem if principal.kind == "staff" else CustomerItem
    key = staff_key(principal.principal_id) if principal.kind == "staff" else customer_key(principal.principal_id)
    model(key, PROFILE).update(actions=[model.session_generation.add(1)], condition=model.pk.exists())


def add_operator(email: str, name: str, language: str, directory: Directory, clock: Clock) -> Principal:
    """Create an operator: a user in the staff group with its own sign-in identity."""
    staff_id = new_id()
    email = normalise_email(email)
    staff = StaffItem(
        f"STAFF#{staff_id}", PROFILE, staff_id=staff_id, name=name, email=email, language=language, status="active"
    )
    identities = _identities(staff_id, "staff", email, None)
    try:
        with Transaction() as transaction:
            transaction.save(staff, condition=StaffItem.pk.does_not_exist())
            transaction.save(identities[0], condition=IdentityItem.pk.does_not_exist())
    except TransactWriteError as exc:
        _raise_if_identity_taken(exc, identities, offset=1)
        raise
    try:
        directory.create_user(staff_id, email, None, language, staff=True)
    except Unavailable:
        _forget(staff, identities, staff_id)
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


def get_profile(customer_id: str) -> Profile:
    return Profile.model_validate(get_customer_item(customer_id).attribute_values)


def update_profile(customer_id: str, changes: ProfileChanges, clock: Clock) -> Profile:
    """A customer's own edit: name, language. Never the sign-in e-mail; contacts are confirmed by code."""
    customer = get_customer_item(customer_id)
    actions: list[Action] = [CustomerItem.updated_at.set(clock.now().isoformat())]
    if changes.name:
        actions += [CustomerItem.name.set(changes.name), CustomerItem.gsi1sk.set(_name_key(changes.name, customer_id))]
    if changes.language:
        actions.append(CustomerItem.language.set(changes.language))
    try:
        customer.update(actions=actions, condition=CustomerItem.status == "active")
    except UpdateError as exc:
        raise Conflict("This account is not active.", code="account_not_active") from exc
    return get_profile(customer_id)
