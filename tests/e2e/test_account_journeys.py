"""The account journeys on a 360 px phone in French and a 1280 px desktop in English: a guest
finds the way in, chooses their language on the sign-in page, signs in with the code from the
outbox and lands on a dashboard whose first screen shows what is due with Pay; the menu groups
its entries (behind the Menu button on a phone, closing once an entry is followed); a language
saved on the profile is the page's at once. axe finds nothing serious on any page visited.

Dana (the demo customer) signs in once per viewer here, so one test does it all: two of the
three codes an hour the sign-in policy sends her phone."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import (
    CODE_SENT_TIMEOUT_MS,
    PEOPLE,
    Viewer,
    Words,
    latest_code,
    open_menu_entry,
    serious_accessibility_findings,
)

pytestmark = pytest.mark.browser

DANA = "Dana Demo"


@pytest.fixture
def guest(browser: Browser, viewer: Viewer) -> Iterator[Page]:
    context = browser.new_context(viewport=viewer.viewport, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _first_screen_shows(page: Page, viewer: Viewer, locator: Locator) -> None:
    """The element is on screen without scrolling, and not under a phone's bottom bar."""
    box = locator.bounding_box()
    assert box is not None
    bottom = viewer.viewport["height"]
    bar = page.locator("#tab-bar")
    if bar.is_visible():
        bar_box = bar.bounding_box()
        assert bar_box is not None
        bottom = int(bar_box["y"])
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= bottom, f"{box} is below the first screen ({bottom} px)"


def _sign_in_in_the_viewers_language(page: Page, portal_url: str, viewer: Viewer) -> None:
    words = viewer.words
    page.goto(portal_url)
    page.wait_for_selector("body[data-ready='true']")
    # A guest's home: the business's welcome and the way in, in the browser's language.
    shown = Words(page.locator("html").get_attribute("lang") or "en")
    page.get_by_role("main").get_by_role("link", name=shown("nav.signin")).click()
    expect(page).to_have_url(f"{portal_url}/signin")

    # The language is chosen on the sign-in page itself, which switches at once.
    page.locator("#signin-language").select_option(viewer.language)
    expect(page.locator("html")).to_have_attribute("lang", viewer.language)
    expect(page.get_by_role("heading", level=1)).to_have_text(words("signin.heading"))
    assert serious_accessibility_findings(page) == []

    identifier, code_to = PEOPLE["demo"]
    page.get_by_label(words("signin.identifier")).fill(identifier)
    page.get_by_role("button", name=words("signin.send")).click()
    code = page.get_by_label(words("signin.code"))
    expect(code).to_be_focused(timeout=CODE_SENT_TIMEOUT_MS)
    expect(page.get_by_role("button", name=words.pattern("signin.resend.wait"))).to_be_disabled()
    assert serious_accessibility_findings(page) == []
    code.fill(latest_code(portal_url, code_to))
    page.get_by_role("button", name=words("signin.verify"), exact=True).click()


def test_a_guest_signs_in_sees_what_is_due_finds_the_menu_and_changes_language(
    guest: Page, portal_url: str, viewer: Viewer
) -> None:
    words = viewer.words
    _sign_in_in_the_viewers_language(guest, portal_url, viewer)

    # The first screen: what is due with Pay, and what else waits (a new document, unread news).
    expect(guest.get_by_role("heading", level=1)).to_have_text(words("home.greeting", name=DANA))
    expect(guest.locator("html")).to_have_attribute("lang", viewer.language)
    due = guest.get_by_test_id("amount-due")
    expect(due).to_contain_text("€")
    pay = guest.get_by_role("link", name=words("dashboard.pay"))
    expect(pay).to_have_attribute("href", "/billing")
    for shown in (due, pay, guest.get_by_test_id("new-documents"), guest.get_by_test_id("unread-notifications")):
        _first_screen_shows(guest, viewer, shown)
    assert serious_accessibility_findings(guest) == []

    # The menu: grouped, sign-out at its foot; on a phone behind Menu, closed once followed.
    menu = guest.get_by_role("navigation", name=words("nav.label"))
    toggle = guest.get_by_role("button", name=words("nav.menu"))
    if viewer.phone:
        expect(menu).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    else:
        expect(toggle).to_be_hidden()
    expect(menu).to_be_visible()
    for group in ("overview", "shop", "billing", "account"):
        expect(menu.get_by_role("heading", name=words(f"nav.group.{group}"))).to_be_visible()
    expect(menu.get_by_role("button", name=words("nav.signout"))).to_be_visible()
    assert serious_accessibility_findings(guest) == []

    menu.get_by_role("link", name=words("nav.profile"), exact=True).click()
    expect(guest.get_by_role("heading", level=1)).to_have_text(words("profile.heading"))
    if viewer.phone:
        expect(menu).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
    else:
        expect(menu.get_by_role("link", name=words("nav.profile"), exact=True)).to_have_attribute(
            "aria-current", "page"
        )
    assert serious_accessibility_findings(guest) == []

    # A language saved on the profile is the page's at once; then back to the viewer's.
    polish = Words("pl")
    guest.get_by_role("main").get_by_label(words("profile.language")).select_option("pl")
    guest.get_by_role("button", name=words("profile.save")).click()
    expect(guest.locator("html")).to_have_attribute("lang", "pl")
    expect(guest.get_by_role("heading", level=1)).to_have_text(polish("profile.heading"))
    expect(guest.get_by_role("status").filter(has_text=polish("profile.saved"))).to_be_focused()
    assert serious_accessibility_findings(guest) == []

    guest.get_by_role("main").get_by_label(polish("profile.language")).select_option(viewer.language)
    guest.get_by_role("button", name=polish("profile.save")).click()
    expect(guest.get_by_role("heading", level=1)).to_have_text(words("profile.heading"))
    expect(guest.get_by_role("status").filter(has_text=words("profile.saved"))).to_be_visible()
    expect(guest.locator("html")).to_have_attribute("lang", viewer.language)
    assert serious_accessibility_findings(guest) == []

    # Pay on the dashboard leads to billing.
    open_menu_entry(guest, viewer, "nav.home")
    guest.get_by_role("link", name=words("dashboard.pay")).click()
    expect(guest).to_have_url(f"{portal_url}/billing")
