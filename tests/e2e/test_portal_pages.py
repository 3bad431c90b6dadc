"""The portal editor in Debian's Chromium: the operator turns payments off and the customer's
Billing link is gone (its API a 404); a colour without enough contrast is refused; a good one
is the portal's at once. Everything is set back at the end: the stack is shared."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(open_as: Callable[..., Page]) -> Iterator[Page]:
    page = open_as("staff", "/console/portal")
    yield page
    page.goto(page.url)  # as it was: every part on, the default colour
    page.get_by_label("Invoices and payments").check()
    page.get_by_label("Primary colour").fill("#1f5fa8")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()


def test_the_operator_turns_payments_off_and_chooses_a_colour(editor: Page, open_as: Callable[..., Page]) -> None:
    expect(editor.get_by_role("heading", level=1)).to_have_text("Portal settings")
    assert serious_accessibility_findings(editor) == []
    editor.get_by_label("Invoices and payments").uncheck()
    editor.get_by_label("Primary colour").fill("#ffcc00")
    # Before saving: a button and a link in the colour, and its contrast said in words.
    preview = "() => getComputedStyle(document.querySelector('.preview-button')).backgroundColor"
    assert editor.evaluate(preview) == "rgb(255, 204, 0)"
    expect(editor.locator("#portal-colour-contrast")).to_have_text(
        Words("en").pattern("editor.colour.contrast_low", ratio="1.5")
    )
    editor.get_by_role("button", name="Save the settings").click()
    # The refusal beside the colour, with its ratio.
    refused = Words("en").pattern("editor.colour.refused", colour="#ffcc00")
    expect(editor.locator("#portal-colour-error")).to_have_text(refused)
    expect(editor.get_by_label("Primary colour")).to_have_attribute("aria-invalid", "true")

    editor.get_by_label("Primary colour").fill("#7a3e00")
    editor.get_by_role("button", name="Save the settings").click()
    expect(editor.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    accent = "() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
    assert editor.evaluate(accent) == "#7a3e00"  # this page at once

    customer = open_as("demo")
    assert customer.evaluate(accent) == "#7a3e00"  # and the customer's next page
    navigation = customer.get_by_role("navigation")
    expect(navigation.get_by_role("link", name="My orders", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Billing", exact=True)).to_have_count(0)
    expect(customer.get_by_test_id("dashboard-billing")).to_have_count(0)
    status = customer.evaluate("async () => (await fetch('/api/payments/invoices')).status")
    assert status == 404
    customer.goto(customer.url.rstrip("/") + "/billing")
    expect(customer.get_by_role("heading", level=1)).not_to_have_text("Billing")
