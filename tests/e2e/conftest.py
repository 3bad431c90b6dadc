"""The running local stack (`python -m local`, as `make run` starts it) and a real browser."""

import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Without these, Chromium reaches for Google's services and this machine's closed network
# refuses them many times a second.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Three test workers share two cores (the Makefile), so a page may wait its turn for a core:
# Playwright's 5 s default for an expectation has been too short under that load, never in a
# page's own time, which bench/ measures.
expect.set_options(timeout=10_000)


# The logs of the stacks running in this worker: a failing browser test shows their last lines,
# since what went wrong on the server (a push stuck, a handler raising) is seen only there.
_STACK_LOGS: list[Any] = []
LOG_LINES_SHOWN = 150


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for log in _STACK_LOGS:
            log.flush()
            lines = Path(log.name).read_text(errors="replace").splitlines()[-LOG_LINES_SHOWN:]
            report.sections.append((f"local stack log, last {len(lines)} lines", "\n".join(lines)))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_stack(*extra: str) -> Iterator[str]:
    """`python -m local` (what `make run` starts) on a free port; yields its URL."""
    port = _free_port()
    # A file, not a pipe: nobody reads a pipe while tests run, and a full one stops the server.
    log = tempfile.NamedTemporaryFile(mode="w+", prefix="local-stack-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", str(port), *extra],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _STACK_LOGS.append(log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/portal/health", timeout=1) as reply:  # noqa: S310 - our own local URL
                if reply.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                pytest.fail(f"the local stack did not start:\n{log.read()}")
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        _STACK_LOGS.remove(log)
        log.close()


# A stack per test file: files run on either of `make test`'s workers, in any order, so none
# may depend on what another file did to a shared stack (a customer deactivated, a setting
# changed, the sign-in limits spent).
@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    with local_stack() as url:
        yield url


def latest_code(portal_url: str, to: str) -> str:
    """The newest sign-in code sent to `to`, read from the local stack's outbox."""
    with urllib.request.urlopen(f"{portal_url}/dev/outbox.json") as reply:  # noqa: S310 - our own local URL
        messages = json.loads(reply.read())
    for message in messages:
        match = re.search(r"\b(\d{6})\b", message["body"])
        if message["to"] == to and match:
            return match.group(1)
    raise AssertionError(f"no code was sent to {to}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True)  # lets axe-core be injected; the page keeps its CSP otherwise
    page = context.new_page()
    yield page
    context.close()


def serious_accessibility_findings(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page once it has drawn (a page still
    loading is dimmed on purpose, which axe would count as low contrast)."""
    page.wait_for_selector("main:not([aria-busy])")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


# Sending a code answers after a fixed time (functions/auth/reply_time.py) on top of Cognito and
# the outbox; on a busy two-core CI that reply once took over 4 s, and the code box showed after
# the 5 s Playwright then waited. Waiting longer for it loses nothing when it comes at once.
CODE_SENT_TIMEOUT_MS = 20_000


def sign_in(page: Page, portal_url: str, identifier: str, code_to: str, *, my_device: bool = False) -> None:
    """Sign in through the page, in English, with the code read from the outbox (my_device:
    with "This is my device" ticked)."""
    page.goto(f"{portal_url}/signin")
    page.wait_for_selector("body[data-ready='true']")
    page.get_by_label("E-mail address or mobile number").fill(identifier)
    page.get_by_role("button", name="Send me a code").click()
    code_box = page.get_by_label("6-digit code")
    expect(code_box).to_be_visible(timeout=CODE_SENT_TIMEOUT_MS)
    code_box.fill(latest_code(portal_url, code_to))
    if my_device:
        page.get_by_label("This is my device").check()
    page.get_by_role("button", name="Sign in", exact=True).click()


# who -> (what they sign in with, where their code goes)
PEOPLE = {
    "demo": ("demo@example.com", "+15555550100"),
    "staff": ("staff@example.com", "staff@example.com"),
}


# The two ways every journey is tried (issue 18): a 360 px phone in French, a desktop in English.
VIEWERS = {
    "phone-fr": ({"width": 360, "height": 780}, "fr"),
    "desktop-en": ({"width": 1280, "height": 860}, "en"),
}


class Words:
    """One language's catalogue (web/i18n), to find a control by what it says in that language:
    words("signin.send"), words("orders.lines", count=2), words.pattern("dashboard.overdue")."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.catalogue: dict[str, Any] = json.loads((ROOT / "web" / "i18n" / f"{language}.json").read_text())

    def _text(self, key: str, count: int | None) -> str:
        entry = self.catalogue[key]
        if isinstance(entry, str):
            return entry
        form = "one" if count == 1 or (self.language == "fr" and count == 0) else "other"
        if self.language == "pl" and count is not None and count != 1:
            form = "few" if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else "many"
        return str(entry.get(form, entry["other"]))

    def __call__(self, key: str, **values: Any) -> str:
        """The message with every placeholder filled: one not given, or a value the message has
        no place for, is a test out of step with the catalogue (it would look for "with .")."""
        text = self._text(key, values.get("count"))
        wanted = set(re.findall(r"\{(\w+)\}", text))
        if wanted - values.keys() or values.keys() - wanted - {"count"}:
            raise KeyError(f"{key} takes {sorted(wanted)}, given {sorted(values)}")
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), text)

    def pattern(self, key: str, **values: Any) -> re.Pattern[str]:
        """The message with each placeholder not given matching anything."""
        parts = re.split(r"(\{\w+\})", self._text(key, values.get("count")))
        return re.compile(
            "".join(
                (re.escape(str(values[p[1:-1]])) if p[1:-1] in values else ".+?") if p.startswith("{") else re.escape(p)
                for p in parts
            )
        )


@dataclass(frozen=True)
class Viewer:
    name: str
    viewport: dict[str, int]
    language: str
    words: Words

    @property
    def phone(self) -> bool:
        return self.viewport["width"] < 640


@pytest.fixture(params=list(VIEWERS))
def viewer(request: pytest.FixtureRequest) -> Viewer:
    viewport, language = VIEWERS[request.param]
    return Viewer(request.param, viewport, language, Words(language))


def choose_language(page: Page, language: str) -> None:
    """As a person does: the language choice at the foot of every page (a customer's choice
    is saved on their profile too)."""
    select = page.locator("#language-select")
    if select.input_value() != language:
        select.select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    # ...and the view drawn again in it, so nothing the test does lands on the old one.
    expect(page.locator("body")).to_have_attribute("data-language", language)


def open_menu_entry(page: Page, viewer: Viewer, key: str) -> None:
    """Follow the menu entry `key` (nav.billing): on a phone through the Menu button."""
    if viewer.phone:
        page.get_by_role("button", name=viewer.words("nav.menu")).click()
    page.get_by_role("navigation", name=viewer.words("nav.label")).get_by_role(
        "link", name=viewer.words(key), exact=True
    ).click()


def signed_in(page: Page) -> bool:
    return page.locator("body[data-person]").count() > 0


@pytest.fixture(scope="module")
def open_as(browser: Browser, portal_url: str) -> Iterator[Callable[..., Page]]:
    """open_as("demo", "/documents"): a new browser context in that person's session, at that
    page; open_as("demo", "/", viewer=viewer) on that viewer's screen, in its language. Each person
    signs in through the page once per stack (a test file), and again only when a test has
    signed them out (sign-out ends every session of a person): the sign-in policy sends one
    phone at most 3 codes an hour and one person 5, and more tests than that need them."""
    states: dict[str, Any] = {}
    contexts: list[BrowserContext] = []

    def open_page(
        who: str, path: str = "/", *, retry: bool = True, viewer: Viewer | None = None, **options: Any
    ) -> Page:
        if who not in states:
            first = browser.new_context()
            sign_in(first.new_page(), portal_url, *PEOPLE[who])
            expect(first.pages[0].locator("body[data-person]")).to_have_count(1)
            states[who] = first.storage_state()
            first.close()
        if viewer is not None:
            options.setdefault("viewport", viewer.viewport)
        context = browser.new_context(bypass_csp=True, storage_state=states[who], **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{portal_url}{path}")
        page.wait_for_selector("body[data-ready='true']")
        if retry and not signed_in(page):
            del states[who]  # signed out everywhere by an earlier test
            return open_page(who, path, retry=False, viewer=viewer, **options)
        expect(page.locator("body[data-person]")).to_have_count(1)
        if viewer is not None:
            choose_language(page, viewer.language)
        return page

    yield open_page
    for context in contexts:
        context.close()


# --- accounts and roles (tests/e2e/accounts.py) -----------------------------------------


@pytest.fixture
def contexts(browser: Browser) -> Iterator[Callable[[Viewer], Page]]:
    """A fresh browser on the viewer's screen, signed in as nobody yet."""
    opened: list[BrowserContext] = []

    def fresh(viewer: Viewer) -> Page:
        screen = ViewportSize(width=viewer.viewport["width"], height=viewer.viewport["height"])
        context = browser.new_context(bypass_csp=True, viewport=screen)
        opened.append(context)
        return context.new_page()

    yield fresh
    for context in opened:
        context.close()


@pytest.fixture(scope="module")
def staff(open_as: Callable[..., Page]) -> Page:
    return open_as("staff", "/console/customers")
