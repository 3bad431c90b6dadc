"""Who is asking: the person a session belongs to, as every domain sees them.

Every domain's API checks, on each request, that the signed-in person still exists, is active
and has not signed out everywhere since the session began. That one read is the only thing
the domains need from the customers' records, so its shape lives here: `PersonItem` holds the
attributes a session is judged by, and the customers domain's own items (customers, operators)
extend it with everything else. One definition of the keys, and no domain imports another's
models to learn who is signed in.
"""

from dataclasses import dataclass

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from functions.core.errors import NotFound
from functions.core.table import PortalItem

PROFILE = "PROFILE"
CUSTOMER, STAFF = "customer", "staff"


def customer_key(customer_id: str) -> str:
    """The partition every item of one customer lives under: "only mine" is a key."""
    return f"CUSTOMER#{customer_id}"


def staff_key(staff_id: str) -> str:
    return f"STAFF#{staff_id}"


@dataclass(frozen=True)
class Principal:
    """Someone who can sign in: a customer or an operator."""

    principal_id: str
    kind: str  # customer | staff
    name: str
    email: str
    mobile: str | None
    language: str
    active: bool
    session_generation: int  # sessions of an earlier generation are signed out
    authenticated_at: int = 0  # when this session's code was entered (from the access token)


class PersonItem(PortalItem):
    """The attributes of a customer's or an operator's PROFILE item that a session is judged by."""

    name = UnicodeAttribute()
    email = UnicodeAttribute()
    mobile = UnicodeAttribute(null=True)
    language = UnicodeAttribute()
    status = UnicodeAttribute()  # creating | active | deactivated
    # Sign-out everywhere and deactivation add one; sessions sealed with an older one are refused.
    session_generation = NumberAttribute(default=0)


def _as_principal(item: PersonItem, principal_id: str, kind: str) -> Principal:
    return Principal(
        principal_id,
        kind,
        item.name,
        item.email,
        item.mobile if kind == CUSTOMER else None,
        item.language,
        item.status == "active",
        int(item.session_generation),
    )


def principal_by_id(principal_id: str, kind: str | None = None, *, consistent: bool = True) -> Principal | None:
    """The customer or operator with this id (the Cognito username), or None.

    consistent=False is the per-request session check: a sign-out or a deactivation reaches it
    within DynamoDB's replication (well under a second), at half the read's price."""
    for each, key in ((CUSTOMER, customer_key), (STAFF, staff_key)):
        if kind not in (None, each):
            continue
        try:
            item = PersonItem.get(key(principal_id), PROFILE, consistent_read=consistent)
        except DoesNotExist:
            continue
        return _as_principal(item, principal_id, each)
    return None


def require_customer(customer_id: str) -> None:
    """For operator routes naming a customer: 404 unless there is one with this id."""
    if principal_by_id(customer_id, CUSTOMER) is None:
        raise NotFound("There is no such customer.")
