"""An event that lacks what its message needs is not told with blanks ("New invoice "): it
goes to the dead-letter list, with why, for an operator to look at; the others are told."""

from typing import Any

import boto3

from functions.core import clients
from functions.notifications.events import Event
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.visitor import Visitor


def _deliver_queue(aws: boto3.session.Session, outputs: dict[str, str]) -> None:
    from functions.notifications import handlers
    from functions.notifications.app import app

    worker = Worker([app], aws, outputs)
    queue_url = outputs["NotificationsQueueUrl"]
    for _ in range(5):
        batch = clients.sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if batch:
            worker.deliver(queue_url, handlers.deliver_notifications, batch)


def _queue(outputs: dict[str, str], event_id: str, event_type: str, customer_id: str, **payload: Any) -> None:
    event = Event(event_id, event_type, customer_id, "2026-11-24T10:00:00+00:00", payload)
    clients.sqs().send_message(QueueUrl=outputs["NotificationsQueueUrl"], MessageBody=event.to_json())


def test_an_invoice_event_without_its_number_goes_to_the_dead_letter_list_not_to_the_customer(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    operator: Visitor,
    people: dict[str, str],
    outbox: Outbox,
) -> None:
    clients.sqs().set_queue_attributes(
        QueueUrl=stack_outputs["NotificationsQueueUrl"], Attributes={"VisibilityTimeout": "0"}
    )
    invoice = {"invoice_id": "01JINVOICE0000000000000000", "total": 1250, "currency": "EUR", "due_date": "2026-12-08"}
    _queue(stack_outputs, "01JMALFORMED00000000000000", "invoice.issued", people["demo"], **invoice)
    _queue(
        stack_outputs, "01JWELLFORMED0000000000000", "invoice.issued", people["demo"], invoice_number="INV-7", **invoice
    )

    _deliver_queue(aws, stack_outputs)

    invoices = [m.subject for m in outbox.messages() if m.channel == "email" and "invoice" in m.subject]
    assert invoices == ["Test Traders: New invoice INV-7"]
    assert [n["title"] for n in dana.get("/notifications").json_body["items"]] == ["New invoice INV-7"]
    failed = operator.get("/notifications/operator/notifications/failed").json_body["items"]
    assert [f["event_id"] for f in failed] == ["01JMALFORMED00000000000000"]
    assert "invoice_number" in failed[0]["reason"]
    assert "Messages" not in clients.sqs().receive_message(QueueUrl=stack_outputs["NotificationsQueueUrl"])
