"""Support as a customer meets it, on a 360 px phone in French and on a desktop in English:
from the menu's Help group, a ticket with a kind, two tags and a priority (first refused for
its empty subject, beside that field, nothing sent), its result, the ticket and a reply; a
message to the business; a live chat, its message field and Send on screen. Every text is
looked for in the viewer's language, and axe finds nothing serious on any page visited."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Viewer, open_menu_entry, serious_accessibility_findings

pytestmark = pytest.mark.browser


def on_screen(page: Page, control: Locator) -> None:
    """The control is wholly inside the window, as it stands: not cut off, not scrolled away."""
    box = control.bounding_box()
    window = page.viewport_size
    assert box is not None
    assert window is not None
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= window["width"], box
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= window["height"], box


def no_serious_findings(page: Page) -> None:
    assert serious_accessibility_findings(page) == []


def test_a_customer_opens_a_ticket_and_replies(open_as: Callable[..., Page], viewer: Viewer) -> None:
    words = viewer.words
    subject = f"Two cups arrived broken ({viewer.name})"
    page = open_as("demo", "/", viewer=viewer)
    open_menu_entry(page, viewer, "nav.support")
    expect(page.get_by_role("heading", level=1, name=words("support.heading"))).to_be_visible()
    no_serious_findings(page)

    form = page.get_by_role("form", name=words("support.new"))
    form.get_by_label(words("support.kind"), exact=True).select_option("complaint")
    form.get_by_label(words("support.description"), exact=True).fill("The box was crushed; two cups are broken.")
    form.get_by_label(words("tickets.tag.delivery"), exact=True).check()
    form.get_by_label(words("tickets.tag.product"), exact=True).check()
    form.get_by_label(words("support.priority"), exact=True).select_option("high")
    form.get_by_role("button", name=words("support.open")).click()

    # Refused before anything is sent: the message beside the subject, in the viewer's language.
    subject_box = form.get_by_label(words("support.subject"), exact=True)
    expect(subject_box).to_be_focused()
    expect(subject_box).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ticket-subject-error")).to_have_text(words("reason.required"))
    expect(form.get_by_test_id("ticket-result")).to_be_empty()
    expect(page.get_by_role("link", name=re.compile(re.escape(subject)))).to_have_count(0)
    no_serious_findings(page)

    subject_box.fill(subject)
    form.get_by_role("button", name=words("support.open")).click()
    result = form.get_by_test_id("ticket-result").get_by_role("status")
    expect(result).to_contain_text(words.pattern("support.opened_result"))
    expect(result).to_be_focused()
    expect(subject_box).to_have_value("")  # the form is ready for the next one
    expect(form.get_by_label(words("tickets.tag.delivery"), exact=True)).not_to_be_checked()
    card = page.get_by_role("table", name=words("support.mine")).get_by_role("row").filter(has_text=subject)
    expect(card).to_contain_text(words("support.status.open"))
    expect(card).to_contain_text(words("support.priority.high"))
    no_serious_findings(page)

    result.get_by_role("link", name=words.pattern("support.open_ticket")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(subject)
    expect(page.get_by_test_id("ticket-status")).to_have_text(words("support.status.open"))
    expect(page.get_by_text(words("support.priority.high"), exact=True)).to_be_visible()
    expect(page.get_by_text(words("tickets.tag.delivery"), exact=True)).to_be_visible()
    expect(page.get_by_text(words("tickets.tag.product"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("ticket-promise")).to_have_text(words.pattern("support.first_reply.due"))
    no_serious_findings(page)

    reply = f"And the saucer is chipped ({viewer.name})."
    page.get_by_label(words("support.reply"), exact=True).fill(reply)
    page.get_by_role("button", name=words("support.reply.send")).click()
    expect(page.get_by_test_id("reply-result").get_by_role("status")).to_have_text(words("support.replied"))
    expect(page.get_by_role("list", name=words("support.thread"))).to_contain_text(reply)
    expect(page.get_by_label(words("support.reply"), exact=True)).to_have_value("")
    no_serious_findings(page)


def test_a_customer_writes_to_the_business(open_as: Callable[..., Page], viewer: Viewer) -> None:
    words = viewer.words
    text = f"Are you open on Sunday? ({viewer.name})"
    page = open_as("demo", "/", viewer=viewer)
    open_menu_entry(page, viewer, "nav.inbox")
    expect(page.get_by_role("heading", level=1, name=words("inbox.heading"))).to_be_visible()
    no_serious_findings(page)

    page.get_by_label(words("inbox.write"), exact=True).fill(text)
    page.get_by_role("button", name=words("inbox.send")).click()
    expect(page.get_by_test_id("message-result").get_by_role("status")).to_have_text(words("inbox.sent"))
    expect(page.get_by_role("list", name=words("inbox.messages"))).to_contain_text(text)
    expect(page.get_by_label(words("inbox.write"), exact=True)).to_have_value("")
    no_serious_findings(page)


def test_a_customer_starts_a_chat_and_sees_their_message(open_as: Callable[..., Page], viewer: Viewer) -> None:
    words = viewer.words
    text = f"Where is my order? ({viewer.name})"
    page = open_as("demo", "/", viewer=viewer)
    open_menu_entry(page, viewer, "nav.chat")
    page.get_by_role("button", name=words("chat.start")).click()
    # Nobody has picked it up: the page says so in words, not only with a spinner.
    expect(page.get_by_test_id("chat-status")).to_have_text(words("chat.status.waiting"))
    no_serious_findings(page)

    field = page.get_by_role("textbox", name=words("chat.say"))
    send = page.get_by_role("button", name=words("chat.send"))
    for count in range(8):  # enough to fill the list: the field and Send stay on screen
        field.fill(f"{text} {count}")
        send.click()
        expect(field).to_have_value("")
    messages = page.get_by_role("list", name=words("chat.messages"))
    expect(messages).to_contain_text(f"{text} 7")
    expect(messages.get_by_role("listitem").last).to_contain_text(words("support.you"))
    on_screen(page, field)
    on_screen(page, send)
    no_serious_findings(page)

    page.get_by_role("button", name=words("chat.end")).click()
    expect(page.get_by_test_id("chat-status")).to_have_text(words("chat.status.ended"))
    expect(field).to_be_hidden()
