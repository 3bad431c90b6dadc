"""A contact adds a mobile number: it is used for sign-in only once a code sent to it is typed back.

Whether the number belongs to another account is not said when the code is asked for (that
answer, repeated, was a directory of who is a customer): the code goes out as for any number,
counted against the send limits, and only whoever holds the phone and types the code back
learns that it is taken, from the unique identity claim at confirmation.
"""

from pynamodb.exceptions import TransactWriteError

from functions.auth.messages import mobile_code_sms
from functions.core import audit
from functions.core.clock import Clock
from functions.core.errors import Conflict, field_problem
from functions.core.principal import PROFILE, Principal, contact_key
from functions.core.senders import SmsSender
from functions.core.table import cancellation_codes
from functions.core.transactions import Transaction
from functions.customers import confirmation
from functions.customers.confirmation import ContactKind
from functions.customers.directory import Directory
from functions.customers.models import ContactItem, IdentityItem, identity_key
from functions.customers.schemas import Profile
from functions.customers.service import IDENTITY, get_contact_item, get_profile, sync_contact

MOBILE: ContactKind = "mobile"


def request_mobile_change(
    contact_id: str, mobile: str, sms: SmsSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """Text a code to the new number; nothing changes until it comes back."""
    contact = get_contact_item(contact_id)
    if contact.mobile == mobile:
        message = "This is already your mobile number."
        raise Conflict(message, [field_problem("mobile", "unchanged", message)], code="mobile_unchanged")

    def deliver(code: str) -> None:
        sms.send_sms(mobile, mobile_code_sms(contact.language, code, business_name))

    confirmation.send_code(contact_id, MOBILE, mobile, deliver, pepper, clock)
    return get_profile(contact_id).model_copy(update={"pending_mobile": mobile})


def confirm_mobile_change(actor: Principal, code: str, directory: Directory, pepper: str, clock: Clock) -> Profile:
    """With the right code, the new number replaces the old one for sign-in and texts."""
    contact_id = actor.principal_id
    change = confirmation.confirmed_change(contact_id, MOBILE, code, pepper, clock)
    contact = get_contact_item(contact_id)
    identity = IdentityItem(identity_key("phone", change.value), IDENTITY, principal_id=contact_id, kind="customer")
    try:
        with Transaction() as transaction:
            # The unique claim decides whether the number is free, whatever was said before.
            transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
            transaction.update(
                ContactItem(contact_key(contact_id), PROFILE),
                actions=[ContactItem.mobile.set(change.value), ContactItem.updated_at.set(clock.now().isoformat())],
                condition=ContactItem.status == "active",
            )
            confirmation.use_up(transaction, change)
            if contact.mobile:
                transaction.delete(
                    IdentityItem(identity_key("phone", contact.mobile), IDENTITY),
                    condition=IdentityItem.principal_id == contact_id,
                )
            audit.own_change_in(transaction, "mobile_changed", actor, clock.now())
    except TransactWriteError as exc:
        # pynamodb sends deletes (the used code, the old number) before puts (the new claim).
        claim = 1 + (1 if contact.mobile else 0)
        if cancellation_codes(exc)[claim : claim + 1] == ["ConditionalCheckFailed"]:
            message = "This mobile number is already used by another account."
            raise Conflict(message, [field_problem("mobile", "taken", message)], code="mobile_taken") from exc
        raise Conflict(
            "Your profile changed at the same time. Ask for a new code.", code="profile_changed_meanwhile"
        ) from exc
    sync_contact(directory, contact_id, contact.email, change.value)
    return get_profile(contact_id)
