"""The demo data's company account, Aurora Bistro Oy, with a signed-in contact for each role:
Olivia (admin), Ben (billing), Sara (support, only her own items), and a buyer and a viewer
the admin invites through her own route (so the invitation path is part of what tests prove)."""

from typing import Any

import pytest

from functions.core.roles import ROLES
from local.outbox import Outbox
from tests.functional.set_ups import SET_UPS
from tests.functional.visitor import Visitor

ROLE_EMAILS = {
    "admin": "olivia@example.com",
    "billing": "ben@example.com",
    "support": "sara@example.com",
    "buyer": "bruno@example.com",
    "viewer": "vera@example.com",
}


def invite(admin: Visitor, role: str, email: str, **more: Any) -> Any:
    body = {"name": f"{role.title()} Contact", "email": email, "role": role, **more}
    return admin.create("/customers/contacts", body)


@pytest.fixture
def company(client: Any, people: dict[str, str], outbox: Outbox) -> dict[str, Visitor]:
    """A signed-in contact of the company account for each role."""
    signed_in = {role: Visitor(client) for role in ROLES}

    def made() -> dict[str, dict[str, str]]:
        admin = signed_in["admin"]
        admin.sign_in(ROLE_EMAILS["admin"], outbox)
        for role in ("buyer", "viewer"):
            assert invite(admin, role, ROLE_EMAILS[role]).status_code == 201
        for role in ROLES[1:]:
            signed_in[role].sign_in(ROLE_EMAILS[role], outbox)
        return {role: visitor.cookies for role, visitor in signed_in.items()}

    for role, cookies in SET_UPS.step("the company's contacts signed in", made).items():
        signed_in[role].cookies = cookies
    return signed_in
