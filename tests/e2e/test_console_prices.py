"""The console's price input in Debian's Chromium: a price is typed with its currency's own
decimals (ISO 4217, the server's table), three for the Kuwaiti dinar, none for the yen; a
refusal is said beside the price, each action's result beside the action."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser

WORDS = Words("en")


def _create(page: Page, name: str, price: str, currency: str) -> None:
    form = page.locator("form").filter(has=page.get_by_role("heading", name=WORDS("products.create")))
    form.get_by_label(WORDS("products.name"), exact=True).fill(name)
    form.get_by_label(WORDS("products.currency"), exact=True).fill(currency)
    form.get_by_label(WORDS("products.price"), exact=True).fill(price)
    form.get_by_role("button", name=WORDS("products.create.go")).click()


def test_an_operator_prices_products_in_dinars_and_yen_with_their_own_decimals(
    open_as: Callable[..., Page],
) -> None:
    page = open_as("staff", "/console/products")
    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS("products.heading"))

    _create(page, "Dates from Kuwait", "1.234", "KWD")
    expect(
        page.get_by_role("status").filter(has_text=WORDS("products.created", name="Dates from Kuwait"))
    ).to_be_focused()
    dinars = page.get_by_label(WORDS("products.price.of", name="Dates from Kuwait"), exact=True)
    expect(dinars).to_have_value("1.234")
    expect(dinars).to_have_attribute("step", "0.001")

    # The yen has no decimals: the page says so under the price, and refuses 1.5 beside it.
    price = page.get_by_label(WORDS("products.price"), exact=True)
    page.get_by_label(WORDS("products.currency"), exact=True).fill("JPY")
    expect(page.get_by_text(WORDS("products.price.hint", currency="JPY", count=0))).to_be_visible()
    _create(page, "Tea from Uji", "1.5", "JPY")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#product-price-error")).to_have_text(WORDS("reason.too_precise"))
    expect(price).to_be_focused()
    expect(page.get_by_label(WORDS("products.price.of", name="Tea from Uji"), exact=True)).to_have_count(0)

    _create(page, "Tea from Uji", "1500", "JPY")
    expect(page.get_by_label(WORDS("products.price.of", name="Tea from Uji"), exact=True)).to_have_value("1500")
    row = page.get_by_role("row", name=re.compile("Tea from Uji"))
    expect(row).to_contain_text("JPY")

    # A new price is saved with its own button and answered beside it, in the reader's money.
    row.get_by_label(WORDS("products.price.of", name="Tea from Uji"), exact=True).fill("1800")
    row.get_by_role("button", name=WORDS("products.save.of", name="Tea from Uji")).click()
    expect(row.get_by_role("status")).to_have_text(WORDS("products.saved", price="¥1,800"))

    # Taking off sale asks first; dismissed, nothing changes.
    take_off = row.get_by_role("button", name=WORDS("products.deactivate.of", name="Tea from Uji"))
    take_off.click()
    page.get_by_role("dialog").get_by_role("button", name=WORDS("confirm.no")).click()
    expect(take_off).to_be_enabled()
    take_off.click()
    page.get_by_role("dialog").get_by_role("button", name=WORDS("products.deactivate.yes")).click()
    expect(row.get_by_role("status")).to_have_text(WORDS("products.deactivated", name="Tea from Uji"))
    assert serious_accessibility_findings(page) == []
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.get_by_label(WORDS("products.price.of", name="Dates from Kuwait"), exact=True)).to_be_visible()
    expect(page.get_by_label(WORDS("products.price.of", name="Tea from Uji"), exact=True)).to_have_count(0)
