"""What each event tells the customer, in their language: a subject, a body, a link.

The words live in messages/<language>.json (one file per language, for translators); this
module says which category each event belongs to and where its link goes. The subject is
the in-app title and the e-mail subject; the body is the in-app text and the e-mail's text
(its HTML part is the same words, escaped, in the business's frame); a text message is the
business's name and the subject, with the link. Events not listed here (an operator's own,
such as a ticket opened or a chat started) tell the customer nothing.
"""

import contextlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from html import escape
from pathlib import Path
from string import Formatter
from typing import Any

from functions.core import formats
from functions.core.contact import LANGUAGES, as_one_line
from functions.core.money import CURRENCY_PATTERN
from functions.notifications.events import Event

CATEGORIES = ("orders", "billing", "documents", "support", "bookings", "reminders")
MESSAGES = Path(__file__).parent / "messages"


@cache
def texts(language: str) -> dict[str, dict[str, str]]:
    """Event type -> {subject, body} in `language`."""
    return json.loads((MESSAGES / f"{language}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Template:
    category: str
    link: str
    applies: Callable[[Mapping[str, Any]], bool] = lambda payload: True


@dataclass(frozen=True)
class Rendered:
    category: str
    subject: str
    body: str
    link: str
    preview: str = ""  # what a text message quotes of the body (a ticket's answer), one line

    def sms(self, business: str, origin: str) -> str:
        if self.preview:
            return f"{business}: {self.subject}\n{self.preview}\n{origin}{self.link}"
        return f"{business}: {self.subject} {origin}{self.link}"

    def html(self, business: str, origin: str) -> str:
        paragraphs = "".join(f"<p>{escape(line)}</p>" for line in self.body.split("\n") if line)
        return (
            f'<div style="font-family:sans-serif;max-width:36em"><h2>{escape(business)}</h2>'
            f"<h3>{escape(self.subject)}</h3>{paragraphs}"
            f'<p><a href="{escape(origin + self.link)}">{escape(origin + self.link)}</a></p></div>'
        )


_ORDER = "/orders/{order_id}"
_INVOICE = "/invoices/{invoice_id}"

TEMPLATES: dict[str, Template] = {
    "order.submitted": Template("orders", _ORDER),
    "order.confirmed": Template("orders", _ORDER),
    "order.shipped": Template("orders", _ORDER),
    "order.delivered": Template("orders", _ORDER),
    "order.cancelled": Template("orders", _ORDER),
    "order.awaiting_approval": Template("orders", _ORDER),
    "order.declined": Template("orders", _ORDER),
    "invoice.issued": Template("billing", _INVOICE),
    "payment.succeeded": Template("billing", "/billing"),
    "payment.failed": Template("billing", "/billing"),
    "document.shared": Template("documents", "/documents"),
    "document.requested": Template("documents", "/documents"),
    "export.ready": Template("documents", "/account-data"),
    "ticket.answered": Template("support", "/support/{ticket_id}"),
    "ticket.status_changed": Template(
        "support", "/support/{ticket_id}", applies=lambda payload: payload.get("status") == "resolved"
    ),
    "inbox.message": Template("support", "/inbox", applies=lambda payload: payload.get("from_kind") == "staff"),
    "booking.requested": Template("bookings", "/bookings"),
    "booking.confirmed": Template("bookings", "/bookings"),
    "booking.declined": Template("bookings", "/bookings"),
    "booking.rescheduled": Template("bookings", "/bookings"),
    "booking.cancelled": Template("bookings", "/bookings"),
    "reminder.booking_tomorrow": Template("reminders", "/bookings"),
    "reminder.invoice_due_soon": Template("reminders", _INVOICE),
    "reminder.invoice_overdue": Template("reminders", _INVOICE),
}


def category_of(event_type: str, payload: Mapping[str, Any]) -> str | None:
    """The category the event is told in; None: it tells nobody anything."""
    template = TEMPLATES.get(event_type)
    return template.category if template is not None and template.applies(payload) else None


class MalformedEvent(ValueError):
    """An event without a value its message shows: set aside for an operator, never told."""


# Where render finds the amount {amount} shows, first found first: a reminder's `left`, an
# invoice's `total`, a payment's `amount`.
AMOUNT_KEYS = ("left", "total", "amount")
_COMPUTED = {"business", "amount"}  # filled in by render, not carried by the event


@cache
def needs(event_type: str) -> frozenset[str]:
    """The placeholders the event's subject, body (in any language) and link show."""
    template = TEMPLATES[event_type]
    shown = [template.link, *(text for language in LANGUAGES for text in texts(language)[event_type].values())]
    return frozenset(name for text in shown for _, name, _, _ in Formatter().parse(text) if name)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _amount_problems(payload: Mapping[str, Any]) -> list[str]:
    found = next((payload[key] for key in AMOUNT_KEYS if key in payload), None)
    problems = []
    if found is None:
        problems.append(f"amount (one of {', '.join(AMOUNT_KEYS)})")
    elif isinstance(found, bool) or not isinstance(found, int):
        problems.append("amount (a whole number of minor units)")
    if not isinstance(payload.get("currency"), str) or not re.fullmatch(CURRENCY_PATTERN, payload["currency"]):
        problems.append("currency (an ISO 4217 code)")
    return problems


def check(event: Event) -> None:
    """Raise MalformedEvent unless the event carries every value its message would show.

    The consumer checks before anything is sent: an event that lacks them is a producer's
    bug, and told anyway it reads "New invoice " or "is due on ." to the customer.
    """
    template = TEMPLATES.get(event.event_type)
    if template is None or not template.applies(event.payload):
        return  # nothing to tell, so nothing needed
    needed = needs(event.event_type)
    missing = sorted(name for name in needed - _COMPUTED if _blank(event.payload.get(name)))
    if "amount" in needed:
        missing += _amount_problems(event.payload)
    if missing:
        raise MalformedEvent(f"{event.event_type} lacks {'; '.join(missing)}")


class _Blank(dict[str, Any]):
    """A placeholder the event did not carry reads as empty, not as an error. (The consumer
    refuses such events first, with check; this keeps render total for other callers.)"""

    def __missing__(self, key: str) -> str:
        return ""


# A text message quotes this much of a ticket's answer: with the business's name, the
# subject and the link, about two SMS parts; the e-mail and the portal have all of it.
PREVIEW_CHARACTERS = 140


def preview(text: str, limit: int = PREVIEW_CHARACTERS) -> str:
    """`text` on one line, cut at a word before `limit` characters with "…" if it is longer."""
    line = re.sub(" {2,}", " ", as_one_line(text))  # not str.split: no-break spaces stay
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:!?") + "…"


def _shown(payload: Mapping[str, Any], language: str, zone: str) -> dict[str, Any]:
    """The payload's amounts, days and times as `language` writes them (core.formats); a value
    not in the shape its producer writes is shown as it came."""
    shown: dict[str, Any] = {}
    if "currency" in payload:
        amount = next((payload[key] for key in AMOUNT_KEYS if key in payload), 0)
        shown["amount"] = formats.money(int(amount), str(payload["currency"]), language)
    due = payload.get("due_date")
    if isinstance(due, str):
        with contextlib.suppress(ValueError):
            shown["due_date"] = formats.day(date.fromisoformat(due[:10]), language)
    when = payload.get("when")
    if isinstance(when, str):
        # Bookings write "YYYY-MM-DD HH:MM" on the business's clocks (bookings.appointments).
        with contextlib.suppress(ValueError):
            shown["when"] = formats.day_and_time(datetime.fromisoformat(when), language, zone)
    return shown


def render(
    event_type: str, payload: Mapping[str, Any], language: str, business: str, zone: str = "UTC"
) -> Rendered | None:
    """The event told in `language` (English if it has no such text); None: nothing to tell.

    Amounts, days and times read as the pages write them in that language; `zone` is the
    business's time zone, which the event's local times ("when") are in, and labels them.
    """
    template = TEMPLATES.get(event_type)
    if template is None or not template.applies(payload):
        return None
    language = language if language in LANGUAGES else "en"
    values = _Blank(payload, business=business)
    values.update(_shown(payload, language, zone))
    words = texts(language)[event_type]
    answer = payload.get("answer")
    return Rendered(
        category=template.category,
        # The in-app title and the e-mail Subject: one line even if a title was stored with a
        # line break before one-line fields refused them.
        subject=as_one_line(words["subject"].format_map(values)),
        body=words["body"].format_map(values),
        link=template.link.format_map(values),
        preview=preview(answer) if isinstance(answer, str) and answer.strip() else "",
    )


def missing_translations() -> list[str]:
    """'language: event type' for each text missing or left over (a unit test keeps this empty)."""
    return [
        f"{language}: {event_type}"
        for language in LANGUAGES
        for event_type in set(TEMPLATES).symmetric_difference(texts(language))
    ]
