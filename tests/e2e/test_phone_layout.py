"""Every customer page on the narrowest phone (320 px, in French, whose words run longest)
and on a desktop at 200% text size: nothing wider than the screen, so no sideways scrolling,
and on the phone every control at least a finger's size (44 × 44 px, WCAG 2.5.5). The pages
come from web/js/nav.js (tests/e2e/customer_pages.py), so a new one is measured too."""

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.customer_pages import api, customer_pages, path_for, prepare

pytestmark = pytest.mark.browser

TAP = 44
# What sticks out of the viewport, and which controls are smaller than TAP. A checkbox, a
# radio or a file chooser is tapped through its label, so the label is what is measured. Links inside a sentence
# are exempt (WCAG 2.5.5's "inline" exception); menu, bottom-bar and button-like links are not.
MEASURE = """(tap) => {
  const width = document.documentElement.clientWidth;
  const visible = (element) => element.checkVisibility({ visibilityProperty: true });
  const name = (element) => {
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    return `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} "${text.slice(0, 30)}"`;
  };
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (!visible(element) || element.closest(".table-scroll, .day-strip, [data-scrolls]")) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(`${name(element)} ends at ${Math.round(box.right)} px`);
  }
  const small = [];
  const controls = "button, select, textarea, input:not([type=hidden]), a.button, .site-nav a, .tab-bar a";
  for (const control of document.querySelectorAll(controls)) {
    if (!visible(control)) continue;
    let target = control;
    if (control.matches("input[type=checkbox], input[type=radio], input[type=file]")) {
      // The largest of its labels: a file chooser has its field's label and a button-like one.
      const labels = [...(control.labels || [])].filter(visible);
      const area = (element) => element.getBoundingClientRect().width * element.getBoundingClientRect().height;
      target = labels.sort((one, other) => area(other) - area(one))[0] || control;
    }
    const box = target.getBoundingClientRect();
    if (box.height < tap - 0.5 || box.width < tap - 0.5) {
      small.push(`${name(control)} is ${Math.round(box.width)} × ${Math.round(box.height)} px`);
    }
  }
  return { overflow: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5), small };
}"""


def _measure(page: Page, url: str) -> dict[str, object]:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_load_state("networkidle")
    result: dict[str, object] = page.evaluate(MEASURE, TAP)
    return result


@pytest.mark.parametrize(
    ("viewport", "text_size", "language"),
    [({"width": 320, "height": 640}, "100%", "fr"), ({"width": 1280, "height": 800}, "200%", "en")],
    ids=["phone-320-fr", "desktop-200%-text"],
)
def test_no_page_scrolls_sideways_and_every_control_takes_a_finger(
    browser: Browser,
    portal_url: str,
    open_as: Callable[..., Page],
    viewport: dict[str, int],
    text_size: str,
    language: str,
) -> None:
    customer = open_as("demo", viewport=viewport)
    ids, _names = prepare(customer)
    api(customer, "PATCH", "/customers/profile", {"language": language})
    guest = browser.new_context(viewport=viewport).new_page()
    for page in (customer, guest):
        page.context.add_init_script(f"localStorage.setItem('portal.language', {json.dumps(language)})")
        # The reader's text size, as a browser setting scales it: the root's, and every rem with it.
        page.context.add_init_script(
            f"document.addEventListener('DOMContentLoaded', () => "
            f"document.documentElement.style.setProperty('font-size', {json.dumps(text_size)}))"
        )
    findings = []
    for pattern, who in customer_pages():
        path = path_for(pattern, ids)
        page = guest if who == "guest" else customer
        found = _measure(page, f"{portal_url}{path}")
        if found["overflow"] or found["wide"]:
            findings.append(f"{path}: {found['overflow']} px wider than the screen: {found['wide']}")
        if text_size == "100%" and found["small"]:
            findings.append(f"{path}: controls smaller than {TAP} px: {found['small']}")
    api(customer, "PATCH", "/customers/profile", {"language": "en"})
    guest.context.close()
    assert not findings, "\n".join(findings)
