"""The notification centre tells every entry in the reader's language of now, not the one
they read when it was delivered; e-mails stay as sent; a page costs what it did."""

import boto3
import pytest

from functions.core.principal import customer_key
from functions.core.summary import SUMMARY, SummaryItem, summary_of
from functions.notifications.migration import Moved, move_to_contacts
from functions.notifications.models import (
    NOTIFICATION_PREFIX,
    PREFERENCES,
    NotificationItem,
    PreferencesItem,
    feed_key,
)
from local.outbox import Outbox
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_call_counts import PRINCIPAL_CHECK
from tests.functional.test_notifications import Pipeline, _emails, _order, _queue_event, _ship
from tests.functional.visitor import Visitor

NB = "\u00a0"  # no-break space
NN = "\u202f"  # narrow no-break space


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


def _titles(visitor: Visitor, path: str = "/notifications") -> list[str]:
    return [n["title"] for n in visitor.get(path).json_body["items"]]


def _set_zone(operator: Visitor, zone: str) -> None:
    current = operator.get("/bookings/operator/bookings/settings").json_body
    changed = operator.call("PUT", "/bookings/operator/bookings/settings", {**current, "time_zone": zone})
    assert changed.status_code == 200, changed.json_body


def test_an_entry_delivered_in_english_reads_in_french_once_she_switches(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, outbox: Outbox
) -> None:
    order = _order(dana, operator)
    _ship(operator, order["order_id"])
    pipeline.run()
    number = order["order_number"]
    assert _titles(dana) == [f"Order {number} shipped", f"Order {number} confirmed", f"Order {number} received"]

    assert dana.patch("/customers/profile", {"language": "fr"}).status_code == 200

    feed = dana.get("/notifications").json_body
    assert [n["title"] for n in feed["items"]] == [
        f"Commande {number} expédiée",
        f"Commande {number} confirmée",
        f"Commande {number} reçue",
    ]
    assert feed["items"][0]["body"] == f"Votre commande {number} est en route avec Posti. Suivi{NN}: JJFI123."
    assert feed["items"][0]["link"] == f"/orders/{order['order_id']}"
    assert feed["unread"] == 3  # the count is kept with the entries, whatever their language
    # What was sent stays sent: the e-mails went in English, in the language she read then.
    assert len(_emails(outbox, "demo@example.com", containing=f"Order {number}")) == 3
    assert _emails(outbox, "demo@example.com", containing=f"Commande {number}") == []
    # Marked read, it comes back as the feed tells it.
    marked = dana.post(f"/notifications/{feed['items'][0]['notification_id']}/read", {}).json_body
    assert marked["title"] == f"Commande {number} expédiée"

    assert dana.patch("/customers/profile", {"language": "pl"}).status_code == 200
    assert _titles(dana)[0] == f"Zamówienie {number} wysłane"


def test_amounts_and_days_follow_the_reader_s_language(
    pipeline: Pipeline, dana: Visitor, people: dict[str, str]
) -> None:
    _queue_event(
        pipeline,
        "01JFEEDINVOICE000000000001",
        "invoice.issued",
        people["demo"],
        invoice_id="I1",
        invoice_number="INV-77",
        total=123675,
        currency="EUR",
        due_date="2026-12-15",
    )
    pipeline.consume()
    [english] = dana.get("/notifications").json_body["items"]
    assert english["body"] == "Invoice INV-77 for €1,236.75 is due on Dec 15, 2026."

    assert dana.patch("/customers/profile", {"language": "fi"}).status_code == 200

    [finnish] = dana.get("/notifications").json_body["items"]
    assert finnish["title"] == "Uusi lasku INV-77"
    assert finnish["body"] == f"Lasku INV-77, 1{NB}236,75{NB}€, erääntyy 15.12.2026."
    assert finnish["notification_id"] == english["notification_id"]


