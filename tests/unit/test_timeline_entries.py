"""What each event puts on the account's timeline (functions/notifications/timeline.py), at
its edges: no happening, an item a contact created, a refund's amount, a long message."""

from typing import Any

import pytest

from functions.notifications.events import Event
from functions.notifications.timeline import entries_of

AT = "2026-11-24T10:00:00+00:00"


def _event(event_type: str, customer_id: str | None = "A1", **payload: Any) -> Event:
    return Event("01JTIMELINEUNIT00000000001", event_type, customer_id, AT, payload)


@pytest.mark.parametrize(
    "event",
    [
        _event("reminder.invoice_overdue", invoice_id="I1", left=100, currency="EUR"),
        _event("reminder.booking_tomorrow", booking_id="B1"),
        _event("invoice.requested", order_id="O1", total=100),
        _event("order.shipped", customer_id=None, order_id="O1"),
        _event("portal.settings_changed"),
    ],
)
def test_what_is_no_happening_on_an_account_puts_nothing(event: Event) -> None:
    assert entries_of(event) == []


def test_an_item_a_contact_created_is_also_on_their_own_timeline() -> None:
    account, mine = entries_of(_event("order.shipped", order_id="O1", order_number="ORD-7", created_by="C9"))

    assert (account.pk, account.gsi1pk, account.gsi2pk) == (
        "CUSTOMER#A1#TIMELINE",
        "CUSTOMER#A1#TIMELINE#KIND#order",
        "CUSTOMER#A1#TIMELINE#AREA#buying",
    )
    assert (mine.pk, mine.gsi1pk, mine.gsi2pk) == (
        "CUSTOMER#A1#TIMELINE#BY#C9",
        "CUSTOMER#A1#TIMELINE#BY#C9#KIND#order",
        "CUSTOMER#A1#TIMELINE#BY#C9#AREA#buying",
    )
    assert account.sk == mine.sk == account.gsi1sk == account.gsi2sk == "01JTIMELINEUNIT00000000001"
    assert (account.label, account.status, account.link) == ("ORD-7", "shipped", "/orders/O1")


def test_an_event_of_the_whole_account_is_on_the_account_s_timeline_alone() -> None:
    [entry] = entries_of(_event("invoice.issued", invoice_id="I1", invoice_number="INV-3", total=12000, currency="EUR"))

    assert (entry.kind, entry.area, entry.amount, entry.currency) == ("invoice", "billing", 12000, "EUR")
    assert (entry.link, entry.created_by) == ("/invoices/I1", None)


def test_a_refund_shows_what_was_refunded_not_what_was_paid() -> None:
    [entry, _] = entries_of(
        _event(
            "payment.refunded",
            payment_id="P1",
            payment_number="PAY-1",
            amount=5000,
            refunded=1500,
            currency="EUR",
            created_by="C1",
        )
    )

    assert (entry.amount, entry.label, entry.link) == (1500, "PAY-1", "/billing")


def test_a_message_is_labelled_by_its_first_words_on_one_line() -> None:
    body = "Hello,\n\nyour   order " + "is ready " * 20
    [entry] = entries_of(_event("inbox.message", message_id="M1", from_kind="staff", body=body))

    assert entry.label is not None
    assert len(entry.label) == 80
    assert entry.label.startswith("Hello, your order is ready")
    assert entry.label.endswith("…")
    assert (entry.kind, entry.area, entry.actor, entry.link) == ("message", "support", "business", "/inbox")


def test_a_ticket_s_status_move_says_the_status_and_a_chat_links_to_the_chat() -> None:
    [ticket, _] = entries_of(
        _event("ticket.status_changed", ticket_id="T1", number="TCK-4", status="resolved", created_by="C1")
    )
    [chat, _] = entries_of(_event("chat.started", chat_id="CH1", created_by="C1"))

    assert (ticket.status, ticket.label, ticket.link) == ("resolved", "TCK-4", "/support/T1")
    assert (chat.kind, chat.link, chat.label) == ("message", "/chat", None)
