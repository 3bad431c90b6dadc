"""Events to customers: outbox -> stream -> relay -> SQS -> consumer -> in-app, SES, SNS.

The pipeline is driven by local.worker.Worker, the same code that runs it under `make run`:
it reads moto's table stream and queue the way Lambda's event source mappings do.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest

from bench.stack import round_trips
from functions.core import clients
from functions.core.clock import FixedClock
from functions.core.events import OutboxEvent
from functions.notifications.events import Event
from functions.notifications.reminders import send_reminders
from functions.notifications.templates import missing_translations
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.test_payments import issue, pay
from tests.functional.visitor import Visitor


class Pipeline:
    """The relay and the consumer, run on demand; `checkpoints` is the stream mapping's place."""

    def __init__(self, aws: boto3.session.Session, outputs: dict[str, str], checkpoints: dict[str, str]) -> None:
        from functions.notifications import handlers
        from functions.notifications.app import app

        self._app = handlers
        self._sqs = aws.client("sqs")
        self._outputs = outputs
        self.worker = Worker([app], aws, outputs, checkpoints)
        self.queue_url = outputs["NotificationsQueueUrl"]
        self._sqs.set_queue_attributes(QueueUrl=self.queue_url, Attributes={"VisibilityTimeout": "0"})

    def relay(self) -> int:
        """Every record the stream holds after the mapping's place, a batch (100) a pass."""
        done = 0
        while relayed := self.worker.follow_stream(self._outputs["TableStreamArn"], self._app.relay_events):
            done += relayed
        return done

    def consume(self, rounds: int = 10) -> None:
        for _ in range(rounds):
            batch = self._sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                return
            self.worker.deliver(self.queue_url, self._app.deliver_notifications, batch)

    def run(self) -> None:
        self.relay()
        self.consume()


@pytest.fixture
def checkpoints() -> dict[str, str]:
    return {}


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str], checkpoints: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, checkpoints)


def _order(customer: Visitor, operator: Visitor, key: str = "k1") -> dict[str, Any]:
    product = operator.post(
        "/orders/operator/products", {"name": f"Beans {key}", "price": 1250, "currency": "EUR", "tax_rate": 1400}
    ).json_body
    customer.post("/orders/cart/lines", {"product_id": product["product_id"], "quantity": 2})
    reply = customer.submit_cart(f"order-{key}")
    assert reply.status_code == 201, reply.json_body
    return dict(reply.json_body)


def _ship(operator: Visitor, order_id: str) -> None:
    assert operator.post(f"/orders/operator/orders/{order_id}/confirm").status_code == 200
    shipped = operator.post(f"/orders/operator/orders/{order_id}/ship", {"carrier": "Posti", "tracking": "JJFI123"})
    assert shipped.status_code == 200, shipped.json_body


def _queue_event(pipeline: Pipeline, event_id: str, event_type: str, customer_id: str, **payload: Any) -> None:
    """An event as the relay sends it, put on the notifications queue directly."""
    event = Event(event_id, event_type, customer_id, "2026-11-24T10:00:00+00:00", payload)
    clients.sqs().send_message(QueueUrl=pipeline.queue_url, MessageBody=event.to_json())


def _emails(outbox: Outbox, to: str, *, containing: str = "") -> list[Any]:
    return [m for m in outbox.messages() if m.channel == "email" and m.to == to and containing in m.subject]


def _texts(outbox: Outbox, to: str) -> list[Any]:
    """Text messages other than sign-in codes."""
    return [m for m in outbox.messages() if m.channel == "sms" and m.to == to and "sign-in code" not in m.body]


def test_a_shipped_order_reaches_the_customer_in_the_portal_and_by_email(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, outbox: Outbox
) -> None:
    order = _order(dana, operator)
    _ship(operator, order["order_id"])

    pipeline.run()

    feed = dana.get("/notifications").json_body
    titles = [n["title"] for n in feed["items"]]
    number = order["order_number"]
    assert titles == [f"Order {number} shipped", f"Order {number} confirmed", f"Order {number} received"]
    assert feed["unread"] == 3
    assert dana.get("/notifications/unread").json_body == {"unread": 3}
    shipped = _emails(outbox, "demo@example.com", containing="shipped")
    assert [m.subject for m in shipped] == [f"Test Traders: Order {number} shipped"]
    assert "with Posti. Tracking: JJFI123." in shipped[0].body
    assert feed["items"][0]["link"] == f"/orders/{order['order_id']}"
    assert _texts(outbox, "+15555550100") == []  # texts only for the categories she chooses


