"""A consumer that dies mid-send (the process killed, not an error it could catch) leaves its
e-mail "in progress". With the Lambda context the local worker hands over, as Lambda does,
that lasts until the invocation's timeout, not the record's 28 days: the next try after it
sends the e-mail, once."""

import time
from typing import Any

import boto3
import pytest

from functions.core import clients
from functions.notifications.events import Event
from local.outbox import Outbox
from local.worker import LambdaContext, Worker
from tests.functional.visitor import Visitor

TIMEOUT = 1.0  # seconds: the consumer's Lambda timeout, short so the test need not wait 20


def _emails(outbox: Outbox, containing: str) -> list[Any]:
    return [m for m in outbox.messages() if m.channel == "email" and containing in m.subject]


def test_the_context_says_how_long_the_invocation_has_left() -> None:
    context = LambdaContext("customer-portal-local-deliver_notifications", timeout_seconds=20, region="us-east-1")

    assert 19_000 < context.get_remaining_time_in_millis() <= 20_000
    assert context.invoked_function_arn.endswith(":function:customer-portal-local-deliver_notifications")
    assert context.aws_request_id


def test_a_send_cut_short_is_sent_on_the_first_try_after_the_invocation_would_have_timed_out(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    people: dict[str, str],
    outbox: Outbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from functions.notifications import handlers
    from functions.notifications.app import app

    worker = Worker([app], aws, stack_outputs, lambda_timeout=TIMEOUT)
    queue_url = stack_outputs["NotificationsQueueUrl"]
    clients.sqs().set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0"})
    dana.call("PUT", "/notifications/preferences", {"documents": ["email"]})
    event = Event("01JCUTSHORT000000000000000", "document.requested", people["demo"], "2026-11-24T10:00:00+00:00")
    event = Event(event.event_id, event.event_type, event.customer_id, event.occurred_at, {"title": "Tax card"})
    clients.sqs().send_message(QueueUrl=queue_url, MessageBody=event.to_json())

    def deliver() -> None:
        batch = clients.sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        worker.deliver(queue_url, handlers.deliver_notifications, batch)

    def killed_mid_send(**_: Any) -> Any:
        raise SystemExit("the consumer's process is killed")  # no handler can clean up after this

    with monkeypatch.context() as patch:
        patch.setattr(clients.ses(), "send_email", killed_mid_send)
        with pytest.raises(SystemExit):
            deliver()
    deliver()  # at once: the first try might still be sending, so this one must not
    assert _emails(outbox, "Tax card") == []

    time.sleep(TIMEOUT + 0.2)
    deliver()

    assert len(_emails(outbox, "Tax card")) == 1
    assert "Messages" not in clients.sqs().receive_message(QueueUrl=queue_url)
