"""Every customer page respects the contact's role, and a buyer's spending limit (issue 19), in
the browser, on a 360 px phone in French and a desktop in English.

A viewer reads the account's pages and finds nothing to change on them: billing has no Pay,
support no new ticket, the shop no Add to cart, each with a line naming the roles that could;
a contact whose role becomes viewer while the shop is open is refused in their language, the
role named in words. A buyer the admin invited with a spending limit orders above it: the order
waits for the admin, who approves it from the order's page; then the business's order queue
lists it. axe finds nothing serious on any page visited.

The accounts are made here through the operator API, so this file needs nothing of the demo
data but the operator and the catalogue."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.accounts import add_contact, invoice, new_company, signed_in_as
from tests.e2e.conftest import (
    Viewer,
    choose_language,
    open_menu_entry,
    serious_accessibility_findings,
)
from tests.e2e.customer_pages import api, items
from tests.e2e.test_billing_journeys import money

pytestmark = pytest.mark.browser

COMPANY = "Kesko Deli Oy"


def address(who: str, viewer: Viewer) -> str:
    """A person of this file, one per viewer: each signs in afresh, and the sign-in policy
    limits the codes one person gets in an hour."""
    return f"{who}.{viewer.name}@kesko.example"


def read_only_line(viewer: Viewer, area: str, role: str) -> str:
    """The line a viewer reads where a page's controls would be, the roles named in words."""
    return viewer.words(f"readonly.{area}", **{role: viewer.words(f"role.{role}"), "admin": viewer.words("role.admin")})


def test_a_viewer_finds_nothing_to_change_and_a_refusal_names_the_role_in_words(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account with an open invoice and a contact who is, for now, a buyer
    account_id = new_company(staff, f"{COMPANY} {viewer.name}", "Aino Admin", address("aino", viewer))
    invoice(staff, account_id, "Cold room service", 12900)
    email = address("veikko", viewer)
    contact_id = add_contact(staff, account_id, "Veikko Viewer", email, "buyer")
    page = contexts(viewer)
    signed_in_as(page, portal_url, email, viewer)
    open_menu_entry(page, viewer, "nav.catalogue")
    add = page.get_by_role("button", name=viewer.words("shop.add")).first
    expect(add).to_be_visible()

    # When the business makes them a viewer while the shop is open, and they add a product
    api(
        staff,
        "PATCH",
        f"/customers/operator/customers/{account_id}/contacts/{contact_id}",
        {"role": "viewer"},
    )
    add.click()

    # Then the refusal says, in their language, which role would (its word, not its code)
    refusal = page.get_by_role("alert").filter(
        has_text=viewer.words("error.role_not_allowed", role=viewer.words("role.buyer"))
    )
    expect(refusal).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"\bbuyer\b"))).to_have_count(0)

    # When they open the shop again: products and prices, nothing to add, and who could
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("shop.heading"))
    expect(page.locator(".product").first).to_be_visible()
    expect(page.get_by_role("button", name=viewer.words("shop.add"))).to_have_count(0)
    expect(page.get_by_test_id("read-only")).to_have_text(read_only_line(viewer, "buying", "buyer"))
    assert serious_accessibility_findings(page) == []

    # Then home shows what is due without Pay
    page.goto(f"{portal_url}/")
    page.wait_for_selector("body[data-ready='true']")
    expect(page.get_by_test_id("amount-due")).to_be_visible()
    expect(page.get_by_role("link", name=viewer.words("dashboard.pay"))).to_have_count(0)
    assert serious_accessibility_findings(page) == []

    # ...billing lists the open invoice, with no way to pay it
    open_menu_entry(page, viewer, "nav.billing")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("billing.heading"))
    [due] = items(api(page, "GET", "/payments/invoices?status=open"))
    open_table = page.get_by_role("table", name=viewer.words("billing.open"))
    row = open_table.get_by_role("row").filter(has_text=due["invoice_number"])
    expect(row).to_contain_text(money(page, due["remaining"]))
    expect(page.get_by_role("button", name=viewer.words("billing.review"))).to_have_count(0)
    expect(page.get_by_role("checkbox")).to_have_count(0)
    expect(page.get_by_test_id("read-only")).to_have_text(read_only_line(viewer, "billing", "billing"))
    assert serious_accessibility_findings(page) == []

    # ...and support lists the account's tickets with no way to open one
    open_menu_entry(page, viewer, "nav.support")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("support.heading"))
    expect(page.get_by_role("button", name=viewer.words("support.new"))).to_have_count(0)
    expect(page.get_by_role("button", name=viewer.words("support.open"))).to_have_count(0)
    expect(page.get_by_label(viewer.words("support.subject"))).to_have_count(0)
    expect(page.get_by_test_id("read-only")).to_have_text(read_only_line(viewer, "support", "support"))
    assert serious_accessibility_findings(page) == []