def test_the_html_part_is_escaped_and_the_text_part_is_plain(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], stack_outputs: dict[str, str]
) -> None:
    staff_write = operator.post(
        f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Your <b>parcel</b> & more"}
    )
    assert staff_write.status_code == 201, staff_write.json_body

    pipeline.run()

    from moto.ses.models import ses_backends

    sent = [m for m in ses_backends["123456789012"]["us-east-1"].sent_messages if "message" in m.subject]
    assert len(sent) == 1  # moto keeps the HTML part of a two-part message
    assert "<p>Your &lt;b&gt;parcel&lt;/b&gt; &amp; more</p>" in sent[0].body
    assert "<b>parcel" not in sent[0].body
    assert dana.get("/notifications").json_body["items"][0]["body"] == "Your <b>parcel</b> & more"


def test_an_event_written_but_not_yet_relayed_is_delivered_after_a_restart(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    operator: Visitor,
    outbox: Outbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The process dies between the write and the relay: mid-batch, after one event reached SQS."""
    place: dict[str, str] = {}
    first = Pipeline(aws, stack_outputs, place)
    first.relay()  # everything written before the test's own writes
    first.consume()
    order = _order(dana, operator)
    _ship(operator, order["order_id"])  # three customer events in the stream, none relayed
    sqs = clients.sqs()
    real_send = sqs.send_message
    sends: list[dict[str, Any]] = []

    def dies_after_one(**kwargs: Any) -> Any:
        if sends:
            raise SystemExit("the relay's process is killed")  # not an error a handler could catch
        sends.append(kwargs)
        return real_send(**kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(sqs, "send_message", dies_after_one)
        with pytest.raises(SystemExit):
            first.relay()
    assert len(sends) == 1  # one event reached SQS before the process died
    kept_place = dict(place)

    restarted = Pipeline(aws, stack_outputs, kept_place)  # a new process, the mapping's place kept
    restarted.relay()
    restarted.consume()

    number = order["order_number"]
    for what in ("received", "confirmed", "shipped"):
        assert len(_emails(outbox, "demo@example.com", containing=f"{number} {what}")) == 1, what
    assert dana.get("/notifications/unread").json_body == {"unread": 3}


def test_a_duplicate_sqs_delivery_sends_once_per_channel(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    dana.call("PUT", "/notifications/preferences", {"documents": ["in_app", "email", "sms"]})
    twice = ("01JDUPLICATEDEVENT00000000", "document.requested", people["demo"])
    for _ in range(2):  # SQS delivers at least once: here, twice
        _queue_event(pipeline, *twice, title="Proof of address")
    pipeline.consume()
    _queue_event(pipeline, *twice, title="Proof of address")  # and once more later
    pipeline.consume()

    assert len(_emails(outbox, "demo@example.com", containing="Proof of address")) == 1
    assert len(_texts(outbox, "+15555550100")) == 1
    titles = [n["title"] for n in dana.get("/notifications").json_body["items"]]
    assert titles.count("Document requested: Proof of address") == 1
    assert dana.get("/notifications/unread").json_body == {"unread": 1}


def test_a_poison_message_goes_to_the_dead_letter_queue_and_the_rest_are_delivered(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    sqs = clients.sqs()
    for n in range(4):
        _queue_event(pipeline, f"01JGOOD{n:019d}", "document.shared", people["demo"], title=f"Contract {n}")
        if n == 1:
            sqs.send_message(QueueUrl=pipeline.queue_url, MessageBody="{not an event")

    pipeline.consume()

    delivered = [m.subject for m in _emails(outbox, "demo@example.com", containing="Contract")]
    assert len(delivered) == 4
    failed = operator.get("/notifications/operator/notifications/failed").json_body["items"]
    assert [f["body"] for f in failed] == ["{not an event"]
    assert failed[0]["receive_count"] >= 3  # three tries, and each look at the DLQ is a receive
    assert "Messages" not in sqs.receive_message(QueueUrl=pipeline.queue_url)
    assert dana.get("/notifications/operator/notifications/failed").status_code == 403

    retried = operator.post(f"/notifications/operator/notifications/failed/{failed[0]['message_id']}/retry")

    assert retried.status_code == 200, retried.json_body
    assert operator.get("/notifications/operator/notifications/failed").json_body["items"] == []
    back = sqs.receive_message(QueueUrl=pipeline.queue_url)["Messages"]
    assert [m["Body"] for m in back] == ["{not an event"]
    assert (
        operator.post(f"/notifications/operator/notifications/failed/{failed[0]['message_id']}/retry").status_code
        == 404
    )


def test_preferences_choose_the_channels_per_category(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    assert dana.get("/notifications/preferences").json_body["channels"]["orders"] == ["in_app", "email"]
    chosen = dana.call("PUT", "/notifications/preferences", {"orders": ["sms"]})
    assert chosen.status_code == 200, chosen.json_body
    assert chosen.json_body["channels"]["orders"] == ["sms"]
    assert chosen.json_body["channels"]["billing"] == ["in_app", "email"]  # the others kept
    assert dana.call("PUT", "/notifications/preferences", {"orders": ["pigeon"]}).status_code == 400
    assert dana.call("PUT", "/notifications/preferences", {"telepathy": ["sms"]}).status_code == 400

    order = _order(dana, operator)
    _ship(operator, order["order_id"])
    issue(operator, people["demo"], 5000)
    pipeline.run()

    number = order["order_number"]
    texts = [m.body for m in _texts(outbox, "+15555550100")]
    assert any(f"Order {number} shipped" in text for text in texts)
    assert _emails(outbox, "demo@example.com", containing=number) == []
    assert [n["category"] for n in dana.get("/notifications").json_body["items"]] == ["billing"]
    assert len(_emails(outbox, "demo@example.com", containing="New invoice")) == 1


def test_a_french_customer_is_told_in_french(
    pipeline: Pipeline, lea: Visitor, operator: Visitor, outbox: Outbox
) -> None:
    order = _order(lea, operator)
    _ship(operator, order["order_id"])

    pipeline.run()

    number = order["order_number"]
    emails = _emails(outbox, "lea@example.com", containing=number)
    assert sorted(m.subject for m in emails) == sorted(
        [
            f"Test Traders: Commande {number} reçue",
            f"Test Traders: Commande {number} confirmée",
            f"Test Traders: Commande {number} expédiée",
        ]
    )
    shipped = next(m for m in emails if "expédiée" in m.subject)
    assert "est en route avec Posti" in shipped.body
    assert lea.get("/notifications").json_body["items"][0]["title"] == f"Commande {number} expédiée"


NB = "\u00a0"  # no-break space
NN = "\u202f"  # narrow no-break space


def _invoice_email(
    pipeline: Pipeline, operator: Visitor, customer_id: str, address: str, outbox: Outbox, subject: str
) -> Any:
    """An invoice of 1 236.75 EUR due on 15 December 2026, told to the customer by e-mail."""
    invoice = issue(operator, customer_id, 123675, due_date="2026-12-15")
    pipeline.run()
    [email] = _emails(outbox, address, containing=f"{subject} {invoice['invoice_number']}")
    return email


def test_a_french_invoice_email_writes_the_amount_and_the_day_in_french(
    pipeline: Pipeline, lea: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    email = _invoice_email(pipeline, operator, people["lea"], "lea@example.com", outbox, "Nouvelle facture")

    assert f"de 1{NN}236,75{NB}€ est à régler le 15 déc. 2026." in email.body
    assert "EUR" not in email.body
    assert "2026-12-15" not in email.body
    entry = lea.get("/notifications").json_body["items"][0]
    assert f"1{NN}236,75{NB}€" in entry["body"]  # the portal's notification says the same


def test_a_finnish_invoice_email_writes_the_day_as_finns_do(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    assert dana.patch("/customers/profile", {"language": "fi"}).status_code == 200

    email = _invoice_email(pipeline, operator, people["demo"], "demo@example.com", outbox, "Uusi lasku")

    assert f"1{NB}236,75{NB}€, erääntyy 15.12.2026." in email.body


def test_the_email_about_an_answered_ticket_tells_the_answer(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, outbox: Outbox
) -> None:
    dana.call("PUT", "/notifications/preferences", {"support": ["in_app", "email", "sms"]})
    ticket = dana.call(
        "POST",
        "/tickets",
        {"kind": "question", "subject": "Where?", "description": "Where is my parcel?", "priority": "normal"},
        headers={"Idempotency-Key": "ticket-answer-01"},
    ).json_body
    answer = "Hello Dana,\n\nYour parcel left our warehouse today; it should arrive on Friday."
    replied = operator.post(f"/tickets/operator/tickets/{ticket['ticket_id']}/replies", {"body": answer})
    assert replied.status_code == 201, replied.json_body

    pipeline.run()

    [email] = _emails(outbox, "demo@example.com", containing="Answer to ticket")
    # moto keeps the HTML part: the answer's paragraphs, after the line that announces it
    assert "<p>Hello Dana,</p><p>Your parcel left our warehouse today; it should arrive on Friday.</p>" in email.body
    [entry] = [n for n in dana.get("/notifications").json_body["items"] if n["category"] == "support"]
    assert entry["body"] == f"Test Traders has answered your ticket {ticket['number']}:\n\n{answer}"
    [text] = [m.body for m in _texts(outbox, "+15555550100") if "Answer to ticket" in m.body]
    assert "Hello Dana, Your parcel left our warehouse today; it should arrive on Friday." in text


def test_notifications_are_each_customers_own(
    pipeline: Pipeline, dana: Visitor, lea: Visitor, operator: Visitor
) -> None:
    order = _order(dana, operator)
    pipeline.run()
    mine = dana.get("/notifications").json_body["items"][0]

    assert lea.post(f"/notifications/{mine['notification_id']}/read").status_code == 404
    assert lea.get("/notifications").json_body["items"] == []
    assert lea.post("/notifications/read-all").json_body == {"marked": 0}
    assert dana.get("/notifications/unread").json_body == {"unread": 1}
    read = dana.post(f"/notifications/{mine['notification_id']}/read")
    assert read.json_body["read"] is True
    assert dana.post(f"/notifications/{mine['notification_id']}/read").json_body["read"] is True  # again: no change
    assert dana.get("/notifications/unread").json_body == {"unread": 0}
    assert order["order_number"] in mine["title"]


def test_mark_all_read_over_more_than_one_transaction(
    pipeline: Pipeline, dana: Visitor, people: dict[str, str]
) -> None:
    for n in range(120):
        _queue_event(pipeline, f"01JMANY{n:019d}", "document.shared", people["demo"], title=f"Report {n}")
    dana.call("PUT", "/notifications/preferences", {"documents": ["in_app"]})
    pipeline.consume(rounds=20)
    first = dana.get("/notifications?limit=50").json_body
    second = dana.get(f"/notifications?limit=50&cursor={first['next_cursor']}").json_body

    marked = dana.post("/notifications/read-all").json_body

    assert first["unread"] == 120
    assert first["items"][0]["title"] == "New document: Report 119"  # newest first
    assert len({n["notification_id"] for n in first["items"] + second["items"]}) == 100
    assert marked == {"marked": 120}
    assert dana.get("/notifications/unread").json_body == {"unread": 0}
    assert not any(n["read"] is False for n in dana.get("/notifications?limit=100").json_body["items"])


def test_reminders_go_once_per_invoice_and_stage_however_often_the_schedule_runs(
    pipeline: Pipeline, dana: Visitor, operator: Visitor, people: dict[str, str], outbox: Outbox
) -> None:
    today = date(2026, 11, 24)
    clock = FixedClock(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    due = {
        "soon": issue(operator, people["demo"], 1000, due_date=(today + timedelta(days=2)).isoformat()),
        "late": issue(operator, people["demo"], 2000, due_date=(today - timedelta(days=1)).isoformat()),
        "later": issue(operator, people["demo"], 3000, due_date=(today - timedelta(days=9)).isoformat()),
        "far": issue(operator, people["demo"], 4000, due_date=(today + timedelta(days=20)).isoformat()),
    }
    pay(dana, "payment-late-1", (due["late"]["invoice_id"], 500))  # part paid: the reminder says what is left

    runs = [send_reminders(clock) for _ in range(3)]

    assert [(r.due_soon, r.overdue) for r in runs] == [(1, 2), (0, 0), (0, 0)]
    pipeline.run()
    reminders = [m for m in _emails(outbox, "demo@example.com") if "due on" in m.subject or "overdue" in m.subject]
    subjects = sorted(m.subject for m in reminders)
    assert subjects == sorted(
        [
            f"Test Traders: Invoice {due['soon']['invoice_number']} is due on Nov 26, 2026",
            f"Test Traders: Invoice {due['late']['invoice_number']} is overdue",
            f"Test Traders: Invoice {due['later']['invoice_number']} is overdue",
        ]
    )
    late = next(m for m in reminders if due["late"]["invoice_number"] in m.subject)
    assert "€15.00 is still open" in late.body

    clock.advance(days=6)  # "late" is 7 days late now (its second stage), "soon" 4 days late
    later_runs = [send_reminders(clock) for _ in range(2)]
    clock.advance(hours=5)  # and later the same day
    assert [(r.due_soon, r.overdue) for r in [*later_runs, send_reminders(clock)]] == [(0, 2), (0, 0), (0, 0)]
    events = [e.event_type for e in OutboxEvent.scan(OutboxEvent.pk.startswith("OUTBOX#"))]
    assert (events.count("reminder.invoice_due_soon"), events.count("reminder.invoice_overdue")) == (1, 4)


def _dashboard_round_trips(customer_id: str) -> tuple[Any, int]:
    """The dashboard's DynamoDB calls, counted at botocore's one door (below every client), as
    the account's first contact (whose id is the account's) reads it."""
    from functions.notifications.dashboard import dashboard

    board: list[Any] = []
    _, calls = round_trips(lambda: board.append(dashboard(customer_id, customer_id, datetime.now(UTC))))
    return board[0], calls


def test_reading_the_dashboard_first_leaves_every_item_type_its_own_indexes(
    dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    """A fresh container's first request is the dashboard: its batch read must not hand the
    base item's connection (which knows no index) to the item types that query indexes."""
    from functions.core.table import PortalItem, reset_connections

    reset_connections()
    assert dana.get("/notifications/dashboard").status_code == 200

    assert PortalItem._connection is None
    assert operator.get("/customers/operator/customers?search=dana").status_code == 200  # an index query


