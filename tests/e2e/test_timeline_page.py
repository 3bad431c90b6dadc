"""The account's timeline in Debian's Chromium: the customer places an order, the operator
confirms and ships it, and /activity shows each move newest first, through the real pipeline
(outbox, stream, relay, SQS, consumer); its filter narrows it, an entry opens its order, and
the home page shows the latest entries. On a 360 px phone in French and a desktop in English."""

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWERS, Viewer, Words, serious_accessibility_findings

pytestmark = pytest.mark.browser


def _viewer(name: str) -> Viewer:
    viewport, language = VIEWERS[name]
    return Viewer(name, viewport, language, Words(language))


def _place_order(customer: Page, english: Words) -> str:
    customer.get_by_role("button", name="Add to cart").first.click()
    expect(customer.get_by_role("status")).to_contain_text(english.pattern("shop.added"))
    customer.get_by_role("navigation", name="Main").get_by_role("link", name="Cart", exact=True).click()
    customer.get_by_role("button", name=english("cart.submit")).click()
    submitted = customer.get_by_role("status").filter(has_text=english.pattern("cart.submitted"))
    found = re.search(r"ORD-\d+", submitted.inner_text())
    assert found is not None
    return found.group(0)


def _confirm_and_ship(operator: Page, english: Words, number: str) -> None:
    card = operator.locator(".queue-card").filter(has=operator.get_by_role("heading", name=number, exact=True))
    card.get_by_role("button", name=english("queue.confirm")).click()
    expect(card.get_by_role("status")).to_have_text(english("queue.moved.confirmed", number=number))
    card.get_by_label(english("queue.carrier")).fill("Posti")
    card.get_by_label(english("queue.tracking")).fill("JJFI4242")
    card.get_by_role("button", name=english("queue.ship")).click()
    expect(card.get_by_role("status")).to_have_text(english("queue.moved.shipped", number=number))


def _entries(page: Page) -> list[str]:
    return [text.strip() for text in page.get_by_test_id("timeline-entry").locator("a").all_inner_texts()]


def _wait_for_entry(page: Page, text: str, wait_seconds: float = 30) -> None:
    """The consumer runs beside the server: the page is read again until the entry is there."""
    deadline = time.monotonic() + wait_seconds
    while text not in _entries(page):
        assert time.monotonic() < deadline, f"{text!r} never reached the timeline: {_entries(page)}"
        time.sleep(0.5)
        page.reload()
        page.wait_for_selector("body[data-ready='true']")


def test_the_timeline_shows_the_order_s_moves_newest_first_filters_and_links(
    open_as: Callable[..., Page],
) -> None:
    english = Words("en")
    customer = open_as("demo", "/catalogue")
    number = _place_order(customer, english)
    _confirm_and_ship(open_as("staff", "/console/orders"), english, number)
    shipped = english("activity.order.shipped", label=number)
    confirmed = english("activity.order.confirmed", label=number)
    placed = english("activity.order.submitted.yours", label=number)

    desktop = open_as("demo", "/activity", viewer=_viewer("desktop-en"))
    _wait_for_entry(desktop, shipped)

    entries = _entries(desktop)
    assert entries.index(shipped) < entries.index(confirmed) < entries.index(placed)  # newest first
    expect(desktop.get_by_role("heading", name=english("activity.today"), exact=True)).to_be_visible()
    assert serious_accessibility_findings(desktop) == []

    desktop.get_by_label(english("activity.filter")).select_option(label=english("activity.kind.invoice"))
    expect(desktop.get_by_test_id("timeline-entry").locator("a").filter(has_text=number)).to_have_count(0)
    kinds = desktop.get_by_test_id("timeline-entry").evaluate_all("found => found.map(e => e.dataset.kind)")
    assert set(kinds) <= {"invoice"}
    desktop.get_by_label(english("activity.filter")).select_option(label=english("activity.kind.order"))
    expect(desktop.get_by_test_id("timeline-entry").first).to_contain_text(shipped)
    kinds = desktop.get_by_test_id("timeline-entry").evaluate_all("found => found.map(e => e.dataset.kind)")
    assert set(kinds) == {"order"}

    desktop.get_by_role("link", name=shipped, exact=True).click()
    expect(desktop).to_have_url(re.compile(r"/orders/[0-9A-Z]{26}$"))
    expect(desktop.get_by_role("heading", level=1)).to_contain_text(number)

    desktop.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    latest = desktop.get_by_test_id("dashboard-activity")
    expect(latest.get_by_test_id("timeline-entry").first).to_contain_text(shipped)
    expect(latest.get_by_test_id("timeline-entry")).to_have_count(5)
    latest.get_by_role("link", name=english("dashboard.to_activity")).click()
    expect(desktop).to_have_url(re.compile(r"/activity$"))

    phone = open_as("demo", "/activity", viewer=_viewer("phone-fr"))
    french = Words("fr")
    expect(phone.get_by_role("heading", name=french("activity.heading"), level=1)).to_be_visible()
    expect(phone.get_by_test_id("timeline-entry").first).to_contain_text(french("activity.order.shipped", label=number))
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the timeline is wider than a 360 px phone"
    assert serious_accessibility_findings(phone) == []
    phone.goto(phone.url.replace("/activity", "/"))
    phone.wait_for_selector("body[data-ready='true']")
    expect(phone.get_by_test_id("dashboard-activity")).to_contain_text(french("activity.order.shipped", label=number))
    choose_back = phone.locator("#language-select")
    choose_back.select_option("en")  # the demo customer's language as the other files expect it


def test_the_console_shows_the_customer_s_timeline(open_as: Callable[..., Page], staff: Page) -> None:
    english = Words("en")
    staff.get_by_role("link", name=re.compile("Dana|Demo")).first.click()
    section = staff.get_by_role("region", name=english("console.timeline"))
    expect(section).to_be_visible()
    expect(section.get_by_test_id("timeline-entry").first).to_be_visible()
    assert serious_accessibility_findings(staff) == []
