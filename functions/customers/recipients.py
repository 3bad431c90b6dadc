"""Who can be told things about an account: its active contacts, each with their role and
scope on it and where and in which language they are told.

Two DynamoDB calls, however many contacts: one Query of the account's list of contacts
(gsi1, `contacts_of`) and one BatchGet of their profiles. Where and how a person is told
(language, notification e-mail, mobile) is read from their profile, which they change
themselves; the membership's copies are the account's list's, and may lag behind.
"""

from dataclasses import dataclass
from typing import cast

from pynamodb.exceptions import DoesNotExist

from functions.core.principal import PROFILE, contact_key
from functions.customers.models import AccountContactItem, ContactItem, contacts_of

# An account has fewer contacts than this (service.MAX_CONTACTS: the contacts service refuses
# more), so one page of its list is all of them.
MAX_CONTACTS = 100


@dataclass(frozen=True)
class Recipient:
    """One contact of the account, as the notifications see them."""

    contact_id: str
    role: str  # core.roles.ROLES
    scope: str  # all | mine: mine is told only about the items they created
    language: str
    email: str | None  # their notification e-mail, else their sign-in e-mail; none: by mobile alone
    mobile: str | None


def contacts_to_tell(account_id: str) -> list[Recipient]:
    """The account's active contacts (not invited, not removed), whose own sign-in is active, by name."""
    members = [
        cast(AccountContactItem, member)
        for member in AccountContactItem.by_account.query(contacts_of(account_id), limit=MAX_CONTACTS)
    ]
    members = [member for member in members if member.status == "active"]
    if not members:
        return []
    profiles = {
        profile.contact_id: profile
        for profile in ContactItem.batch_get([(contact_key(m.contact_id), PROFILE) for m in members])
    }
    told = []
    for member in members:
        profile = profiles.get(member.contact_id)
        if profile is None or profile.status != "active":
            continue  # a person deactivated everywhere is told nothing, on any account
        told.append(
            Recipient(
                contact_id=member.contact_id,
                role=member.role,
                scope=member.scope,
                language=profile.language,
                # as contact_email.notification_address says (not imported: the consumer's cold start)
                email=profile.contact_email or profile.email,
                mobile=profile.mobile,
            )
        )
    return told


def notification_email(contact_id: str) -> str | None:
    """Where the contact's notifications go by e-mail, as contacts_to_tell says it: their
    notification e-mail, else their sign-in e-mail; None when they have neither (they sign in
    by mobile and added no e-mail). One GetItem."""
    try:
        profile = ContactItem.get(contact_key(contact_id), PROFILE, consistent_read=True)
    except DoesNotExist:
        return None
    return profile.contact_email or profile.email
