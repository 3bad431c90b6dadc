"""What the notifications say: amounts, days and times in the customer's language, French
typography, and a ticket's answer in the message that announces it."""

import re

import pytest

from functions.core.contact import LANGUAGES
from functions.notifications.templates import PREVIEW_CHARACTERS, render, texts

NB = "\u00a0"
NN = "\u202f"
INVOICE = {"invoice_id": "I1", "invoice_number": "INV-7", "total": 123675, "currency": "EUR", "due_date": "2026-12-15"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Invoice INV-7 for €1,236.75 is due on Dec 15, 2026."),
        ("fr", f"La facture INV-7 de 1{NN}236,75{NB}€ est à régler le 15 déc. 2026."),
        ("pl", f"Faktura INV-7 na kwotę 1236,75{NB}€ jest płatna do 15 gru 2026."),
        ("fi", f"Lasku INV-7, 1{NB}236,75{NB}€, erääntyy 15.12.2026."),
    ],
)
def test_an_invoice_is_told_in_the_customer_s_own_numbers_and_days(language: str, expected: str) -> None:
    told = render("invoice.issued", INVOICE, language, "Acme")

    assert told is not None
    assert told.body == expected


def test_a_reminder_tells_what_is_left_in_the_customer_s_currency_format() -> None:
    payload = {"invoice_id": "I1", "invoice_number": "INV-7", "due_date": "2026-12-15", "left": 500, "currency": "PLN"}

    told = render("reminder.invoice_overdue", payload, "pl", "Acme")

    assert told is not None
    assert f"5,00{NB}zł" in told.body
    assert "15 gru 2026" in told.body
    assert "PLN" not in told.body


def test_a_booking_time_is_labelled_with_the_business_s_zone() -> None:
    payload = {"booking_id": "B1", "service_name": "Massage", "when": "2026-12-15 14:30"}

    told = render("booking.confirmed", payload, "fr", "Acme", zone="Europe/Helsinki")

    assert told is not None
    assert told.subject == f"Rendez-vous confirmé{NN}: Massage le 15 déc. 2026, 14:30 (Europe/Helsinki)"


BOOKING_EVENTS = [name for name in texts("en") if name.startswith("booking.") or name == "reminder.booking_tomorrow"]
# 2026-12-15 14:30 on the business's clock, as each language writes it (core.formats).
WRITTEN = {
    "en": "Dec 15, 2026, 2:30 PM (Europe/Helsinki)",
    "fr": "15 déc. 2026, 14:30 (Europe/Helsinki)",
    "pl": "15 gru 2026, 14:30 (Europe/Helsinki)",
    "fi": "15.12.2026 klo 14.30 (Europe/Helsinki)",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_type", BOOKING_EVENTS)
def test_every_booking_message_tells_the_time_with_its_zone_named(event_type: str, language: str) -> None:
    payload = {"booking_id": "B1", "service_name": "Massage", "when": "2026-12-15 14:30", "reason": "Closed."}

    told = render(event_type, payload, language, "Acme", zone="Europe/Helsinki")

    assert told is not None
    assert WRITTEN[language] in told.body
    assert "2026-12-15" not in told.subject + told.body
    if "{when}" in texts(language)[event_type]["subject"]:
        assert WRITTEN[language] in told.subject


def test_the_booking_reminder_is_labelled_with_the_zone_it_names() -> None:
    """The "tomorrow" reminder carries the zone its time is in; no settings are read for it."""
    from functions.notifications.delivery import business_zone

    payload = {"booking_id": "B1", "service_name": "Massage", "when": "2026-12-15 14:30", "time_zone": "Europe/Warsaw"}

    told = render("reminder.booking_tomorrow", payload, "en", "Acme", zone=business_zone(payload))

    assert told is not None
    assert told.subject == "Tomorrow: Massage on Dec 15, 2026, 2:30 PM (Europe/Warsaw)"


def test_a_message_with_no_time_shows_no_zone() -> None:
    from functions.notifications.delivery import business_zone

    told = render("invoice.issued", INVOICE, "en", "Acme", zone=business_zone(INVOICE))

    assert told is not None
    assert "(" not in told.body


def test_the_ticket_answered_message_carries_the_answer() -> None:
    answer = "Bonjour Léa,\n\nVotre colis part demain matin. " + "Merci de votre patience. " * 20
    payload = {"ticket_id": "T1", "number": "TCK-12", "answer": answer}

    told = render("ticket.answered", payload, "fr", "Acme")

    assert told is not None
    assert told.body == f"Acme a répondu à votre ticket TCK-12{NN}:\n\n{answer}"
    text = told.sms("Acme", "https://portal.example")
    quoted = text.split("\n")[1]
    assert quoted.startswith("Bonjour Léa, Votre colis part demain matin.")
    assert quoted.endswith("…")
    assert len(quoted) <= PREVIEW_CHARACTERS
    assert text.endswith("https://portal.example/support/T1")


def test_a_short_answer_is_quoted_whole_in_a_text_message() -> None:
    told = render("ticket.answered", {"ticket_id": "T1", "number": "TCK-12", "answer": "Done."}, "en", "Acme")

    assert told is not None
    assert told.sms("Acme", "https://p") == "Acme: Answer to ticket TCK-12\nDone.\nhttps://p/support/T1"


def _french_texts() -> list[str]:
    return [text for words in texts("fr").values() for text in words.values()]


def test_french_punctuation_has_its_narrow_no_break_space() -> None:
    for text in _french_texts():
        assert not re.search(f"[^{NN}][:;!?»]", text), text
        assert not re.search(f"«[^{NN}]", text), text


def test_a_submitted_order_is_received_in_french_not_sent() -> None:
    submitted = texts("fr")["order.submitted"]

    assert "reçue" in submitted["subject"]
    for text in _french_texts():
        assert "envoyée" not in text.lower(), text


def test_every_language_tells_the_answer() -> None:
    for language in LANGUAGES:
        assert "{answer}" in texts(language)["ticket.answered"]["body"], language
