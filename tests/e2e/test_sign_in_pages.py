"""Signing in, the profile and the operator's customer pages, in Debian's Chromium."""

import json
import re
import urllib.request
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import latest_code, serious_accessibility_findings, sign_in

pytestmark = pytest.mark.browser


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_demo_signs_in_with_the_code_sent_by_text_and_edits_the_profile(page: Page, portal_url: str) -> None:
    sign_in(page, portal_url, "demo@example.com", "+15555550100")

    expect(page.get_by_text("Hello, Dana Demo.")).to_be_visible()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    assert serious_accessibility_findings(page) == []
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save").click()  # checked before anything is sent
    expect(page.locator("#name-error")).to_have_text("This field is required.")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.get_by_label("Name", exact=True).fill("Dana D. Demo")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_focused()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("main").get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(f"{portal_url}/profile")
    expect(page).to_have_url(f"{portal_url}/signin")


def _subjects_to(portal_url: str, to: str) -> list[str]:
    with urllib.request.urlopen(f"{portal_url}/dev/outbox.json") as reply:  # noqa: S310 - our own local URL
        return [m["subject"] for m in json.loads(reply.read()) if m["to"] == to]


def test_a_new_notification_e_mail_takes_effect_with_its_code_and_the_old_address_is_told(
    open_as: Callable[..., Page], portal_url: str
) -> None:
    page = open_as("demo", "/profile")
    expect(page.get_by_text("Notifications and invoices go to your sign-in e-mail, demo@example.com.")).to_be_visible()

    page.get_by_label("Send them to another e-mail address").fill("dana.bills@example.com")
    page.get_by_role("button", name="Send a code to this address").click()
    expect(page.get_by_text("We sent a code to dana.bills@example.com.", exact=False)).to_be_visible()
    assert serious_accessibility_findings(page) == []
    page.get_by_label("6-digit code").fill(_wrong(latest_code(portal_url, "dana.bills@example.com")))
    page.get_by_role("button", name="Confirm the address").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    page.get_by_label("6-digit code").fill(latest_code(portal_url, "dana.bills@example.com"))
    page.get_by_role("button", name="Confirm the address").click()

    expect(
        page.get_by_role("status").filter(has_text="Notifications now go to dana.bills@example.com.")
    ).to_be_visible()
    expect(page.get_by_text("Notifications and invoices go to dana.bills@example.com.")).to_be_visible()
    told = "Your Northwind Supplies notifications now go to another address"
    assert told in _subjects_to(portal_url, "demo@example.com")

    # Back to the sign-in e-mail, so the other pages' tests find Dana's messages where they were.
    page.get_by_role("button", name="Send them to my sign-in e-mail instead").click()
    expect(page.get_by_role("status").filter(has_text="Notifications now go to your sign-in e-mail.")).to_be_visible()
    assert told in _subjects_to(portal_url, "dana.bills@example.com")


def test_lea_signs_in_in_french_by_e_mail(browser: Browser, portal_url: str) -> None:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(f"{portal_url}/signin")
    page.wait_for_selector("body[data-ready='true']")

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    expect(page.locator("#signin-language")).to_have_value("fr")
    assert serious_accessibility_findings(page) == []
    page.get_by_label("Adresse e-mail ou numéro de mobile").fill("lea@example.com")
    page.get_by_role("button", name="M’envoyer un code").click()
    expect(page.get_by_role("button", name=re.compile(r"Envoyer un nouveau code \(dans \d+ s\)"))).to_be_disabled()
    page.get_by_label("Code à 6 chiffres").fill(
        "000000" if latest_code(portal_url, "lea@example.com") != "000000" else "111111"
    )
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Ce code n’est pas le bon")
    page.get_by_label("Code à 6 chiffres").fill(latest_code(portal_url, "lea@example.com"))
    page.get_by_role("button", name="Se connecter", exact=True).click()

    expect(page.get_by_text("Bonjour, Léa Martin.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()


def test_the_operator_creates_finds_and_deactivates_a_customer(page: Page, portal_url: str) -> None:
    sign_in(page, portal_url, "staff@example.com", "staff@example.com")

    expect(page.get_by_role("heading", level=1)).to_have_text("Customers")
    expect(page.get_by_role("link", name=re.compile("^Dana"))).to_be_visible()
    assert serious_accessibility_findings(page) == []
    page.get_by_label("Name", exact=True).fill("Olli Virtanen")
    page.get_by_label("E-mail", exact=True).fill("olli@example.com")
    page.get_by_label("Mobile", exact=True).fill("+358 40 123 4567")
    page.get_by_role("main").get_by_label("Language").select_option("fi")
    page.get_by_role("button", name="Create the customer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Olli Virtanen")
    page.get_by_role("link", name="Back to the customers").click()
    page.get_by_label("Search by name, e-mail or mobile").fill("olli")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name="Olli Virtanen")).to_be_visible()
    page.get_by_role("link", name="Olli Virtanen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Olli Virtanen")
    expect(page.get_by_role("main")).not_to_have_attribute("aria-busy", "true")
    assert serious_accessibility_findings(page) == []
    page.get_by_role("button", name="Deactivate").click()
    question = page.get_by_role("dialog")
    expect(question).to_contain_text("Deactivate Olli Virtanen?")
    question.get_by_role("button", name="No, keep it").click()
    expect(question).to_have_count(0)
    page.get_by_role("button", name="Deactivate").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, go ahead").click()
    expect(page.get_by_role("status").filter(has_text="The customer is deactivated.")).to_be_focused()
    expect(page.get_by_role("main").get_by_text("Deactivated", exact=True)).to_be_visible()


def test_a_duplicate_e_mail_is_explained(page: Page, portal_url: str) -> None:
    sign_in(page, portal_url, "staff@example.com", "staff@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Customers")

    page.get_by_label("Name", exact=True).fill("Copy")
    page.get_by_label("E-mail", exact=True).fill("demo@example.com")
    page.get_by_role("button", name="Create the customer").click()

    expect(page.get_by_role("alert")).to_contain_text("already used")
    expect(page.get_by_label("E-mail", exact=True)).to_have_attribute("aria-invalid", "true")


def test_an_expired_session_is_renewed_once_by_the_sign_in_api_and_the_call_goes_through(
    open_as: Callable[..., Page],
) -> None:
    """Every part of the API checks the session itself; only sign-in renews it. A call whose
    access token is no longer good gets 401 session_expired; the page's API helper renews
    once (one renewal for the calls that met it together) and sends each call again."""
    page = open_as("demo", "/billing")
    access = next(c for c in page.context.cookies() if c["name"] == "portal_access")
    page.context.add_cookies([{**access, "value": "no.longer.good"}])
    seen: list[tuple[str, int]] = []
    page.on("response", lambda reply: seen.append((reply.url.split("/api", 1)[-1], reply.status)))

    currencies = page.evaluate(
        """async () => {
          const { api } = await import("/js/api.js");
          const calls = [api("GET", "/payments/account"), api("GET", "/payments/invoices")];
          const [account, invoices] = await Promise.all(calls);
          return [account.currency, invoices.items.length > 0];
        }"""
    )

    assert currencies == ["EUR", True]
    assert [path for path, _ in seen].count("/auth/refresh") == 1
    assert ("/payments/account", 401) in seen
    assert ("/payments/account", 200) in seen
    renewed = next(c for c in page.context.cookies() if c["name"] == "portal_access")
    assert renewed["value"].count(".") == 2
