"""The business's side of accounts (issue 19) in the console, on a 360 px phone in French and
a desktop in English: an operator creates a company customer with its first contact, adds a
billing contact, makes them a viewer, turns on approval of invitations in the portal editor,
and approves the contact the company's admin then invites. Each result is said beside the
action that made it; axe finds nothing serious on any page visited."""

import json
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Viewer, serious_accessibility_findings, sign_in
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser


def address(who: str, viewer: Viewer) -> str:
    """One person per viewer: each signs in afresh, and the sign-in policy limits codes."""
    return f"{who}.{viewer.name}@aurora.example"


def messages_to(portal_url: str, to: str) -> int:
    """How many messages the local stack's outbox holds for `to`."""
    with urllib.request.urlopen(f"{portal_url}/dev/outbox.json") as reply:  # noqa: S310 - our own local URL
        return sum(1 for message in json.loads(reply.read()) if message["to"] == to)


def contact_row(page: Page, viewer: Viewer, name: str) -> Any:
    table = page.get_by_role("table", name=viewer.words("console.contacts.table"))
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))


def test_an_operator_runs_a_company_account_and_approves_the_contact_its_admin_invites(
    open_as: Callable[..., Page], contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    words = viewer.words
    company = f"Kahvila Aurora {viewer.name}"
    admin_email = address("aino", viewer)

    # Given the console's customers page
    staff = open_as("staff", "/console/customers", viewer=viewer)
    expect(staff.get_by_role("heading", level=1)).to_have_text(words("console.customers"))

    # When the operator creates a company, its first contact's name beside the company's
    create = staff.locator("form").filter(has=staff.get_by_role("button", name=words("console.create.go")))
    create.get_by_role("radio", name=words("console.create.kind.company")).check()
    create.get_by_label(words("customer.company"), exact=True).fill(company)
    create.get_by_label(words("console.create.contact_name"), exact=True).fill("Aino Admin")
    create.get_by_label(words("customer.email"), exact=True).fill(admin_email)
    create.get_by_role("button", name=words("console.create.go")).click()

    # Then its page names the company, a company, whose first contact is its admin
    expect(staff.get_by_role("heading", level=1)).to_have_text(company)
    expect(staff.locator(".facts")).to_contain_text(words("customer.kind.company"))
    aino = contact_row(staff, viewer, "Aino Admin")
    expect(aino).to_contain_text(admin_email)
    expect(aino).to_contain_text(words("role.admin"))
    expect(aino).to_contain_text(words("console.contacts.status.active"))
    assert serious_accessibility_findings(staff) == []

    # ...who stays its admin: the account keeps one, and the refusal says so in the form
    aino.get_by_role("button", name=words("console.contacts.change.label", name="Aino Admin")).click()
    change = staff.get_by_role("form", name=words("console.contacts.change.heading", name="Aino Admin"))
    change.get_by_label(words("console.contacts.role"), exact=True).select_option("viewer")
    change.get_by_role("button", name=words("console.contacts.change.save")).click()
    expect(change.get_by_role("alert")).to_have_text(words("error.last_admin"))
    change.get_by_role("button", name=words("console.contacts.change.cancel")).click()
    expect(change).to_have_count(0)
    expect(aino.get_by_role("button", name=words("console.contacts.change.label", name="Aino Admin"))).to_be_focused()

    # When the operator adds a second contact with the billing role
    billing_email = address("bea", viewer)
    add = staff.get_by_role("form", name=words("console.contacts.add"))
    add.get_by_label(words("customer.name"), exact=True).fill("Bea Books")
    add.get_by_label(words("customer.email"), exact=True).fill(billing_email)
    add.get_by_label(words("console.contacts.role"), exact=True).select_option("billing")
    add.get_by_role("button", name=words("console.contacts.add.go")).click()

    # Then the form says so and the list has them as billing, active at once
    expect(add.get_by_role("status")).to_have_text(
        words("console.contacts.added", name="Bea Books", role=words("role.billing"), identifier=billing_email)
    )
    bea = contact_row(staff, viewer, "Bea Books")
    expect(bea).to_contain_text(words("role.billing"))
    expect(bea).to_contain_text(words("console.contacts.status.active"))

    # When their role becomes viewer
    bea.get_by_role("button", name=words("console.contacts.change.label", name="Bea Books")).click()
    change = staff.get_by_role("form", name=words("console.contacts.change.heading", name="Bea Books"))
    role = change.get_by_label(words("console.contacts.role"), exact=True)
    expect(role).to_be_focused()
    role.select_option("viewer")
    change.get_by_role("button", name=words("console.contacts.change.save")).click()

    # Then the row says viewer, and the result is said in it
    bea = contact_row(staff, viewer, "Bea Books")
    expect(bea).to_contain_text(words("role.viewer"))
    expect(bea.get_by_role("status")).to_have_text(
        words(
            "console.contacts.changed",
            name="Bea Books",
            role=words("role.viewer"),
            scope=words("console.contacts.scope.all"),
        )
    )
    expect(change).to_have_count(0)

    # When the operator turns on approval of the contacts account admins invite
    customer_page = staff.url
    staff.goto(f"{portal_url}/console/portal")
    staff.wait_for_selector("body[data-ready='true']")
    approval = staff.get_by_role("checkbox", name=words("editor.invites_need_approval"))
    expect(approval).to_have_accessible_description(words("editor.invites_need_approval_hint"))
    approval.check()
    staff.get_by_role("button", name=words("editor.save")).click()
    expect(staff.get_by_role("status").filter(has_text=words("editor.saved"))).to_be_focused()
    assert serious_accessibility_findings(staff) == []

    # ...and the company's admin, signed in, invites a colleague
    admin = contexts(viewer)
    sign_in(admin, portal_url, admin_email, admin_email)
    expect(admin.locator("body[data-person='customer']")).to_have_count(1)
    invited_email = address("ilkka", viewer)
    invited = api(
        admin,
        "POST",
        "/customers/contacts",
        {"name": "Ilkka Invited", "email": invited_email, "role": "support", "scope": "mine"},
    )
    assert invited["status"] == "invited"
    assert messages_to(portal_url, invited_email) == 0  # told only once they may sign in

    # Then the customer's page shows them waiting, and the operator approves them
    staff.goto(customer_page)
    staff.wait_for_selector("body[data-ready='true']")
    expect(staff.get_by_text(words("console.contacts.waiting", count=1))).to_be_visible()
    ilkka = contact_row(staff, viewer, "Ilkka Invited")
    expect(ilkka).to_contain_text(words("console.contacts.status.invited"))
    expect(ilkka).to_contain_text(words("role.support"))
    expect(ilkka).to_contain_text(words("console.contacts.scope.mine"))
    assert serious_accessibility_findings(staff) == []
    ilkka.get_by_role("button", name=words("console.contacts.approve.label", name="Ilkka Invited")).click()

    ilkka = contact_row(staff, viewer, "Ilkka Invited")
    expect(ilkka.get_by_role("status")).to_have_text(words("console.contacts.approved", name="Ilkka Invited"))
    expect(ilkka).to_contain_text(words("console.contacts.status.active"))
    expect(staff.get_by_text(words("console.contacts.waiting", count=1))).to_have_count(0)
    assert messages_to(portal_url, invited_email) == 1
    assert api(admin, "GET", "/customers/contacts")["invites_need_approval"] is True

    # When the operator removes the viewer, asked first
    contact_row(staff, viewer, "Bea Books").get_by_role(
        "button", name=words("console.contacts.remove.label", name="Bea Books")
    ).click()
    staff.get_by_role("dialog").get_by_role("button", name=words("console.contacts.remove.yes")).click()
    expect(
        staff.get_by_role("status").filter(has_text=words("console.contacts.removed", name="Bea Books"))
    ).to_be_focused()
    expect(contact_row(staff, viewer, "Bea Books")).to_have_count(0)
