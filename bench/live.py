"""How long a customer's chat message takes to reach the operator: over the operator's socket
(docs/live.md) against today's polling, the baseline.

The real local stack (`python -m local`, what `make run` starts) runs in a subprocess; this
process talks to it as two pages would, over real HTTP and a real WebSocket. The customer
(demo@example.com) starts a chat and the operator (staff@example.com) picks it up. For the
whole run the operator has both a socket open (hello, no presence) and a poller running as
the console's chat does (web/js/views/support-parts.js `chatMessages`): GET
…/operator/chats/{id}/messages?since=<last seq> with the last ETag as If-None-Match, the next
poll CHAT_POLL_MS after each answer, its phase nobody's but its own. Each sample, the customer
POSTs one message with a body of its own; a socket sample times it from the send's start to
the chat.message with that body on the socket, a polling sample to the poll answer that holds
it. Samples alternate socket, polling, socket, ... with a random pause between them (up to one
poll interval), so a send falls anywhere in the poll's cycle.

"HTTP requests per message" counts what the operator's page asks to see the message: for
polling, the polls answered from the send's start to the one that holds it (their median on
the median's line, their 95th percentile on the other); for the socket none (its one ticket is
asked when it opens, not per message). A polling page also polls once every interval whether
anything was said or not. Both channels stay open in every sample, so the server carries the
same load whichever one a sample reads.

Run: python -m bench.live [--samples N]   (`make bench` runs it)
"""

import argparse
import bisect
import http.cookiejar
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import simple_websocket

from bench.stack import ratios_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = 40  # of each kind
CUSTOMER = ("demo@example.com", "+15555550100")  # who signs in, where the code goes
OPERATOR = ("staff@example.com", "staff@example.com")
ARRIVAL_TIMEOUT = 10.0  # seconds a message may take before the sample is called lost
STARTUP_TIMEOUT = 120.0
# The environment as the shell gave it: `make bench` runs the in-process benches first, and
# they leave their moto stack's settings in os.environ (SIGNIN_REPLY_SECONDS among them).
SHELL_ENVIRONMENT = dict(os.environ)


def chat_poll_seconds(page: Path = ROOT / "web" / "js" / "views" / "support-parts.js") -> float:
    """The chat page's poll interval, read from the page itself so the bench follows it."""
    found = re.search(r"const CHAT_POLL_MS = (\d+)", page.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"CHAT_POLL_MS is no longer defined in {page}")
    return int(found.group(1)) / 1000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalPortal:
    url: str
    log: IO[str]

    def output(self) -> str:
        """What the stack's process has printed and logged so far."""
        self.log.flush()
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")


