"""Ordering in Debian's Chromium: the customer shops and submits, the operator confirms and
ships it from the queue (the customer's name and delivery note on the card, each move answered
on it), the customer follows. On a phone in French and a desktop in English."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings

pytestmark = pytest.mark.browser


def test_a_customer_orders_and_follows_the_operator_shipping_it(open_as: Callable[..., Page], viewer: Viewer) -> None:
    words = viewer.words
    customer = open_as("demo", "/", viewer=viewer)
    open_menu_entry(customer, viewer, "nav.catalogue")
    expect(customer.get_by_role("heading", level=1)).to_have_text(words("shop.heading"))
    customer.get_by_label(words("shop.quantity")).first.fill("2")
    customer.get_by_role("button", name=words("shop.add")).first.click()
    expect(customer.get_by_role("status").first).to_contain_text(words.pattern("shop.added", quantity=2))
    customer.get_by_role("button", name=words("shop.add")).nth(1).click()
    expect(customer.get_by_role("status")).to_have_count(2)
    open_menu_entry(customer, viewer, "nav.cart")
    expect(customer.get_by_role("table", name=words("cart.review"))).to_be_visible()
    customer.get_by_label(words("cart.note")).fill("Ring twice")
    customer.get_by_role("button", name=words("cart.submit")).click()
    result = customer.get_by_role("status").filter(has_text=words.pattern("cart.submitted"))
    expect(result).to_be_focused()
    found = re.search(r"ORD-\d+", result.inner_text())
    assert found is not None
    number = found.group(0)
    open_menu_entry(customer, viewer, "nav.orders")
    expect(customer.get_by_role("link", name=number, exact=True)).to_be_visible()

    operator = open_as("staff", "/console/customers", viewer=viewer)
    open_menu_entry(operator, viewer, "nav.queue")
    card = operator.locator(".queue-card").filter(has=operator.get_by_role("heading", name=number, exact=True))
    # Who ordered and what they asked for the delivery, on the card itself.
    expect(card.get_by_role("link", name="Dana Demo")).to_be_visible()
    expect(card).to_contain_text("Ring twice")
    assert serious_accessibility_findings(operator) == []
    card.get_by_role("button", name=words("queue.confirm")).click()
    moved = card.get_by_role("status")
    expect(moved).to_have_text(words("queue.moved.confirmed", number=number))
    expect(moved).to_be_focused()
    # The card now offers the next move: shipping, with its carrier and tracking.
    card.get_by_label(words("queue.carrier")).fill("Posti")
    card.get_by_label(words("queue.tracking")).fill("JJFI6543")
    card.get_by_role("button", name=words("queue.ship")).click()
    expect(card.get_by_role("status")).to_have_text(words("queue.moved.shipped", number=number))
    expect(card.get_by_role("button", name=words("queue.deliver"))).to_be_visible()
    assert serious_accessibility_findings(operator) == []
    # The queue as it stands now: the order waits among the shipped ones.
    operator.get_by_label(words("orders.filter")).select_option("shipped")
    expect(operator.locator(".queue-card").filter(has_text=number)).to_have_count(1)

    customer.get_by_role("link", name=number, exact=True).click()
    expect(customer.locator(".order-status")).to_have_text(words("order.status.shipped"))
    expect(customer.get_by_text(words("order.shipped.with", carrier="Posti", tracking="JJFI6543"))).to_be_visible()
    assert serious_accessibility_findings(customer) == []


def test_an_operator_cancels_from_the_queue_only_after_giving_a_reason_and_confirming(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    words = viewer.words
    customer = open_as("demo", "/catalogue", viewer=viewer)
    customer.get_by_role("button", name=words("shop.add")).first.click()
    expect(customer.get_by_role("status")).to_have_count(1)
    customer.get_by_role("link", name=words("shop.tocart")).last.click()
    customer.get_by_role("button", name=words("cart.submit")).click()
    submitted = customer.get_by_role("status").filter(has_text=words.pattern("cart.submitted"))
    found = re.search(r"ORD-\d+", submitted.inner_text())
    assert found is not None
    number = found.group(0)

    operator = open_as("staff", "/console/orders", viewer=viewer)
    card = operator.locator(".queue-card").filter(has=operator.get_by_role("heading", name=number, exact=True))
    card.get_by_role("button", name=words("order.cancel"), exact=True).first.click()
    reason = card.get_by_label(words("order.cancel.reason.staff"))
    expect(reason).to_be_focused()
    # Without a reason nothing is asked or sent: the field says why, in the page's language.
    card.locator("form.cancel-form").get_by_role("button", name=words("order.cancel"), exact=True).click()
    expect(card.get_by_text(words("reason.required"))).to_be_visible()
    expect(operator.get_by_role("dialog")).to_have_count(0)
    reason.fill("Out of stock")
    card.locator("form.cancel-form").get_by_role("button", name=words("order.cancel"), exact=True).click()
    operator.get_by_role("dialog").get_by_role("button", name=words("order.cancel.keep")).click()
    expect(card.get_by_role("button", name=words("queue.confirm"))).to_be_visible()
    card.locator("form.cancel-form").get_by_role("button", name=words("order.cancel"), exact=True).click()
    operator.get_by_role("dialog").get_by_role("button", name=words("order.cancel.yes")).click()
    expect(card.get_by_role("status")).to_have_text(words("queue.moved.cancelled", number=number))
    expect(card.get_by_role("button", name=words("queue.confirm"))).to_have_count(0)
    assert serious_accessibility_findings(operator) == []
