"""The notification centre tells every entry in the reader's language of now, not the one
they read when it was delivered; e-mails stay as sent; a page costs what it did."""

from collections.abc import Iterator

import boto3
import pytest

from functions.core import clients, table
from functions.core.principal import customer_key
from functions.notifications.models import NOTIFICATION_PREFIX, NotificationItem
from local.outbox import Outbox
from tests.functional.test_call_counts import PRINCIPAL_CHECK, DynamoDBCalls
from tests.functional.test_notifications import Pipeline, _emails, _order, _queue_event, _ship
from tests.functional.visitor import Visitor

NB = "\u00a0"  # no-break space
NN = "\u202f"  # narrow no-break space


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


@pytest.fixture
def dynamodb_calls(settings_env: dict[str, str]) -> Iterator[DynamoDBCalls]:
    """Every DynamoDB call of the process, as tests/functional/test_call_counts.py counts them."""
    calls = DynamoDBCalls()
    session = clients.botocore_session()
    table.reset_connections()
    clients.reset()
    session.register("before-call.dynamodb", calls.record)
    yield calls
    session.unregister("before-call.dynamodb", calls.record)
    table.reset_connections()
    clients.reset()


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
    assert feed["unread"] == 3  # the count is the summary's, as before
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
        customer_key(people["demo"]),
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

    assert [check] == PRINCIPAL_CHECK
    assert page == ["Query", "GetItem"]  # the entries, and the summary's unread count
    feed = dana.get("/notifications?limit=50").json_body
    assert len(feed["items"]) == 50
    assert feed["items"][0]["title"] == "Nouveau document\u202f: Report 59"
    assert feed["unread"] == 60
