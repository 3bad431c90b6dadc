"""Live chat over the socket (docs/live.md), two browser contexts, the demo customer and the
operator, on a 360 px phone in French and on a desktop in English: a message crosses each way
with no poll in between (the pages' requests are counted: only the two messages' POSTs, typing
goes over the socket); "… is typing" and whether an operator is online show, and presence follows
the console closing; a connection cut mid-chat comes back and shows what was said meanwhile,
once each and in order; axe finds nothing serious with the new lines on screen; the offer to make
a ticket shows when its time comes, by the page's clock; and a page that cannot open its socket
polls as it did before sockets."""

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Route, WebSocket, expect

from tests.e2e.conftest import Viewer, serious_accessibility_findings
from tests.e2e.customer_pages import api

pytestmark = pytest.mark.browser

OPERATOR = "Sam Staff"
TICKETS = "**/api/notifications/live/tickets"
# Longer than either page's poll (the chat's 1 s, the console list's 2 s): a poll would be seen.
LONGER_THAN_A_POLL_MS = 2500


@dataclass
class Traffic:
    """What one page sent over HTTP to the API and over its sockets, from its load on."""

    requests: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    received: list[str] = field(default_factory=list)

    def request(self, request: Request) -> None:
        url = urlsplit(request.url)
        if url.path.startswith("/api/"):
            self.requests.append(f"{request.method} {url.path}{'?' + url.query if url.query else ''}")

    def socket(self, socket: WebSocket) -> None:
        self.sockets.append(urlsplit(socket.url).path)
        socket.on("framesent", lambda payload: self.sent.append(str(payload)))
        socket.on("framereceived", lambda payload: self.received.append(str(payload)))


def watched(page: Page) -> Traffic:
    """The page loaded again with its traffic recorded, from before its socket opens."""
    traffic = Traffic()
    page.on("request", traffic.request)
    page.on("websocket", traffic.socket)
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    expect(page.locator("body[data-live='open']")).to_have_count(1)
    return traffic


def no_chat_open(customer: Page) -> None:
    """Any chat the demo contact still has open (a test before that stopped half-way) ended, so
    Start makes a new one with no lines."""
    still_open = api(customer, "POST", "/tickets/chats")
    api(customer, "POST", f"/tickets/chats/{still_open['chat_id']}/end")


@pytest.fixture
def operator(open_as: Callable[..., Page], viewer: Viewer) -> Iterator[Page]:
    """The console's chats on the viewer's screen; closed at the end, so the next test starts
    with no operator online."""
    page = open_as("staff", "/console/chats", viewer=viewer)
    yield page
    page.context.close()


def start_chat(customer: Page, viewer: Viewer) -> str:
    words = viewer.words
    with customer.expect_response(lambda reply: urlsplit(reply.url).path == "/api/tickets/chats") as started:
        customer.get_by_role("button", name=words("chat.start")).click()
    expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.status.waiting"))
    return str(started.value.json()["chat_id"])


def pick_up(operator: Page, viewer: Viewer) -> None:
    words = viewer.words
    operator.get_by_role("button", name=words.pattern("chat.pick")).click()
    # The pick's push moved the list: it was read again and shows the chat in progress.
    card = operator.locator(".chat-card.current")
    expect(card).to_contain_text(words("chat.card.active"))


def write(page: Page, viewer: Viewer, text: str) -> None:
    page.get_by_role("textbox", name=viewer.words("chat.say")).fill(text)


def send(page: Page, viewer: Viewer) -> None:
    page.get_by_role("button", name=viewer.words("chat.send")).click()
    expect(page.get_by_role("textbox", name=viewer.words("chat.say"))).to_have_value("")


def lines(page: Page, viewer: Viewer) -> list[str]:
    return page.get_by_role("list", name=viewer.words("chat.messages")).get_by_role("listitem").all_inner_texts()


def said(page: Page, viewer: Viewer, text: str) -> None:
    """`text` is in the page's chat, once."""
    messages = page.get_by_role("list", name=viewer.words("chat.messages"))
    expect(messages.get_by_role("listitem").filter(has_text=text)).to_have_count(1)