def test_a_booking_entry_keeps_the_zone_it_was_told_in(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    _set_zone(operator, "Europe/Helsinki")
    _queue_event(
        pipeline,
        "01JFEEDBOOKING000000000001",
        "booking.confirmed",
        people["demo"],
        booking_id="B1",
        service_name="Massage",
        when="2026-12-15 14:30",
    )
    pipeline.consume()
    _set_zone(operator, "Europe/Warsaw")  # later: the entry's time was the Helsinki clock's
    assert dana.patch("/customers/profile", {"language": "fr"}).status_code == 200

    [entry] = dana.get("/notifications").json_body["items"]

    assert entry["title"] == f"Rendez-vous confirmé{NN}: Massage le 15 déc. 2026, 14:30 (Europe/Helsinki)"
    assert entry["body"] == "Votre rendez-vous pour Massage le 15 déc. 2026, 14:30 (Europe/Helsinki) est confirmé."


def test_an_entry_stored_before_payloads_were_kept_reads_as_it_was_written(
    settings_env: dict[str, str], dana: Visitor, people: dict[str, str]
) -> None:
    NotificationItem(
        feed_key(people["demo"]),
        f"{NOTIFICATION_PREFIX}01JFEEDOLD0000000000000001",
        notification_id="01JFEEDOLD0000000000000001",
        event_type="order.submitted",
        category="orders",
        title="Order ORD-1 received",
        body="We have received your order ORD-1. We will confirm it shortly.",
        link="/orders/O1",
        created_at="2026-01-05T10:00:00+00:00",
    ).save()
    assert dana.patch("/customers/profile", {"language": "fr"}).status_code == 200

    [entry] = dana.get("/notifications").json_body["items"]

    assert (entry["title"], entry["body"]) == (
        "Order ORD-1 received",
        "We have received your order ORD-1. We will confirm it shortly.",
    )


def test_another_customer_s_entries_are_not_readable_in_any_language(
    pipeline: Pipeline, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    order = _order(dana, operator)
    pipeline.run()  # one entry, "received"
    first = dana.get("/notifications?limit=1").json_body
    [mine] = first["items"]
    _ship(operator, order["order_id"])
    pipeline.run()  # two more: a page of one has a next page
    cursor = dana.get("/notifications?limit=1").json_body["next_cursor"]

    assert lea.get("/notifications").json_body["items"] == []  # Léa reads French: none of Dana's
    assert lea.post(f"/notifications/{mine['notification_id']}/read").status_code == 404
    taken = lea.get(f"/notifications?limit=1&cursor={cursor}")
    assert taken.status_code == 400
    assert taken.json_body["error"]["code"] == "invalid_cursor"
    assert dana.get("/notifications/unread").json_body == {"unread": 3}
    assert order["order_number"] in mine["title"]


def test_a_page_of_fifty_told_in_french_costs_the_calls_it_did(
    pipeline: Pipeline, dana: Visitor, people: dict[str, str], dynamodb_calls: DynamoDBCalls
) -> None:
    dana.call("PUT", "/notifications/preferences", {"documents": ["in_app"]})
    for n in range(60):
        _queue_event(pipeline, f"01JFEEDMANY{n:015d}", "document.shared", people["demo"], title=f"Report {n}")
    pipeline.consume(rounds=10)
    assert dana.patch("/customers/profile", {"language": "fr"}).status_code == 200

    check, *page = dynamodb_calls.of_page(dana, "/notifications?limit=50")

    assert page == ["Query", "GetItem"]  # the entries, and the reader's unread count
    assert [check] == PRINCIPAL_CHECK
    feed = dana.get("/notifications?limit=50").json_body
    assert len(feed["items"]) == 50
    assert feed["items"][0]["title"] == "Nouveau document\u202f: Report 59"
    assert feed["unread"] == 60


def _kept_before_contacts(customer_id: str, n: int, read: bool) -> NotificationItem:
    """An entry as the feed kept it before accounts had contacts: under the account."""
    event_id = f"01JFEEDMOVE{n:015d}"
    return NotificationItem(
        customer_key(customer_id),
        f"{NOTIFICATION_PREFIX}{event_id}",
        notification_id=event_id,
        event_type="document.shared",
        category="documents",
        title=f"New document: Report {n}",
        body=f"Test Traders has shared Report {n} with you.",
        payload={"title": f"Report {n}", "document_id": f"D{n}"},
        time_zone="UTC",
        link="/documents",
        created_at=f"2026-01-05T10:{n // 60:02d}:{n % 60:02d}+00:00",
        read_at="2026-01-06T09:00:00+00:00" if read else None,
        gsi1pk=None if read else f"{customer_key(customer_id)}#UNREAD",
        gsi1sk=None if read else event_id,
    )


def test_the_feed_and_choices_kept_under_the_account_become_its_first_contact_s(
    settings_env: dict[str, str], dana: Visitor, people: dict[str, str]
) -> None:
    demo = people["demo"]
    with NotificationItem.batch_write() as batch:
        for n in range(60):  # more than one transaction's worth; the first ten read
            batch.save(_kept_before_contacts(demo, n, read=n < 10))
    SummaryItem(customer_key(demo), SUMMARY, unread_notifications=50).save()
    PreferencesItem(customer_key(demo), PREFERENCES, channels={"documents": ["sms"]}).save()

    moved = move_to_contacts(demo)

    assert moved == Moved(entries=60, unread=50, preferences=True)
    first = dana.get("/notifications?limit=50").json_body
    assert first["unread"] == 50
    assert first["items"][0]["title"] == "New document: Report 59"  # newest first, as before
    assert {n["account_id"] for n in first["items"]} == {demo}
    assert [n["read"] for n in first["items"]].count(False) == 50
    assert dana.get("/notifications/preferences").json_body["channels"]["documents"] == ["sms"]
    assert dana.get("/notifications/dashboard").json_body["unread_notifications"] == 50
    assert summary_of(demo).unread_notifications == 0  # nothing unread is left under the account
    assert list(NotificationItem.query(customer_key(demo), NotificationItem.sk.startswith(NOTIFICATION_PREFIX))) == []
    assert dana.post("/notifications/read-all").json_body == {"marked": 50}  # the unread index moved too

    assert move_to_contacts(demo) == Moved(entries=0, unread=0, preferences=False)  # again: nothing more
    assert dana.get("/notifications/unread").json_body == {"unread": 0}


def test_an_entry_the_contact_was_told_again_meanwhile_keeps_their_read_mark(
    settings_env: dict[str, str], dana: Visitor, people: dict[str, str]
) -> None:
    """An event redelivered after the feeds moved but before the migration ran is in both."""
    demo = people["demo"]
    kept = _kept_before_contacts(demo, 1, read=False)
    kept.save()
    _kept_before_contacts(demo, 2, read=False).save()
    SummaryItem(customer_key(demo), SUMMARY, unread_notifications=2).save()
    told_again = _kept_before_contacts(demo, 1, read=True)
    told_again.pk, told_again.gsi1pk, told_again.gsi1sk = feed_key(demo), None, None
    told_again.save()
    PreferencesItem(customer_key(demo), PREFERENCES, channels={"documents": ["sms"]}).save()
    assert dana.call("PUT", "/notifications/preferences", {"documents": ["email"]}).status_code == 200

    moved = move_to_contacts(demo)

    assert moved == Moved(entries=1, unread=1, preferences=False)  # her choice since wins
    items = dana.get("/notifications").json_body["items"]
    assert [(n["title"], n["read"]) for n in items] == [
        ("New document: Report 2", False),
        ("New document: Report 1", True),
    ]
    assert dana.get("/notifications/unread").json_body == {"unread": 1}
    assert dana.get("/notifications/preferences").json_body["channels"]["documents"] == ["email"]
    assert summary_of(demo).unread_notifications == 0
