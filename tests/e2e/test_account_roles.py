"""A company account with several contacts, each with a role (issue 19), in the browser, on a
360 px phone in French and a desktop in English.

The account's admin invites a billing contact from the Contacts page; that contact signs in
with the code the local outbox holds, sees the account's invoices and pays one, and cannot
open the shop: the menu has no shop entry and the shop's address says which role would open
it. A contact of two accounts picks one after signing in, and switching changes what the
orders list shows. axe finds nothing serious on any page visited.

The accounts are made here through the operator API, so this file needs nothing of the demo
data but the operator and the catalogue."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import add_contact, invoice, new_company, signed_in_as
from tests.e2e.conftest import (
    Viewer,
    choose_language,
    open_menu_entry,
    serious_accessibility_findings,
    sign_in,
)
from tests.e2e.customer_pages import api, items
from tests.e2e.test_billing_journeys import GOOD_CARD, money, pay_with_card, review_and_start

pytestmark = pytest.mark.browser

COMPANY = "Acme Oy"
OTHER_COMPANY = "Beta GmbH"


def address(who: str, viewer: Viewer) -> str:
    """A person of this file, one per viewer: each signs in afresh, and the sign-in policy
    limits the codes one person gets in an hour."""
    return f"{who}.{viewer.name}@acme.example"


def menu_links(page: Page, viewer: Viewer) -> list[str]:
    """The names of the menu's entries (the phone's menu opened and closed again)."""
    if viewer.phone:
        page.get_by_role("button", name=viewer.words("nav.menu")).click()
    nav = page.get_by_role("navigation", name=viewer.words("nav.label"))
    expect(nav.get_by_role("link").first).to_be_visible()
    names = [link.inner_text().strip() for link in nav.get_by_role("link").all()]
    if viewer.phone:
        page.keyboard.press("Escape")
    return names


def shortcuts(page: Page, viewer: Viewer) -> list[str]:
    bar = page.get_by_role("navigation", name=viewer.words("nav.shortcuts"))
    return [link.inner_text().strip() for link in bar.get_by_role("link").all()]


def open_invoices(page: Page) -> list[dict[str, Any]]:
    reply: dict[str, Any] = page.evaluate("() => fetch('/api/payments/invoices?status=open').then((r) => r.json())")
    return list(reply["items"])


def test_an_admin_invites_a_billing_contact_who_pays_an_invoice_and_cannot_open_the_shop(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account with its admin and an open invoice
    admin_email = address("ada", viewer)
    account_id = new_company(staff, f"{COMPANY} {viewer.name}", "Ada Admin", admin_email)
    invoice(staff, account_id, "Espresso machine service", 8900)

    # When the admin signs in and invites a billing contact from the Contacts page
    admin = contexts(viewer)
    signed_in_as(admin, portal_url, admin_email, viewer)
    expect(admin.get_by_test_id("active-account")).to_have_text(f"{COMPANY} {viewer.name}")
    open_menu_entry(admin, viewer, "nav.contacts")
    expect(admin.get_by_role("heading", level=1)).to_have_text(viewer.words("contacts.heading"))
    assert serious_accessibility_findings(admin) == []

    billing_email = address("bob", viewer)
    admin.get_by_label(viewer.words("contacts.name"), exact=True).fill("Bob Books")
    admin.get_by_label(viewer.words("contacts.email"), exact=True).fill(billing_email)
    role = admin.get_by_role("radio", name=viewer.words("role.billing"), exact=True)
    expect(role).to_have_accessible_description(viewer.words("role.billing.about"))
    role.check()
    admin.get_by_role("button", name=viewer.words("contacts.invite"), exact=True).click()

    # Then the list has the new contact with the billing role, and the page says so
    said = admin.get_by_role("status").filter(
        has_text=viewer.words("contacts.invited", name="Bob Books", identifier=billing_email)
    )
    expect(said).to_be_focused()
    listed = admin.get_by_role("table", name=viewer.words("contacts.list"))
    bob = listed.get_by_role("row").filter(has_text="Bob Books")
    expect(bob).to_contain_text(viewer.words("role.billing"))
    expect(bob).to_contain_text(viewer.words("contacts.status.active"))
    expect(listed.get_by_role("row").filter(has_text="Ada Admin")).to_contain_text(viewer.words("role.admin"))
    assert serious_accessibility_findings(admin) == []

    # When the billing contact signs in with the code sent to them
    bob_page = contexts(viewer)
    signed_in_as(bob_page, portal_url, billing_email, viewer)
    expect(bob_page.get_by_test_id("active-account")).to_have_text(f"{COMPANY} {viewer.name}")

    # Then their home shows what is due, and no orders or bookings, which their role does not read
    open_menu_entry(bob_page, viewer, "nav.home")
    expect(bob_page.get_by_test_id("dashboard-billing")).to_be_visible()
    expect(bob_page.get_by_test_id("dashboard-orders")).to_have_count(0)
    expect(bob_page.get_by_test_id("dashboard-bookings")).to_have_count(0)
    expect(bob_page.get_by_role("link", name=viewer.words("dashboard.to_shop"))).to_have_count(0)

    # ...and the menu (and the phone's bottom bar) offers billing and no shop
    names = menu_links(bob_page, viewer)
    assert viewer.words("nav.billing") in names, names
    for shop_entry in ("nav.catalogue", "nav.cart", "nav.orders", "nav.contacts", "nav.support"):
        assert viewer.words(shop_entry) not in names, (shop_entry, names)
    if viewer.phone:
        assert viewer.words("nav.catalogue") not in shortcuts(bob_page, viewer)

    # ...and the account's invoice is theirs to pay
    open_menu_entry(bob_page, viewer, "nav.billing")
    expect(bob_page.get_by_role("heading", level=1)).to_have_text(viewer.words("billing.heading"))
    [due] = open_invoices(bob_page)
    table = bob_page.get_by_role("table", name=viewer.words("billing.open"))
    box = table.get_by_role("checkbox", name=viewer.words("billing.pay_this", number=due["invoice_number"]))
    box.check()
    amount = money(bob_page, due["remaining"])
    review_and_start(bob_page, viewer, amount)
    pay_with_card(bob_page, viewer, GOOD_CARD, amount)
    done = bob_page.get_by_role("status").filter(has_text=viewer.words("pay.done", amount=amount))
    expect(done).to_be_focused()
    assert open_invoices(bob_page) == []
    assert serious_accessibility_findings(bob_page) == []

    # When they type the shop's address, the page says which role would open it
    bob_page.goto(f"{portal_url}/catalogue")
    bob_page.wait_for_selector("body[data-ready='true']")
    refusal = bob_page.get_by_test_id("role-refusal")
    expect(refusal).to_contain_text(viewer.words("error.role_not_allowed", role=viewer.words("role.buyer")))
    expect(refusal).to_contain_text(
        viewer.words("accounts.your_role", account=f"{COMPANY} {viewer.name}", role=viewer.words("role.billing"))
    )
    expect(bob_page.locator(".product, .products li")).to_have_count(0)
    assert serious_accessibility_findings(bob_page) == []


def order_for(page: Page, account_id: str, product_index: int) -> str:
    """An order of the account the person acts for; its number."""
    api(page, "POST", "/auth/account", {"account_id": account_id})
    products = items(api(page, "GET", "/orders/catalogue?limit=50"))
    api(page, "POST", "/orders/cart/lines", {"product_id": products[product_index]["product_id"], "quantity": 1})
    cart = api(page, "GET", "/orders/cart")
    order = api(page, "POST", "/orders", {"cart_id": cart["cart_id"], "expected_total": cart["total"]})
    return str(order["order_number"])


def test_a_contact_of_two_accounts_picks_one_and_switching_changes_the_orders_shown(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a person who is the admin of one company and a buyer of another, with an order in each
    email = address("max", viewer)
    first_name, second_name = f"{COMPANY} {viewer.name} two", f"{OTHER_COMPANY} {viewer.name}"
    first = new_company(staff, first_name, "Ann Other", address("ann", viewer))
    second = new_company(staff, second_name, "Max Multi", email)
    add_contact(staff, first, "Max Multi", email, "buyer")
    setup = contexts(viewer)
    sign_in(setup, portal_url, email, email)
    expect(setup.locator("body[data-person='customer']")).to_have_count(1)
    first_order = order_for(setup, first, 0)
    second_order = order_for(setup, second, 1)

    # When they sign in on another device, the portal asks which account first
    page = contexts(viewer)
    sign_in(page, portal_url, email, email)
    expect(page).to_have_url(f"{portal_url}/accounts")
    choose_language(page, viewer.language)
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("accounts.heading"))
    expect(page.get_by_test_id("active-account")).to_have_text(viewer.words("accounts.none_chosen"))
    assert serious_accessibility_findings(page) == []
    page.get_by_role("button", name=first_name).click()

    # Then the header names it and the orders are that account's
    expect(page.get_by_test_id("active-account")).to_have_text(first_name)
    open_menu_entry(page, viewer, "nav.orders")
    orders = page.get_by_role("table", name=viewer.words("orders.heading"))
    expect(orders.get_by_role("link", name=first_order)).to_be_visible()
    expect(orders.get_by_role("link", name=second_order)).to_have_count(0)

    # When they switch from the header to the other account
    page.get_by_role("link", name=viewer.words.pattern("accounts.header.switch")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("accounts.heading"))
    chosen = page.get_by_role("button", name=first_name)
    expect(chosen).to_have_attribute("aria-current", "true")
    assert serious_accessibility_findings(page) == []
    page.get_by_role("button", name=second_name).click()

    # Then they are back on the orders, which are now the other account's
    expect(page).to_have_url(f"{portal_url}/orders")
    expect(page.get_by_test_id("active-account")).to_have_text(second_name)
    orders = page.get_by_role("table", name=viewer.words("orders.heading"))
    expect(orders.get_by_role("link", name=second_order)).to_be_visible()
    expect(orders.get_by_role("link", name=first_order)).to_have_count(0)
    # ...where they are admin: the account's contacts are theirs to see
    assert viewer.words("nav.contacts") in menu_links(page, viewer)
    assert serious_accessibility_findings(page) == []
