"""Customer records and the sign-in identities (e-mail, mobile) that point to a person."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from functions.core.table import Gsi1, Gsi2, PortalItem, register

CUSTOMER_LIST = "CUSTOMERS"
CUSTOMER_EMAILS = "CUSTOMER_EMAILS"


def customer_key(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}"


def identity_key(kind: str, value: str) -> str:
    """kind is 'email' or 'phone'; value already normalised."""
    return f"IDENTITY#{kind}:{value}"


@register
class CustomerItem(PortalItem):
    """One of the business's customers (pk CUSTOMER#id, sk PROFILE)."""

    customer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()
    mobile = UnicodeAttribute(null=True)
    contact_email = UnicodeAttribute(null=True)
    language = UnicodeAttribute()
    notes = UnicodeAttribute(default="")
    status = UnicodeAttribute()  # creating | active | deactivated
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # Sign-out everywhere and deactivation add one; sessions sealed with an older one are refused.
    session_generation = NumberAttribute(default=0)
    # Operator list sorted by name; search by name prefix.
    gsi1pk = UnicodeAttribute(default=CUSTOMER_LIST)
    gsi1sk = UnicodeAttribute()
    # Search by e-mail prefix.
    gsi2pk = UnicodeAttribute(default=CUSTOMER_EMAILS)
    gsi2sk = UnicodeAttribute()
    by_name = Gsi1()
    by_email = Gsi2()


@register
class IdentityItem(PortalItem):
    """A sign-in identifier, unique across the portal (pk IDENTITY#email:... / IDENTITY#phone:...)."""

    principal_id = UnicodeAttribute()  # the Cognito username: a customer or operator id
    kind = UnicodeAttribute()  # customer | staff


@register
class StaffItem(PortalItem):
    """One of the business's operators (pk STAFF#id, sk PROFILE)."""

    staff_id = UnicodeAttribute()
    name = UnicodeAttribute()
    email = UnicodeAttribute()
    language = UnicodeAttribute()
    status = UnicodeAttribute()
    session_generation = NumberAttribute(default=0)


@register
class ContactChangeItem(PortalItem):
    """A contact a customer added, waiting for the code sent to it (pk CUSTOMER#id,
    sk CONFIRM#mobile or CONFIRM#contact_email); expires_at is the code's life."""

    value = UnicodeAttribute()  # the mobile number or the e-mail address, normalised
    code_digest = UnicodeAttribute()
    wrong_answers = NumberAttribute(default=0)