def test_a_support_contact_sees_no_amount_due_and_opens_a_ticket_about_nothing_of_billing(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account with an open invoice and a support contact
    account_id = new_company(staff, f"{COMPANY} {viewer.name} four", "Sami Owner", address("sami", viewer))
    invoice(staff, account_id, "Cold room service", 12900)
    email = address("sara", viewer)
    add_contact(staff, account_id, "Sara Support", email, "support")

    # When they sign in, their home shows no amount due and no Pay
    page = contexts(viewer)
    signed_in_as(page, portal_url, email, viewer)
    open_menu_entry(page, viewer, "nav.home")
    expect(page.get_by_test_id("dashboard-news")).to_be_visible()
    expect(page.get_by_test_id("dashboard-billing")).to_have_count(0)
    expect(page.get_by_test_id("dashboard-orders")).to_have_count(0)
    expect(page.get_by_role("link", name=viewer.words("dashboard.pay"))).to_have_count(0)
    assert serious_accessibility_findings(page) == []

    # Then support offers a new ticket, linked to none of the account's orders or invoices
    open_menu_entry(page, viewer, "nav.support")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("support.heading"))
    link = page.get_by_label(viewer.words("support.link"))
    expect(link.locator("option")).to_have_count(1)
    expect(link.locator("option")).to_have_text(viewer.words("support.link.none"))
    expect(page.get_by_test_id("read-only")).to_have_count(0)
    assert serious_accessibility_findings(page) == []


def place_order_in_cart(page: Page) -> int:
    """A product in the cart of the contact the page is signed in as; the cart's total."""
    products = items(api(page, "GET", "/orders/catalogue?limit=50"))
    api(page, "POST", "/orders/cart/lines", {"product_id": products[0]["product_id"], "quantity": 2})
    return int(api(page, "GET", "/orders/cart")["total"])