@contextmanager
def local_portal() -> Iterator[LocalPortal]:
    """`python -m local` on a free port, as `make run` starts it; stopped whatever happens."""
    port = _free_port()
    # A file, not a pipe: nobody reads a pipe while the bench runs, and a full one stops the server.
    with tempfile.NamedTemporaryFile(mode="w+", prefix="bench-live-", suffix=".log") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "local", "--port", str(port)],
            cwd=ROOT,
            env=SHELL_ENVIRONMENT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        portal = LocalPortal(f"http://127.0.0.1:{port}", log)
        try:
            _wait_until_healthy(portal, process)
            yield portal
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(portal: LocalPortal, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{portal.url}/api/portal/health", timeout=1) as reply:  # noqa: S310 - our own local URL
                if reply.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the local stack did not start:\n{portal.output()}") from None
            time.sleep(0.2)


@dataclass
class Reply:
    status: int
    etag: str | None
    data: Any


class Page:
    """One person's browser on the portal: their cookies, and the CSRF token a write sends."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self._cookies))

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        csrf = next((c.value or "" for c in self._cookies if c.name == "csrf_token"), "")
        sent = {"Accept": "application/json", **(headers or {})}
        if method != "GET":
            sent["X-CSRF-Token"] = csrf
        if body is not None:
            sent["Content-Type"] = "application/json"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self._base + path, data=data, method=method, headers=sent)  # noqa: S310 - our own local URL
        try:
            with self._opener.open(request, timeout=10) as reply:
                text = reply.read()
                return Reply(reply.status, reply.headers.get("ETag"), json.loads(text) if text else None)
        except urllib.error.HTTPError as refused:  # 304 comes here too
            text = refused.read()
            return Reply(refused.code, refused.headers.get("ETag"), json.loads(text) if text else None)

    def must(self, method: str, path: str, body: Any = None) -> Any:
        """The answer's data; anything but a 2xx stops the bench with what the portal said."""
        reply = self.call(method, path, body)
        if not 200 <= reply.status < 300:
            raise RuntimeError(f"{method} {path} answered {reply.status}: {reply.data}")
        return reply.data

    def sign_in(self, identifier: str, code_to: str) -> None:
        """As the sign-in page does: the session (which sets the CSRF cookie), a code, the code."""
        self.must("GET", "/api/auth/session")
        before = {m["id"] for m in _outbox(self._base)}
        self.must("POST", "/api/auth/start", {"identifier": identifier})
        self.must("POST", "/api/auth/verify", {"code": _new_code(self._base, code_to, before)})


def _outbox(base: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{base}/dev/outbox.json", timeout=5) as reply:  # noqa: S310 - our own local URL
        messages: list[dict[str, Any]] = json.loads(reply.read())
        return messages


def _new_code(base: str, to: str, before: set[str], timeout: float = 10) -> str:
    """The code in the newest message to `to` that was not in the outbox before (newest first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in _outbox(base):
            found = re.search(r"\b(\d{6})\b", message["body"])
            if message["to"] == to and message["id"] not in before and found:
                return found.group(1)
        time.sleep(0.1)
    raise RuntimeError(f"no sign-in code reached {to} within {timeout} s")


@dataclass
class Arrivals:
    """When each message body first reached one side (perf_counter seconds)."""

    seen: dict[str, float] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def saw(self, body: str, at: float) -> None:
        with self.changed:
            self.seen.setdefault(body, at)
            self.changed.notify_all()

    def wait_for(self, body: str, timeout: float) -> float | None:
        with self.changed:
            self.changed.wait_for(lambda: body in self.seen, timeout)
            return self.seen.get(body)


class SocketSide:
    """The operator's socket: every chat.message of the chat, as it arrives."""

    def __init__(self, operator: Page, ws_base: str, chat_id: str) -> None:
        ticket = operator.must("POST", "/api/notifications/operator/live/tickets")["ticket"]
        self._socket = simple_websocket.Client.connect(f"{ws_base}/ws?ticket={ticket}")
        self._socket.send(json.dumps({"action": "hello", "presence": False}))
        self._chat_id = chat_id
        self.arrivals = Arrivals()
        self.received: list[dict[str, Any]] = []  # everything, for a report when a message is missed
        self.closed: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="bench-socket", daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                data = self._socket.receive(timeout=0.5)
            except simple_websocket.ConnectionClosed as ended:
                self.closed = f"{ended.reason} {ended.message}"
                return
            if data is None:
                continue
            at = time.perf_counter()
            pushed = json.loads(data)
            self.received.append(pushed)
            if pushed.get("type") == "chat.message" and pushed.get("chat_id") == self._chat_id:
                self.arrivals.saw(pushed["message"]["body"], at)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._socket.close()


class PollingSide:
    """The operator's chat page as it polls today, running on its own from start to stop."""

    def __init__(self, operator: Page, chat_id: str, every: float) -> None:
        self._operator = operator
        self._path = f"/api/tickets/operator/chats/{chat_id}/messages"
        self._every = every
        self.arrivals = Arrivals()
        self.answered: list[float] = []  # when each poll's answer came, in order
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-poller", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        since, etag = 0, None
        while True:
            reply = self._operator.call(
                "GET", f"{self._path}?since={since}", headers={"If-None-Match": etag} if etag else {}
            )
            at = time.perf_counter()
            self.answered.append(at)
            if reply.status == 200:
                etag = reply.etag
                for message in reply.data["messages"]:
                    self.arrivals.saw(message["body"], at)
                    since = max(since, message["seq"])
            elif reply.status != 304:
                self.failures.append(f"{reply.status} {reply.data}")
            # as the page: the next poll one interval after this answer (setTimeout after await)
            if self._stop.wait(self._every):
                return

    def polls_between(self, began: float, arrived: float) -> int:
        """The polls answered after `began`, up to and with the one at `arrived`."""
        return bisect.bisect_right(self.answered, arrived) - bisect.bisect_right(self.answered, began)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@dataclass
class Samples:
    socket_ms: list[float] = field(default_factory=list)
    polling_ms: list[float] = field(default_factory=list)
    polls: list[int] = field(default_factory=list)  # per polling sample
    send_ms: list[float] = field(default_factory=list)  # the customer's POST until its answer, both kinds


def measure(samples: int) -> Samples:
    poll_every = chat_poll_seconds()
    with local_portal() as portal:
        customer, operator = Page(portal.url), Page(portal.url)
        customer.sign_in(*CUSTOMER)
        operator.sign_in(*OPERATOR)
        chat_id = customer.must("POST", "/api/tickets/chats")["chat_id"]
        operator.must("POST", f"/api/tickets/operator/chats/{chat_id}/pick")
        pushed = SocketSide(operator, portal.url.replace("http://", "ws://"), chat_id)
        polled = PollingSide(operator, chat_id, poll_every)
        results = Samples()
        try:
            time.sleep(poll_every)  # the poller's first answer (the whole chat) is in
            for n in range(samples):
                for mode in ("socket", "polling"):
                    time.sleep(random.uniform(0.1, 0.1 + poll_every))  # noqa: S311 - a pause, not a secret
                    body = f"bench {mode} {n} {secrets.token_hex(4)}"
                    began = time.perf_counter()
                    customer.must("POST", f"/api/tickets/chats/{chat_id}/messages", {"body": body})
                    results.send_ms.append((time.perf_counter() - began) * 1000)
                    side = pushed if mode == "socket" else polled
                    arrived = side.arrivals.wait_for(body, ARRIVAL_TIMEOUT)
                    if arrived is None:
                        raise RuntimeError(_lost(mode, body, chat_id, pushed, polled, portal))
                    if mode == "socket":
                        results.socket_ms.append((arrived - began) * 1000)
                    else:
                        results.polling_ms.append((arrived - began) * 1000)
                        results.polls.append(polled.polls_between(began, arrived))
        finally:
            polled.close()
            pushed.close()
        errors = [line for line in portal.output().splitlines() if "Traceback" in line or '"level":"ERROR"' in line]
        if errors:
            print(f"  (the local stack logged {len(errors)} error(s) during the run; first: {errors[0][:200]})")
        return results


def _lost(mode: str, body: str, chat_id: str, pushed: SocketSide, polled: PollingSide, portal: LocalPortal) -> str:
    """What is known when a message never arrived: what was sent, what each side got, the log."""
    return "\n".join(
        [
            f"the {mode} side never received {body!r} (chat {chat_id}) within {ARRIVAL_TIMEOUT} s",
            f"socket: closed={pushed.closed}, last received: {pushed.received[-5:]}",
            f"polling: got it={body in polled.arrivals.seen}, failures: {polled.failures[-3:]}",
            "the local stack's output (last 60 lines):",
            *portal.output().splitlines()[-60:],
        ]
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def report(results: Samples) -> str:
    n = len(results.socket_ms)
    lines = ratios_report(
        f"live chat, a customer's send to the operator's display, n = {n} each, alternating; polling / socket:",
        {
            "median": {
                "polling": (statistics.median(results.polling_ms), statistics.median(results.polls)),
                "socket": (statistics.median(results.socket_ms), 0),
            },
            "95th percentile": {
                "polling": (p95(results.polling_ms), p95([float(c) for c in results.polls])),
                "socket": (p95(results.socket_ms), 0),
            },
        },
        labels=("polling", "socket"),
        counted="operator HTTP request(s) per message",
    )
    fastest, slowest = min(results.polling_ms), max(results.polling_ms)
    lines.append(
        f"  (polling every {chat_poll_seconds() * 1000:.0f} ms: {fastest:.0f} to {slowest:.0f} ms; "
        f"socket {min(results.socket_ms):.0f} to {max(results.socket_ms):.0f} ms; "
        f"the send itself, POST to its answer, median {statistics.median(results.send_ms):.0f} ms)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=SAMPLES, help="of each kind")
    args = parser.parse_args(argv)
    print(report(measure(args.samples)))


if __name__ == "__main__":
    main()
