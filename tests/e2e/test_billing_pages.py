"""Billing in Debian's Chromium: the demo customer pays two invoices with the sandbox card,
sees the balance drop, and downloads the receipt, which shows the amount."""

import io
import re
from collections.abc import Callable

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_accessibility_findings

pytestmark = pytest.mark.browser


def test_the_demo_customer_pays_two_invoices_and_downloads_the_receipt(open_as: Callable[..., Page]) -> None:
    page = open_as("demo", accept_downloads=True)
    page.get_by_role("link", name="Billing", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Billing")
    due = page.get_by_test_id("amount-due")
    expect(due).to_contain_text("€")
    expect(due).not_to_contain_text("€0.00")
    assert serious_accessibility_findings(page) == []

    open_invoices = page.get_by_role("table", name="Open invoices")
    expect(open_invoices.get_by_role("row")).to_have_count(3)  # heading + the two demo invoices
    expect(open_invoices.get_by_role("checkbox", checked=True)).to_have_count(2)  # all are chosen first
    open_invoices.get_by_role("checkbox").first.uncheck()
    page.get_by_role("button", name="Select all").click()
    page.get_by_role("button", name="Review payment").click()
    review = page.get_by_role("region", name="Review your payment")
    expect(review).to_contain_text("You are paying")
    total = review.locator(".total").inner_text()
    amount = re.search(r"€[0-9,]+\.[0-9]{2}", total)
    assert amount, total
    review.get_by_role("button", name=re.compile(r"^Pay ")).click()

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry (MM/YY)").fill("12/30")
    page.get_by_label("Security code").fill("123")
    assert serious_accessibility_findings(page) == []
    page.get_by_role("button", name=re.compile(r"now$")).click()
    expect(page.get_by_role("status").filter(has_text="We received your payment")).to_contain_text(amount.group(0))
    expect(due).to_have_text(re.compile(r"€0\.00"))
    expect(page.get_by_text("Nothing to pay. Thank you!")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("status").get_by_role("button", name="Receipt").click()
    download = download_info.value
    assert download.suggested_filename.startswith("PAY-")
    body = download.path().read_bytes()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages)
    # The receipt's own words and money format are the printer's (per language); its figures are not.
    assert download.suggested_filename.removesuffix(".pdf") in text
    digits = amount.group(0).removeprefix("€").replace(",", "")  # €164.03 -> 164.03
    assert digits in text.replace(",", ".").replace("\u202f", "").replace("\xa0", "")


def test_the_operator_invoices_a_customer_and_records_her_bank_transfer(open_as: Callable[..., Page]) -> None:
    page = open_as("staff", "/console/customers")
    page.get_by_role("link", name="Léa Martin").click()
    expect(page.get_by_role("heading", level=2, name="Billing")).to_be_visible()
    page.get_by_label("Description").fill("Barista course")
    page.get_by_label("Unit price").fill("120.00")
    page.get_by_label("Tax %").fill("24")
    page.get_by_role("button", name="Issue invoice").click()
    # The result is said beside the form that made it, with the invoice's number and total.
    issue_form = page.locator("form").filter(has=page.get_by_role("button", name="Issue invoice"))
    expect(issue_form.get_by_role("status")).to_have_text(re.compile(r"^Invoice INV-\d+ issued for €148\.80\.$"))
    expect(issue_form.get_by_label("Description")).to_have_value("")  # ready for the next one
    invoices = page.get_by_role("table", name="Invoices")
    expect(invoices).to_contain_text("€148.80")  # 120.00 + 24 % tax
    assert serious_accessibility_findings(page) == []

    page.get_by_label("Amount", exact=True).fill("148.80")
    page.get_by_label("Reference").fill("RF18 5390 0754 7034")
    page.get_by_role("button", name="Record payment").click()
    record_form = page.locator("form").filter(has=page.get_by_role("button", name="Record payment"))
    expect(record_form.get_by_role("status")).to_have_text(re.compile(r"^Payment PAY-\d+ of €148\.80 recorded\.$"))
    expect(page.get_by_test_id("console-balance")).to_contain_text("Balance €0.00")
    payments = page.get_by_role("table", name="Payments posted")
    expect(payments).to_contain_text("Bank transfer")
    expect(payments.locator(".pill-success")).to_have_text("Received")
    assert serious_accessibility_findings(page) == []


def test_the_operator_voids_an_invoice_with_the_reason_asked_in_its_row(open_as: Callable[..., Page]) -> None:
    page = open_as("staff", "/console/customers")
    page.get_by_role("link", name="Léa Martin").click()
    page.get_by_label("Description").fill("Wrongly issued")
    page.get_by_label("Unit price").fill("10")
    page.get_by_role("button", name="Issue invoice").click()
    invoices = page.get_by_role("table", name="Invoices")
    row = invoices.get_by_role("row").filter(has_text="€10.00").filter(has=page.get_by_role("button", name="Void"))
    expect(row).to_have_count(1)
    number = row.locator("th").inner_text()
    row.get_by_role("button", name="Void").click()
    reason = row.get_by_label("Why is it voided?")
    expect(reason).to_be_focused()
    row.get_by_role("button", name="Void invoice").click()  # no reason yet: said beside the field
    expect(row.get_by_text("This field is required.")).to_be_visible()
    reason.fill("Issued twice")
    row.get_by_role("button", name="Void invoice").click()
    expect(page.get_by_role("status").filter(has_text=f"Invoice {number} voided.")).to_be_focused()
    voided = invoices.get_by_role("row").filter(has_text=number)
    expect(voided.locator(".pill-danger")).to_have_text("Void")
    assert serious_accessibility_findings(page) == []
