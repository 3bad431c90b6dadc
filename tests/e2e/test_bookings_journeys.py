"""Booking, as a person does it, on a 360 px phone in French and on a desktop in English: open
Bookings from the menu, move along the day strip, pick a day and a time, book it and see the
result; move it to another day; cancel it after saying yes. A time inside the notice period
says so before it is booked. Every time is labelled with the business's zone, nothing is wider
than a phone, and axe finds nothing serious on any page visited.

The business's notice period is set to a week for this file's stack (the demo's is 24 hours),
so the first days' times are always inside it, whatever weekday the tests run on, and the
times from the ninth day on are always outside it."""

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser

ZONE = "Europe/Helsinki"  # local/demo.py BOOKING_POLICY
NOTICE_HOURS = 168
SERVICE = "Espresso machine service"  # local/demo.py SERVICES


@pytest.fixture(scope="module", autouse=True)
def week_of_notice(open_as: Callable[..., Page]) -> None:
    staff = open_as("staff", "/console/booking-settings")
    settings = api(staff, "GET", "/bookings/operator/bookings/settings")
    api(staff, "PUT", "/bookings/operator/bookings/settings", {**settings, "notice_hours": NOTICE_HOURS})


def open_bookings(open_as: Callable[..., Page], viewer: Viewer) -> Page:
    page = open_as("demo", "/", viewer=viewer)
    open_menu_entry(page, viewer, "nav.bookings")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("booking.heading"))
    expect(strip(page, viewer).get_by_role("button").first).to_be_visible()  # the free times are in
    return page


def fits_the_screen(page: Page, viewer: Viewer) -> None:
    if viewer.phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewer.viewport["width"]


def strip(page: Page, viewer: Viewer) -> Locator:
    return page.get_by_role("group", name=viewer.words("booking.days"))


def pressed_date(page: Page, viewer: Viewer) -> str:
    pressed = strip(page, viewer).locator("[aria-pressed='true']")
    expect(pressed).to_have_count(1)
    return str(pressed.get_attribute("data-date"))


def free_day(page: Page, viewer: Viewer, on_or_after: date) -> Locator:
    """The first day of the strip with free times, on or after that date. The strip is drawn
    again when the free times arrive (a service chosen, a booking made): look until it shows one."""
    deadline = time.monotonic() + 10
    while True:
        days = strip(page, viewer).get_by_role("button")
        dates = [days.nth(index).get_attribute("data-date") for index in range(days.count())]
        for index, shown in enumerate(dates):
            button = days.nth(index)
            if (
                shown
                and date.fromisoformat(shown) >= on_or_after
                and not button.get_by_text(viewer.words("booking.day_none")).count()
            ):
                return button
        if time.monotonic() > deadline:
            raise AssertionError(f"no day with free times from {on_or_after} in {dates}")
        page.wait_for_timeout(200)


def choose_time(page: Page, viewer: Viewer, day: Locator) -> tuple[str, Locator]:
    """Press a day of the strip, then its first time: what the review says, and the review."""
    day.click()
    expect(day).to_have_attribute("aria-pressed", "true")
    times = page.get_by_test_id("slots").get_by_role("group").filter(has=page.get_by_role("button")).last
    times.get_by_role("button").first.click()
    review = page.get_by_test_id("review")
    expect(review.get_by_role("heading")).to_be_focused()
    return str(review.locator(".review-when").text_content()), review


def local_today() -> date:
    return datetime.now(ZoneInfo(ZONE)).date()


def booking_ids(page: Page) -> set[str]:
    cards = page.get_by_test_id("upcoming").get_by_test_id("booking")
    return {str(cards.nth(i).get_attribute("data-booking")) for i in range(cards.count())}


