"""Ordering as a person does it, on a 360 px phone in French and a 1280 px desktop in English
(issue 18): the shop from the menu, the cart with its totals and VAT on screen, the order's
number where the person is looking, the order's page, and a cancel that asks first."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser

COFFEE = "Coffee beans, 1 kg"
DESCALER = "Descaler"


def fits(page: Page, viewer: Viewer) -> None:
    """Nothing wider than the screen: no sideways scrolling to reach a total or a button."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewer.viewport["width"], f"the page is {width} px wide on a {viewer.viewport['width']} px screen"


def within_screen(locator: Locator, viewer: Viewer) -> None:
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewer.viewport["width"]


def product(page: Page, name: str) -> Locator:
    return page.locator(".products > li").filter(has=page.get_by_role("heading", name=name, exact=True))


def add_to_cart(page: Page, viewer: Viewer, name: str, quantity: int) -> Locator:
    card = product(page, name)
    card.get_by_label(viewer.words("shop.quantity")).fill(str(quantity))
    card.get_by_role("button", name=viewer.words("shop.add")).click()
    result = card.get_by_role("status")
    expect(result).to_have_text(re.compile(re.escape(viewer.words("shop.added", quantity=quantity, name=name))))
    expect(result).to_be_focused()
    return card


def test_a_customer_orders_from_the_menu_and_cancels_after_confirming(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    words = viewer.words
    page = open_as("demo", "/", viewer=viewer)

    open_menu_entry(page, viewer, "nav.catalogue")
    expect(page.get_by_role("heading", level=1)).to_have_text(words("shop.heading"))
    expect(product(page, COFFEE)).to_be_visible()
    assert serious_accessibility_findings(page) == []
    fits(page, viewer)
    # The result is said on the card: the page does not jump away from the product.
    before = page.evaluate("window.scrollY")
    coffee = add_to_cart(page, viewer, COFFEE, 2)
    assert abs(page.evaluate("window.scrollY") - before) < viewer.viewport["height"]
    add_to_cart(page, viewer, DESCALER, 1)
    assert serious_accessibility_findings(page) == []

    coffee.get_by_role("link", name=words("shop.tocart")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("cart.heading"))
    lines = page.locator(".cart-review tbody tr")
    expect(lines).to_have_count(2)
    expect(page.get_by_label(words("cart.quantity.of", name=COFFEE))).to_have_value("2")
    totals = page.get_by_test_id("cart-totals")
    expect(totals.locator("dt")).to_have_text(
        [words("cart.subtotal"), words.pattern("cart.taxline"), words.pattern("cart.taxline"), words("cart.total")]
    )
    expect(totals.locator("dd")).to_have_count(4)
    within_screen(totals.locator("dd"), viewer)
    within_screen(page.get_by_role("button", name=words("cart.submit")), viewer)
    fits(page, viewer)
    expect(page.get_by_test_id("cart-changes")).to_have_count(0)
    assert serious_accessibility_findings(page) == []

    page.get_by_label(words("cart.note")).fill("Code 1234")
    page.get_by_role("button", name=words("cart.submit")).click()
    result = page.get_by_role("status").filter(has_text=words.pattern("cart.submitted"))
    expect(result).to_be_focused()
    number = re.search(r"ORD-\d+", result.inner_text())
    assert number is not None
    number_text = number.group(0)
    # The cart is empty now: the form is gone with it.
    expect(page.get_by_role("button", name=words("cart.submit"))).to_have_count(0)
    assert serious_accessibility_findings(page) == []

    result.get_by_role("link", name=words("cart.see_order", number=number_text)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words("order.heading", number=number_text))
    expect(page.locator(".order-status")).to_have_text(words("order.status.submitted"))
    expect(page.get_by_text("Code 1234")).to_be_visible()
    fits(page, viewer)
    assert serious_accessibility_findings(page) == []

    # Dismissing the question changes nothing, here or on the server.
    page.get_by_label(words("order.cancel.reason")).fill("x2")
    page.get_by_role("button", name=words("order.cancel"), exact=True).click()
    question = page.get_by_role("dialog")
    expect(question).to_contain_text(words("order.cancel.question", number=number_text))
    assert serious_accessibility_findings(page) == []
    question.get_by_role("button", name=words("order.cancel.keep")).click()
    expect(question).to_have_count(0)
    expect(page.locator(".order-status")).to_have_text(words("order.status.submitted"))
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator(".order-status")).to_have_text(words("order.status.submitted"))

    page.get_by_label(words("order.cancel.reason")).fill("x2")
    page.get_by_role("button", name=words("order.cancel"), exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name=words("order.cancel.yes")).click()
    cancelled = page.get_by_role("status").filter(has_text=words("order.cancelled", number=number_text))
    expect(cancelled).to_be_focused()
    expect(page.locator(".order-status")).to_have_text(words("order.status.cancelled"))
    expect(page.get_by_text(words("order.reason", reason="x2"))).to_be_visible()
    expect(page.get_by_role("button", name=words("order.cancel"), exact=True)).to_have_count(0)
    assert serious_accessibility_findings(page) == []

    open_menu_entry(page, viewer, "nav.orders")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=number_text, exact=True))
    expect(row).to_contain_text(words("order.status.cancelled"))
    fits(page, viewer)
    assert serious_accessibility_findings(page) == []


