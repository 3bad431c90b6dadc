"""The help centre (docs/help.md, issue 22) in Debian's Chromium, on a 360 px phone in French and
on a desktop in English: an article the operator published is offered under the subject of a new
ticket, "This solved it" ends the draft with no ticket, and the console counts a ticket avoided;
a signed-out visitor searches the public help centre, reads an article and votes on it; the
operator writes an article in the console, adds its French version and publishes it, and a
customer finds it in French; a help centre the business keeps for signed-in customers sends a
visitor to sign in; the operator adds a PDF to an article, a visitor downloads it from the
article's page while it is published (and not once it is a draft), and removing it takes it away.
Every article is made here, its title unique to the run (the demo articles are there too: nothing
here depends on their words); axe finds nothing serious."""

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Viewer, choose_language, serious_accessibility_findings
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser

STAFF = "/tickets/operator/help/articles"
# A form to print, as the documents tests share one: a small PDF.
ORDER_FORM = b"%PDF-1.4\n1 0 obj << >> endobj\n%" + b"f" * 3000 + b"\n%%EOF\n"


def unique_word() -> str:
    """A word no other article has (letters and digits: one search term)."""
    return f"zq{uuid.uuid4().hex[:8]}"


def published(staff: Page, language: str, title: str, body: str, category: str) -> str:
    """An article written and published through the console's API; its id."""
    made = api(staff, "POST", STAFF, {"language": language, "category": category, "title": title, "body": body})
    api(staff, "POST", f"{STAFF}/{made['article_id']}/versions/{language}/publish")
    return str(made["article_id"])


def tickets_of(customer: Page) -> list[dict[str, str]]:
    return list(api(customer, "GET", "/tickets?limit=50")["items"])


def no_serious_findings(page: Page) -> None:
    assert serious_accessibility_findings(page) == []


def fits_the_screen(page: Page, viewer: Viewer) -> None:
    if viewer.phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewer.viewport["width"]


def test_an_article_offered_on_the_ticket_form_solves_it_and_no_ticket_is_opened(
    open_as: Callable[..., Page], staff: Page, viewer: Viewer
) -> None:
    words = viewer.words
    # Given an article the operator has published, in the viewer's language
    word = unique_word()
    title = f"Descaling the {word} espresso machine ({viewer.name})"
    article_id = published(
        staff,
        viewer.language,
        title,
        f"Run **two cycles** of descaler through the {word} machine, then one of clean water.",
        "Machines",
    )
    customer = open_as("demo", "/support", viewer=viewer)
    before = tickets_of(customer)

    # When the customer types the subject of a new ticket
    form = customer.get_by_role("form", name=words("support.new"))
    subject = f"{word} machine needs descaling"
    form.get_by_label(words("support.subject"), exact=True).fill(subject)

    # Then the article is offered under the subject, in a polite live region
    offered = form.get_by_test_id("help-suggestions")
    expect(offered).to_have_attribute("aria-live", "polite")
    expect(offered).to_contain_text(words("help.suggest.intro"))
    suggestion = offered.get_by_role("listitem").filter(has_text=title)
    expect(suggestion).to_have_count(1)
    # ...and opens where it is (fetched on demand), the draft kept
    opener = suggestion.get_by_role("button", name=title, exact=True)
    opener.click()
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(suggestion.locator(".help-body strong")).to_have_text("two cycles")
    expect(form.get_by_label(words("support.subject"), exact=True)).to_have_value(subject)
    no_serious_findings(customer)

    # When "This solved it" is pressed
    with customer.expect_request(lambda request: request.url.endswith(f"/{article_id}/solved")) as solved:
        suggestion.get_by_role("button", name=words("help.suggest.solved")).click()
    # (credited with the ticket form's own Idempotency-Key, formKey(): "web-" and a UUID)
    assert re.fullmatch(r"web-[0-9a-f-]{36}", solved.value.headers["idempotency-key"])

    # Then the draft is gone, the customer is told no ticket was opened, and none was
    result = form.get_by_test_id("ticket-result").get_by_role("status")
    expect(result).to_have_text(words("help.solved.result"))
    expect(result).to_be_focused()
    expect(form.get_by_label(words("support.subject"), exact=True)).to_have_value("")
    expect(offered).to_be_empty()
    after = tickets_of(customer)
    assert [t for t in after if word in t["subject"]] == []
    assert len(after) == len(before), after
    no_serious_findings(customer)

    # ...and the console's list shows the ticket the article avoided
    console = open_as("staff", "/console/help", viewer=viewer)
    row = console.get_by_role("row").filter(has=console.get_by_role("link", name=title))
    expect(row.get_by_test_id("help-avoided")).to_have_text("1")
    no_serious_findings(console)


