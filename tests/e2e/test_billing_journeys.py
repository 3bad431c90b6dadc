"""Paying, as a person does it, on a 360 px phone in French and on a desktop in English: part of
one invoice; a card the bank declines, its reason in the reader's language, and Try again with a
good card; an invoice's totals and VAT on screen. axe finds nothing serious on any page visited.

The demo customer starts with two open invoices (local/demo.py); each test pays a little of
one, so the order the tests run in does not matter."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings

pytestmark = pytest.mark.browser

GOOD_CARD = "4242 4242 4242 4242"
NO_FUNDS_CARD = "4000 0000 0000 9995"  # the sandbox declines it: insufficient_funds


def money(page: Page, minor: int) -> str:
    """Euros as the page writes them in its language (Intl, as web/js/ui.js does)."""
    return str(
        page.evaluate(
            "(minor) => new Intl.NumberFormat(document.documentElement.lang,"
            " {style: 'currency', currency: 'EUR'}).format(minor / 100)",
            minor,
        )
    )


def typed(viewer: Viewer, minor: int) -> str:
    """An amount as a person types it: 10,00 in French, 10.00 in English."""
    text = f"{minor // 100}.{minor % 100:02d}"
    return text.replace(".", ",") if viewer.language == "fr" else text


def account(page: Page) -> dict[str, Any]:
    reply: dict[str, Any] = page.evaluate("() => fetch('/api/payments/account').then((r) => r.json())")
    return reply


def open_invoice(page: Page, number: str) -> dict[str, Any]:
    reply: dict[str, Any] = page.evaluate("() => fetch('/api/payments/invoices?status=open').then((r) => r.json())")
    return next(invoice for invoice in reply["items"] if invoice["invoice_number"] == number)


def open_billing(open_as: Callable[..., Page], viewer: Viewer) -> Page:
    page = open_as("demo", "/", viewer=viewer)
    open_menu_entry(page, viewer, "nav.billing")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("billing.heading"))
    return page


def choose_only(page: Page, viewer: Viewer, index: int) -> str:
    """Leave one open invoice chosen (the index-th, earliest due first); its number."""
    open_invoices = page.get_by_role("table", name=viewer.words("billing.open"))
    boxes = open_invoices.get_by_role("checkbox", name=viewer.words.pattern("billing.pay_this"))
    expect(boxes).to_have_count(2)
    for box in boxes.all():
        box.uncheck()
    boxes.nth(index).check()
    return open_invoices.locator("tbody th").nth(index).inner_text()


def pay_with_card(page: Page, viewer: Viewer, card: str, amount: str) -> None:
    page.get_by_label(viewer.words("pay.card.number")).fill(card)
    page.get_by_label(viewer.words("pay.card.expiry")).fill("12/30")
    page.get_by_label(viewer.words("pay.card.cvc")).fill("123")
    page.get_by_role("button", name=viewer.words("pay.card.submit", amount=amount)).click()


def review_and_start(page: Page, viewer: Viewer, amount: str) -> None:
    page.get_by_role("button", name=viewer.words("billing.review")).click()
    review = page.get_by_role("region", name=viewer.words("pay.review"))
    expect(review).to_contain_text(viewer.words("pay.review.total", amount=amount))
    assert serious_accessibility_findings(page) == []
    review.get_by_role("button", name=viewer.words("pay.start", amount=amount)).click()


def within_width(page: Page, box: Locator, viewer: Viewer) -> None:
    bounds = box.bounding_box()
    assert bounds is not None
    assert bounds["x"] >= 0
    assert bounds["x"] + bounds["width"] <= viewer.viewport["width"], bounds


def test_a_customer_pays_part_of_one_invoice_and_sees_the_new_balance(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    page = open_billing(open_as, viewer)
    # The one next action is on the first screen, whatever the screen.
    review = page.get_by_role("button", name=viewer.words("billing.review"))
    expect(review).to_be_in_viewport()
    assert serious_accessibility_findings(page) == []
    due_before = account(page)["amount_due"]

    number = choose_only(page, viewer, 0)
    choice = page.locator("label").filter(
        has=page.get_by_role("checkbox", name=viewer.words("billing.pay_this", number=number))
    )
    choice_box = choice.bounding_box()
    assert choice_box is not None
    assert choice_box["height"] >= 44, choice_box  # a finger's size, the checkbox and its words
    amount_field = page.get_by_label(viewer.words("billing.amount_for", number=number))
    within_width(page, amount_field, viewer)

    # More than is left is said beside the field, before anything is sent.
    remaining = open_invoice(page, number)["remaining"]
    amount_field.fill(typed(viewer, remaining + 100))
    page.get_by_role("button", name=viewer.words("billing.review")).click()
    expect(amount_field).to_have_attribute("aria-invalid", "true")
    expect(amount_field).to_have_accessible_description(viewer.words("reason.too_large", limit=money(page, remaining)))
    expect(page.get_by_role("region", name=viewer.words("pay.review"))).to_have_count(0)

    part = 1000
    amount_field.fill(typed(viewer, part))
    review_and_start(page, viewer, money(page, part))
    pay_with_card(page, viewer, GOOD_CARD, money(page, part))

    result = page.get_by_role("status").filter(has_text=viewer.words("pay.done", amount=money(page, part)))
    expect(result).to_be_focused()
    expect(result).to_contain_text(viewer.words("pay.review.line", number=number, amount=money(page, part)))
    expect(result).to_contain_text(viewer.words("pay.due_now", amount=money(page, due_before - part)))
    expect(result.get_by_role("button", name=viewer.words("billing.receipt"))).to_be_visible()
    expect(page.get_by_test_id("amount-due")).to_have_text(money(page, due_before - part))
    assert serious_accessibility_findings(page) == []


def test_a_declined_card_says_why_and_a_retry_with_a_good_card_pays(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    page = open_billing(open_as, viewer)
    due_before = account(page)["amount_due"]
    number = choose_only(page, viewer, 1)
    part = 500
    page.get_by_label(viewer.words("billing.amount_for", number=number)).fill(typed(viewer, part))
    review_and_start(page, viewer, money(page, part))
    pay_with_card(page, viewer, NO_FUNDS_CARD, money(page, part))

    declined = page.get_by_role("alert").filter(has_text=viewer.words("pay.declined"))
    expect(declined).to_be_focused()
    expect(declined).to_contain_text(viewer.words("decline.insufficient_funds"))
    expect(page.get_by_test_id("amount-due")).to_have_text(money(page, due_before))
    assert serious_accessibility_findings(page) == []

    # Try again keeps what was chosen: the card form asks for the same amount.
    declined.get_by_role("button", name=viewer.words("pay.retry")).click()
    pay_with_card(page, viewer, GOOD_CARD, money(page, part))
    result = page.get_by_role("status").filter(has_text=viewer.words("pay.done", amount=money(page, part)))
    expect(result).to_contain_text(viewer.words("pay.review.line", number=number, amount=money(page, part)))
    expect(page.get_by_test_id("amount-due")).to_have_text(money(page, due_before - part))
    assert serious_accessibility_findings(page) == []


def test_an_invoice_shows_its_totals_and_vat_within_the_screen(open_as: Callable[..., Page], viewer: Viewer) -> None:
    page = open_billing(open_as, viewer)
    invoices = page.get_by_role("table", name=viewer.words("billing.invoices"))
    link = invoices.get_by_role("link", name=re.compile(r"^INV-")).first
    number = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("invoice.heading", number=number))

    totals = page.get_by_test_id("invoice-totals")
    expect(totals).to_contain_text(viewer.words("cart.subtotal"))
    expect(totals.get_by_text(viewer.words.pattern("invoice.vat_at"))).to_be_visible()
    expect(totals.get_by_text(viewer.words("cart.total"), exact=True)).to_be_visible()
    for figure in totals.locator("dd").all():
        within_width(page, figure, viewer)
    download = page.get_by_role("button", name=viewer.words("invoice.pdf"))
    within_width(page, download, viewer)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewer.viewport["width"], f"the page is {width} px wide"
    assert serious_accessibility_findings(page) == []

    # Pay this invoice brings it, and only it, to the payment form.
    page.get_by_role("link", name=viewer.words("invoice.pay")).click()
    open_invoices = page.get_by_role("table", name=viewer.words("billing.open"))
    expect(open_invoices.get_by_role("checkbox", name=viewer.words("billing.pay_this", number=number))).to_be_checked()
    expect(open_invoices.get_by_role("checkbox", checked=True)).to_have_count(1)


def test_the_statement_shows_a_period_with_its_opening_and_closing_balance(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    page = open_billing(open_as, viewer)
    page.get_by_role("link", name=viewer.words("billing.statement_link")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("statement.heading"))
    expect(page.get_by_test_id("opening-balance")).to_have_text(money(page, 0))
    movements = page.get_by_role("table", name=viewer.words("statement.movements"))
    expect(movements.get_by_role("rowheader", name=re.compile(r"INV-\d+"))).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewer.viewport["width"], f"the page is {width} px wide"
    assert serious_accessibility_findings(page) == []

    # Last month was before the demo's invoices: nothing moved, and the page says so.
    page.get_by_label(viewer.words("statement.period")).select_option("last_month")
    page.get_by_role("button", name=viewer.words("statement.show")).click()
    expect(page.get_by_test_id("empty-state")).to_have_text(viewer.words("statement.none"))
    expect(page.get_by_test_id("closing-balance")).to_have_text(money(page, 0))
    assert serious_accessibility_findings(page) == []
