"""Who is asking: the person a session belongs to, and the account they act for.

Every domain's API checks, on each request, that the signed-in person still exists, is active
and has not signed out everywhere since the session began, and that their record still lists
the session as live; for a contact, also which accounts they belong to and with which role
(docs/accounts.md). That one read is the
only thing the domains need from the customers' records, so its shape lives here:
`PersonItem` holds the attributes a session is judged by, `MembershipItem` a contact's place
on one account, and the customers domain's own items extend them with everything else. One
definition of the keys, and no domain imports another's models to learn who is signed in.

A contact's profile and memberships share one partition (CONTACT#id: PROFILE, ACCOUNT#id...),
so the per-request check is one Query, however many accounts the contact has.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from functions.core.errors import NotFound
from functions.core.roles import AccountNotChosen
from functions.core.table import PortalItem, transaction_connection

PROFILE = "PROFILE"
CUSTOMER, STAFF = "customer", "staff"
ACCOUNT_PREFIX = "ACCOUNT#"
# How many accounts one contact may belong to: the session check reads them all in one page.
MAX_ACCOUNTS = 50


def customer_key(customer_id: str) -> str:
    """The partition every item of one account lives under: "only this account's" is a key.
    (An account is the business's customer; its id is the customer id the domains name.)"""
    return f"CUSTOMER#{customer_id}"


def contact_key(contact_id: str) -> str:
    """A person who signs in for one or more accounts: their profile and memberships."""
    return f"CONTACT#{contact_id}"


def staff_key(staff_id: str) -> str:
    return f"STAFF#{staff_id}"


def account_sort_key(account_id: str) -> str:
    return f"{ACCOUNT_PREFIX}{account_id}"


@dataclass(frozen=True)
class Membership:
    """A contact's place on one account."""

    account_id: str
    account_name: str
    role: str  # core.roles.ROLES
    scope: str  # all: every item of their areas; mine: only those they created
    # A buyer's orders above it (minor units of spending_currency), or in another currency,
    # wait for an admin of the account before they reach the business.
    spending_limit: int | None = None
    spending_currency: str | None = None


@dataclass(frozen=True)
class Principal:
    """Someone who can sign in: a customer's contact or an operator."""

    principal_id: str  # the contact's or the operator's id (the Cognito username)
    kind: str  # customer | staff
    name: str
    email: str | None  # a contact may sign in by mobile alone (an operator always has one)
    mobile: str | None
    language: str
    active: bool
    session_generation: int  # sessions of an earlier generation are signed out
    authenticated_at: int = 0  # when this session's code was entered (from the access token)
    memberships: tuple[Membership, ...] = ()  # a contact's active accounts, by name
    account: Membership | None = field(default=None)  # the one this request acts for
    # Which of the person's sessions this request belongs to (from the seal), and when it ends;
    # None outside a signed-in request. core.audit records it beside each action.
    session_id: str | None = None
    session_expires_at: int = 0
    # The person's sessions as their record lists them: (session id, ends at, epoch seconds).
    sessions: tuple[tuple[str, int], ...] = ()

    def session_ends_at(self, session_id: str) -> int | None:
        """When one of this person's sessions ends, or None if it is not theirs (or was ended)."""
        return next((ends for listed, ends in self.sessions if listed == session_id), None)

    @property
    def account_id(self) -> str:
        """The account this request acts for: the partition of every item it may touch."""
        if self.account is None:
            raise AccountNotChosen("Choose which account to act for first.")
        return self.account.account_id

    @property
    def account_name(self) -> str:
        if self.account is None:
            raise AccountNotChosen("Choose which account to act for first.")
        return self.account.account_name

    @property
    def role(self) -> str | None:
        return self.account.role if self.account else None

    @property
    def only_mine(self) -> bool:
        """Whether this contact sees only the items they created, not their colleagues'."""
        return self.account is not None and self.account.scope == "mine"

    def acting_for(self, account_id: str | None) -> "Principal":
        """This principal acting for `account_id` if they belong to it; else for their only
        account; else for none (they are asked to choose). A cookie naming an account that is
        not theirs (a colleague's browser, an account they were removed from) counts as none."""
        chosen = next((m for m in self.memberships if m.account_id == account_id), None)
        if chosen is None and len(self.memberships) == 1:
            chosen = self.memberships[0]
        return replace(self, account=chosen)


class PersonItem(PortalItem):
    """The attributes of a contact's or an operator's PROFILE item that a session is judged by."""

    name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)  # none: a contact who signs in by mobile alone
    mobile = UnicodeAttribute(null=True)
    language = UnicodeAttribute()
    status = UnicodeAttribute()  # creating | active | deactivated
    # Sign-out everywhere and deactivation add one; sessions sealed with an older one are refused.
    session_generation = NumberAttribute(default=0)
    # The live sessions, {session id: ends at (epoch seconds)}: a session not here, or past its
    # end, is refused on its next request. On this item so the per-request check reads nothing
    # more; functions.auth.sessions keeps it (at most MAX_SESSIONS, the expired pruned).
    sessions: MapAttribute[str, Any] = MapAttribute(null=True)  # type: ignore[no-untyped-call]


