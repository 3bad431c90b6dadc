"""Customer records and the sign-in identities (e-mail, mobile) that point to a person."""

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from functions.core.principal import PersonItem, customer_key, staff_key
from functions.core.table import Gsi1, Gsi2, PortalItem, register

CUSTOMER_LIST = "CUSTOMERS"
CUSTOMER_EMAILS = "CUSTOMER_EMAILS"
__all__ = ["customer_key", "staff_key"]  # their home is core.principal; imported from here too


def identity_key(kind: str, value: str) -> str:
    """kind is 'email' or 'phone'; value already normalised."""
    return f"IDENTITY#{kind}:{value}"


@register
class CustomerItem(PersonItem):
    """One of the business's customers (pk CUSTOMER#id, sk PROFILE); name, e-mail, mobile,
    language, status and session generation come from core.principal.PersonItem."""

    customer_id = UnicodeAttribute()
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
class IdentityItem(PortalItem):
    """A sign-in identifier, unique across the portal (pk IDENTITY#email:... / IDENTITY#phone:...)."""

    principal_id = UnicodeAttribute()  # the Cognito username: a customer or operator id
    kind = UnicodeAttribute()  # customer | staff


@register
class StaffItem(PersonItem):
    """One of the business's operators (pk STAFF#id, sk PROFILE; see PersonItem)."""

    staff_id = UnicodeAttribute()


@register
class ContactChangeItem(PortalItem):
    """A contact a customer added, waiting for the code sent to it (pk CUSTOMER#id,
    sk CONFIRM#mobile or CONFIRM#contact_email); expires_at is the code's life."""

    value = UnicodeAttribute()  # the mobile number or the e-mail address, normalised
    code_digest = UnicodeAttribute()
    wrong_answers = NumberAttribute(default=0)
