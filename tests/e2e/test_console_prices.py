"""The console's price input in Debian's Chromium: a price is typed with its currency's own
decimals (ISO 4217, the server's table), three for the Kuwaiti dinar, none for the yen."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _create(page: Page, name: str, price: str, currency: str) -> None:
    form = page.locator("form").filter(has=page.get_by_role("heading", name="New product"))
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Currency", exact=True).fill(currency)
    form.get_by_label("Price", exact=True).fill(price)
    form.get_by_role("button", name="Publish the product").click()


def test_an_operator_prices_products_in_dinars_and_yen_with_their_own_decimals(
    open_as: Callable[..., Page],
) -> None:
    page = open_as("staff", "/console/products")
    expect(page.get_by_role("heading", level=1)).to_have_text("Products")

    _create(page, "Dates from Kuwait", "1.234", "KWD")
    dinars = page.get_by_label("Price of Dates from Kuwait")
    expect(dinars).to_have_value("1.234")
    expect(dinars).to_have_attribute("step", "0.001")

    _create(page, "Tea from Uji", "1.5", "JPY")
    expect(page.get_by_role("alert")).to_contain_text("Type the price in JPY with at most 0 decimals.")
    expect(page.get_by_label("Price of Tea from Uji")).to_have_count(0)

    _create(page, "Tea from Uji", "1500", "JPY")
    expect(page.get_by_label("Price of Tea from Uji")).to_have_value("1500")
    expect(page.get_by_role("row", name=re.compile("Tea from Uji"))).to_contain_text("JPY")