def test_a_signed_out_visitor_searches_reads_and_votes(
    contexts: Callable[[Viewer], Page], portal_url: str, staff: Page, viewer: Viewer
) -> None:
    words = viewer.words
    word = unique_word()
    title = f"Where is my {word} parcel? ({viewer.name})"
    published(
        staff,
        viewer.language,
        title,
        f"A {word} parcel travels for *two days*; its tracking code is on the order.",
        "Delivery",
    )

    # Given a visitor who is not signed in, in the help centre the sign-in page links to
    visitor = contexts(viewer)
    visitor.goto(f"{portal_url}/signin")
    visitor.wait_for_selector("body[data-ready='true']")
    choose_language(visitor, viewer.language)
    visitor.get_by_role("link", name=words("signin.help.link")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(words("help.heading"))
    no_serious_findings(visitor)

    # When they search: the list follows what is typed, and the address keeps the words
    visitor.get_by_role("searchbox", name=words("help.search.label")).fill(word)
    results = visitor.get_by_role("region", name=words("help.results_for", query=word))
    expect(results.get_by_role("link", name=title)).to_be_visible()
    expect(visitor.get_by_test_id("help-count")).to_have_text(words("help.count", count=1))
    assert parse_qs(urlsplit(visitor.url).query)["q"] == [word]
    no_serious_findings(visitor)

    # ...and read the article
    results.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator(".help-body em")).to_have_text("two days")
    expect(visitor.get_by_test_id("help-vote-tally")).to_have_text(words("help.vote.tally", helpful=0, not_helpful=0))

    # Then "Yes" is thanked and counted; the answer may change, and is counted once
    yes = visitor.get_by_role("button", name=words("help.vote.yes"), exact=True)
    yes.click()
    expect(visitor.get_by_test_id("help-vote-thanks")).to_have_text(words("help.vote.thanks_yes"))
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(visitor.get_by_test_id("help-vote-tally")).to_have_text(words("help.vote.tally", helpful=1, not_helpful=0))
    no_serious_findings(visitor)
    visitor.get_by_role("button", name=words("help.vote.no"), exact=True).click()
    expect(visitor.get_by_test_id("help-vote-tally")).to_have_text(words("help.vote.tally", helpful=0, not_helpful=1))
    expect(yes).to_have_attribute("aria-pressed", "false")
    # The same reader, the next visit: their answer is shown, the count unchanged.
    visitor.reload()
    visitor.wait_for_selector("body[data-ready='true']")
    expect(visitor.get_by_role("button", name=words("help.vote.no"), exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(visitor.get_by_test_id("help-vote-tally")).to_have_text(words("help.vote.tally", helpful=0, not_helpful=1))

    # Back returns to the search as it was
    visitor.go_back()
    expect(visitor.get_by_role("searchbox", name=words("help.search.label"))).to_have_value(word)
    expect(results.get_by_role("link", name=title)).to_be_visible()


def test_the_operator_publishes_a_french_version_and_a_customer_finds_it_in_french(
    open_as: Callable[..., Page], viewer: Viewer
) -> None:
    words = viewer.words
    word = unique_word()
    english = f"Returning a {word} grinder ({viewer.name})"
    french = f"Retourner un moulin {word} ({viewer.name})"

    # Given the operator writes a new article in English (a draft)
    console = open_as("staff", "/console/help", viewer=viewer)
    console.get_by_role("button", name=words("help.console.new")).click()
    new = console.get_by_role("form", name=words("help.console.new"))
    new.get_by_label(words("help.console.language"), exact=True).select_option("en")
    new.get_by_label(words("help.console.category"), exact=True).fill("Returns")
    new.get_by_label(words("help.console.title"), exact=True).fill(english)
    new.get_by_label(words("help.console.body"), exact=True).fill("Pack the grinder in its **box**.")
    no_serious_findings(console)
    new.get_by_role("button", name=words("help.console.create")).click()
    expect(console.get_by_role("heading", level=1)).to_have_text(english)
    english_tab = console.get_by_role("tab", name=re.compile("^English"))
    expect(english_tab).to_have_attribute("aria-selected", "true")
    expect(english_tab).to_contain_text(words("help.console.status.draft"))

    # When they write its French version: saved as a draft, then published
    french_tab = console.get_by_role("tab", name=re.compile("^Français"))
    expect(french_tab).to_contain_text(words("help.console.status.missing"))
    french_tab.click()
    panel = console.get_by_role("tabpanel", name=re.compile("^Français"))
    panel.get_by_label(words("help.console.category"), exact=True).fill("Retours")
    panel.get_by_label(words("help.console.title"), exact=True).fill(french)
    panel.get_by_label(words("help.console.body"), exact=True).fill("Emballez le moulin dans sa **boîte**.")
    panel.get_by_role("button", name=words("help.console.save")).click()
    expect(panel.get_by_role("status")).to_have_text(words("help.console.saved"))
    expect(french_tab).to_contain_text(words("help.console.status.draft"))
    expect(panel.locator(".help-preview strong")).to_have_text("boîte")  # the reply's rendering
    no_serious_findings(console)
    panel.get_by_role("button", name=words("help.console.publish")).click()
    expect(panel.get_by_role("status")).to_have_text(words("help.console.published"))
    expect(french_tab).to_contain_text(words("help.console.status.published"))
    expect(english_tab).to_contain_text(words("help.console.status.draft"))
    no_serious_findings(console)

    # Then a customer finds it in French: in their own language, or said to be in French
    customer = open_as("demo", "/help", viewer=viewer)
    customer.get_by_role("searchbox", name=words("help.search.label")).fill(f"moulin {word}")
    found = customer.get_by_role("region", name=words("help.results_for", query=f"moulin {word}"))
    expect(found.get_by_role("link", name=french)).to_be_visible()
    expect(found.get_by_role("link", name=english)).to_have_count(0)  # the English is still a draft
    found.get_by_role("link", name=french).click()
    heading = customer.get_by_role("heading", level=1)
    expect(heading).to_have_text(french)
    if viewer.language == "fr":
        expect(customer.get_by_text(words("help.written_in.fr"))).to_have_count(0)
    else:
        expect(heading).to_have_attribute("lang", "fr")
        expect(customer.get_by_text(words("help.written_in.fr"))).to_be_visible()
    # A customer who may open tickets is shown the way to one.
    expect(customer.get_by_role("link", name=words("help.more.ticket"))).to_have_attribute("href", "/support")
    no_serious_findings(customer)


def test_a_help_centre_for_signed_in_customers_only_sends_a_visitor_to_sign_in(
    open_as: Callable[..., Page], contexts: Callable[[Viewer], Page], portal_url: str, viewer: Viewer
) -> None:
    words = viewer.words
    editor = open_as("staff", "/console/portal", viewer=viewer)
    readable = editor.get_by_label(words("editor.help_public"), exact=True)
    expect(editor.get_by_label(words("editor.action.help"), exact=True)).to_be_checked()
    expect(readable).to_be_checked()
    readable.uncheck()
    editor.get_by_role("button", name=words("editor.save")).click()
    expect(editor.get_by_role("status").filter(has_text=words("editor.saved"))).to_be_visible()
    try:
        # A visitor who is not signed in is sent to sign in, and the sign-in page no longer
        # offers the help centre...
        visitor = contexts(viewer)
        visitor.goto(f"{portal_url}/help")
        visitor.wait_for_selector("body[data-ready='true']")
        expect(visitor).to_have_url(f"{portal_url}/signin")
        expect(visitor.get_by_role("link", name=words("signin.help.link"))).to_have_count(0)
        # ...while a signed-in customer still reads it.
        customer = open_as("demo", "/help", viewer=viewer)
        expect(customer.get_by_role("heading", level=1)).to_have_text(words("help.heading"))
        expect(customer.get_by_test_id("help-count")).to_have_text(words.pattern("help.count"))
    finally:
        editor.reload()
        editor.wait_for_selector("body[data-ready='true']")
        editor.get_by_label(words("editor.help_public"), exact=True).check()
        editor.get_by_role("button", name=words("editor.save")).click()
        expect(editor.get_by_role("status").filter(has_text=words("editor.saved"))).to_be_visible()


def test_a_file_the_operator_adds_is_downloaded_by_readers_while_published_and_removed_is_gone(
    open_as: Callable[..., Page],
    contexts: Callable[[Viewer], Page],
    portal_url: str,
    staff: Page,
    viewer: Viewer,
    tmp_path: Path,
) -> None:
    words = viewer.words
    word = unique_word()
    title = f"Ordering in bulk with the {word} form ({viewer.name})"
    article_id = published(staff, viewer.language, title, f"Fill in the {word} **order form** below.", "Orders")
    name = f"Order form {word}.pdf"
    order_form = tmp_path / name
    order_form.write_bytes(ORDER_FORM)

    # Given the operator on the published article in the console: no files yet
    console = open_as("staff", f"/console/help/{article_id}", viewer=viewer)
    files = console.get_by_role("region", name=words("help.console.files.heading"))
    expect(files.get_by_test_id("empty-state")).to_have_text(words("help.console.files.none"))
    expect(files.get_by_test_id("help-files-unseen")).to_be_hidden()  # published: readers will see them

    # When they upload a PDF
    files.get_by_label(words("help.console.files.choose"), exact=True).set_input_files(order_form)
    expect(files).to_contain_text(name)  # chosen, named beside the chooser
    files.get_by_role("button", name=words("help.console.files.upload"), exact=True).click()

    # Then it is listed: its name a download (the staff route), its size as the page writes sizes
    result = files.get_by_role("status")
    expect(result).to_have_text(words("help.console.files.added", name=name))
    expect(result).to_be_focused()
    row = files.get_by_role("listitem").filter(has_text=name)
    size = console.evaluate("async (bytes) => (await import('/js/upload.js')).fileSize(bytes)", len(ORDER_FORM))
    expect(row).to_contain_text(size)
    expect(files.get_by_test_id("empty-state")).to_be_hidden()
    fits_the_screen(console, viewer)
    no_serious_findings(console)

    # ...and a visitor (the help centre is public) finds it under the article and downloads it
    visitor = contexts(viewer)
    visitor.goto(f"{portal_url}/help/{article_id}")
    visitor.wait_for_selector("body[data-ready='true']")
    choose_language(visitor, viewer.language)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    on_page = visitor.get_by_role("region", name=words("help.files.heading"))
    link = on_page.get_by_role("link", name=re.compile(re.escape(name)))
    expect(link).to_contain_text(size)
    href = str(link.get_attribute("href"))
    assert re.fullmatch(rf"/api/tickets/help/articles/{article_id}/files/[^/]+", href), href
    fetched = visitor.request.get(f"{portal_url}{href}")  # the redirect followed to storage
    assert fetched.ok, fetched.status
    assert fetched.body() == ORDER_FORM
    with visitor.expect_download() as clicked:  # a click is the browser's, not the page router's
        link.click()
    assert clicked.value.suggested_filename == name
    assert Path(clicked.value.path()).read_bytes() == ORDER_FORM
    fits_the_screen(visitor, viewer)
    no_serious_findings(visitor)

    # When the operator takes the article back to draft: readers lose the file, staff keep it
    panel = console.get_by_role("tabpanel")
    panel.get_by_role("button", name=words("help.console.unpublish")).click()
    expect(panel.get_by_role("status")).to_have_text(words("help.console.unpublished"))
    expect(files.get_by_test_id("help-files-unseen")).to_have_text(words("help.console.files.unpublished"))
    assert visitor.request.get(f"{portal_url}{href}").status == 404
    with console.expect_download() as downloaded:
        row.get_by_role("button", name=words("documents.download_named", title=name), exact=True).click()
    assert Path(downloaded.value.path()).read_bytes() == ORDER_FORM

    # ...and removes the file, once they confirm: it is gone from the list and from storage
    row.get_by_role("button", name=words("help.console.files.remove_named", name=name), exact=True).click()
    console.get_by_role("dialog").get_by_role("button", name=words("help.console.files.remove_yes")).click()
    expect(result).to_have_text(words("help.console.files.removed", name=name))
    expect(row).to_have_count(0)
    expect(files.get_by_test_id("empty-state")).to_be_visible()
    console.reload()
    console.wait_for_selector("body[data-ready='true']")
    expect(files.get_by_test_id("empty-state")).to_have_text(words("help.console.files.none"))
    # Published again, the article has no files for readers.
    console.get_by_role("tabpanel").get_by_role("button", name=words("help.console.publish")).click()
    expect(console.get_by_role("tabpanel").get_by_role("status")).to_have_text(words("help.console.published"))
    assert visitor.request.get(f"{portal_url}{href}").status == 404
    visitor.reload()
    visitor.wait_for_selector("body[data-ready='true']")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_role("region", name=words("help.files.heading"))).to_have_count(0)
