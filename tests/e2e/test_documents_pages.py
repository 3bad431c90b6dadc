"""Documents in Debian's Chromium: the operator shares a PDF with the demo customer, who sees
it as new on the home page, downloads it (the badge clears), and uploads the file the
business asked for while a progress bar moves."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Words, serious_accessibility_findings

pytestmark = pytest.mark.browser

EN = Words("en")

CONTRACT = b"%PDF-1.4\n1 0 obj << >> endobj\n%" + b"c" * 2000 + b"\n%%EOF\n"
# Big enough that, with the upload throttled, the bar is seen part-way.
PROOF = b"%PDF-1.4\n%" + b"p" * (1536 * 1024) + b"\n%%EOF\n"


def test_a_shared_pdf_is_new_until_downloaded_and_a_requested_file_uploads_with_progress(
    open_as: Callable[..., Page], tmp_path: Path
) -> None:
    contract = tmp_path / "Service contract 2027.pdf"
    contract.write_bytes(CONTRACT)
    staff = open_as("staff", "/console/customers")
    staff.get_by_role("link", name="Dana Demo").click()  # the demo customer's name (local/demo.py)
    share = staff.locator("form", has=staff.get_by_role("heading", name=EN("console.documents.new")))
    share.get_by_label(EN("documents.title"), exact=True).fill("Service contract 2027")
    share.get_by_label(EN("documents.type"), exact=True).select_option(label=EN("documents.type.contract"))
    share.get_by_label(EN("documents.file"), exact=True).set_input_files(contract)
    share.get_by_role("button", name=EN("console.documents.share"), exact=True).click()
    result = share.get_by_role("status")
    expect(result).to_have_text(EN("console.documents.shared_named", title="Service contract 2027"))
    expect(result).to_be_focused()  # said beside the form that shared it
    table = staff.get_by_role("table", name=EN("console.documents.table"))
    shared = table.get_by_role("row").filter(has_text="Service contract 2027")
    expect(shared).to_contain_text(EN("console.documents.not_opened"))
    assert serious_accessibility_findings(staff) == []

    customer = open_as("demo", accept_downloads=True)
    # The home page counts what is new (the demo's welcome pack and this contract) and leads there.
    on_home = customer.get_by_test_id("new-documents")
    expect(on_home).to_contain_text(EN("dashboard.new_documents", count=2))
    on_home.click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(EN("documents.heading"))
    row = customer.get_by_role("row").filter(has_text="Service contract 2027")
    expect(row.locator(".badge")).to_have_text(EN("documents.new"))
    assert serious_accessibility_findings(customer) == []
    with customer.expect_download() as download_info:
        row.get_by_role("button", name=EN("documents.download_named", title="Service contract 2027")).click()
    download = download_info.value
    assert download.suggested_filename == "Service contract 2027.pdf"
    assert download.path().read_bytes() == CONTRACT
    expect(row.locator(".badge")).to_have_count(0)
    customer.reload()
    expect(customer.get_by_role("row").filter(has_text="Service contract 2027").locator(".badge")).to_have_count(0)

    staff.reload()
    opened = (
        staff.get_by_role("table", name=EN("console.documents.table"))
        .get_by_role("row")
        .filter(has_text="Service contract 2027")
    )
    expect(opened).not_to_contain_text(EN("console.documents.not_opened"))

    proof = tmp_path / "utility bill.pdf"
    proof.write_bytes(PROOF)
    request = customer.locator("article", has=customer.get_by_role("heading", name="Proof of address"))
    expect(request).to_contain_text(EN("documents.request.requested"))
    cdp = customer.context.new_cdp_session(customer)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 512 * 1024},
    )
    request.get_by_label(EN("documents.request.choose")).set_input_files(proof)
    request.get_by_role("button", name=EN("documents.request.upload"), exact=True).click()
    bar = request.get_by_role("progressbar", name=EN("upload.progress"))
    expect(bar).to_be_visible()
    expect(bar).not_to_have_attribute("value", "0", timeout=5000)
    part_way = int(bar.get_attribute("value") or "0")
    assert 0 < part_way < 100  # seen part-way, not only at the end
    expect(request).to_contain_text(EN("documents.request.received"), timeout=20000)
    expect(request).to_contain_text("utility bill.pdf")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    staff.reload()
    asked = (
        staff.get_by_role("table", name=EN("console.requests.table"))
        .get_by_role("row")
        .filter(has_text="Proof of address")
    )
    expect(asked).to_contain_text(EN("documents.request.received"))
    expect(asked.get_by_role("button", name=EN("documents.download"))).to_be_visible()
