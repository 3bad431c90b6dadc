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


# Lambda's on-failure record of a stream batch, as the console's list gives it (the local stack
# has no poison outbox item to give up on: no route writes one, so the list and the retry's
# answers are the API's as functional/test_relay_failures.py gets them, served to the page).
RELAY_FAILURE = {
    "message_id": "9f6c1d7e-relay",
    "kind": "relay_failure",
    "event_id": None,
    "event_type": None,
    "customer_id": None,
    "occurred_at": "2026-12-01T09:59:00Z",
    "receive_count": 1,
    "body": "{}",
    "reason": None,
    "relay": {
        "condition": "RetryAttemptsExhausted",
        "records": 3,
        "invocations": 6,
        "given_up_at": "2026-12-01T10:00:00.000Z",
        "first_record_at": "2026-12-01T09:59:00Z",
        "last_record_at": "2026-12-01T09:59:02Z",
        "shard_id": "shardId-00000001541626099285-f35f62ef",
        "first_sequence_number": "1100000000017454423009",
        "last_sequence_number": "1100000000017454423011",
    },
}


def test_the_console_shows_a_batch_the_relay_gave_up_on_in_the_operators_language(
    open_as: Callable[..., Page],
) -> None:
    operator = open_as("staff", "/console")
    state = {"listed": True, "gone": False}
    retried: list[str] = []

    def listing(route: Any) -> None:
        route.fulfill(json={"items": [RELAY_FAILURE] if state["listed"] else []})

    def retry(route: Any) -> None:
        retried.append(route.request.url)
        if state["gone"]:
            body = {"error": {"code": "relay_records_gone", "message": "gone", "details": None}}
            route.fulfill(status=409, json=body)
            return
        state["listed"] = False
        route.fulfill(json={"message_id": RELAY_FAILURE["message_id"], "retried": True, "relayed": 2})

    operator.route("**/api/notifications/operator/notifications/failed", listing)
    operator.route("**/api/notifications/operator/notifications/failed/*/retry", retry)
    operator.get_by_role("navigation").get_by_role("link", name="Undelivered").click()

    row = operator.get_by_test_id("undelivered").filter(has_text="Changes not passed on by the relay")
    expect(row).to_contain_text("The relay failed on them each time (6 tries).")
    expect(row).to_contain_text("3 table changes, stream shard shardId-00000001541626099285-f35f62ef")
    expect(row).to_contain_text("1100000000017454423009 – 1100000000017454423011")
    assert serious_accessibility_findings(operator) == []

    operator.get_by_label("Language").select_option("fr")
    row = operator.get_by_test_id("undelivered").filter(has_text="Modifications non transmises par le relais")
    expect(row).to_contain_text("Le relais a échoué à chaque fois (6 essais).")
    row.get_by_role("button", name="Réessayer").click()
    relayed = operator.get_by_role("status").filter(has_text="Relues dans la table et renvoyées : 2 événements.")
    expect(relayed).to_be_visible()
    expect(operator.get_by_test_id("undelivered")).to_have_count(0)
    assert retried == [retried[0]]
    assert retried[0].endswith("/9f6c1d7e-relay/retry")

    # Listed again, but the stream no longer holds it: the 409 in the operator's words (their
    # profile's language again after a reload), the row kept.
    state.update(listed=True, gone=True)
    operator.reload()
    operator.wait_for_selector("body[data-ready='true']")
    operator.get_by_test_id("undelivered").get_by_role("button", name="Retry").click()
    expect(operator.get_by_role("alert")).to_contain_text("no longer in the table's stream (it keeps them 24 hours)")
    expect(operator.get_by_test_id("undelivered")).to_have_count(1)
