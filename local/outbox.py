"""Every e-mail and text message the portal sent, read from moto's SES and SNS backends.

moto keeps what was sent but not when; a poller stamps each message the first time it is
seen (within POLL_SECONDS of the send), which is all a developer reading codes needs.
"""

import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from local.resources import ACCOUNT_ID

POLL_SECONDS = 0.2


@dataclass(frozen=True)
class SentMessage:
    id: str
    channel: str  # "email" or "sms"
    to: str
    subject: str
    body: str
    sent_at: str


class Outbox:
    def __init__(self, region: str) -> None:
        self._region = region
        self._seen: dict[str, SentMessage] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def messages(self) -> list[SentMessage]:
        """Newest first: in the order they were found, which is the order each backend kept
        them in (its ids are random, so they cannot order the messages one collection finds)."""
        self._collect()
        with self._lock:
            return list(reversed(self._seen.values()))

    def as_json(self) -> list[dict[str, Any]]:
        return [asdict(m) for m in self.messages()]

    def start(self) -> None:
        self._thread = threading.Thread(target=self._poll, name="outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=2)

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._collect()

    def _collect(self) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        found = list(self._emails(now)) + list(self._texts(now))
        with self._lock:
            for message in found:
                self._seen.setdefault(message.id, message)

    def _emails(self, now: str) -> list[SentMessage]:
        backend = ses_backends[ACCOUNT_ID][self._region]
        emails = []
        for message in list(backend.sent_messages):
            if message.id in self._seen:
                continue
            destinations = getattr(message, "destinations", {}) or {}
            to = ", ".join(destinations.get("ToAddresses", [])) if isinstance(destinations, dict) else str(destinations)
            body = getattr(message, "body", None) or getattr(message, "raw_data", "")
            emails.append(SentMessage(message.id, "email", to, getattr(message, "subject", "") or "", str(body), now))
        return emails

    def _texts(self, now: str) -> list[SentMessage]:
        backend = sns_backends[ACCOUNT_ID][self._region]
        return [
            SentMessage(message_id, "sms", phone, "", text, now)
            for message_id, (phone, text) in list(backend.sms_messages.items())
            if message_id not in self._seen
        ]
