"""The web shell in Debian's Chromium: frame, languages, small screens, accessibility."""

import json
import urllib.request

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")


def test_the_shell_shows_the_business_and_a_guest_the_way_in(page: Page, portal_url: str) -> None:
    _open(page, portal_url)

    expect(page.locator("#business-name")).to_have_text("Northwind Supplies")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Northwind Supplies")
    # A working service goes without saying: no status card, one primary way in.
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_count(0)
    sign_in = page.get_by_role("main").get_by_role("link", name="Sign in")
    expect(sign_in).to_have_class("button primary")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Home")).to_have_attribute(
        "aria-current", "page"
    )
    sign_in.click()
    expect(page).to_have_url(f"{portal_url}/signin")


def test_a_service_out_of_reach_says_so_with_try_again(page: Page, portal_url: str) -> None:
    page.route("**/api/portal/health", lambda route: route.abort())
    _open(page, portal_url)

    failure = page.get_by_test_id("page-failure")
    expect(failure).to_contain_text(Words("en")("error.offline"))
    assert serious_accessibility_findings(page) == []
    page.unroute("**/api/portal/health")
    failure.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Northwind Supplies")


def test_a_link_followed_marks_the_old_page_busy_until_the_new_one_is_drawn(page: Page, portal_url: str) -> None:
    # The session is read again before the next page is drawn; while that answer is on its way
    # the page on screen is already the old one, and must say so (axe, or a reader, would
    # otherwise take the old page for the new one and see it dimmed part-way).
    _open(page, f"{portal_url}/no/such/page")
    held: list[Route] = []
    page.route("**/api/auth/session", lambda route: held.append(route))

    page.get_by_role("link", name="Back to the home page").click()

    expect(page.locator("main[aria-busy='true']")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/api/auth/session")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Northwind Supplies")
    expect(page.locator("main:not([aria-busy])")).to_have_count(1)


def test_switching_language_translates_the_page_and_is_remembered(page: Page, portal_url: str) -> None:
    _open(page, portal_url)

    page.get_by_label("Language").select_option("fr")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue chez Northwind Supplies")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.get_by_role("link", name="Accueil")).to_be_visible()
    page.get_by_label("Langue").select_option("fi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa, Northwind Supplies")
    page.get_by_label("Kieli").select_option("pl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        Words("pl")("home.heading", business="Northwind Supplies")
    )
    expect(page.get_by_role("main").get_by_role("link", name=Words("pl")("nav.signin"))).to_be_visible()


def test_an_unknown_page_says_so_in_the_chosen_language(page: Page, portal_url: str) -> None:
    _open(page, f"{portal_url}/no/such/page")

    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("link", name="Back to the home page").click()
    expect(page).to_have_url(f"{portal_url}/")


@pytest.mark.parametrize("language", ["en", "fr", "pl", "fi"])
def test_no_serious_accessibility_finding_in_any_language(page: Page, portal_url: str, language: str) -> None:
    _open(page, portal_url)
    page.get_by_role("combobox").select_option(language)
    page.wait_for_function(f"document.documentElement.lang === '{language}'")

    assert serious_accessibility_findings(page) == []


def test_at_360_pixels_nothing_overflows_and_the_menu_opens(browser: object, portal_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    _open(page, portal_url)

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    nav_link = page.get_by_role("link", name="Home")
    expect(nav_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(nav_link).to_be_visible()
    assert serious_accessibility_findings(page) == []
    context.close()


def test_the_outbox_page_and_json_are_served(page: Page, portal_url: str) -> None:
    page.goto(f"{portal_url}/dev/outbox")

    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    assert serious_accessibility_findings(page) == []
    with urllib.request.urlopen(f"{portal_url}/dev/outbox.json") as reply:  # noqa: S310 - our own local URL
        assert isinstance(json.loads(reply.read()), list)