class MembershipItem(PortalItem):
    """A contact on an account (pk CONTACT#contact, sk ACCOUNT#account): what a session needs of
    it. The customers domain's item extends it (the account's side of the list, who invited)."""

    account_id = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    account_name = UnicodeAttribute()
    role = UnicodeAttribute()
    scope = UnicodeAttribute(default="all")
    spending_limit = NumberAttribute(null=True)
    spending_currency = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="active")  # active | invited (waits for the business) | deactivated


class AccountProfileItem(PortalItem):
    """What every domain may read of an account's PROFILE item (pk CUSTOMER#id): its name and
    language, for what is written about it (a thread's name, a printed invoice)."""

    name = UnicodeAttribute()
    language = UnicodeAttribute()
    status = UnicodeAttribute()


def _as_principal(item: PersonItem, principal_id: str, kind: str, memberships: tuple[Membership, ...]) -> Principal:
    return Principal(
        principal_id,
        kind,
        item.name,
        item.email,
        item.mobile if kind == CUSTOMER else None,
        item.language,
        item.status == "active" and (kind == STAFF or bool(memberships)),
        int(item.session_generation),
        memberships=memberships,
        sessions=_sessions(item),
    )


def _sessions(item: PersonItem) -> tuple[tuple[str, int], ...]:
    listed: dict[str, Any] = item.sessions.as_dict() if item.sessions else {}  # type: ignore[no-untyped-call]
    return tuple(sorted((str(session_id), int(ends_at)) for session_id, ends_at in listed.items()))


def _membership(item: MembershipItem) -> Membership:
    limit = None if item.spending_limit is None else int(item.spending_limit)
    return Membership(item.account_id, item.account_name, item.role, item.scope, limit, item.spending_currency)


def _contact(contact_id: str, consistent: bool) -> Principal | None:
    """The contact and their active memberships: one Query of their partition."""
    client: Any = transaction_connection().client
    # The profile and the memberships, and the few items of the contact's that sort between
    # them (pending confirmations, channel choices): a bounded page, never their other items.
    found: dict[str, Any] = client.query(
        TableName=PersonItem.Meta.table_name,
        KeyConditionExpression="pk = :contact AND sk BETWEEN :first AND :profile",
        ExpressionAttributeValues={
            ":contact": {"S": contact_key(contact_id)},
            ":first": {"S": ACCOUNT_PREFIX},
            ":profile": {"S": PROFILE},
        },
        ConsistentRead=consistent,
        Limit=MAX_ACCOUNTS + 10,
    )
    profile: PersonItem | None = None
    memberships: list[Membership] = []
    for raw in found.get("Items", []):
        sk = raw["sk"]["S"]
        if sk == PROFILE:
            profile = PersonItem.from_raw_data(raw)
        elif sk.startswith(ACCOUNT_PREFIX):
            member = MembershipItem.from_raw_data(raw)
            if member.status == "active":
                memberships.append(_membership(member))
    if profile is None:
        return None
    memberships.sort(key=lambda m: (m.account_name.casefold(), m.account_id))
    return _as_principal(profile, contact_id, CUSTOMER, tuple(memberships))


def principal_by_id(principal_id: str, kind: str | None = None, *, consistent: bool = True) -> Principal | None:
    """The contact or operator with this id (the Cognito username), or None.

    consistent=False is the per-request session check: a sign-out, a removal or a deactivation
    reaches it within DynamoDB's replication (well under a second), at half the read's price."""
    if kind in (None, CUSTOMER):
        contact = _contact(principal_id, consistent)
        if contact is not None:
            return contact
    if kind in (None, STAFF):
        try:
            item = PersonItem.get(staff_key(principal_id), PROFILE, consistent_read=consistent)
        except DoesNotExist:
            return None
        return _as_principal(item, principal_id, STAFF, ())
    return None


def account_by_id(account_id: str) -> AccountProfileItem | None:
    try:
        return AccountProfileItem.get(
            customer_key(account_id), PROFILE, attributes_to_get=["name", "language", "status"]
        )
    except DoesNotExist:
        return None


def in_the_name_of(account_id: str) -> Principal | None:
    """The account itself, for what the business makes in its name (a ticket from a message):
    made by none of its contacts, so every contact of the account with the area sees it."""
    account = account_by_id(account_id)
    if account is None:
        return None
    membership = Membership(account_id, account.name, "admin", "all")
    return Principal("", CUSTOMER, account.name, "", None, account.language, True, 0, account=membership)


def require_customer(customer_id: str) -> None:
    """For operator routes naming a customer (an account): 404 unless there is one with this id."""
    if account_by_id(customer_id) is None:
        raise NotFound("There is no such customer.")