def test_book_move_and_cancel_a_time(open_as: Callable[..., Page], viewer: Viewer) -> None:
    page = open_bookings(open_as, viewer)
    zone = page.get_by_test_id("time-zone")
    expect(zone).to_have_text(viewer.words.pattern("booking.time_zone", zone=ZONE))
    page.get_by_role("radio", name=SERVICE, exact=False).check()
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []

    # Along the strip: the next day (a button on a desktop; a tap on the next day on a phone).
    first = pressed_date(page, viewer)
    if viewer.phone:
        strip(page, viewer).locator(f"[data-date='{date.fromisoformat(first) + timedelta(days=1)}']").click()
    else:
        page.get_by_role("button", name=viewer.words("booking.next_day")).click()
    assert pressed_date(page, viewer) == (date.fromisoformat(first) + timedelta(days=1)).isoformat()

    before = booking_ids(page)
    when, review = choose_time(page, viewer, free_day(page, viewer, local_today() + timedelta(days=9)))
    booked_day = date.fromisoformat(pressed_date(page, viewer))
    expect(review).to_contain_text(SERVICE)
    expect(review.get_by_test_id("notice-warning")).to_have_count(0)
    review.get_by_role("button", name=viewer.words("booking.book_this")).click()
    result = page.get_by_test_id("booking-panel").get_by_role("status")
    expect(result).to_be_focused()
    expect(result).to_contain_text(viewer.words("booking.booked", service=SERVICE, when=when))
    expect(result).to_contain_text(viewer.words("booking.status.confirmed"))
    (booking_id,) = booking_ids(page) - before
    card = page.locator(f"[data-booking='{booking_id}']")
    expect(card).to_contain_text(when)
    expect(card).to_contain_text(viewer.words("booking.status.confirmed"))
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []

    # Move it to a later day.
    card.get_by_role("button", name=viewer.words("booking.reschedule")).click()
    expect(page.get_by_role("heading", name=viewer.words("booking.choose_new", service=SERVICE))).to_be_focused()
    new_when, review = choose_time(page, viewer, free_day(page, viewer, booked_day + timedelta(days=2)))
    review.get_by_role("button", name=viewer.words("booking.move_here")).click()
    result = page.get_by_test_id("booking-panel").get_by_role("status")
    expect(result).to_be_focused()
    expect(result).to_contain_text(viewer.words("booking.moved", service=SERVICE, when=new_when))
    expect(card).to_contain_text(new_when)
    assert serious_accessibility_findings(page) == []

    # Cancel it: asked first; "no" keeps it, "yes" cancels it.
    card.get_by_role("button", name=viewer.words("booking.cancel")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(viewer.words("booking.cancel_confirm", service=SERVICE, when=new_when))
    assert serious_accessibility_findings(page) == []
    dialog.get_by_role("button", name=viewer.words("booking.cancel_no")).click()
    expect(card).to_contain_text(viewer.words("booking.status.confirmed"))
    card.get_by_role("button", name=viewer.words("booking.cancel")).click()
    page.get_by_role("dialog").get_by_role("button", name=viewer.words("booking.cancel_yes")).click()
    cancelled = page.get_by_test_id("upcoming").locator("..").get_by_role("status")
    expect(cancelled).to_be_focused()
    expect(cancelled).to_contain_text(viewer.words("booking.cancelled", service=SERVICE, when=new_when))
    expect(card).to_contain_text(viewer.words("booking.status.cancelled"))
    expect(card.get_by_role("button")).to_have_count(0)
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []


def test_a_time_inside_the_notice_period_says_so_before_it_is_booked(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    page = open_bookings(open_as, viewer)
    page.get_by_role("radio", name=SERVICE, exact=False).check()
    # The notice period is read from a booking of the customer's when the free times do not
    # carry it: make sure there is one, well outside it.
    far = free_day(page, viewer, local_today() + timedelta(days=12))
    _, review = choose_time(page, viewer, far)
    expect(review.get_by_test_id("notice-warning")).to_have_count(0)
    review.get_by_role("button", name=viewer.words("booking.book_this")).click()
    expect(page.get_by_test_id("booking-panel").get_by_role("status")).to_be_focused()

    soon, review = choose_time(page, viewer, free_day(page, viewer, local_today()))
    warning = review.get_by_test_id("notice-warning")
    expect(warning).to_have_text(viewer.words("booking.inside_notice", count=NOTICE_HOURS))
    assert serious_accessibility_findings(page) == []
    review.get_by_role("button", name=viewer.words("booking.book_this")).click()
    result = page.get_by_test_id("booking-panel").get_by_role("status")
    expect(result).to_contain_text(viewer.words("booking.booked", service=SERVICE, when=soon))
    expect(result).to_contain_text(viewer.words("booking.no_changes"))
    card = page.get_by_test_id("upcoming").get_by_test_id("booking").filter(has_text=soon)
    expect(card.first).to_contain_text(viewer.words.pattern("booking.too_late"))
    expect(card.first.get_by_role("button")).to_have_count(0)
    fits_the_screen(page, viewer)


def test_a_time_taken_meanwhile_is_said_where_the_person_is_looking(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    page = open_bookings(open_as, viewer)
    page.get_by_role("radio", name=SERVICE, exact=False).check()
    _, review = choose_time(page, viewer, free_day(page, viewer, local_today() + timedelta(days=15)))
    chosen_day = pressed_date(page, viewer)
    # Someone else takes that time while the review is on screen.
    starts_at = page.get_by_test_id("slots").locator(".slot-times button").first.get_attribute("data-starts")
    service_id = page.get_by_role("radio", name=SERVICE, exact=False).get_attribute("value")
    api(page, "POST", "/bookings", {"service_id": service_id, "starts_at": starts_at})
    review.get_by_role("button", name=viewer.words("booking.book_this")).click()
    refusal = page.get_by_test_id("booking-panel").get_by_role("alert")
    expect(refusal).to_have_text(viewer.words("error.slot_taken"))
    expect(refusal).to_be_focused()
    # the same day's times, drawn again, no longer offer it
    expect(page.locator(f"[data-starts='{starts_at}']")).to_have_count(0)
    assert pressed_date(page, viewer) == chosen_day
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []
