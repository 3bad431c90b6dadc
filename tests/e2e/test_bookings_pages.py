"""Bookings in Debian's Chromium: the operator turns bookings on with "needs confirmation";
the customer requests a time; the operator confirms it in the calendar (said beside it); the
customer sees it on the dashboard and reschedules it (well before the notice period), which
waits for the business again; with payments turned off, the Billing link is gone. Booking
settings refused before sending are said beside their fields. The shared stack's settings are
put back at the end."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser

EN = Words("en")
SERVICE = "Espresso machine service"  # local/demo.py


def _portal_part(editor: Page, key: str, on: bool) -> None:
    editor.goto(editor.url.split("/console/")[0] + "/console/portal")
    box = editor.get_by_label(EN(key), exact=True)
    box.check() if on else box.uncheck()
    editor.get_by_role("button", name=EN("editor.save")).click()
    expect(editor.get_by_role("status").filter(has_text=EN("editor.saved"))).to_be_visible()


def _needs_confirmation(operator: Page, on: bool) -> None:
    operator.goto(operator.url.split("/console/")[0] + "/console/booking-settings")
    box = operator.get_by_label(EN("bookset.needs_confirmation"))
    box.check() if on else box.uncheck()
    operator.get_by_role("button", name=EN("bookset.save")).click()
    expect(operator.get_by_role("status").filter(has_text=EN("bookset.saved"))).to_be_focused()


@pytest.fixture
def operator(open_as: Callable[..., Page]) -> Iterator[Page]:
    page = open_as("staff", "/console/portal")
    yield page
    _needs_confirmation(page, on=False)
    _portal_part(page, "editor.action.payments", on=True)


def _pick_time(customer: Page, nth_free_day: int) -> str:
    """Press the nth day of the strip with free times and its first time; what the review says."""
    days = customer.get_by_role("group", name=EN("booking.days")).get_by_role("button")
    free = days.filter(has_not_text=EN("booking.day_none"))
    free.nth(nth_free_day).click()
    customer.get_by_test_id("slots").get_by_role("group").last.get_by_role("button").first.click()
    return str(customer.get_by_test_id("review").locator(".review-when").text_content())


def test_a_requested_booking_is_confirmed_shown_and_moved(operator: Page, open_as: Callable[..., Page]) -> None:
    _portal_part(operator, "editor.action.bookings", on=True)
    _needs_confirmation(operator, on=True)
    assert serious_accessibility_findings(operator) == []

    customer = open_as("demo", "/bookings")
    expect(customer.get_by_role("heading", level=1)).to_have_text(EN("booking.heading"))
    customer.get_by_role("radio", name=SERVICE).check()
    when = _pick_time(customer, 2)
    customer.get_by_role("button", name=EN("booking.book_this")).click()
    result = customer.get_by_test_id("booking-panel").get_by_role("status")
    expect(result).to_contain_text(EN("booking.requested", service=SERVICE, when=when))
    upcoming = customer.get_by_test_id("upcoming").get_by_test_id("booking").filter(has_text=when)
    expect(upcoming).to_contain_text(EN("booking.status.pending"))
    assert serious_accessibility_findings(customer) == []

    operator.goto(operator.url.split("/console/")[0] + "/console/bookings")
    operator.get_by_label(EN("calendar.span")).select_option("7")
    operator.get_by_label(EN("calendar.from")).fill(_iso_of(customer))
    # The calendar is drawn again for the days chosen: act on that one, not the one it replaces.
    operator.wait_for_load_state("networkidle")
    row = operator.get_by_test_id("calendar-booking").filter(has_text="Dana").filter(has_text=when)
    row.get_by_role("button", name=EN("calendar.confirm", name="Dana Demo")).click()
    done = operator.get_by_test_id("calendar-booking").filter(has_text=when).get_by_role("status")
    expect(done).to_have_text(EN("calendar.confirmed", name="Dana Demo"))
    expect(operator.get_by_test_id("calendar-booking").filter(has_text=when)).to_contain_text(
        EN("booking.status.confirmed")
    )
    assert serious_accessibility_findings(operator) == []

    customer.get_by_role("link", name=EN("nav.home"), exact=True).click()
    on_board = customer.get_by_test_id("dashboard-bookings")
    expect(on_board).to_contain_text(SERVICE)
    expect(on_board).to_contain_text(EN("booking.status.confirmed"))

    customer.get_by_role("link", name=EN("nav.bookings"), exact=True).click()
    booking = customer.get_by_test_id("upcoming").get_by_test_id("booking").filter(has_text=when)
    expect(booking).to_contain_text(EN.pattern("booking.change_until"))
    booking.get_by_role("button", name=EN("booking.reschedule")).click()
    expect(customer.get_by_role("heading", name=EN("booking.choose_new", service=SERVICE))).to_be_focused()
    new_when = _pick_time(customer, 4)
    customer.get_by_role("button", name=EN("booking.move_here")).click()
    # the business confirms bookings, so a moved one waits for it again
    result = customer.get_by_test_id("booking-panel").get_by_role("status")
    expect(result).to_contain_text(EN("booking.requested", service=SERVICE, when=new_when))
    expect(customer.get_by_test_id("upcoming")).to_contain_text(new_when)

    _portal_part(operator, "editor.action.payments", on=False)
    customer.reload()
    nav = customer.get_by_role("navigation", name=EN("nav.label"))
    expect(nav.get_by_role("link", name=EN("nav.bookings"), exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name=EN("nav.billing"), exact=True)).to_have_count(0)


def test_booking_settings_are_checked_beside_their_fields(open_as: Callable[..., Page]) -> None:
    operator = open_as("staff", "/console/booking-settings")
    hours = operator.get_by_label(EN("bookset.day.mon"))
    hours.fill("17:00-09:00")
    closed = operator.get_by_label(EN("bookset.closed"))
    closed.fill("2027-02-30")
    operator.get_by_role("button", name=EN("bookset.save")).click()
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(operator.locator(".field", has=hours).locator(".field-error")).to_have_text(EN("reason.ends_before_start"))
    expect(operator.locator(".field", has=closed).locator(".field-error")).to_have_text(EN("reason.not_a_date"))
    expect(hours).to_be_focused()
    assert serious_accessibility_findings(operator) == []

    # What only the server knows (the zone's name) is refused beside its field too.
    hours.fill("09:00-12:00, 13:00-17:00")
    closed.fill("")
    zone = operator.get_by_label(EN("bookset.zone"))
    zone.fill("Europe/Atlantis")
    operator.get_by_role("button", name=EN("bookset.save")).click()
    expect(operator.locator(".field", has=zone).locator(".field-error")).to_have_text(EN("reason.not_a_time_zone"))
    expect(zone).to_be_focused()


def _iso_of(customer: Page) -> str:
    """Today in the browser, YYYY-MM-DD (the calendar's week starts there)."""
    return str(customer.evaluate("() => new Date().toISOString().slice(0, 10)"))
