"""Where a contact's notifications and invoices go: a new address counts only once the code sent
to it is typed back, and the address they leave is told.

Without the code, a stolen session could send the invoices elsewhere without a trace; without
the message to the old address, the customer would not learn that it happened.
"""

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition

from functions.auth.messages import contact_email_changed_email, contact_email_code_email
from functions.core import audit
from functions.core.clock import Clock
from functions.core.errors import Conflict, field_problem
from functions.core.principal import Principal
from functions.core.senders import EmailSender
from functions.core.transactions import Transaction
from functions.customers import confirmation
from functions.customers.confirmation import ContactKind
from functions.customers.models import ContactItem
from functions.customers.schemas import Profile
from functions.customers.service import get_contact_item, get_profile

CONTACT_EMAIL: ContactKind = "contact_email"
_CHANGED_MEANWHILE = "Your profile changed at the same time. Reload the page and try again."


def notification_address(contact: ContactItem) -> str | None:
    """Where notifications go: the notification e-mail if there is one, else the sign-in e-mail
    (none: a contact who signs in by mobile and has added no e-mail)."""
    return contact.contact_email or contact.email


def request_contact_email_change(
    contact_id: str, email: str, sender: EmailSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """E-mail a code to the new address; nothing changes until it comes back."""
    contact = get_contact_item(contact_id)
    if email == notification_address(contact):
        message = "Your notifications already go to this address."
        raise Conflict(message, [field_problem("contact_email", "unchanged", message)], code="contact_email_unchanged")

    def deliver(code: str) -> None:
        sender.send_email(email, contact_email_code_email(contact.language, code, business_name))

    confirmation.send_code(contact_id, CONTACT_EMAIL, email, deliver, pepper, clock)
    return get_profile(contact_id).model_copy(update={"pending_contact_email": email})


def confirm_contact_email_change(
    actor: Principal, code: str, sender: EmailSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """With the right code, notifications go to the new address; the one they leave is told."""
    contact_id = actor.principal_id
    change = confirmation.confirmed_change(contact_id, CONTACT_EMAIL, code, pepper, clock)
    contact = get_contact_item(contact_id)
    leaving = notification_address(contact)
    try:
        with Transaction() as transaction:
            transaction.update(
                contact,
                actions=[ContactItem.contact_email.set(change.value), ContactItem.updated_at.set(_now(clock))],
                condition=_unchanged_since_read(contact),
            )
            confirmation.use_up(transaction, change)
            audit.own_change_in(transaction, "notification_email_changed", actor, clock.now())
    except TransactWriteError as exc:
        raise Conflict(_CHANGED_MEANWHILE, code="profile_changed_meanwhile") from exc
    _tell(leaving, change.value, contact.language, sender, business_name)
    return get_profile(contact_id)


def remove_contact_email(actor: Principal, sender: EmailSender, business_name: str, clock: Clock) -> Profile:
    """Notifications go back to the sign-in e-mail (the business's own record: no code needed)."""
    contact_id = actor.principal_id
    contact = get_contact_item(contact_id)
    if contact.contact_email is None:
        return get_profile(contact_id)
    leaving = notification_address(contact)
    try:
        contact.update(
            actions=[ContactItem.contact_email.remove(), ContactItem.updated_at.set(_now(clock))],
            condition=_unchanged_since_read(contact),
        )
    except UpdateError as exc:
        raise Conflict(_CHANGED_MEANWHILE, code="profile_changed_meanwhile") from exc
    audit.record("notification_email_removed", actor, audit.accounts_of(actor), clock.now())
    # Without a sign-in e-mail, what reaches them now is their mobile (docs/notifications.md).
    _tell(leaving, contact.email or contact.mobile or "", contact.language, sender, business_name)
    return get_profile(contact_id)


def _unchanged_since_read(contact: ContactItem) -> Condition:
    # The address we tell must be the one notifications really leave, and only active accounts change.
    same: Condition = (
        ContactItem.contact_email == contact.contact_email
        if contact.contact_email
        else ContactItem.contact_email.does_not_exist()
    )
    condition: Condition = (ContactItem.status == "active") & same
    return condition


def _tell(leaving: str | None, new_address: str, language: str, sender: EmailSender, business_name: str) -> None:
    if leaving is None:  # no e-mail reached them before: nobody to warn
        return
    sender.send_email(leaving, contact_email_changed_email(language, business_name, new_address))


def _now(clock: Clock) -> str:
    return clock.now().isoformat()
