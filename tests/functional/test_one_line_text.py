"""One-line fields refuse line breaks, control characters and bidirectional overrides with a
400 that names the field; multi-line bodies keep their lines; e-mail subjects are one line
even for text stored before the rule."""

from typing import Any

import boto3
import pytest

from functions.core import clients
from functions.core.senders import Message, SesEmailSender
from functions.notifications.events import Event
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.test_support import open_ticket
from tests.functional.visitor import Visitor

HEADER_INJECTION = "Proof of address\r\nBcc: everyone@example.com"


def _refused(reply: Any, field: str) -> str:
    """The field's reason and English message: "not_one_line: must be one line: ..."."""
    assert reply.status_code == 400, reply.json_body
    problems = {d["field"]: f"{d['reason']}: {d['message']}" for d in reply.json_body["error"]["details"]}
    assert field in problems, problems
    return problems[field]


def _ask_for(operator: Visitor, customer_id: str, title: str, key: str) -> Any:
    body = {"customer_id": customer_id, "title": title}
    return operator.call("POST", "/documents/operator/document-requests", body, headers={"Idempotency-Key": key})


def test_a_line_break_in_a_document_request_title_is_refused(operator: Visitor, people: dict[str, str]) -> None:
    reply = _ask_for(operator, people["demo"], HEADER_INJECTION, "request-crlf-1")

    assert _refused(reply, "title").startswith("not_one_line: must be one line: it contains a line break")
    assert _ask_for(operator, people["demo"], "ID card", "request-plain-1").status_code == 201


def test_nul_in_a_customer_name_is_refused(operator: Visitor, people: dict[str, str]) -> None:
    reply = operator.post("/customers/operator/customers", {"name": "Ann\u0000 Other", "email": "ann@example.com"})

    assert _refused(reply, "name").startswith("control_character: must not contain a control character")


def test_a_right_to_left_override_in_a_name_is_refused(dana: Visitor) -> None:
    reply = dana.patch("/customers/profile", {"name": "Dana \u202etxt.exe"})

    assert _refused(reply, "name").startswith("bidirectional_override: must not contain U+202E")
    assert dana.get("/customers/profile").json_body["name"] != "Dana \u202etxt.exe"


@pytest.mark.parametrize("isolate", ["\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202d"])
def test_every_bidirectional_override_and_isolate_is_refused_in_a_ticket_subject(dana: Visitor, isolate: str) -> None:
    reply = open_ticket(dana, f"ticket-bidi-{ord(isolate):x}", subject=f"Late {isolate}delivery")

    assert "bidirectional" in _refused(reply, "subject")


def test_a_ticket_subject_is_one_line_and_its_description_keeps_its_lines(dana: Visitor) -> None:
    assert "line break" in _refused(open_ticket(dana, "ticket-crlf-01", subject="Late\r\ndelivery"), "subject")
    assert "control character" in _refused(
        open_ticket(dana, "ticket-nul-001", description="Still\u0000 waiting"), "description"
    )

    written = open_ticket(dana, "ticket-lines-01", description="Still waiting.\n\n\tSince Monday.")

    assert written.status_code == 201, written.json_body
    assert written.json_body["description"] == "Still waiting.\n\n\tSince Monday."


def test_tags_carrier_and_tracking_are_one_line(dana: Visitor, operator: Visitor) -> None:
    assert _refused(open_ticket(dana, "ticket-tags-01", tags=["a\nb"]), "tags.0")
    reply = operator.post(
        "/orders/operator/orders/01JAAAAAAAAAAAAAAAAAAAAAAA/ship", {"carrier": "Posti\n", "tracking": "J\r1"}
    )

    assert reply.status_code == 400
    assert {d["field"] for d in reply.json_body["error"]["details"]} == {"carrier", "tracking"}


def test_an_e_mail_subject_is_one_line_even_for_a_title_stored_before_the_rule(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    dana: Visitor,
    people: dict[str, str],
    outbox: Outbox,
) -> None:
    from functions.notifications import handlers
    from functions.notifications.app import app

    worker = Worker([app], aws, stack_outputs)
    queue_url = stack_outputs["NotificationsQueueUrl"]
    dana.call("PUT", "/notifications/preferences", {"documents": ["in_app", "email"]})
    stored = Event(
        "01JSTOREDTITLE000000000000",
        "document.requested",
        people["demo"],
        "2026-11-24T10:00:00+00:00",
        {"title": HEADER_INJECTION},
    )
    clients.sqs().send_message(QueueUrl=queue_url, MessageBody=stored.to_json())

    batch = clients.sqs().receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    worker.deliver(queue_url, handlers.deliver_notifications, batch)

    sent = [m for m in outbox.messages() if m.channel == "email" and "Proof of address" in m.subject]
    assert [m.subject for m in sent] == ["Test Traders: Document requested: Proof of address Bcc: everyone@example.com"]
    titles = [n["title"] for n in dana.get("/notifications").json_body["items"]]
    assert titles == ["Document requested: Proof of address Bcc: everyone@example.com"]


def test_the_ses_sender_never_puts_a_line_break_or_control_in_a_subject(aws: boto3.session.Session) -> None:
    ses = aws.client("ses")
    ses.verify_email_identity(EmailAddress="portal@example.com")

    SesEmailSender("portal@example.com").send_email(
        "dana@example.com", Message(subject="Hello\r\nBcc: x@example.com\u0000\u202e", text="Body\nlines")
    )

    from moto.ses.models import ses_backends

    sent = ses_backends["123456789012"]["us-east-1"].sent_messages[-1]
    assert sent.subject == "Hello Bcc: x@example.com"
    assert sent.body == "Body\nlines"
