"""The account's timeline (functions/notifications/timeline.py): every happening the consumer
hears, newest first, one Query a page whatever the history; filtered by kind, by the reader's
area and, for a contact who sees only their own, by who created the item, each a key."""

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from functions.core import clients
from functions.core.ids import new_id
from functions.notifications.events import Event
from functions.notifications.models import TimelineItem
from functions.notifications.timeline import entries_of, timeline_key
from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_call_counts import PRINCIPAL_CHECK
from tests.functional.test_notifications import Pipeline, _emails, _order, _queue_event, _ship
from tests.functional.visitor import Visitor

TIMELINE = "/notifications/timeline"
# Start of 2026 in milliseconds: the written history is older than anything the test does live.
HISTORY_START_MS = 1_767_225_600_000


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


def _ok(reply: Any) -> Any:
    assert reply.status_code == 200, reply.json_body
    return reply.json_body


def _types(page: Any) -> list[str]:
    return [entry["event_type"] for entry in page["items"]]


def _invite(
    client: EdgeClient, outbox: Outbox, admin: Visitor, email: str, role: str, scope: str
) -> tuple[str, Visitor]:
    """A contact of the admin's account, signed in; (their contact id, their browser)."""
    body = {"name": email.split("@")[0].title(), "email": email, "role": role, "scope": scope}
    invited = admin.create("/customers/contacts", body)
    assert invited.status_code == 201, invited.json_body
    contact = Visitor(client)
    contact.sign_in(email, outbox)
    return invited.json_body["contact_id"], contact


def _event(account: str, n: int, event_type: str, **payload: Any) -> Event:
    """The n-th event of a written history, a millisecond apart, oldest first."""
    event_id = new_id(HISTORY_START_MS + n)
    return Event(event_id, event_type, account, "2026-01-01T00:00:00+00:00", payload)


_HISTORY = [
    ("order.shipped", {"order_id": "O{n}", "order_number": "ORD-{n}"}),
    ("invoice.issued", {"invoice_id": "I{n}", "invoice_number": "INV-{n}", "total": 12000, "currency": "EUR"}),
    ("ticket.answered", {"ticket_id": "T{n}", "number": "TCK-{n}", "answer": "Done."}),
    ("document.shared", {"document_id": "D{n}", "title": "Report {n}"}),
]


def _write_history(account: str, count: int) -> None:
    """`count` happenings of four kinds, written straight to the table as the consumer would."""
    with TimelineItem.batch_write() as batch:
        for n in range(count):
            event_type, shape = _HISTORY[n % len(_HISTORY)]
            payload = {name: value.format(n=n) if isinstance(value, str) else value for name, value in shape.items()}
            for item in entries_of(_event(account, n, event_type, **payload)):
                batch.save(item)


def test_real_events_reach_the_timeline_through_the_consumer_newest_first_with_their_links(
    pipeline: Pipeline, dana: Visitor, operator: Visitor
) -> None:
    order = _order(dana, operator)
    _ship(operator, order["order_id"])

    pipeline.run()

    orders = _ok(dana.get(f"{TIMELINE}?kind=order"))
    assert _types(orders) == ["order.shipped", "order.confirmed", "order.submitted"]
    shipped = orders["items"][0]
    assert shipped["label"] == order["order_number"]
    assert shipped["status"] == "shipped"
    assert shipped["link"] == f"/orders/{order['order_id']}"
    assert shipped["yours"] is True  # Dana placed it
    assert shipped["area"] == "buying"
    whole = _ok(dana.get(TIMELINE))
    assert [e["entry_id"] for e in whole["items"]] == sorted((e["entry_id"] for e in whole["items"]), reverse=True)
    assert {"order.submitted", "order.confirmed", "order.shipped"} <= set(_types(whole))
    assert "invoice.requested" not in _types(whole)  # orders asking payments: no happening


def test_a_redelivered_event_writes_no_second_entry(pipeline: Pipeline, dana: Visitor, people: dict[str, str]) -> None:
    twice = ("01JTIMELINETWICE0000000000", "document.shared", people["demo"])
    for _ in range(2):  # SQS delivers at least once: here, twice, and once more later
        _queue_event(pipeline, *twice, document_id="D1", title="Price list")
    pipeline.consume()
    _queue_event(pipeline, *twice, document_id="D1", title="Price list")
    pipeline.consume()

    page = _ok(dana.get(TIMELINE))
    assert [e["entry_id"] for e in page["items"]].count("01JTIMELINETWICE0000000000") == 1
    assert len(list(TimelineItem.query(timeline_key(people["demo"])))) == 1
    [entry] = page["items"]
    assert (entry["kind"], entry["label"], entry["link"]) == ("document", "Price list", "/documents")


