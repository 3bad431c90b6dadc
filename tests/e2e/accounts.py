"""What the browser tests of accounts and roles share: accounts made through the operator's
API and a contact signed in with a code (the fixtures `contexts` and `staff` are in conftest)."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Viewer, choose_language, sign_in
from tests.e2e.customer_pages import api


def new_company(staff: Page, company: str, name: str, email: str) -> str:
    """An account the business makes in the console: the company and its first contact, its admin."""
    customer = api(staff, "POST", "/customers/operator/customers", {"name": name, "email": email, "company": company})
    return str(customer["customer_id"])


def add_contact(staff: Page, account_id: str, name: str, email: str, role: str) -> str:
    contact = api(
        staff,
        "POST",
        f"/customers/operator/customers/{account_id}/contacts",
        {"name": name, "email": email, "role": role, "scope": "all"},
    )
    return str(contact["contact_id"])


def invoice(staff: Page, account_id: str, description: str, unit_price: int) -> None:
    line = {"description": description, "quantity": 1, "unit_price": unit_price, "tax_rate": 2550}
    api(staff, "POST", "/payments/operator/invoices", {"customer_id": account_id, "currency": "EUR", "lines": [line]})


def signed_in_as(page: Page, portal_url: str, email: str, viewer: Viewer) -> None:
    """Sign in with the code from the outbox, then read the portal in the viewer's language."""
    sign_in(page, portal_url, email, email)
    expect(page.locator("body[data-person='customer']")).to_have_count(1)
    choose_language(page, viewer.language)
