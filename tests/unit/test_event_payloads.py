"""What each message needs from its event: an event without it is malformed (the consumer
sends it to the dead-letter list), never told with blanks."""

from typing import Any

import pytest

from functions.notifications.events import Event
from functions.notifications.templates import MalformedEvent, check


@pytest.mark.parametrize(
    ("event_type", "payload", "missing"),
    [
        ("invoice.issued", {"invoice_id": "I", "invoice_number": "INV-1", "due_date": "2026-12-08"}, "currency"),
        (
            "invoice.issued",
            {"invoice_id": "I", "invoice_number": "", "total": 1, "currency": "EUR", "due_date": "x"},
            "invoice_number",
        ),
        ("payment.succeeded", {"payment_number": "P-1", "currency": "EUR"}, "amount"),
        ("payment.succeeded", {"payment_number": "P-1", "currency": "EUR", "amount": "lots"}, "amount"),
        ("order.shipped", {"order_id": "O", "order_number": "ORD-1", "carrier": "Posti"}, "tracking"),
        ("document.requested", {"title": None}, "title"),
        ("ticket.answered", {"number": "TCK-1"}, "ticket_id"),
        ("ticket.answered", {"ticket_id": "T", "number": "TCK-1", "answer": " "}, "answer"),
    ],
)
def test_what_each_message_needs_is_checked(event_type: str, payload: dict[str, Any], missing: str) -> None:
    with pytest.raises(MalformedEvent, match=missing):
        check(Event("01J", event_type, "C", "2026-11-24T10:00:00+00:00", payload))


def test_an_event_nobody_is_told_of_needs_nothing() -> None:
    check(Event("01J", "ticket.opened", "C", "2026-11-24T10:00:00+00:00", {}))
    check(Event("01J", "inbox.message", "C", "2026-11-24T10:00:00+00:00", {"from_kind": "customer"}))