def test_a_channel_that_fails_loses_no_entry_and_its_retry_adds_none(
    pipeline: Pipeline, dana: Visitor, people: dict[str, str], outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    dana.call("PUT", "/notifications/preferences", {"documents": ["email"]})
    throttled = ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "SendEmail")
    _queue_event(pipeline, "01JTIMELINETHROTTLED000000", "document.requested", people["demo"], title="Tax card")
    with monkeypatch.context() as patch:
        patch.setattr(clients.ses(), "send_email", lambda **_: (_ for _ in ()).throw(throttled))
        pipeline.consume(rounds=1)  # the e-mail fails: SQS keeps the message for another try
        assert [e["label"] for e in _ok(dana.get(TIMELINE))["items"]] == ["Tax card"]

    pipeline.consume()  # the retry sends the e-mail

    assert len(_emails(outbox, "demo@example.com", containing="Tax card")) == 1
    assert [e["label"] for e in _ok(dana.get(TIMELINE))["items"]] == ["Tax card"]


def test_a_reminder_is_no_happening(pipeline: Pipeline, dana: Visitor, people: dict[str, str]) -> None:
    _queue_event(
        pipeline,
        "01JTIMELINEREMINDER0000000",
        "reminder.invoice_overdue",
        people["demo"],
        invoice_id="I1",
        invoice_number="INV-1",
        left=5000,
        currency="EUR",
        due_date="2026-11-01",
    )
    pipeline.consume()

    assert _ok(dana.get(TIMELINE))["items"] == []


def test_a_page_costs_one_query_with_ten_or_ten_thousand_happenings(
    settings_env: dict[str, str], dana: Visitor, people: dict[str, str], dynamodb_calls: DynamoDBCalls
) -> None:
    demo = people["demo"]
    _write_history(demo, 10)
    few = {path: dynamodb_calls.of_page(dana, path) for path in (TIMELINE, f"{TIMELINE}?kind=invoice&limit=50")}
    _write_history(demo, 10_000)  # the first ten again (the same items) and 9,990 more

    many = {path: dynamodb_calls.of_page(dana, path) for path in (TIMELINE, f"{TIMELINE}?kind=invoice&limit=50")}

    assert many == few
    assert many[TIMELINE] == [*PRINCIPAL_CHECK, "Query"]
    newest = _ok(dana.get(f"{TIMELINE}?limit=20"))
    assert [e["label"] for e in newest["items"][:4]] == ["Report 9999", "TCK-9998", "INV-9997", "ORD-9996"]
    invoices = _ok(dana.get(f"{TIMELINE}?kind=invoice&limit=50"))
    assert len(invoices["items"]) == 50
    assert {e["kind"] for e in invoices["items"]} == {"invoice"}
    assert invoices["items"][0] == {
        **invoices["items"][0],
        "label": "INV-9997",
        "amount": 12000,
        "currency": "EUR",
        "link": "/invoices/I9997",
        "yours": False,
    }


def test_the_cursor_pages_on_newest_first_without_overlap(
    settings_env: dict[str, str], dana: Visitor, lea: Visitor, people: dict[str, str]
) -> None:
    _write_history(people["demo"], 45)

    first = _ok(dana.get(f"{TIMELINE}?limit=20"))
    second = _ok(dana.get(f"{TIMELINE}?limit=20&cursor={first['next_cursor']}"))
    third = _ok(dana.get(f"{TIMELINE}?limit=20&cursor={second['next_cursor']}"))

    ids = [e["entry_id"] for page in (first, second, third) for e in page["items"]]
    assert len(ids) == len(set(ids)) == 45
    assert ids == sorted(ids, reverse=True)
    assert third["next_cursor"] is None
    # A cursor is the caller's and the filter's: not Léa's, nor another kind's.
    for taken in (
        lea.get(f"{TIMELINE}?limit=20&cursor={first['next_cursor']}"),
        dana.get(f"{TIMELINE}?kind=order&limit=20&cursor={first['next_cursor']}"),
    ):
        assert taken.status_code == 400
        assert taken.json_body["error"]["code"] == "invalid_cursor"


def test_a_kind_not_offered_is_a_400_naming_the_field(settings_env: dict[str, str], dana: Visitor) -> None:
    refused = dana.get(f"{TIMELINE}?kind=reminder")

    assert refused.status_code == 400
    assert [d["field"] for d in refused.json_body["error"]["details"]] == ["kind"]


def test_another_account_s_happenings_never_appear(
    settings_env: dict[str, str], dana: Visitor, lea: Visitor, people: dict[str, str]
) -> None:
    _write_history(people["demo"], 12)

    assert _ok(lea.get(TIMELINE))["items"] == []
    assert _ok(lea.get(f"{TIMELINE}?kind=order"))["items"] == []
    assert len(_ok(dana.get(TIMELINE))["items"]) == 12


