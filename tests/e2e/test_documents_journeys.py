"""Documents, as a person does it, on a 360 px phone in French and on a desktop in English:
open Documents from the menu, download what the business shared, upload the file it asked for
and see it received; a file of a type not accepted is refused beside the chooser, in the
reader's language, before anything is sent. Nothing is wider than a phone, and axe finds
nothing serious on any page visited.

The demo customer starts with a shared "Welcome pack" (local/demo.py); each test asks for its
own document through the operator's API, so the order the tests run in does not matter."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser

PROOF = b"%PDF-1.4\n%" + b"p" * 4096 + b"\n%%EOF\n"


def fits_the_screen(page: Page, viewer: Viewer) -> None:
    if viewer.phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewer.viewport["width"]


def ask_for(open_as: Callable[..., Page], customer: Page, title: str) -> None:
    """The operator asks the customer for a document (the console's own test does it by hand)."""
    me = api(customer, "GET", "/auth/session")["person"]["principal_id"]
    staff = open_as("staff", "/console")
    body = {"customer_id": me, "title": title, "description": "", "due_date": "2099-01-31"}
    api(staff, "POST", "/documents/operator/document-requests", body)


def open_documents(open_as: Callable[..., Page], viewer: Viewer, title: str) -> Page:
    page = open_as("demo", "/", viewer=viewer, accept_downloads=True)
    ask_for(open_as, page, title)
    open_menu_entry(page, viewer, "nav.documents")
    expect(page.get_by_role("heading", level=1)).to_have_text(viewer.words("documents.heading"))
    return page


def request_card(page: Page, title: str) -> Locator:
    return page.locator("article", has=page.get_by_role("heading", name=title, exact=True))


def test_download_a_shared_document_and_upload_a_requested_one(
    open_as: Callable[..., Page], viewer: Viewer, tmp_path: Path
) -> None:
    title = f"Proof of address ({viewer.name})"
    page = open_documents(open_as, viewer, title)
    download = page.get_by_role("button", name=viewer.words("documents.download_named", title="Welcome pack"))
    expect(download).to_be_visible()
    if viewer.phone:  # a card's Download takes the card's width
        box, card = download.bounding_box(), page.locator("tr", has=download).bounding_box()
        assert box is not None
        assert card is not None
        assert box["width"] > card["width"] * 0.8
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "Welcome pack.pdf"
    expect(page.locator("tr", has_text="Welcome pack").get_by_text(viewer.words("documents.new"))).to_have_count(0)

    request = request_card(page, title)
    expect(request).to_contain_text(viewer.words("documents.request.requested"))
    proof = tmp_path / "utility bill.pdf"
    proof.write_bytes(PROOF)
    request.get_by_label(viewer.words("documents.request.choose")).set_input_files(proof)
    expect(request).to_contain_text("utility bill.pdf")  # the file chosen, named beside the chooser
    request.get_by_role("button", name=viewer.words("documents.request.upload"), exact=True).click()
    request = request_card(page, title)
    result = request.get_by_role("status")
    expect(result).to_be_focused()
    expect(result).to_have_text(viewer.words("documents.request.uploaded", file="utility bill.pdf"))
    expect(request).to_contain_text(viewer.words("documents.request.received"))
    expect(request.get_by_role("button", name=viewer.words("documents.request.sent_file"))).to_be_visible()
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []


def test_a_file_of_a_type_not_accepted_is_refused_beside_the_chooser(
    open_as: Callable[..., Page], viewer: Viewer, tmp_path: Path
) -> None:
    title = f"Signed form ({viewer.name})"
    page = open_documents(open_as, viewer, title)
    request = request_card(page, title)
    upload = request.get_by_role("button", name=viewer.words("documents.request.upload"), exact=True)
    upload.click()  # nothing chosen yet
    chooser = request.get_by_label(viewer.words("documents.request.choose"))
    expect(chooser).to_have_attribute("aria-invalid", "true")
    expect(request).to_contain_text(viewer.words("upload.no_file"))

    program = tmp_path / "form.exe"
    program.write_bytes(b"MZ" + b"\0" * 100)
    chooser.set_input_files(program)
    upload.click()
    expect(request.locator(".field-error")).to_have_text(viewer.words("reason.file_type_not_accepted"))
    expect(chooser).to_be_focused()
    expect(request).to_contain_text(viewer.words("documents.request.requested"))  # nothing was sent
    fits_the_screen(page, viewer)
    assert serious_accessibility_findings(page) == []
