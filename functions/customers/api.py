"""Customer records for operators (/operator/customers) and the customer's own profile (/profile)."""

from functools import cache

from functions.core.clock import SystemClock
from functions.core.http import Routes, idempotency_key
from functions.core.paging import PageQuery
from functions.core.parts import invites_need_approval
from functions.core.principal import Principal, require_customer
from functions.core.secrets import signin_code_pepper
from functions.core.senders import SesEmailSender, SnsSmsSender
from functions.core.settings import get_settings
from functions.customers import audit_log, contact_email, contacts, erasure, mobile, service
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import (
    AccountContact,
    AuditPage,
    ContactChanges,
    ContactConfirmation,
    ContactEmailRequest,
    ContactList,
    Customer,
    CustomerChanges,
    CustomerPage,
    CustomerQuery,
    ErasureDecline,
    ErasureList,
    ErasureQuery,
    ErasureState,
    MobileRequest,
    NewContact,
    NewCustomer,
    Profile,
    ProfileChanges,
)

customers_api = Routes(__name__, tag="customers", access="staff")
profile_api = Routes(__name__, tag="profile", access="customer", area="own")
contacts_api = Routes(__name__, tag="contacts", access="customer", area="contacts")
staff_contacts_api = Routes(__name__, tag="contacts", access="staff")
clock = SystemClock()


@cache
def _directory(user_pool_id: str) -> CognitoDirectory:
    return CognitoDirectory(user_pool_id)


def directory() -> CognitoDirectory:
    return _directory(get_settings().user_pool_id)


@customers_api.post("/operator/customers", "Create a customer", status=201, errors=(409, 503))
def create_customer(body: NewCustomer, principal: Principal) -> Customer:
    return service.create_customer(body, directory(), clock, principal)


@customers_api.get("/operator/customers", "Customers by name; search by name, e-mail or mobile")
def list_customers(query: CustomerQuery) -> CustomerPage:
    page = service.list_customers(query.search, query.cursor, query.limit)
    return CustomerPage(items=page.items, next_cursor=page.next_cursor)


@customers_api.get("/operator/customers/{customer_id}", "One customer", errors=(404,))
def get_customer(customer_id: str) -> Customer:
    return service.get_customer(customer_id)


@customers_api.patch("/operator/customers/{customer_id}", "Edit a customer", errors=(404, 409))
def edit_customer(customer_id: str, body: CustomerChanges, principal: Principal) -> Customer:
    return service.update_customer(customer_id, body, directory(), clock, principal)


@customers_api.post(
    "/operator/customers/{customer_id}/deactivate", "Deactivate: sign out everywhere, no new codes", errors=(404, 409)
)
def deactivate_customer(customer_id: str, principal: Principal) -> Customer:
    return service.deactivate_customer(customer_id, directory(), clock, principal)


@profile_api.get("/profile", "My profile")
def my_profile(principal: Principal) -> Profile:
    return service.get_profile(principal.principal_id)


@profile_api.patch("/profile", "Change my name or language", errors=(409,))
def edit_my_profile(body: ProfileChanges, principal: Principal) -> Profile:
    return service.update_profile(principal, body, clock)


@profile_api.post("/profile/mobile", "Add or change my mobile (sends a code to it)", status=202, errors=(409, 429))
def add_mobile(body: MobileRequest, principal: Principal) -> Profile:
    settings = get_settings()
    return mobile.request_mobile_change(
        principal.principal_id, body.mobile, SnsSmsSender(), signin_code_pepper(), settings.business_name, clock
    )


@profile_api.post("/profile/mobile/confirm", "Confirm my new mobile with its code", errors=(403, 409))
def confirm_mobile(body: ContactConfirmation, principal: Principal) -> Profile:
    return mobile.confirm_mobile_change(principal, body.code, directory(), signin_code_pepper(), clock)


def _email_sender() -> SesEmailSender:
    return SesEmailSender(get_settings().sender_email)


def _senders() -> contacts.Senders:
    """A new contact is told by e-mail, or by text when they have no e-mail."""
    return contacts.Senders(email=_email_sender(), sms=SnsSmsSender())


@profile_api.post(
    "/profile/contact-email",
    "Send my notifications to a new e-mail address (sends a code to it)",
    status=202,
    errors=(409, 429),
)
def change_contact_email(body: ContactEmailRequest, principal: Principal) -> Profile:
    return contact_email.request_contact_email_change(
        principal.principal_id,
        body.contact_email,
        _email_sender(),
        signin_code_pepper(),
        get_settings().business_name,
        clock,
    )


@profile_api.post(
    "/profile/contact-email/confirm",
    "Confirm my new notification e-mail with its code (the old address is told)",
    errors=(403, 409),
)
def confirm_contact_email(body: ContactConfirmation, principal: Principal) -> Profile:
    return contact_email.confirm_contact_email_change(
        principal, body.code, _email_sender(), signin_code_pepper(), get_settings().business_name, clock
    )


@profile_api.delete(
    "/profile/contact-email",
    "Send my notifications to my sign-in e-mail again (the old address is told)",
    errors=(409,),
)
def remove_contact_email(principal: Principal) -> Profile:
    return contact_email.remove_contact_email(principal, _email_sender(), get_settings().business_name, clock)


# --- an account's contacts: its admins in the portal, the business in the console -----------


