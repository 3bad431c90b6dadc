"""Signed-in devices (issue 20), in the browser, on a 360 px phone in French and a desktop in
English: one customer signed in from two browsers (one marked "this is my device") sees both
on the sessions page, signs the other out, and that other browser's next page is the sign-in.
axe finds nothing serious on the page."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.accounts import new_company, signed_in_as
from tests.e2e.conftest import Viewer, choose_language, open_menu_entry, serious_accessibility_findings, sign_in

pytestmark = pytest.mark.browser


def _sign_in_on_my_device(page: Page, portal_url: str, email: str, viewer: Viewer) -> None:
    """Sign in through the page with "this is my device" ticked, then read it in the viewer's language."""
    sign_in(page, portal_url, email, email, my_device=True)
    expect(page.locator("body[data-person='customer']")).to_have_count(1)
    choose_language(page, viewer.language)


def test_a_customer_signs_out_their_other_browser_from_the_sessions_page(
    staff: Page, contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    # Given one customer signed in from two browsers, the first marked as theirs
    email = f"sam.{viewer.name}@sessions.example"
    new_company(staff, f"Sessions Oy {viewer.name}", "Sam Sessions", email)
    mine, other = contexts(viewer), contexts(viewer)
    _sign_in_on_my_device(mine, portal_url, email, viewer)
    signed_in_as(other, portal_url, email, viewer)

    # When the first opens the sessions page
    open_menu_entry(mine, viewer, "nav.sessions")

    # Then both devices are listed, this one marked and remembered, the place unknown here
    expect(mine.get_by_role("heading", level=1)).to_have_text(viewer.words("sessions.heading"))
    cards = mine.get_by_test_id("session")
    expect(cards).to_have_count(2)
    this_one = cards.filter(has_text=viewer.words("sessions.this_device"))
    expect(this_one).to_have_count(1)
    expect(this_one).to_contain_text(viewer.words.pattern("sessions.remembered"))
    expect(cards.first).to_contain_text(viewer.words("sessions.place.unknown"))
    assert serious_accessibility_findings(mine) == []

    # When it signs the other browser out, after confirming
    the_other = cards.filter(has_not_text=viewer.words("sessions.this_device"))
    the_other.get_by_role("button", name=viewer.words.pattern("sessions.revoke_named")).click()
    mine.get_by_role("button", name=viewer.words("sessions.revoke.yes")).click()

    # Then the page says so and lists this device only
    expect(mine.get_by_role("status").filter(has_text=viewer.words.pattern("sessions.revoked"))).to_be_visible()
    expect(cards).to_have_count(1)
    expect(mine.get_by_role("button", name=viewer.words("sessions.others"))).to_have_count(0)

    # And the other browser's next page is the sign-in page, while this one stays signed in
    other.goto(f"{portal_url}/orders")
    expect(other).to_have_url(re.compile(r"/signin$"))
    mine.goto(f"{portal_url}/orders")
    expect(mine).to_have_url(re.compile(r"/orders$"))
