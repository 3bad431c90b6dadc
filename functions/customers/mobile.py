"""A customer adds a mobile number: it is used for sign-in only once a code sent to it is typed back."""

import contextlib

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from functions.auth import limits
from functions.auth.codes import (
    CODE_LIFETIME_SECONDS,
    MAX_WRONG_ANSWERS,
    CodeNotAccepted,
    code_digest,
    code_matches,
    new_code,
)
from functions.auth.messages import mobile_code_sms
from functions.core.clock import Clock
from functions.core.errors import Conflict, TooManyRequests
from functions.core.senders import SmsSender
from functions.core.table import transaction_connection
from functions.customers.directory import Directory
from functions.customers.models import CustomerItem, IdentityItem, MobileChangeItem, customer_key, identity_key
from functions.customers.schemas import Profile
from functions.customers.service import IDENTITY, get_customer_item, get_profile, sync_contact

MOBILE_CHANGE = "MOBILE_CHANGE"


def request_mobile_change(
    customer_id: str, mobile: str, sms: SmsSender, pepper: str, business_name: str, clock: Clock
) -> Profile:
    """Text a code to the new number; nothing changes until it comes back."""
    customer = get_customer_item(customer_id)
    if customer.mobile == mobile:
        raise Conflict("This is already your mobile number.")
    try:
        IdentityItem.get(identity_key("phone", mobile), IDENTITY, consistent_read=True)
        raise Conflict("This mobile number is already used by another account.")
    except DoesNotExist:
        pass
    now = clock.now().timestamp()
    if not limits.allow(limits.sends_to(customer_id, mobile), now):
        raise TooManyRequests("Too many codes were sent recently. Wait a while and try again.")
    code = new_code()
    MobileChangeItem(
        customer_key(customer_id),
        MOBILE_CHANGE,
        mobile=mobile,
        code_digest=code_digest(code, pepper),
        wrong_answers=0,
        expires_at=int(now) + CODE_LIFETIME_SECONDS,
    ).save()
    sms.send_sms(mobile, mobile_code_sms(customer.language, code, business_name))
    return get_profile(customer_id).model_copy(update={"pending_mobile": mobile})


def confirm_mobile_change(customer_id: str, code: str, directory: Directory, pepper: str, clock: Clock) -> Profile:
    """With the right code, the new number replaces the old one for sign-in and texts."""
    now = clock.now().timestamp()
    refused = CodeNotAccepted("That code is not right, or it has expired. Ask for a new one.")
    try:
        change = MobileChangeItem.get(customer_key(customer_id), MOBILE_CHANGE, consistent_read=True)
    except DoesNotExist as exc:
        raise refused from exc
    if (change.expires_at or 0) <= now or change.wrong_answers >= MAX_WRONG_ANSWERS:
        raise refused
    if not code_matches(code, change.code_digest, pepper):
        with contextlib.suppress(UpdateError):
            change.update(
                actions=[MobileChangeItem.wrong_answers.add(1)],
                condition=MobileChangeItem.wrong_answers < MAX_WRONG_ANSWERS,
            )
        raise refused
    customer = get_customer_item(customer_id)
    identity = IdentityItem(identity_key("phone", change.mobile), IDENTITY, principal_id=customer_id, kind="customer")
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(identity, condition=IdentityItem.pk.does_not_exist())
            if customer.mobile:
                transaction.delete(
                    IdentityItem(identity_key("phone", customer.mobile), IDENTITY),
                    condition=IdentityItem.principal_id == customer_id,
                )
            transaction.update(
                CustomerItem(customer_key(customer_id), "PROFILE"),
                actions=[CustomerItem.mobile.set(change.mobile), CustomerItem.updated_at.set(clock.now().isoformat())],
                condition=CustomerItem.status == "active",
            )
            transaction.delete(change, condition=MobileChangeItem.code_digest == change.code_digest)
    except TransactWriteError as exc:
        raise Conflict("This mobile number was taken by another account meanwhile.") from exc
    sync_contact(directory, customer_id, customer.email, change.mobile)
    return get_profile(customer_id)