def test_a_buyer_over_their_limit_waits_for_the_admin_who_approves_it_for_the_business(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a company account whose admin invites a buyer with a spending limit of 1.00
    admin_email = address("ada", viewer)
    new_company(staff, f"{COMPANY} {viewer.name} two", "Ada Admin", admin_email)
    admin = contexts(viewer)
    signed_in_as(admin, portal_url, admin_email, viewer)
    open_menu_entry(admin, viewer, "nav.contacts")
    buyer_email = address("bea", viewer)
    admin.get_by_label(viewer.words("contacts.name"), exact=True).fill("Bea Buyer")
    admin.get_by_label(viewer.words("contacts.email"), exact=True).fill(buyer_email)
    admin.get_by_role("radio", name=viewer.words("role.buyer"), exact=True).check()
    limit = admin.get_by_label(viewer.words("contacts.limit", currency="EUR"))
    expect(limit).to_be_visible()
    limit.fill("1")
    assert serious_accessibility_findings(admin) == []
    admin.get_by_role("button", name=viewer.words("contacts.invite"), exact=True).click()

    # Then the list shows the buyer with their limit
    listed = admin.get_by_role("table", name=viewer.words("contacts.list"))
    bea = listed.get_by_role("row").filter(has_text="Bea Buyer")
    expect(bea).to_contain_text(viewer.words("role.buyer"))
    expect(bea).to_contain_text(viewer.words("contacts.limit.line", amount=money(admin, 100)))

    # When the buyer orders above the limit from the cart
    buyer = contexts(viewer)
    signed_in_as(buyer, portal_url, buyer_email, viewer)
    total = place_order_in_cart(buyer)
    assert total > 100
    open_menu_entry(buyer, viewer, "nav.cart")
    buyer.get_by_role("button", name=viewer.words("cart.submit")).click()

    # Then the page says it waits for an admin, and so does the order's page
    said = buyer.get_by_role("status").filter(has_text=viewer.words.pattern("cart.awaiting"))
    expect(said).to_be_focused()
    [order] = items(api(buyer, "GET", "/orders?status=awaiting_approval"))
    buyer.get_by_role("link", name=viewer.words("cart.see_order", number=order["order_number"])).click()
    expect(buyer.locator(".order-status")).to_have_text(viewer.words("order.status.awaiting_approval"))
    waiting = buyer.get_by_test_id("awaiting-approval")
    expect(waiting).to_contain_text(viewer.words("order.approval.waiting", account=f"{COMPANY} {viewer.name} two"))
    expect(waiting).to_contain_text(viewer.words("order.approval.over_limit", limit=money(buyer, 100)))
    expect(buyer.get_by_role("button", name=viewer.words("order.approve"))).to_have_count(0)
    assert serious_accessibility_findings(buyer) == []

    # When the admin finds it among the account's orders waiting for approval and approves it
    open_menu_entry(admin, viewer, "nav.orders")
    admin.get_by_label(viewer.words("orders.filter")).select_option("awaiting_approval")
    orders = admin.get_by_role("table", name=viewer.words("orders.heading"))
    row = orders.get_by_role("row").filter(has_text=order["order_number"])
    expect(row).to_contain_text(viewer.words("order.status.awaiting_approval"))
    row.get_by_role("link", name=order["order_number"]).click()
    approval = admin.get_by_test_id("approval")
    expect(approval).to_contain_text(viewer.words("order.approval.asks_named", name="Bea Buyer"))
    assert serious_accessibility_findings(admin) == []
    approval.get_by_role("button", name=viewer.words("order.approve")).click()

    # Then the order is submitted, and the page says so
    done = admin.get_by_role("status").filter(has_text=viewer.words("order.approved", number=order["order_number"]))
    expect(done).to_be_focused()
    expect(admin.locator(".order-status")).to_have_text(viewer.words("order.status.submitted"))
    expect(admin.get_by_test_id("approval")).to_have_count(0)
    assert serious_accessibility_findings(admin) == []

    # ...and the business's order queue lists it, with who placed it
    staff.set_viewport_size(ViewportSize(width=viewer.viewport["width"], height=viewer.viewport["height"]))
    choose_language(staff, viewer.language)
    staff.goto(f"{portal_url}/console/orders")
    staff.wait_for_selector("body[data-ready='true']")
    card = staff.locator(f"[data-order='{order['order_number']}']")
    expect(card).to_contain_text(viewer.words("order.status.submitted"))
    expect(card).to_contain_text("Bea Buyer")
    assert serious_accessibility_findings(staff) == []


def test_an_admin_declines_an_order_after_being_asked_and_the_buyer_reads_why(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given a buyer with a limit of 1.00 whose order waits for the account's admin
    admin_email = address("otto", viewer)
    account_id = new_company(staff, f"{COMPANY} {viewer.name} three", "Otto Owner", admin_email)
    buyer_email = address("pia", viewer)
    api(
        staff,
        "POST",
        f"/customers/operator/customers/{account_id}/contacts",
        {
            "name": "Pia Purchaser",
            "email": buyer_email,
            "role": "buyer",
            "scope": "all",
            "spending_limit": {"amount": 100, "currency": "EUR"},
        },
    )
    buyer = contexts(viewer)
    signed_in_as(buyer, portal_url, buyer_email, viewer)
    place_order_in_cart(buyer)
    cart: dict[str, Any] = api(buyer, "GET", "/orders/cart")
    order = api(buyer, "POST", "/orders", {"cart_id": cart["cart_id"], "expected_total": cart["total"]})
    assert order["status"] == "awaiting_approval"

    # When the admin declines it with a reason, asked first
    admin = contexts(viewer)
    signed_in_as(admin, portal_url, admin_email, viewer)
    admin.goto(f"{portal_url}/orders/{order['order_id']}")
    admin.wait_for_selector("body[data-ready='true']")
    admin.get_by_label(viewer.words("order.decline.reason")).fill("Over budget this month")
    admin.get_by_role("button", name=viewer.words("order.decline")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text(viewer.words("order.decline.question", number=order["order_number"]))
    assert serious_accessibility_findings(admin) == []
    dialog.get_by_role("button", name=viewer.words("order.decline.yes")).click()

    # Then the order is declined, and its buyer reads why on its page
    said = admin.get_by_role("status").filter(has_text=viewer.words("order.declined", number=order["order_number"]))
    expect(said).to_be_focused()
    expect(admin.locator(".order-status")).to_have_text(viewer.words("order.status.declined"))
    buyer.goto(f"{portal_url}/orders/{order['order_id']}")
    buyer.wait_for_selector("body[data-ready='true']")
    expect(buyer.locator(".order-status")).to_have_text(viewer.words("order.status.declined"))
    expect(buyer.locator(".timeline")).to_contain_text(viewer.words("order.reason", reason="Over budget this month"))
    assert serious_accessibility_findings(buyer) == []
