"""Where a customer's notifications and invoices go: a new address counts only once the code sent
to it is typed back, and the address they leave is told.

Without the code, a stolen session could send the invoices elsewhere without a trace; without
the message to the old address, the customer would not learn that it happened.
"""

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition

from functions.auth.messages import contact_email_changed_email, contact_email_code_email
from functions.core.clock import Clock
from functions.core.errors import Conflict, field_problem
from functions.core.senders import EmailSender
from functions.core.transactions import Transaction
from functions.customers import confirmation
from functions.customers.confirmation import ContactKind
from functions.customers.models import CustomerItem
from functions.customers.schemas import Profile
from functions.customers.service import get_customer_item, get_profile

CONTACT_EMAIL: ContactKind = "contact_email"
_CHANGED_MEANWHILE = "Your profile changed at the same time. Reload the page and try again."


def notification_address(customer: CustomerItem) -> str:
    """Where notifications go: the notification e-mail if there is one, else the sign-in e-mail."""
    return customer.contact_email or customer.email


def request_contact_email_change(
    customer_id: str, email: str, sender: EmailSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """E-mail a code to the new address; nothing changes until it comes back."""
    customer = get_customer_item(customer_id)
    if email == notification_address(customer):
        message = "Your notifications already go to this address."
        raise Conflict(message, [field_problem("contact_email", "unchanged", message)], code="contact_email_unchanged")

    def deliver(code: str) -> None:
        sender.send_email(email, contact_email_code_email(customer.language, code, business_name))

    confirmation.send_code(customer_id, CONTACT_EMAIL, email, deliver, pepper, clock)
    return get_profile(customer_id).model_copy(update={"pending_contact_email": email})


def confirm_contact_email_change(
    customer_id: str, code: str, sender: EmailSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """With the right code, notifications go to the new address; the one they leave is told."""
    change = confirmation.confirmed_change(customer_id, CONTACT_EMAIL, code, pepper, clock)
    customer = get_customer_item(customer_id)
    leaving = notification_address(customer)
    try:
        with Transaction() as transaction:
            transaction.update(
                customer,
                actions=[CustomerItem.contact_email.set(change.value), CustomerItem.updated_at.set(_now(clock))],
                condition=_unchanged_since_read(customer),
            )
            confirmation.use_up(transaction, change)
    except TransactWriteError as exc:
        raise Conflict(_CHANGED_MEANWHILE, code="profile_changed_meanwhile") from exc
    _tell(leaving, change.value, customer.language, sender, business_name)
    return get_profile(customer_id)


def remove_contact_email(customer_id: str, sender: EmailSender, business_name: str, clock: Clock) -> Profile:
    """Notifications go back to the sign-in e-mail (the business's own record: no code needed)."""
    customer = get_customer_item(customer_id)
    if customer.contact_email is None:
        return get_profile(customer_id)
    leaving = notification_address(customer)
    try:
        customer.update(
            actions=[CustomerItem.contact_email.remove(), CustomerItem.updated_at.set(_now(clock))],
            condition=_unchanged_since_read(customer),
        )
    except UpdateError as exc:
        raise Conflict(_CHANGED_MEANWHILE, code="profile_changed_meanwhile") from exc
    _tell(leaving, customer.email, customer.language, sender, business_name)
    return get_profile(customer_id)


def _unchanged_since_read(customer: CustomerItem) -> Condition:
    # The address we tell must be the one notifications really leave, and only active accounts change.
    same: Condition = (
        CustomerItem.contact_email == customer.contact_email
        if customer.contact_email
        else CustomerItem.contact_email.does_not_exist()
    )
    condition: Condition = (CustomerItem.status == "active") & same
    return condition


def _tell(leaving: str, new_address: str, language: str, sender: EmailSender, business_name: str) -> None:
    sender.send_email(leaving, contact_email_changed_email(language, business_name, new_address))


def _now(clock: Clock) -> str:
    return clock.now().isoformat()
