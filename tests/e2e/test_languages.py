"""Every customer page in French, Polish and Finnish, in Debian's Chromium: no text still in
English (a message whose translation differs, yet the page shows the English), no "null",
"undefined", "NaN", "[object Object]" or "Invalid Date", no raw message key and no message
missing from a catalogue. The pages come from web/js/nav.js, so a new one cannot be forgotten."""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import ROOT
from tests.e2e.customer_pages import api, customer_pages, path_for, prepare

pytestmark = pytest.mark.browser

WEB = ROOT / "web"
LANGUAGES = ("fr", "pl", "fi")
BROKEN = re.compile(r"\bnull\b|\bundefined\b|\bNaN\b|\[object Object\]|Invalid Date")
KEY_LIKE = re.compile(r"\b[a-z]+(?:\.[a-z_]+)+\b")
# Digits, punctuation, currency signs and spaces only: "12,50 €", "3/4", "—".
NOT_WORDS = re.compile(r"[\W\d_]*")

# Every visible text node, and the attributes and button values a person meets (read aloud
# or shown), of the page as it stands.
COLLECT = """() => {
  const seen = [];
  const visible = (element) => element && element.checkVisibility({ visibilityProperty: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ["SCRIPT", "STYLE", "TEMPLATE"].includes(parent.tagName)) continue;
    const shown = parent.tagName === "OPTION" ? visible(parent.closest("select")) : visible(parent);
    if (shown && node.textContent.trim()) seen.push(node.textContent);
  }
  for (const element of document.body.querySelectorAll("*")) {
    if (!visible(element) && !element.matches("[aria-label]")) continue;
    for (const name of ["aria-label", "placeholder", "title", "alt"]) {
      const value = element.getAttribute(name);
      if (value && value.trim()) seen.push(value);
    }
    if (element.matches("input[type=button], input[type=submit], input[type=reset]") && element.value) {
      seen.push(element.value);
    }
  }
  seen.push(document.title);
  return seen;
}"""


def _catalogue(language: str) -> dict[str, Any]:
    catalogue: dict[str, Any] = json.loads((WEB / "i18n" / f"{language}.json").read_text())
    return catalogue


def _forms(value: Any) -> set[str]:
    """Every text of a message: itself, or each form of a plural {"one": …, "other": …}."""
    if isinstance(value, dict):
        return {form.strip() for form in value.values() if isinstance(form, str)}
    return {value.strip()} if isinstance(value, str) else set()


class Messages:
    """What a language's texts must not look like."""

    def __init__(self, language: str) -> None:
        english, own = _catalogue("en"), _catalogue(language)
        self.keys = set(english)
        self.namespaces = {key.split(".", 1)[0] for key in english}
        self.english_only: dict[str, str] = {}  # an English text -> a key whose translation differs
        self.templates: list[tuple[re.Pattern[str], str]] = []  # the same for texts with {values}
        for key, value in english.items():
            for form in _forms(value) - _forms(own.get(key)):
                if "{" in form:
                    literal = re.sub(r"\{\w+\}", "", form)
                    if len(re.sub(r"[\W\d_]", "", literal)) >= 4:  # enough words to be telling
                        parts = re.split(r"\{\w+\}", form)
                        self.templates.append((re.compile(".+?".join(map(re.escape, parts)), re.DOTALL), key))
                else:
                    self.english_only.setdefault(form, key)

    def problems(self, text: str, data: set[str]) -> list[str]:
        found = []
        trimmed = " ".join(text.split())
        if BROKEN.search(trimmed):
            found.append("a broken value")
        # A key of the catalogues, or one of their namespaces that is in none yet ("nav.new").
        keys = [key for key in KEY_LIKE.findall(trimmed) if key.split(".", 1)[0] in self.namespaces]
        if keys:
            found.append(f"the raw message key {keys[0]}")
        if trimmed in data or NOT_WORDS.fullmatch(trimmed):
            return found
        if trimmed in self.english_only:
            found.append(f"English ({self.english_only[trimmed]})")
        else:
            for template, key in self.templates:
                if template.fullmatch(trimmed):
                    found.append(f"English ({key})")
                    break
        return found


def _visit(page: Page, url: str, console: list[str]) -> list[str]:
    console.clear()
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_load_state("networkidle")
    texts: list[str] = page.evaluate(COLLECT)
    return texts


def test_every_customer_page_speaks_the_customers_language(
    browser: Browser, portal_url: str, open_as: Callable[..., Page]
) -> None:
    customer = open_as("demo")
    ids, data = prepare(customer)
    pages = customer_pages()
    visits = [(pattern, who, path_for(pattern, ids)) for pattern, who in pages]
    visits.append(("^/$", "guest", "/"))  # the home page signed out too
    findings: dict[str, list[str]] = {}  # a finding -> where: "path [language]"
    visited: set[str] = set()
    console: list[str] = []
    customer.on("console", lambda message: console.append(message.text))

    for language in LANGUAGES:
        messages = Messages(language)
        api(customer, "PATCH", "/customers/profile", {"language": language})
        signed_out = browser.new_context()
        guest = signed_out.new_page()
        guest.on("console", lambda message: console.append(message.text))
        for page in (customer, guest):
            page.context.add_init_script(f"localStorage.setItem('portal.language', {json.dumps(language)})")
        for pattern, who, path in visits:
            page = guest if who == "guest" else customer
            texts = _visit(page, f"{portal_url}{path}", console)
            if not re.fullmatch(pattern, page.evaluate("location.pathname")):
                findings.setdefault(f"ended at {page.url}, not the page", []).append(f"{path} [{language}]")
                continue
            visited.add(pattern)
            shown = page.evaluate("document.documentElement.lang")
            if shown != language:
                findings.setdefault(f"the page is in {shown!r}", []).append(f"{path} [{language}]")
            for text in dict.fromkeys(texts):
                for problem in messages.problems(text, data):
                    finding = f"{problem}: {' '.join(text.split())!r}"
                    findings.setdefault(finding, []).append(f"{path} [{language}]")
            for line in dict.fromkeys(console):
                if "missing message" in line:
                    findings.setdefault(f"console: {re.sub(rf' in {language}$', ' in …', line)}", []).append(
                        f"{path} [{language}]"
                    )
        signed_out.close()
    api(customer, "PATCH", "/customers/profile", {"language": "en"})

    unvisited = [pattern for pattern, _who in pages if pattern not in visited]
    assert not unvisited, f"customer pages of nav.js not visited: {unvisited}"
    report = [f"{finding}\n    on {', '.join(places)}" for finding, places in findings.items()]
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(report)


def test_the_checks_tell_english_from_words_both_languages_share() -> None:
    french = Messages("fr")
    assert french.problems("Sign out", set()) == ["English (nav.signout)"]
    assert french.problems("Total", set()) == []  # "Total" in French too
    assert french.problems("Total: 12,50 €", set()) == ["English (order.total_line)"]  # with its value filled
    assert french.problems("Dana null", set()) == ["a broken value"]
    assert french.problems("orders.heading", set())[0] == "the raw message key orders.heading"
    assert french.problems("12,50 €", set()) == []


def test_the_pages_are_read_from_nav_js() -> None:
    pages = dict(customer_pages())
    assert pages["^/signin$"] == "guest"
    assert pages["^/orders/([^/]+)$"] == "customer"
    assert not any(pattern.startswith("^/console") for pattern in pages)
    assert Path(WEB / "js" / "nav.js").exists()
