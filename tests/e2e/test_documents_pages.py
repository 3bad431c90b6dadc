"""Documents in Debian's Chromium: the operator shares a PDF with the demo customer, who sees
it as new on the home page, downloads it (the badge clears), and uploads the file the
business asked for while a progress bar moves."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import serious_accessibility_findings

pytestmark = pytest.mark.browser

CONTRACT = b"%PDF-1.4\n1 0 obj << >> endobj\n%" + b"c" * 2000 + b"\n%%EOF\n"
# Big enough that, with the upload throttled, the bar is seen part-way.
PROOF = b"%PDF-1.4\n%" + b"p" * (1536 * 1024) + b"\n%%EOF\n"


def test_a_shared_pdf_is_new_until_downloaded_and_a_requested_file_uploads_with_progress(
    open_as: Callable[..., Page], tmp_path: Path
) -> None:
    contract = tmp_path / "Service contract 2027.pdf"
    contract.write_bytes(CONTRACT)
    staff = open_as("staff", "/console/customers")
    staff.get_by_role("link", name="Dana Demo").click()
    share = staff.locator("form", has=staff.get_by_role("heading", name="Share a document"))
    share.get_by_label("Title").fill("Service contract 2027")
    share.get_by_label("Type").select_option(label="Contract")
    share.get_by_label("File").set_input_files(contract)
    share.get_by_role("button", name="Share").click()
    expect(staff.get_by_role("status").filter(has_text="The document is shared")).to_be_visible()
    shared = (
        staff.get_by_role("table", name="Shared documents").get_by_role("row").filter(has_text="Service contract 2027")
    )
    expect(shared).to_contain_text("Not opened yet")
    assert serious_accessibility_findings(staff) == []

    customer = open_as("demo", accept_downloads=True)
    on_home = customer.get_by_test_id("home-documents").get_by_role("listitem").filter(has_text="Service contract 2027")
    expect(on_home).to_contain_text("New")

    customer.get_by_role("link", name="Documents", exact=True).click()
    row = customer.get_by_role("row").filter(has_text="Service contract 2027")
    expect(row.locator(".badge")).to_have_text("New")
    assert serious_accessibility_findings(customer) == []
    with customer.expect_download() as download_info:
        row.get_by_role("button", name="Download Service contract 2027").click()
    download = download_info.value
    assert download.suggested_filename == "Service contract 2027.pdf"
    assert download.path().read_bytes() == CONTRACT
    expect(row.locator(".badge")).to_have_count(0)
    customer.reload()
    expect(customer.get_by_role("row").filter(has_text="Service contract 2027").locator(".badge")).to_have_count(0)

    staff.reload()
    opened = (
        staff.get_by_role("table", name="Shared documents").get_by_role("row").filter(has_text="Service contract 2027")
    )
    expect(opened).not_to_contain_text("Not opened yet")

    proof = tmp_path / "utility bill.pdf"
    proof.write_bytes(PROOF)
    request = customer.locator("article", has=customer.get_by_role("heading", name="Proof of address"))
    expect(request).to_contain_text("Waiting for your file")
    cdp = customer.context.new_cdp_session(customer)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 512 * 1024},
    )
    request.get_by_label("Choose the file to send").set_input_files(proof)
    request.get_by_role("button", name="Upload").click()
    bar = request.get_by_role("progressbar", name="Upload progress")
    expect(bar).to_be_visible()
    expect(bar).not_to_have_attribute("value", "0", timeout=5000)
    part_way = int(bar.get_attribute("value") or "0")
    assert 0 < part_way < 100  # seen part-way, not only at the end
    expect(request).to_contain_text("Received", timeout=20000)
    expect(request).to_contain_text("utility bill.pdf")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    staff.reload()
    asked = (
        staff.get_by_role("table", name="Documents asked for").get_by_role("row").filter(has_text="Proof of address")
    )
    expect(asked).to_contain_text("Received")
    expect(asked.get_by_role("button", name="Download")).to_be_visible()