def test_a_message_crosses_each_way_with_no_poll_in_between(
    open_as: Callable[..., Page], operator: Page, viewer: Viewer
) -> None:
    words = viewer.words
    customer = open_as("demo", "/chat", viewer=viewer)
    no_chat_open(customer)
    customer_traffic = watched(customer)
    operator_traffic = watched(operator)
    chat_id = start_chat(customer, viewer)
    write(customer, viewer, f"Is anyone there? ({viewer.name})")
    send(customer, viewer)
    pick_up(operator, viewer)
    said(operator, viewer, f"Is anyone there? ({viewer.name})")
    expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.with", name=OPERATOR))
    customer_traffic.requests.clear()
    operator_traffic.requests.clear()

    write(operator, viewer, f"Hello, how can I help? ({viewer.name})")
    expect(customer.get_by_test_id("chat-typing")).to_have_text(words("chat.typing", name=OPERATOR))
    send(operator, viewer)
    said(customer, viewer, f"Hello, how can I help? ({viewer.name})")
    write(customer, viewer, f"Where is my order? ({viewer.name})")
    expect(operator.get_by_test_id("chat-typing")).to_have_text(words.pattern("chat.typing"))
    send(customer, viewer)
    said(operator, viewer, f"Where is my order? ({viewer.name})")
    customer.wait_for_timeout(LONGER_THAN_A_POLL_MS)

    # Each page made one request while chatting: its own message. Typing, the other side's
    # message and the chat's moves came over the socket.
    assert customer_traffic.requests == [f"POST /api/tickets/chats/{chat_id}/messages"]
    assert operator_traffic.requests == [f"POST /api/tickets/operator/chats/{chat_id}/messages"]
    for traffic in (customer_traffic, operator_traffic):
        assert traffic.sockets == ["/ws"]
        assert {"action": "typing", "chat_id": chat_id} in [json.loads(frame) for frame in traffic.sent]
        pushed = [json.loads(frame) for frame in traffic.received]
        assert [p["message"]["seq"] for p in pushed if p["type"] == "chat.message" and p["chat_id"] == chat_id]
    # Each line once, in the order said, on both sides (a page's own line came back as a push).
    expected = [
        f"Is anyone there? ({viewer.name})",
        f"Hello, how can I help? ({viewer.name})",
        f"Where is my order? ({viewer.name})",
    ]
    for page in (customer, operator):
        shown = lines(page, viewer)
        assert len(shown) == 3, shown
        assert all(text in line for text, line in zip(expected, shown, strict=True)), shown
    customer.get_by_role("button", name=words("chat.end")).click()
    expect(operator.get_by_role("status").filter(has_text=words("chat.status.ended"))).to_be_visible()


def test_typing_and_whether_an_operator_is_online_show(open_as: Callable[..., Page], viewer: Viewer) -> None:
    words = viewer.words
    customer = open_as("demo", "/chat", viewer=viewer)
    no_chat_open(customer)
    presence = customer.get_by_test_id("chat-live")
    # Before a chat starts, the start screen says whether chat is staffed now.
    expect(presence).to_have_text(words("chat.presence.none"))
    console = open_as("staff", "/console/chats", viewer=viewer)
    try:
        expect(presence).to_have_text(words("chat.presence.one"))
        start_chat(customer, viewer)
        pick_up(console, viewer)
        expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.with", name=OPERATOR))
        expect(presence).to_have_text(words("chat.presence.one"))

        write(console, viewer, "Let me look that up")
        typing = customer.get_by_test_id("chat-typing")
        expect(typing).to_have_text(words("chat.typing", name=OPERATOR))
        assert typing.get_attribute("aria-live") == "polite"
        assert serious_accessibility_findings(customer) == []
        # A few seconds after the operator's last keystroke, the line is empty again.
        expect(typing).to_have_text("", timeout=8000)

        write(customer, viewer, "Thank you")
        expect(console.get_by_test_id("chat-typing")).to_have_text(words.pattern("chat.typing"))
        assert serious_accessibility_findings(console) == []
        # The operator types while the customer is writing: said, and her field keeps its focus.
        customer.get_by_role("textbox", name=words("chat.say")).focus()
        write(console, viewer, "Let me look that up again")
        expect(typing).to_have_text(words("chat.typing", name=OPERATOR))
        expect(customer.get_by_role("textbox", name=words("chat.say"))).to_be_focused()
    finally:
        console.context.close()
    # The console closed: the customer is told within a few seconds that nobody is online.
    expect(presence).to_have_text(words("chat.presence.none"), timeout=5000)
    assert serious_accessibility_findings(customer) == []
    customer.get_by_role("button", name=words("chat.end")).click()
    expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.status.ended"))


def _drop_every_socket(portal_url: str) -> None:
    request = urllib.request.Request(f"{portal_url}/dev/live/drop", method="POST")  # noqa: S310 - our own local URL
    with urllib.request.urlopen(request) as reply:  # noqa: S310 - our own local URL
        assert reply.status == 200


def _held(page: Page, routes: list[Route]) -> None:
    deadline = time.monotonic() + 10
    while not routes and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(routes) == 1, "the page did not ask for a new ticket after its socket dropped"


