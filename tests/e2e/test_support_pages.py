"""Support in Debian's Chromium, two browser contexts: the customer opens an urgent ticket
with a tag and an attachment, the operator answers and resolves it, the customer sees the
answer and rates it; then a live chat where each side sees the other's message within 2 s."""

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_accessibility_findings

pytestmark = pytest.mark.browser

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


def test_an_urgent_ticket_is_answered_resolved_and_rated(open_as: Callable[..., Page], tmp_path: Path) -> None:
    photo = tmp_path / "broken cup.png"
    photo.write_bytes(PHOTO)
    customer = open_as("demo", "/support")
    customer.get_by_label("Kind").select_option("complaint")
    customer.get_by_label("Subject").fill("Two cups arrived broken")
    customer.get_by_label("What happened").fill("The box was crushed; two of the four cups are broken.")
    customer.get_by_label("Priority").select_option("urgent")
    customer.get_by_label("delivery").check()
    customer.get_by_label("About").select_option(index=1)  # her first order or invoice
    customer.get_by_label("Attach files").set_input_files(photo)
    assert serious_accessibility_findings(customer) == []
    customer.get_by_role("button", name="Open the ticket").click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Two cups arrived broken")
    expect(customer.get_by_test_id("ticket-status")).to_have_text("Open")
    expect(customer.get_by_text("promised by")).to_be_visible()
    expect(customer.get_by_role("button", name="Download broken cup.png")).to_be_visible()
    expect(customer.get_by_role("link", name=re.compile(r"^The (order|invoice)$"))).to_be_visible()

    staff = open_as("staff", "/console/tickets")
    staff.get_by_role("link", name="Two cups arrived broken").click()
    expect(staff.get_by_text("delivery", exact=True)).to_be_visible()
    staff.get_by_label("Internal note").check()
    staff.get_by_label("Answer").fill("Check the courier's damage claim form.")
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_role("status").filter(has_text="Note added.")).to_be_visible()
    staff.get_by_label("Answer").fill("Sorry! New cups leave today.")
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_role("status").filter(has_text="Answer sent.")).to_be_visible()
    assert serious_accessibility_findings(staff) == []

    customer.reload()
    expect(customer.get_by_role("list", name="Conversation")).to_contain_text("Sorry! New cups leave today.")
    expect(customer.get_by_role("list", name="Conversation")).not_to_contain_text("damage claim")
    expect(customer.get_by_text("answered in time")).to_be_visible()

    staff.locator("#change-status").select_option("resolved")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    customer.reload()
    expect(customer.get_by_test_id("ticket-status")).to_have_text("Resolved")
    customer.get_by_label("Your rating").select_option("4")
    customer.get_by_label("Comment (optional)").fill("Quick and kind.")
    customer.get_by_role("button", name="Send rating").click()
    expect(customer.get_by_text("You rated this 4 of 5.")).to_be_visible()


def test_a_live_chat_shows_each_side_the_other_within_two_seconds(open_as: Callable[..., Page]) -> None:
    customer = open_as("demo", "/chat")
    customer.get_by_role("button", name="Start a chat").click()
    expect(customer.get_by_test_id("chat-status")).to_contain_text("Waiting")
    staff = open_as("staff", "/console/chats")
    staff.get_by_role("button", name=re.compile(r"^Answer Dana")).click()  # the profile test renames her
    expect(customer.get_by_test_id("chat-status")).to_have_text("You are chatting with Sam Staff.", timeout=3000)

    staff.get_by_role("textbox", name="Message").fill("Hello Dana, how can I help?")
    staff.get_by_role("button", name="Send").click()
    sent = time.monotonic()
    expect(customer.get_by_role("list", name="Chat messages")).to_contain_text("Hello Dana", timeout=2000)
    assert time.monotonic() - sent < 2

    customer.get_by_role("textbox", name="Message").fill("Where is my order?")
    customer.get_by_role("button", name="Send").click()
    sent = time.monotonic()
    expect(staff.get_by_role("list", name="Chat messages")).to_contain_text("Where is my order?", timeout=2000)
    assert time.monotonic() - sent < 2
    assert serious_accessibility_findings(customer) == []
    customer.get_by_role("button", name="End the chat").click()
    expect(staff.get_by_role("status").filter(has_text="The chat has ended.")).to_be_visible(timeout=3000)