def test_the_cart_says_what_changed_in_the_readers_language_and_holds_back_what_cannot_be_ordered(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    words = viewer.words
    operator = open_as("staff", "/console/products")
    tamper = api(
        operator,
        "POST",
        "/orders/operator/products",
        {"name": f"Tamper {viewer.name}", "price": 1500, "currency": "EUR", "tax_rate": 2400},
    )
    jug = api(
        operator,
        "POST",
        "/orders/operator/products",
        {"name": f"Milk jug {viewer.name}", "price": 900, "currency": "EUR", "tax_rate": 2400},
    )
    customer = open_as("demo", "/catalogue", viewer=viewer)
    for name in (tamper["name"], jug["name"]):
        add_to_cart(customer, viewer, name, 1)
    api(operator, "PATCH", f"/orders/operator/products/{tamper['product_id']}", {"price": 1650})
    api(operator, "POST", f"/orders/operator/products/{jug['product_id']}/deactivate")

    customer.goto(customer.url.replace("/catalogue", "/cart"))
    customer.wait_for_selector("body[data-ready='true']")
    changes = customer.get_by_test_id("cart-changes")
    expect(changes.get_by_role("listitem")).to_have_text(
        [words.pattern("cart.price_changed", name=tamper["name"]), words("cart.gone", name=jug["name"])]
    )
    # The amounts are the page's own (money() in the reader's language), not the server's "15.00 EUR".
    expect(changes).to_contain_text("€")
    expect(changes).not_to_contain_text("EUR")
    jug_line = customer.locator(".cart-review tbody tr").filter(has_text=jug["name"])
    expect(jug_line).to_contain_text(words("cart.unavailable"))
    submit = customer.get_by_role("button", name=words("cart.submit"))
    expect(submit).to_be_disabled()
    expect(customer.get_by_text(words("cart.blocked"))).to_be_visible()
    fits(customer, viewer)
    assert serious_accessibility_findings(customer) == []

    jug_line.get_by_role("button", name=words("cart.remove.of", name=jug["name"])).click()
    expect(customer.locator(".cart-review tbody tr").filter(has_text=jug["name"])).to_have_count(0)
    expect(submit).to_be_enabled()
    # Emptied line by line, the cart offers the way back to the shop.
    lines = customer.locator(".cart-review tbody tr")
    for left in range(lines.count(), 0, -1):
        lines.first.get_by_role("button", name=words.pattern("cart.remove.of")).click()
        expect(lines).to_have_count(left - 1)
    empty = customer.get_by_test_id("empty-state")
    expect(empty).to_contain_text(words("cart.empty"))
    expect(empty.get_by_role("link", name=words("cart.to_shop"))).to_be_visible()
    assert serious_accessibility_findings(customer) == []
