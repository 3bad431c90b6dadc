"""Bookings in Debian's Chromium: the operator turns bookings on with "needs confirmation";
the customer requests a time; the operator confirms it in the calendar; the customer sees it
on the dashboard and reschedules it (well before the notice period); with payments turned
off, the Billing link is gone. The shared stack's settings are put back at the end."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_accessibility_findings

pytestmark = pytest.mark.browser


def _portal_part(editor: Page, label: str, on: bool) -> None:
    editor.goto(editor.url.split("/console/")[0] + "/console/portal")
    box = editor.get_by_label(label)
    box.check() if on else box.uncheck()
    editor.get_by_role("button", name="Save the settings").click()
    expect(editor.get_by_role("status").filter(has_text="Saved.")).to_be_visible()


def _needs_confirmation(operator: Page, on: bool) -> None:
    operator.goto(operator.url.split("/console/")[0] + "/console/booking-settings")
    box = operator.get_by_label("Bookings wait for our confirmation")
    box.check() if on else box.uncheck()
    operator.get_by_role("button", name="Save the booking settings").click()
    expect(operator.get_by_role("status").filter(has_text="Saved.")).to_be_visible()


@pytest.fixture
def operator(open_as: Callable[..., Page]) -> Iterator[Page]:
    page = open_as("staff", "/console/portal")
    yield page
    _needs_confirmation(page, on=False)
    _portal_part(page, "Invoices and payments", on=True)


def test_a_requested_booking_is_confirmed_shown_and_moved(operator: Page, open_as: Callable[..., Page]) -> None:
    _portal_part(operator, "Bookings", on=True)
    _needs_confirmation(operator, on=True)
    assert serious_accessibility_findings(operator) == []

    customer = open_as("demo", "/bookings")
    expect(customer.get_by_role("heading", level=1)).to_have_text("Bookings")
    customer.get_by_label("Service").select_option(label="Espresso machine service (60 min) · €89.00")
    third_day = customer.get_by_test_id("slots").locator("section").nth(2)
    day_name = third_day.locator("h3").inner_text()
    first_time = third_day.get_by_role("button").first
    time_text = first_time.inner_text()
    first_time.click()
    expect(customer.get_by_role("status")).to_contain_text("waiting for confirmation")
    upcoming = customer.get_by_test_id("upcoming").get_by_test_id("booking")
    expect(upcoming.filter(has_text=time_text)).to_contain_text("Waiting for confirmation")
    assert serious_accessibility_findings(customer) == []

    operator.goto(operator.url.split("/console/")[0] + "/console/bookings")
    operator.get_by_label("Show").select_option("7")
    operator.get_by_label("From").fill(_iso_of(customer))
    row = (
        operator.get_by_test_id("calendar-booking").filter(has_text="Dana").filter(has_text="Waiting for confirmation")
    )
    row.first.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(operator.get_by_role("status").filter(has_text="Confirmed.")).to_be_visible()
    assert serious_accessibility_findings(operator) == []

    customer.get_by_role("link", name="Home", exact=True).click()
    on_board = customer.get_by_test_id("dashboard-bookings")
    expect(on_board).to_contain_text("Espresso machine service · Confirmed")

    customer.get_by_role("link", name="Bookings", exact=True).click()
    booking = customer.get_by_test_id("upcoming").get_by_test_id("booking").filter(has_text="Confirmed").first
    expect(booking).to_contain_text("You can change or cancel it until")
    booking.get_by_role("button", name="Reschedule").click()
    expect(customer.get_by_role("heading", name=re.compile("^New time for"))).to_be_visible()  # the times to move to
    later_day = customer.get_by_test_id("slots").locator("section").nth(4)
    new_time = later_day.get_by_role("button").nth(1)
    new_time_text = new_time.inner_text()
    new_time.click()
    # the business confirms bookings, so a moved one waits for it again
    expect(customer.get_by_role("status")).to_contain_text("waiting for confirmation")
    expect(customer.get_by_test_id("upcoming")).to_contain_text(new_time_text)
    assert day_name  # the day shown was a real heading

    _portal_part(operator, "Invoices and payments", on=False)
    customer.reload()
    expect(customer.get_by_role("navigation").get_by_role("link", name="Bookings", exact=True)).to_be_visible()
    expect(customer.get_by_role("navigation").get_by_role("link", name="Billing", exact=True)).to_have_count(0)


def _iso_of(customer: Page) -> str:
    """Today in the browser, YYYY-MM-DD (the calendar's week starts there)."""
    return str(customer.evaluate("() => new Date().toISOString().slice(0, 10)"))
