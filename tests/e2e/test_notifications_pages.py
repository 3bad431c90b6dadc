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

from tests.e2e.conftest import serious_accessibility_findings

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
    customer = open_as("demo", "/catalogue")
    customer.get_by_role("button", name="Add to cart").first.click()
    expect(customer.get_by_role("status")).to_contain_text("is in your cart")
    customer.get_by_role("link", name="Cart", exact=True).click()
    customer.get_by_role("button", name="Submit the order").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Order ORD-")
    number = customer.get_by_role("heading", level=1).inner_text().removeprefix("Order ")

    operator = open_as("staff", "/console/orders")
    operator.get_by_role("listitem").filter(has_text=number).get_by_role("button", name="Confirm").click()
    operator.get_by_label("Status").select_option("confirmed")
    card = operator.get_by_role("listitem").filter(has_text=number)
    card.get_by_label("Carrier").fill("Posti")
    card.get_by_label("Tracking reference").fill("JJFI7777")
    card.get_by_role("button", name="Mark shipped").click()
    expect(operator.get_by_role("listitem").filter(has_text=number)).to_have_count(0)

    emails = _emails_to(portal_url, "demo@example.com", f"Order {number} shipped")
    assert [m["subject"] for m in emails] == [f"Northwind Supplies: Order {number} shipped"]
    assert "JJFI7777" in emails[0]["body"]

    customer.get_by_role("link", name="Home", exact=True).click()
    board = customer.get_by_test_id("dashboard-orders")
    expect(board.get_by_role("listitem").filter(has_text=number)).to_contain_text("Shipped")
    on_board = customer.get_by_test_id("dashboard-news").get_by_role("link", name=re.compile("^Unread notifications"))
    unread = int(on_board.inner_text().rsplit(" ", 1)[-1])
    assert unread >= 3  # received, confirmed, shipped (and the demo account's earlier news)
    badge = customer.get_by_test_id("unread-badge")
    expect(badge).to_have_text(str(unread))
    assert serious_accessibility_findings(customer) == []

    customer.get_by_role("navigation").get_by_role("link", name=re.compile("^Notifications")).click()
    shipped = customer.get_by_test_id("notification").filter(has_text=f"Order {number} shipped")
    expect(shipped).to_contain_text("with Posti. Tracking: JJFI7777.")
    expect(customer.get_by_test_id("notification").first).to_contain_text(f"Order {number} shipped")  # newest first
    assert serious_accessibility_findings(customer) == []
    shipped.get_by_role("button", name="Mark read").click()
    expect(badge).to_have_text(str(unread - 1))
    customer.get_by_role("button", name="Mark all read").click()
    expect(badge).to_have_count(0)
    expect(customer.get_by_role("status").filter(has_text="Unread: 0")).to_be_visible()

    shipped.get_by_role("link", name=f"Order {number} shipped").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(f"Order {number}")
