"""Support in Debian's Chromium, two browser contexts: the customer opens an urgent ticket
with a tag and an attachment, the operator answers and resolves it, the customer sees the
answer and rates it; then a live chat where each side sees the other's message within 2 s;
then a tag the business added, shown as it wrote it beside the default ones' labels; then the
operator names that tag in French in the portal editor (on a phone) and a French customer
sees the name on the new-ticket form."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWERS, Viewer, Words, serious_accessibility_findings
from tests.e2e.customer_pages import api

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
    customer.get_by_label("Delivery", exact=True).check()  # the default tag "delivery", by its label
    customer.get_by_label("About").select_option(index=1)  # her first order or invoice
    customer.get_by_label("Attach files").set_input_files(photo)
    assert serious_accessibility_findings(customer) == []
    customer.get_by_role("button", name="Open the ticket").click()
    result = customer.get_by_test_id("ticket-result").get_by_role("status")
    expect(result).to_contain_text(re.compile(r"Ticket TCK-\d+ is open\."))
    expect(result).to_be_focused()
    expect(customer.get_by_label("Subject")).to_have_value("")  # the form starts again
    expect(customer.get_by_role("table", name="My tickets")).to_contain_text("Two cups arrived broken")
    result.get_by_role("link", name=re.compile(r"^See ticket TCK-\d+$")).click()
    expect(customer.get_by_role("heading", level=1)).to_contain_text("Two cups arrived broken")
    expect(customer.get_by_test_id("ticket-status")).to_have_text("Open")
    expect(customer.get_by_test_id("ticket-promise")).to_contain_text("Answer expected by")
    expect(customer.get_by_role("button", name="Download broken cup.png")).to_be_visible()
    expect(customer.get_by_role("link", name=re.compile(r"^The (order|invoice)$"))).to_be_visible()

    staff = open_as("staff", "/console/tickets")
    staff.get_by_role("link", name="Two cups arrived broken").click()
    expect(staff.get_by_role("listitem").filter(has_text=re.compile(r"^Delivery$"))).to_be_visible()
    staff.get_by_label("Internal note").check()
    staff.get_by_label("Answer", exact=True).fill("Check the courier's damage claim form.")
    staff.get_by_role("button", name="Send").click()
    # The result beside the answer box, not at the top of the page.
    expect(staff.get_by_test_id("reply-result")).to_have_text("Note added.")
    staff.get_by_label("Answer", exact=True).fill("Sorry! New cups leave today.")
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_test_id("reply-result")).to_have_text("Answer sent.")
    expect(staff.get_by_role("list", name="Conversation")).to_contain_text("Sorry! New cups leave today.")
    expect(staff.get_by_test_id("ticket-status")).to_have_text("In progress")
    expect(staff.locator("#change-status")).to_have_value("in_progress")  # the change form follows
    assert serious_accessibility_findings(staff) == []

    customer.reload()
    expect(customer.get_by_role("list", name="Conversation")).to_contain_text("Sorry! New cups leave today.")
    expect(customer.get_by_role("list", name="Conversation")).not_to_contain_text("damage claim")
    expect(customer.get_by_test_id("ticket-promise")).to_contain_text("Answered in time")

    staff.locator("#change-status").select_option("resolved")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_test_id("change-result")).to_have_text("Saved.")
    customer.reload()
    expect(customer.get_by_test_id("ticket-status")).to_have_text("Resolved")
    customer.get_by_label("Your rating").select_option("4")
    customer.get_by_label("Comment (optional)").fill("Quick and kind.")
    customer.get_by_role("button", name="Send rating").click()
    expect(customer.get_by_role("status").filter(has_text="You rated this 4 of 5.")).to_be_focused()


def test_a_live_chat_shows_each_side_what_the_other_says(open_as: Callable[..., Page]) -> None:
    # How soon a message arrives is measured in bench/live.py (send to arrival, socket against
    # polling), not here: with three test workers on two cores a page may wait its turn for a core.
    customer = open_as("demo", "/chat")
    customer.get_by_role("button", name="Start a chat").click()
    expect(customer.get_by_test_id("chat-status")).to_contain_text("Waiting")
    staff = open_as("staff", "/console/chats")
    staff.get_by_role("button", name=re.compile(r"^Answer Dana")).click()  # the profile test renames her
    expect(customer.get_by_test_id("chat-status")).to_have_text("You are chatting with Sam Staff.")

    staff.get_by_role("textbox", name="Message").fill("Hello Dana, how can I help?")
    staff.get_by_role("button", name="Send").click()
    expect(customer.get_by_role("list", name="Chat messages")).to_contain_text("Hello Dana")

    customer.get_by_role("textbox", name="Message").fill("Where is my order?")
    customer.get_by_role("button", name="Send").click()
    expect(staff.get_by_role("list", name="Chat messages")).to_contain_text("Where is my order?")
    assert serious_accessibility_findings(customer) == []
    customer.get_by_role("button", name="End the chat").click()
    expect(staff.get_by_role("status").filter(has_text="The chat has ended.")).to_be_visible()


def test_a_tag_the_business_added_is_shown_as_written_beside_the_default_labels(
    open_as: Callable[..., Page],
) -> None:
    staff = open_as("staff", "/console/tickets")
    settings = api(staff, "GET", "/tickets/operator/support/settings")
    api(staff, "PUT", "/tickets/operator/support/settings", {**settings, "tags": ["delivery", "gift-wrap"]})
    try:
        customer = open_as("demo", "/support")
        tags = customer.get_by_role("group", name="Tags")
        expect(tags.get_by_role("checkbox")).to_have_count(2)
        expect(tags.get_by_label("Delivery", exact=True)).to_be_visible()
        expect(tags.get_by_label("gift-wrap", exact=True)).to_be_visible()
        # Every box a finger can hit: its label at least 44 px high.
        for label in tags.locator("label").all():
            box = label.bounding_box()
            assert box is not None
            assert box["height"] >= 44, box
    finally:
        api(staff, "PUT", "/tickets/operator/support/settings", settings)


def test_the_operator_names_a_tag_in_french_and_a_french_customer_sees_it(open_as: Callable[..., Page]) -> None:
    phone = {"width": 360, "height": 780}
    staff = open_as("staff", "/console/portal", viewport=phone)
    settings = api(staff, "GET", "/tickets/operator/support/settings")
    customer: Page | None = None
    try:
        tags = staff.get_by_role("form", name="Ticket tags")
        tags.get_by_label("New tag").fill("Gift-Wrap")
        tags.get_by_role("button", name="Add the tag").click()
        row = tags.get_by_role("group", name="gift-wrap")  # kept as tickets store it, in lower case
        expect(row.get_by_label("English")).to_be_focused()
        row.get_by_label("Français").fill("Emballage cadeau")
        tags.get_by_role("button", name="Save the tags").click()
        # English is needed once another language is given: said beside the field, nothing sent.
        expect(row.get_by_label("English")).to_have_attribute("aria-invalid", "true")
        row.get_by_label("English").fill("Gift wrap")
        tags.get_by_role("button", name="Save the tags").click()
        expect(tags.get_by_role("status")).to_contain_text("Saved.")
        # A default tag keeps the catalogue's label: its row says so, its fields stay empty.
        delivery = tags.get_by_role("group", name="delivery")
        expect(delivery).to_contain_text("“Delivery”")
        expect(delivery.get_by_label("Français")).to_have_value("")
        # On a 360 px phone every field and button of a row is on screen and a finger's size.
        for control in [*row.get_by_role("textbox").all(), row.get_by_role("button", name="Remove gift-wrap")]:
            box = control.bounding_box()
            assert box is not None
            assert box["height"] >= 44, box
            assert box["x"] >= 0, box
            assert box["x"] + box["width"] <= phone["width"], box
        assert staff.evaluate("document.documentElement.scrollWidth") <= phone["width"]
        assert serious_accessibility_findings(staff) == []
        saved = api(staff, "GET", "/tickets/operator/support/settings")
        assert saved["tags"][-1] == "gift-wrap"
        assert saved["tag_labels"]["gift-wrap"] == {"en": "Gift wrap", "fr": "Emballage cadeau", "pl": None, "fi": None}

        viewport, language = VIEWERS["phone-fr"]
        french = Viewer("phone-fr", viewport, language, Words(language))
        customer = open_as("demo", "/support", viewer=french)
        group = customer.get_by_role("group", name=french.words("support.tags"))
        expect(group.get_by_label("Emballage cadeau", exact=True)).to_be_visible()
        expect(group.get_by_label("Livraison", exact=True)).to_be_visible()  # a default tag: the catalogue's
        customer.get_by_label(french.words("support.kind")).select_option("request")
        customer.get_by_label(french.words("support.subject")).fill("Un cadeau")
        customer.get_by_label(french.words("support.description")).fill("Pouvez-vous l’emballer ?")
        group.get_by_label("Emballage cadeau", exact=True).check()
        customer.get_by_role("button", name=french.words("support.open")).click()
        result = customer.get_by_test_id("ticket-result").get_by_role("status")
        expect(result).to_be_focused()
        result.get_by_role("link").click()
        expect(customer.get_by_role("listitem").filter(has_text=re.compile(r"^Emballage cadeau$"))).to_be_visible()
    finally:
        api(staff, "PUT", "/tickets/operator/support/settings", settings)
        if customer is not None:
            api(customer, "PATCH", "/customers/profile", {"language": "en"})  # she reads English elsewhere
