"""What each contact's role on an account lets them read and change: the one check, in core.

A route's area is said by its Routes (core.http), as its part of the portal is; `authorize`
runs on every customer route before the view, so no view checks a role. Reads are GET and
HEAD; everything else changes something, which a viewer never may.

Areas:
- own: the contact's own profile, notification choices and feed, and their accounts. Every
  contact, and no account needs to be chosen for it.
- account: what the whole account shows (the dashboard): read by every role.
- buying: catalogue, cart, orders, bookings.
- billing: invoices, statements, payments, and the documents the business shares or asks for.
- support: tickets, messages, chat.
- files: uploads, before they are attached to a ticket or a document request (which then
  checks its own area): every role but a viewer.
- contacts: the account's contacts and their roles; an admin's to change.
"""

from typing import Literal

from functions.core.errors import Conflict, Forbidden

Role = Literal["admin", "billing", "buyer", "support", "viewer"]
Area = Literal["own", "account", "buying", "billing", "support", "files", "contacts"]
Scope = Literal["all", "mine"]
ROLES: tuple[Role, ...] = ("admin", "billing", "buyer", "support", "viewer")
SCOPES: tuple[Scope, ...] = ("all", "mine")
AREAS: tuple[Area, ...] = ("own", "account", "buying", "billing", "support", "files", "contacts")
READ_METHODS = frozenset({"GET", "HEAD"})

# The role an area belongs to (beside admin, who has every area); own and account have none.
AREA_ROLE: dict[Area, Role] = {"buying": "buyer", "billing": "billing", "support": "support", "contacts": "admin"}
# The part of the portal (core.parts) -> its area.
PART_AREA: dict[str, Area] = {
    "orders": "buying",
    "bookings": "buying",
    "payments": "billing",
    "documents": "billing",
    "tickets": "support",
    "inbox": "support",
    "chat": "support",
}


def readers(area: Area) -> tuple[Role, ...]:
    """Who may read the area: its role, admins and viewers (everyone for own and account)."""
    if area not in AREA_ROLE:
        return ROLES
    return tuple(role for role in ROLES if role in ("admin", "viewer", AREA_ROLE[area]))


def writers(area: Area) -> tuple[Role, ...]:
    """Who may change the area: its role and admins; every contact their own things."""
    if area == "own":
        return ROLES
    if area == "files":
        return tuple(role for role in ROLES if role != "viewer")
    return tuple(role for role in ROLES if role in ("admin", AREA_ROLE.get(area, "admin")))


def readable_areas(role: str | None) -> tuple[Area, ...]:
    return tuple(area for area in AREAS if role in readers(area))


def changeable_areas(role: str | None) -> tuple[Area, ...]:
    return tuple(area for area in AREAS if role in writers(area))


def allowed(role: str | None, area: Area, method: str) -> bool:
    chosen = readers(area) if method in READ_METHODS else writers(area)
    return role in chosen


class AccountNotChosen(Conflict):
    code = "account_not_chosen"


class RoleNotAllowed(Forbidden):
    code = "role_not_allowed"


def authorize(role: str | None, account_id: str | None, area: Area, method: str) -> None:
    """Refuse the request unless the contact's role on the active account covers it. The
    refusal names the role that would (admin when only an admin may)."""
    if area == "own":
        return
    if account_id is None:
        raise AccountNotChosen("Choose which account to act for first.")
    if allowed(role, area, method):
        return
    needed: Role = AREA_ROLE.get(area, "admin")
    raise RoleNotAllowed(
        f"This needs the {needed} role on this account (or admin); yours is {role}.",
        values={"role": needed, "yours": role or ""},
    )
