"""Customer records for operators (/operator/customers) and the customer's own profile (/profile)."""

from functools import cache
from typing import Any

from functions.core.clock import SystemClock
from functions.core.errors import InvalidRequest
from functions.core.http import Routes, endpoint
from functions.core.paging import page_size
from functions.core.principal import Principal
from functions.core.senders import SesEmailSender, SnsSmsSender
from functions.core.settings import get_settings
from functions.customers import contact_email, mobile, service
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import (
    ContactConfirmation,
    ContactEmailRequest,
    Customer,
    CustomerChanges,
    CustomerPage,
    MobileRequest,
    NewCustomer,
    Profile,
    ProfileChanges,
)

customers_api = Routes(__name__, tag="customers")
MAX_SEARCH = 254  # as declared in the OpenAPI document
clock = SystemClock()


@cache
def _directory(user_pool_id: str) -> CognitoDirectory:
    return CognitoDirectory(user_pool_id)


def directory() -> CognitoDirectory:
    return _directory(get_settings().user_pool_id)


def _pepper() -> str:
    return get_settings().signin_code_pepper.get_secret_value()


@endpoint(
    customers_api,
    "/operator/customers",
    "POST",
    summary="Create a customer",
    body=NewCustomer,
    reply=Customer,
    status=201,
    errors=(409, 503),
    access="staff",
    tag="customers",
)
def create_customer(body: NewCustomer, principal: Principal) -> Customer:
    return service.create_customer(body, directory(), clock)


@endpoint(
    customers_api,
    "/operator/customers",
    "GET",
    summary="Customers by name; search by name, e-mail or mobile",
    reply=CustomerPage,
    query=("search", "cursor", "limit"),
    access="staff",
    tag="customers",
)
def list_customers(principal: Principal) -> CustomerPage:
    params: Any = customers_api.current_request.query_params or {}
    search = params.get("search")
    if search and len(search) > MAX_SEARCH:
        raise InvalidRequest(f"search can be at most {MAX_SEARCH} characters.")
    page = service.list_customers(search, params.get("cursor"), page_size(params.get("limit")))
    return CustomerPage(items=page.items, next_cursor=page.next_cursor)


@endpoint(
    customers_api,
    "/operator/customers/{customer_id}",
    "GET",
    summary="One customer",
    reply=Customer,
    errors=(404,),
    access="staff",
    tag="customers",
)
def get_customer(customer_id: str, principal: Principal) -> Customer:
    return service.get_customer(customer_id)


@endpoint(
    customers_api,
    "/operator/customers/{customer_id}",
    "PATCH",
    summary="Edit a customer",
    body=CustomerChanges,
    reply=Customer,
    errors=(404, 409),
    access="staff",
    tag="customers",
)
def edit_customer(customer_id: str, body: CustomerChanges, principal: Principal) -> Customer:
    return service.update_customer(customer_id, body, directory(), clock)


@endpoint(
    customers_api,
    "/operator/customers/{customer_id}/deactivate",
    "POST",
    summary="Deactivate: sign out everywhere, no new codes",
    reply=Customer,
    errors=(404, 409),
    access="staff",
    tag="customers",
)
def deactivate_customer(customer_id: str, principal: Principal) -> Customer:
    return service.deactivate_customer(customer_id, directory(), clock)


@endpoint(customers_api, "/profile", "GET", summary="My profile", reply=Profile, access="customer", tag="profile")
def my_profile(principal: Principal) -> Profile:
    return service.get_profile(principal.principal_id)


@endpoint(
    customers_api,
    "/profile",
    "PATCH",
    summary="Change my name or language",
    body=ProfileChanges,
    reply=Profile,
    errors=(409,),
    access="customer",
    tag="profile",
)
def edit_my_profile(body: ProfileChanges, principal: Principal) -> Profile:
    return service.update_profile(principal.principal_id, body, clock)


@endpoint(
    customers_api,
    "/profile/mobile",
    "POST",
    summary="Add or change my mobile (sends a code to it)",
    body=MobileRequest,
    reply=Profile,
    status=202,
    errors=(409, 429),
    access="customer",
    tag="profile",
)
def add_mobile(body: MobileRequest, principal: Principal) -> Profile:
    settings = get_settings()
    return mobile.request_mobile_change(
        principal.principal_id, body.mobile, SnsSmsSender(), _pepper(), settings.business_name, clock
    )


@endpoint(
    customers_api,
    "/profile/mobile/confirm",
    "POST",
    summary="Confirm my new mobile with its code",
    body=ContactConfirmation,
    reply=Profile,
    errors=(403, 409),
    access="customer",
    tag="profile",
)
def confirm_mobile(body: ContactConfirmation, principal: Principal) -> Profile:
    return mobile.confirm_mobile_change(principal.principal_id, body.code, directory(), _pepper(), clock)


def _email_sender() -> SesEmailSender:
    return SesEmailSender(get_settings().sender_email)


@endpoint(
    customers_api,
    "/profile/contact-email",
    "POST",
    summary="Send my notifications to a new e-mail address (sends a code to it)",
    body=ContactEmailRequest,
    reply=Profile,
    status=202,
    errors=(409, 429),
    access="customer",
    tag="profile",
)
def change_contact_email(body: ContactEmailRequest, principal: Principal) -> Profile:
    return contact_email.request_contact_email_change(
        principal.principal_id, body.contact_email, _email_sender(), _pepper(), get_settings().business_name, clock
    )


@endpoint(
    customers_api,
    "/profile/contact-email/confirm",
    "POST",
    summary="Confirm my new notification e-mail with its code (the old address is told)",
    body=ContactConfirmation,
    reply=Profile,
    errors=(403, 409),
    access="customer",
    tag="profile",
)
def confirm_contact_email(body: ContactConfirmation, principal: Principal) -> Profile:
    return contact_email.confirm_contact_email_change(
        principal.principal_id, body.code, _email_sender(), _pepper(), get_settings().business_name, clock
    )


@endpoint(
    customers_api,
    "/profile/contact-email",
    "DELETE",
    summary="Send my notifications to my sign-in e-mail again (the old address is told)",
    reply=Profile,
    errors=(409,),
    access="customer",
    tag="profile",
)
def remove_contact_email(principal: Principal) -> Profile:
    return contact_email.remove_contact_email(
        principal.principal_id, _email_sender(), get_settings().business_name, clock
    )
