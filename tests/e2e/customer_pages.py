"""The customer side's pages, read from web/js/nav.js so a new page cannot be forgotten, and
the data that gives every detail page something to show: for the tests that visit them all."""

import re
from typing import Any

from playwright.sync_api import Page

from tests.e2e.conftest import ROOT

WEB = ROOT / "web"
CUSTOMER_SIDE = {"customer", "anyone", "guest"}

# The page's own way to the API: same origin, its cookies, the CSRF echo on writes.
API = """async ([method, path, body]) => {
  const match = document.cookie.match(/(?:^|;\\s*)csrf_token=([^;]+)/);
  const headers = { Accept: "application/json", "Idempotency-Key": `e2e-${crypto.randomUUID()}` };
  if (method !== "GET") headers["X-CSRF-Token"] = match ? decodeURIComponent(match[1]) : "";
  if (body !== null) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api${path}`, {
    method, headers, credentials: "same-origin", body: body === null ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : null };
}"""


def customer_pages() -> list[tuple[str, str]]:
    """(path pattern, who) of every page of nav.js's PAGES a customer or a guest can open."""
    source = (WEB / "js" / "nav.js").read_text()
    entries = re.split(r"(?=\bpath:\s*/)", source)[1:]
    pages = []
    for entry in entries:
        pattern = re.match(r"path:\s*/(.+?)/,", entry)
        who = re.search(r"""\bwho:\s*["'](\w+)["']""", entry)
        assert pattern, f"nav.js: cannot read the path of {entry[:80]!r}"
        assert who, f"nav.js: cannot read who sees {entry[:80]!r}"
        if who.group(1) in CUSTOMER_SIDE:
            pages.append((pattern.group(1).replace("\\/", "/"), who.group(1)))
    assert len(pages) > 10, f"nav.js: found only {pages}"
    return pages


def path_for(pattern: str, ids: dict[str, str]) -> str:
    """A path the pattern matches: literal, or its one id filled from `ids` by what precedes it."""
    literal = pattern.removeprefix("^").removesuffix("$")
    if "(" not in literal:
        return literal
    prefix = literal.split("(", 1)[0]
    assert prefix in ids, f"nav.js has a customer page {pattern!r} and this test knows no id for it: add one"
    return prefix + ids[prefix]


def api(page: Page, method: str, path: str, body: Any = None) -> Any:
    reply = page.evaluate(API, [method, path, body])
    assert reply["status"] < 300, f"{method} {path}: {reply}"
    return reply["data"]


def items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return data
    for name in ("items", "orders", "invoices", "tickets", "products"):
        if isinstance(data, dict) and isinstance(data.get(name), list):
            return list(data[name])
    raise AssertionError(f"no list in {data}")


def prepare(customer: Page) -> tuple[dict[str, str], set[str]]:
    """An order, a ticket and a cart with something in it (and a demo help article); the ids of
    the detail pages and the names (data, not messages) the pages will show."""
    products = items(api(customer, "GET", "/orders/catalogue?limit=50"))
    assert products, "the demo catalogue is empty"
    api(customer, "POST", "/orders/cart/lines", {"product_id": products[0]["product_id"], "quantity": 2})
    cart = api(customer, "GET", "/orders/cart")
    order = api(customer, "POST", "/orders", {"cart_id": cart["cart_id"], "expected_total": cart["total"]})
    api(customer, "POST", "/orders/cart/lines", {"product_id": products[1]["product_id"], "quantity": 1})
    ticket = api(
        customer,
        "POST",
        "/tickets",
        {"kind": "question", "subject": "Beans", "description": "Are they fresh?", "priority": "normal"},
    )
    invoices = items(api(customer, "GET", "/payments/invoices?limit=10"))
    assert invoices, "the demo customer has no invoice"
    articles = api(customer, "GET", "/tickets/help/articles?limit=1")["articles"]
    assert articles, "the demo help centre has no published article"
    profile = api(customer, "GET", "/customers/profile")
    portal = api(customer, "GET", "/portal")  # the business's name
    data = {profile.get("name", ""), portal.get("business_name", "") if isinstance(portal, dict) else ""}
    data |= {product["name"] for product in products}
    ids = {
        "/orders/": order["order_id"],
        "/invoices/": invoices[0]["invoice_id"],
        "/support/": ticket["ticket_id"],
        "/help/": articles[0]["article_id"],
    }
    return ids, {text for text in data if text}