def _add(account_id: str, body: NewContact, actor: Principal, waits: bool, key: str) -> AccountContact:
    settings = get_settings()
    return contacts.add_contact(
        account_id,
        body,
        by=f"staff:{actor.principal_id}" if actor.kind == "staff" else actor.principal_id,
        waits=waits,
        key=key,
        actor=actor,
        directory=directory(),
        senders=_senders(),
        business_name=settings.business_name,
        portal_url=settings.portal_url,
        clock=clock,
    )


@contacts_api.get("/contacts", "The contacts of the account I act for, with their roles")
def account_contacts(principal: Principal) -> ContactList:
    return contacts.list_contacts(principal.account_id, invites_need_approval(), principal.principal_id)


@contacts_api.post(
    "/contacts",
    "Invite a contact to the account (waits for the business's approval when the portal says so)",
    status=201,
    errors=(404, 409, 503),
    headers=("Idempotency-Key",),
)
def invite_contact(body: NewContact, principal: Principal) -> AccountContact:
    key = idempotency_key(contacts_api)
    return _add(principal.account_id, body, principal, invites_need_approval(), key)


@contacts_api.patch("/contacts/{contact_id}", "Change a contact's role or what they see", errors=(404, 409))
def change_contact(contact_id: str, body: ContactChanges, principal: Principal) -> AccountContact:
    return contacts.change_contact(principal.account_id, contact_id, body, principal, clock)


@contacts_api.delete("/contacts/{contact_id}", "Remove a contact from the account", status=204, errors=(404, 409))
def remove_contact(contact_id: str, principal: Principal) -> None:
    contacts.remove_contact(principal.account_id, contact_id, principal, clock)


@staff_contacts_api.get("/operator/customers/{customer_id}/contacts", "A customer's contacts", errors=(404,))
def customer_contacts(customer_id: str) -> ContactList:
    service.get_customer_item(customer_id)
    return contacts.list_contacts(customer_id, invites_need_approval())


@staff_contacts_api.post(
    "/operator/customers/{customer_id}/contacts",
    "Add a contact to a customer",
    status=201,
    errors=(404, 409, 503),
    headers=("Idempotency-Key",),
)
def add_customer_contact(customer_id: str, body: NewContact, principal: Principal) -> AccountContact:
    return _add(customer_id, body, principal, False, idempotency_key(staff_contacts_api))


@staff_contacts_api.patch(
    "/operator/customers/{customer_id}/contacts/{contact_id}", "Change a contact's role or scope", errors=(404, 409)
)
def change_customer_contact(
    customer_id: str, contact_id: str, body: ContactChanges, principal: Principal
) -> AccountContact:
    return contacts.change_contact(customer_id, contact_id, body, principal, clock)


@staff_contacts_api.delete(
    "/operator/customers/{customer_id}/contacts/{contact_id}", "Remove a contact", status=204, errors=(404, 409)
)
def remove_customer_contact(customer_id: str, contact_id: str, principal: Principal) -> None:
    contacts.remove_contact(customer_id, contact_id, principal, clock)


@staff_contacts_api.post(
    "/operator/customers/{customer_id}/contacts/{contact_id}/approve",
    "Let a contact an account admin invited sign in for the account",
    errors=(404, 409),
)
def approve_customer_contact(customer_id: str, contact_id: str, principal: Principal) -> AccountContact:
    settings = get_settings()
    return contacts.approve_contact(
        customer_id, contact_id, principal, _senders(), settings.business_name, settings.portal_url, clock
    )


# --- the audit log: who did what on an account (functions/core/audit.py writes it) ----------


@contacts_api.get("/audit", "Who did what on the account I act for, newest first (its admins and viewers)")
def account_audit(query: PageQuery, principal: Principal) -> AuditPage:
    return audit_log.account_log(principal.account_id, query.cursor, query.limit, for_customer=True)


@staff_contacts_api.get(
    "/operator/customers/{customer_id}/audit", "Who did what on a customer's account", errors=(404,)
)
def customer_audit(customer_id: str, query: PageQuery) -> AuditPage:
    require_customer(customer_id)
    return audit_log.account_log(customer_id, query.cursor, query.limit)


@staff_contacts_api.get("/operator/audit", "What the business's staff did, on any account or the portal's settings")
def staff_audit(query: PageQuery) -> AuditPage:
    return audit_log.staff_log(query.cursor, query.limit)


# --- the right to be forgotten: asked for by the person, confirmed by the business ----------


@profile_api.get("/profile/erasure", "Whether I asked to be forgotten, and how far it has gone")
def my_erasure(principal: Principal) -> ErasureState:
    return erasure.state_of(principal.principal_id)


@profile_api.post("/profile/erasure", "Ask the business to forget me (it confirms first)", status=202)
def ask_for_erasure(principal: Principal) -> ErasureState:
    return erasure.ask(principal, clock)


@customers_api.get("/operator/erasures", "Requests to be forgotten, by status, the longest waiting first")
def erasure_requests(query: ErasureQuery) -> ErasureList:
    return erasure.listed(query.status, query.limit)


@customers_api.post(
    "/operator/erasures/{contact_id}/confirm",
    "Erase the person: their data goes, what the law keeps stays with their name replaced",
    errors=(404, 409),
)
def confirm_erasure(contact_id: str, principal: Principal) -> ErasureState:
    return erasure.confirm(contact_id, principal, clock)


@customers_api.post(
    "/operator/erasures/{contact_id}/decline", "Decline a request to be forgotten, saying why", errors=(404, 409)
)
def decline_erasure(contact_id: str, body: ErasureDecline, principal: Principal) -> ErasureState:
    return erasure.decline(contact_id, body.reason, principal, clock)
