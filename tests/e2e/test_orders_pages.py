"""Ordering in Debian's Chromium: the customer shops and submits, the operator ships, the customer follows."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_accessibility_findings

pytestmark = pytest.mark.browser


def test_a_customer_orders_and_follows_the_operator_shipping_it(open_as: Callable[..., Page]) -> None:
    customer = open_as("demo")
    expect(customer.get_by_role("link", name="Shop", exact=True)).to_be_visible()
    customer.get_by_role("link", name="Shop", exact=True).click()
    expect(customer.get_by_role("heading", level=1)).to_have_text("Shop")
    assert serious_accessibility_findings(customer) == []
    customer.get_by_label("Quantity").first.fill("2")
    customer.get_by_role("button", name="Add to cart").first.click()
    expect(customer.get_by_role("status")).to_contain_text("is in your cart")
    customer.get_by_role("button", name="Add to cart").nth(1).click()
    customer.get_by_role("link", name="Cart", exact=True).click()
    expect(customer.get_by_role("table", name="Review your order")).to_be_visible()
    assert serious_accessibility_findings(customer) == []
    customer.get_by_label("Delivery note (optional)").fill("Ring twice")
    customer.get_by_role("button", name="Submit the order").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Order ORD-")
    number = customer.get_by_role("heading", level=1).inner_text().removeprefix("Order ")
    customer.get_by_role("link", name="My orders", exact=True).click()
    expect(customer.get_by_role("link", name=number)).to_be_visible()

    operator = open_as("staff", "/console/customers")
    operator.get_by_role("link", name="Order queue", exact=True).click()
    card = operator.get_by_role("listitem").filter(has_text=number)
    card.get_by_role("button", name="Confirm").click()
    # The queue reloads once the confirmation is in: wait for it, or a reload still on its way
    # could redraw the card between typing into it and pressing its button.
    expect(operator.get_by_role("listitem").filter(has_text=number)).to_have_count(0)
    operator.get_by_label("Status").select_option("confirmed")
    card = operator.get_by_role("listitem").filter(has_text=number)
    expect(card.get_by_role("button", name="Mark shipped")).to_be_visible()
    card.get_by_label("Carrier").fill("Posti")
    card.get_by_label("Tracking reference").fill("JJFI6543")
    card.get_by_role("button", name="Mark shipped").click()
    expect(operator.get_by_role("listitem").filter(has_text=number)).to_have_count(0)

    customer.get_by_role("link", name=number).click()
    expect(customer.locator(".order-status")).to_have_text("Shipped")
    expect(customer.get_by_text("Shipped with Posti, tracking JJFI6543")).to_be_visible()
    assert serious_accessibility_findings(customer) == []