def test_the_dashboard_is_two_round_trips_whatever_the_history(
    pipeline: Pipeline,
    dana: Visitor,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
) -> None:
    _, before_any_history = _dashboard_round_trips(people["demo"])
    first = issue(operator, people["demo"], 1000, due_date="2020-01-10")  # overdue
    issue(operator, people["demo"], 2500, due_date="2099-03-01")
    issue(operator, people["demo"], 500, due_date="2099-03-01")
    pay(dana, "payment-first-1", (first["invoice_id"], 400))
    orders = [_order(dana, operator, key=f"o{n}") for n in range(6)]
    _ship(operator, orders[-1]["order_id"])
    ticket = dana.call(
        "POST",
        "/tickets",
        {"kind": "question", "subject": "Where?", "description": "Where is it?", "priority": "normal"},
        headers={"Idempotency-Key": "ticket-0001"},
    ).json_body
    pipeline.run()

    board, with_history = _dashboard_round_trips(people["demo"])
    reply = dana.get("/notifications/dashboard").json_body

    assert (before_any_history, with_history) == (2, 2)
    assert board.model_dump() == reply
    assert (reply["currency"], reply["amount_due"], reply["balance"]) == ("EUR", 3600, 3600)
    assert (reply["amount_overdue"], reply["overdue_invoices"]) == (600, 1)
    assert (reply["next_due_date"], reply["next_due_amount"]) == ("2099-03-01", 3000)
    assert reply["open_tickets"] == 1
    assert reply["unread_notifications"] == dana.get("/notifications/unread").json_body["unread"] > 0
    assert [o["order_number"] for o in reply["recent_orders"]] == [o["order_number"] for o in orders[::-1][:5]]
    assert reply["recent_orders"][0]["status"] == "shipped"
    lea_board = lea.get("/notifications/dashboard").json_body
    assert (lea_board["amount_due"], lea_board["recent_orders"], lea_board["open_tickets"]) == (0, [], 0)
    dana.post(f"/tickets/{ticket['ticket_id']}/close")
    assert dana.get("/notifications/dashboard").json_body["open_tickets"] == 0


def test_every_event_told_has_its_text_in_every_language() -> None:
    assert missing_translations() == []