def test_a_billing_contact_sees_the_billing_area_alone_and_is_refused_orders(
    settings_env: dict[str, str], client: EdgeClient, outbox: Outbox, dana: Visitor, people: dict[str, str]
) -> None:
    _write_history(people["demo"], 12)
    _, bookkeeper = _invite(client, outbox, dana, "books@example.com", "billing", "all")

    page = _ok(bookkeeper.get(TIMELINE))
    refused = bookkeeper.get(f"{TIMELINE}?kind=order")

    assert {e["kind"] for e in page["items"]} == {"invoice", "document"}
    assert len(page["items"]) == 6
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "role_not_allowed"
    assert refused.json_body["error"]["values"] == {"role": "buyer", "yours": "billing"}
    assert {e["kind"] for e in _ok(bookkeeper.get(f"{TIMELINE}?kind=invoice"))["items"]} == {"invoice"}
    assert bookkeeper.get(f"{TIMELINE}?kind=ticket").status_code == 403


def test_a_contact_who_sees_only_their_own_sees_only_what_they_created(
    pipeline: Pipeline, client: EdgeClient, outbox: Outbox, dana: Visitor, people: dict[str, str]
) -> None:
    demo = people["demo"]
    mia_id, mia = _invite(client, outbox, dana, "mia@example.com", "admin", "mine")
    order = {"order_number": "ORD-1"}
    _queue_event(
        pipeline, "01JTIMELINE000000000000001", "order.submitted", demo, order_id="O1", **order, created_by=mia_id
    )
    _queue_event(
        pipeline,
        "01JTIMELINE000000000000002",
        "order.submitted",
        demo,
        order_id="O2",
        order_number="ORD-2",
        created_by=people["demo"],
    )
    _queue_event(
        pipeline,
        "01JTIMELINE000000000000003",
        "ticket.opened",
        demo,
        ticket_id="T1",
        number="TCK-1",
        priority="normal",
        created_by=mia_id,
    )
    _queue_event(pipeline, "01JTIMELINE000000000000004", "document.shared", demo, document_id="D1", title="Terms")
    pipeline.consume()

    mine = _ok(mia.get(TIMELINE))
    mine_orders = _ok(mia.get(f"{TIMELINE}?kind=order"))

    assert [e["label"] for e in mine["items"]] == ["TCK-1", "ORD-1"]
    assert all(e["yours"] for e in mine["items"])
    assert [e["label"] for e in mine_orders["items"]] == ["ORD-1"]
    assert [e["label"] for e in _ok(dana.get(TIMELINE))["items"]] == ["Terms", "TCK-1", "ORD-2", "ORD-1"]
    assert [e["yours"] for e in _ok(dana.get(f"{TIMELINE}?kind=order"))["items"]] == [True, False]


def test_the_business_reads_a_customer_s_timeline_in_the_console(
    settings_env: dict[str, str], operator: Visitor, dana: Visitor, people: dict[str, str]
) -> None:
    _write_history(people["demo"], 8)

    page = _ok(operator.get(f"/notifications/operator/customers/{people['demo']}/timeline?kind=ticket"))
    missing = operator.get("/notifications/operator/customers/01NOSUCHCUSTOMER0000000000/timeline")

    assert [e["label"] for e in page["items"]] == ["TCK-6", "TCK-2"]
    assert missing.status_code == 404
    assert dana.get(f"/notifications/operator/customers/{people['demo']}/timeline").status_code == 403


def test_a_buyer_who_sees_only_their_own_reads_their_own_orders_and_bookings_alone(
    pipeline: Pipeline, client: EdgeClient, outbox: Outbox, dana: Visitor, people: dict[str, str]
) -> None:
    demo = people["demo"]
    bo_id, bo = _invite(client, outbox, dana, "bo@example.com", "buyer", "mine")
    mine = {"created_by": bo_id}
    _queue_event(
        pipeline, "01JTIMELINE000000000000011", "order.submitted", demo, order_id="O1", order_number="ORD-1", **mine
    )
    # A ticket he opened (under a role he had before): support's, not a buyer's to read now.
    _queue_event(
        pipeline,
        "01JTIMELINE000000000000012",
        "ticket.opened",
        demo,
        ticket_id="T1",
        number="TCK-1",
        priority="low",
        **mine,
    )
    _queue_event(
        pipeline,
        "01JTIMELINE000000000000013",
        "order.submitted",
        demo,
        order_id="O2",
        order_number="ORD-2",
        created_by=demo,
    )
    pipeline.consume()

    assert [e["label"] for e in _ok(bo.get(TIMELINE))["items"]] == ["ORD-1"]
    assert [e["label"] for e in _ok(bo.get(f"{TIMELINE}?kind=order"))["items"]] == ["ORD-1"]
    assert bo.get(f"{TIMELINE}?kind=ticket").status_code == 403
