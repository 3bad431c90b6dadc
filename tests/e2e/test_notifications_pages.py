"""Notifications in Debian's Chromium: the operator ships the demo customer's order; the
customer's header shows the unread badge, the notification centre shows the news, and the
e-mail is in the local stack's /dev/outbox. All of it through the real pipeline: outbox
item, table stream, relay, SQS, consumer, SES."""

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser


def _emails_to(portal_url: str, to: str, containing: str, wait_seconds: float = 20) -> list[dict[str, Any]]:
    """The e-mails to `to` whose subject contains `containing`, waiting for the first one."""
    deadline = time.monotonic() + wait_seconds
    while True:
        with urllib.request.urlopen(f"{portal_url}/dev/outbox.json") as reply:  # noqa: S310 - our own local URL
            found = [
                m
                for m in json.loads(reply.read())
                if m["channel"] == "email" and m["to"] == to and containing in m["subject"]
            ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_the_customer_is_told_that_the_operator_shipped_the_order(
    open_as: Callable[..., Page], portal_url: str
) -> None:
    english = Words("en")
    customer = open_as("demo", "/catalogue")
    customer.get_by_role("button", name="Add to cart").first.click()
    expect(customer.get_by_role("status")).to_contain_text(english.pattern("shop.added"))
    customer.get_by_role("navigation", name="Main").get_by_role("link", name="Cart", exact=True).click()
    customer.get_by_role("button", name=english("cart.submit")).click()
    submitted = customer.get_by_role("status").filter(has_text=english.pattern("cart.submitted"))
    found = re.search(r"ORD-\d+", submitted.inner_text())
    assert found is not None
    number = found.group(0)

    operator = open_as("staff", "/console/orders")
    card = operator.locator(".queue-card").filter(has=operator.get_by_role("heading", name=number, exact=True))
    card.get_by_role("button", name=english("queue.confirm")).click()
    expect(card.get_by_role("status")).to_have_text(english("queue.moved.confirmed", number=number))
    card.get_by_label(english("queue.carrier")).fill("Posti")
    card.get_by_label(english("queue.tracking")).fill("JJFI7777")
    card.get_by_role("button", name=english("queue.ship")).click()
    expect(card.get_by_role("status")).to_have_text(english("queue.moved.shipped", number=number))

    emails = _emails_to(portal_url, "demo@example.com", f"Order {number} shipped")
    assert [m["subject"] for m in emails] == [f"Northwind Supplies: Order {number} shipped"]
    assert "JJFI7777" in emails[0]["body"]

    customer.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    board = customer.get_by_test_id("dashboard-orders")
    expect(board.get_by_role("listitem").filter(has_text=number)).to_contain_text("Shipped")
    on_board = customer.get_by_test_id("dashboard-news").get_by_test_id("unread-notifications")
    expect(on_board).to_have_text(re.compile(r"^\d+ unread notifications$"))
    unread = int(on_board.inner_text().split(" ", 1)[0])
    assert unread >= 3  # received, confirmed, shipped (and the demo account's earlier news)
    badge = customer.get_by_test_id("unread-badge")
    expect(badge).to_have_text(str(unread))
    assert serious_accessibility_findings(customer) == []

    customer.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("^Notifications")).click()
    shipped = customer.get_by_test_id("notification").filter(has_text=f"Order {number} shipped")
    expect(shipped).to_contain_text("with Posti. Tracking: JJFI7777.")
    expect(customer.get_by_test_id("notification").first).to_contain_text(f"Order {number} shipped")  # newest first
    assert serious_accessibility_findings(customer) == []
    expect(shipped.get_by_text("Unread", exact=True)).to_be_visible()  # said in words, not by style alone
    shipped.get_by_role("button", name="Mark read").click()
    expect(badge).to_have_text(str(unread - 1))
    expect(shipped.get_by_text("Unread", exact=True)).to_have_count(0)
    customer.get_by_role("button", name="Mark all read").click()
    expect(badge).to_have_count(0)
    expect(customer.get_by_role("status").filter(has_text="Unread: 0")).to_be_visible()

    # Preferences: one fieldset per kind, each channel a labelled checkbox of at least 44 px.
    orders = customer.get_by_role("group", name="Orders")
    sms = orders.get_by_label("Text message")
    box = orders.locator("label").filter(has_text="Text message").bounding_box()
    assert box is not None
    assert box["height"] >= 44
    sms.check()
    customer.get_by_role("button", name="Save", exact=True).click()
    expect(customer.get_by_role("status").filter(has_text="Saved.")).to_be_focused()
    sms.uncheck()
    customer.get_by_role("button", name="Save", exact=True).click()

    shipped.get_by_role("link", name=f"Order {number} shipped").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(f"Order {number}")


def _relay_failures_listed(page: Page, label: str, wait_seconds: float = 30) -> Any:
    """The page's rows of batches the relay gave up on, reloading until one is there (the
    local relay retries a failing batch five times, as the deployed mapping does)."""
    deadline = time.monotonic() + wait_seconds
    rows = page.get_by_test_id("undelivered").filter(has_text=label)
    while rows.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
        page.wait_for_selector("body[data-ready='true']")
    return rows


def test_the_console_shows_a_batch_the_relay_gave_up_on_and_retries_it_in_the_operators_language(
    open_as: Callable[..., Page], portal_url: str
) -> None:
    # Given a producer's bug in the running stack: an outbox item without an event's fields,
    # which the stream relay fails on until it gives the batch up to the dead-letter queue
    request = urllib.request.Request(f"{portal_url}/dev/poison-event", method="POST")  # noqa: S310 - our own local URL
    with urllib.request.urlopen(request) as reply:  # noqa: S310 - our own local URL
        poison = json.loads(reply.read())["sk"]
    operator = open_as("staff", "/console")
    operator.get_by_role("navigation").get_by_role("link", name="Undelivered").click()

    # Then the operator's list shows the batch: why, how many changes, where in the stream
    row = _relay_failures_listed(operator, "Changes not passed on by the relay")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("The relay failed on them each time (6 tries).")
    expect(row).to_contain_text("1 table changes, stream shard")  # bisected down to the poison alone
    assert serious_accessibility_findings(operator) == []

    # When, in French, the operator retries it
    operator.get_by_label("Language").select_option("fr")
    row = operator.get_by_test_id("undelivered").filter(has_text="Modifications non transmises par le relais")
    row.get_by_role("button", name="Réessayer").click()

    # Then the change is read back from the stream: nothing to send (the item still has no
    # fields), and the item itself stays listed, as an event, with why
    relayed = Words("fr")("undelivered.relayed", count=0)
    expect(operator.get_by_role("status").filter(has_text=relayed)).to_be_focused()
    expect(operator.get_by_test_id("undelivered").filter(has_text="Modifications non transmises")).to_have_count(0)
    expect(operator.get_by_test_id("undelivered").filter(has_text=poison.split("#")[0])).to_have_count(1)