def test_a_connection_cut_mid_chat_comes_back_with_what_was_said_meanwhile_once_each(
    open_as: Callable[..., Page], operator: Page, viewer: Viewer, portal_url: str
) -> None:
    words = viewer.words
    customer = open_as("demo", "/chat", viewer=viewer)
    no_chat_open(customer)
    customer_traffic = watched(customer)
    chat_id = start_chat(customer, viewer)
    pick_up(operator, viewer)
    write(customer, viewer, f"My parcel has not come ({viewer.name})")
    send(customer, viewer)
    said(operator, viewer, f"My parcel has not come ({viewer.name})")

    # The network fails; the customer's page cannot get back until the test lets it.
    tickets: list[Route] = []
    customer.route(TICKETS, lambda route: tickets.append(route))
    _drop_every_socket(portal_url)
    expect(customer.locator("body[data-live='reconnecting']")).to_have_count(1)
    expect(customer.get_by_test_id("chat-live")).to_have_text(words("chat.reconnecting"))
    _held(customer, tickets)
    expect(operator.locator("body[data-live='open']")).to_have_count(1)
    first, second = f"It left us on Monday ({viewer.name})", f"It arrives tomorrow ({viewer.name})"
    for text in (first, second):
        write(operator, viewer, text)
        send(operator, viewer)
        said(operator, viewer, text)
    customer.wait_for_timeout(LONGER_THAN_A_POLL_MS)
    # Still cut off, and not polling: nothing of it has reached the customer yet.
    assert not any(first in line or second in line for line in lines(customer, viewer))
    customer_traffic.requests.clear()

    tickets[0].continue_()
    customer.unroute(TICKETS)
    expect(customer.locator("body[data-live='open']")).to_have_count(1)
    said(customer, viewer, first)
    said(customer, viewer, second)
    customer.wait_for_timeout(LONGER_THAN_A_POLL_MS)  # a push repeated late would show by now
    shown = lines(customer, viewer)
    assert len(shown) == 3, shown
    assert f"My parcel has not come ({viewer.name})" in shown[0]
    assert first in shown[1]
    assert second in shown[2]
    # Back on the socket, the page asked once for what it missed, after the last line it had.
    reads = [request for request in customer_traffic.requests if request.startswith("GET /api/tickets/chats/")]
    assert reads == [f"GET /api/tickets/chats/{chat_id}/messages?since=1"]
    # The ticket held (asked before the release) was the one it opened with: no other was asked.
    assert not [request for request in customer_traffic.requests if request.startswith("POST")]
    assert customer_traffic.sockets == ["/ws", "/ws"]
    expect(customer.get_by_test_id("chat-live")).to_have_text(words("chat.presence.one"))
    customer.get_by_role("button", name=words("chat.end")).click()
    expect(operator.get_by_role("status").filter(has_text=words("chat.status.ended"))).to_be_visible()


def test_a_page_whose_socket_cannot_open_polls_as_before(
    open_as: Callable[..., Page], operator: Page, viewer: Viewer
) -> None:
    words = viewer.words
    customer = open_as("demo", "/chat", viewer=viewer)
    no_chat_open(customer)
    # No ticket is to be had (the socket API is down): the page tries a few times, then polls.
    customer.route(TICKETS, lambda route: route.fulfill(status=503, body=""))
    traffic = Traffic()
    customer.on("request", traffic.request)
    customer.reload()
    customer.wait_for_selector("body[data-ready='true']")
    expect(customer.locator("body[data-live='unavailable']")).to_have_count(1, timeout=10000)
    expect(customer.get_by_test_id("chat-live")).to_have_text("")  # nobody knows who is online
    chat_id = start_chat(customer, viewer)
    pick_up(operator, viewer)
    expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.with", name=OPERATOR))
    write(operator, viewer, f"Still here for you ({viewer.name})")
    send(operator, viewer)
    said(customer, viewer, f"Still here for you ({viewer.name})")
    polls = [request for request in traffic.requests if request.startswith(f"GET /api/tickets/chats/{chat_id}/")]
    assert len(polls) >= 2, polls
    assert traffic.requests.count("POST /api/notifications/live/tickets") >= 3
    customer.get_by_role("button", name=words("chat.end")).click()
    expect(operator.get_by_role("status").filter(has_text=words("chat.status.ended"))).to_be_visible()


def test_the_ticket_offer_shows_when_nobody_answered_in_time_with_no_poll(
    open_as: Callable[..., Page], operator: Page, viewer: Viewer
) -> None:
    words = viewer.words
    settings = api(operator, "GET", "/tickets/operator/support/settings")
    api(operator, "PUT", "/tickets/operator/support/settings", {**settings, "chat_wait_seconds": 10})
    try:
        customer = open_as("demo", "/chat", viewer=viewer)
        no_chat_open(customer)
        traffic = watched(customer)
        traffic.requests.clear()
        chat_id = start_chat(customer, viewer)
        offer = customer.get_by_role("button", name=words("chat.to_ticket"))
        expect(offer).to_have_count(0)  # hidden: nobody could have answered yet
        # Ten seconds after the chat started, by the page's own clock: no poll asked for it.
        expect(offer).to_be_visible(timeout=15000)
        assert traffic.requests == ["POST /api/tickets/chats", f"GET /api/tickets/chats/{chat_id}/messages?since=0"]
        customer.get_by_role("button", name=words("chat.end")).click()
        expect(customer.get_by_test_id("chat-status")).to_have_text(words("chat.status.ended"))
        expect(offer).to_have_count(0)
    finally:
        api(operator, "PUT", "/tickets/operator/support/settings", settings)
