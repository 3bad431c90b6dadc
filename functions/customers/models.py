"""Accounts (the business's customers), their contacts (the people who sign in) and the
sign-in identities (e-mail, mobile) that point to a person. docs/accounts.md has the keys."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from functions.core.principal import MembershipItem, PersonItem, contact_key, customer_key, staff_key
from functions.core.table import Gsi1, Gsi2, PortalItem, register
from functions.core.text import fold

CUSTOMER_LIST = "CUSTOMERS"
CUSTOMER_EMAILS = "CUSTOMER_EMAILS"
__all__ = ["contact_key", "customer_key", "staff_key"]  # their home is core.principal; imported from here too


def contacts_of(account_id: str) -> str:
    """gsi1 partition of an account's contacts, by name."""
    return f"{customer_key(account_id)}#CONTACTS"


def contact_sort(name: str, contact_id: str) -> str:
    return f"{fold(name)}#{contact_id}"


def identity_key(kind: str, value: str) -> str:
    """kind is 'email' or 'phone'; value already normalised."""
    return f"IDENTITY#{kind}:{value}"


@register
class CustomerItem(PersonItem):
    """One of the business's customers, an account (pk CUSTOMER#id, sk PROFILE): a company or a
    person. Its e-mail, mobile and language are its main contact's (the contact with the
    account's id, made with it), kept here for the console's search; the session attributes of
    PersonItem are its contacts' now (an account made before accounts had contacts kept them)."""

    customer_id = UnicodeAttribute()
    email = UnicodeAttribute()  # an account made in the console always has one (NewCustomer)
    kind = UnicodeAttribute(default="person")  # person | company
    # Active admins: moved in the transaction that adds, changes or removes one, on condition
    # that one stays, so two admins removing each other at once cannot leave none.
    admins = NumberAttribute(default=0)
    contact_email = UnicodeAttribute(null=True)
    notes = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # Operator list sorted by name; search by name prefix.
    gsi1pk = UnicodeAttribute(default=CUSTOMER_LIST)
    gsi1sk = UnicodeAttribute()
    # Search by e-mail prefix.
    gsi2pk = UnicodeAttribute(default=CUSTOMER_EMAILS)
    gsi2sk = UnicodeAttribute()
    by_name = Gsi1()
    by_email = Gsi2()


@register
class ContactItem(PersonItem):
    """A person who signs in for one or more accounts (pk CONTACT#id, sk PROFILE)."""

    contact_id = UnicodeAttribute()
    contact_email = UnicodeAttribute(null=True)  # where notifications go, when not the sign-in e-mail
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


@register
class AccountContactItem(MembershipItem):
    """A contact on an account (pk CONTACT#contact, sk ACCOUNT#account; core.principal reads the
    session's part of it). gsi1 lists an account's contacts by name."""

    contact_name = UnicodeAttribute()
    contact_email = UnicodeAttribute(null=True)  # the sign-in e-mail, for the account's list (none: by mobile)
    contact_mobile = UnicodeAttribute(null=True)
    added_at = UnicodeAttribute()
    added_by = UnicodeAttribute()  # staff:<id> or the admin contact's id
    gsi1pk = UnicodeAttribute()
    gsi1sk = UnicodeAttribute()
    by_account = Gsi1()


@register
class IdentityItem(PortalItem):
    """A sign-in identifier, unique across the portal (pk IDENTITY#email:... / IDENTITY#phone:...)."""

    principal_id = UnicodeAttribute()  # the Cognito username: a contact's or an operator's id
    kind = UnicodeAttribute()  # customer | staff


@register
class StaffItem(PersonItem):
    """One of the business's operators (pk STAFF#id, sk PROFILE; see PersonItem)."""

    staff_id = UnicodeAttribute()
    email = UnicodeAttribute()  # operators sign in by e-mail


@register
class ContactChangeItem(PortalItem):
    """A mobile or e-mail a contact added, waiting for the code sent to it (pk CONTACT#id,
    sk CONFIRM#mobile or CONFIRM#contact_email); expires_at is the code's life."""

    value = UnicodeAttribute()  # the mobile number or the e-mail address, normalised
    code_digest = UnicodeAttribute()
    wrong_answers = NumberAttribute(default=0)
