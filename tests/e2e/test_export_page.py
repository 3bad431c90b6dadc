"""The account's data export (issue 20) in the browser, on a 360 px phone in French and a
desktop in English.

An account's admin opens Account data from the menu, asks for an export, follows its steps
while the local stack's worker builds it from the exports queue, and downloads the zip: it
opens, holds the invoice the business issued to the account (its data and its PDF) and
nothing of another account's. A billing contact of the same account finds no Account data in
the menu, and the API refuses them the list and the request. axe finds nothing serious.

The accounts are made here through the operator API, so this file needs nothing of the demo
data but the operator."""

import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import add_contact, new_company, signed_in_as
from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings
from tests.e2e.customer_pages import API, api
from tests.e2e.test_account_roles import menu_links

pytestmark = pytest.mark.browser

COMPANY = "Kuusi Kahvila Oy"
OTHER_COMPANY = "Lumo Leipomo Oy"
TOTAL_STEPS = 22  # functions/documents/exports.py TOTAL_STEPS


def address(who: str, viewer: Viewer) -> str:
    """A person of this file, one per viewer: the sign-in policy limits one person's codes an hour."""
    return f"{who}.{viewer.name}@kuusi.example"


def issue_invoice(staff: Page, account_id: str, description: str) -> dict[str, Any]:
    line = {"description": description, "quantity": 1, "unit_price": 4200, "tax_rate": 2550}
    body = {"customer_id": account_id, "currency": "EUR", "lines": [line]}
    invoice: dict[str, Any] = api(staff, "POST", "/payments/operator/invoices", body)
    return invoice


def test_an_admin_asks_for_an_export_follows_it_and_downloads_the_accounts_zip(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account with an invoice, and another account with one of its own
    admin_email = address("aino", viewer)
    account_id = new_company(staff, f"{COMPANY} {viewer.name}", "Aino Admin", admin_email)
    invoice = issue_invoice(staff, account_id, f"Espresso beans {viewer.name}")
    other_id = new_company(staff, f"{OTHER_COMPANY} {viewer.name}", "Otto Other", address("otto", viewer))
    other_invoice = issue_invoice(staff, other_id, f"Rye flour for Lumo {viewer.name}")

    # When the admin opens Account data from the menu
    admin = contexts(viewer)
    signed_in_as(admin, portal_url, admin_email, viewer)
    open_menu_entry(admin, viewer, "nav.account_data")
    expect(admin.get_by_role("heading", level=1)).to_have_text(viewer.words("account_data.heading"))
    expect(admin.get_by_test_id("empty-state")).to_contain_text(viewer.words("account_data.none"))
    assert serious_accessibility_findings(admin) == []

    # ...and asks for an export
    admin.get_by_role("button", name=viewer.words("account_data.ask")).click()

    # Then the page says it is being prepared, where focus went, and shows its steps
    started = admin.get_by_role("status").filter(has_text=viewer.words("account_data.started"))
    expect(started).to_be_focused()
    card = admin.get_by_test_id("export")
    expect(card).to_have_count(1)
    progress = card.get_by_role("progressbar")
    expect(progress).to_have_attribute("max", str(TOTAL_STEPS))
    expect(card).to_contain_text(viewer.words.pattern("account_data.progress", total=TOTAL_STEPS))
    assert serious_accessibility_findings(admin) == []

    # ...and, once the worker has built it, says it is ready where the reader still is
    ready = viewer.words("account_data.status.ready")
    expect(card.get_by_text(ready, exact=True)).to_be_visible(timeout=60_000)
    expect(progress).to_have_count(0)
    expect(admin.get_by_role("status").filter(has_text=viewer.words.pattern("account_data.now_ready"))).to_be_focused()
    expect(card).to_contain_text(viewer.words.pattern("account_data.expires"))
    assert serious_accessibility_findings(admin) == []

    # When they download it
    with admin.expect_download() as downloading:
        card.get_by_role("button", name=viewer.words("account_data.download")).click()
    download = downloading.value

    # Then the zip opens and holds the account's data: the invoice, in its JSON and as a PDF
    assert re.fullmatch(r"account-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    path = download.path()
    assert path is not None
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    names = set(archive.namelist())
    customers = json.loads(archive.read("customers.json"))
    assert customers["account"]["customer_id"] == account_id
    assert [contact["email"] for contact in customers["contacts"]] == [admin_email]
    payments = json.loads(archive.read("payments.json"))
    [exported] = payments["invoices"]
    assert exported["invoice_id"] == invoice["invoice_id"]
    assert exported["lines"][0]["description"] == f"Espresso beans {viewer.name}"
    assert archive.read(f"printouts/invoices/{invoice['invoice_number']}.pdf").startswith(b"%PDF")
    # ...and nothing of the other account, in a name or in a file
    everything = b"".join(archive.read(name) for name in names) + " ".join(names).encode()
    for foreign in (other_id, other_invoice["invoice_id"], "Lumo", "Otto Other"):
        assert foreign.encode() not in everything, foreign
    # ...and focus stayed on the button they pressed
    expect(card.get_by_role("button", name=viewer.words("account_data.download"))).to_be_focused()


def test_a_billing_contact_does_not_see_account_data_and_the_api_refuses_them(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account whose admin invited a billing contact
    account_id = new_company(staff, f"{COMPANY} {viewer.name} two", "Alli Admin", address("alli", viewer))
    billing_email = address("bea", viewer)
    add_contact(staff, account_id, "Bea Books", billing_email, "billing")

    # When the billing contact signs in
    bea = contexts(viewer)
    signed_in_as(bea, portal_url, billing_email, viewer)

    # Then the menu has billing and no Account data
    names = menu_links(bea, viewer)
    assert viewer.words("nav.billing") in names, names
    assert viewer.words("nav.account_data") not in names, names

    # ...and the API refuses them the list and a new export, naming the role that may
    for method in ("GET", "POST"):
        reply = bea.evaluate(API, [method, "/documents/exports", None])
        assert reply["status"] == 403, (method, reply)
        assert reply["data"]["error"]["code"] == "role_not_allowed", (method, reply)

    # ...and the page's address says which role would open it
    bea.goto(f"{portal_url}/account-data")
    bea.wait_for_selector("body[data-ready='true']")
    refusal = bea.get_by_test_id("role-refusal")
    expect(refusal).to_contain_text(viewer.words("error.role_not_allowed", role=viewer.words("role.admin")))
    expect(bea.get_by_role("button", name=viewer.words("account_data.ask"))).to_have_count(0)
    assert serious_accessibility_findings(bea) == []
