"""The account's data export: an admin asks, the job runs a step a message through the real
exports queue, and the zip holds every item of the account and nothing of another's."""

import io
import json
import zipfile
from typing import Any

import boto3
import pytest
import requests
from chalice.app import Chalice

from functions.core import clients
from functions.core.events import OutboxEvent
from functions.documents import export as documents_export
from functions.documents import export_steps
from functions.documents.exports import TOTAL_STEPS
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.test_documents import PDF, PNG, facts, post_file, share
from tests.functional.test_payments import issue, pay
from tests.functional.test_support import attachment, open_ticket
from tests.functional.visitor import Visitor


def ask(customer: Visitor, key: str = "export-key-0001") -> Any:
    return customer.call("POST", "/documents/exports", headers={"Idempotency-Key": key})


def run_queue(aws: boto3.session.Session, outputs: dict[str, str], worker: Worker, rounds: int = 200) -> int:
    """Deliver the exports queue's messages, as Lambda would, until it is empty. Returns how many."""
    sqs = aws.client("sqs")
    queue_url = outputs["ExportsQueueUrl"]
    handler = worker_handler(worker)
    for delivered in range(rounds):
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, MessageSystemAttributeNames=["All"]).get(
            "Messages", []
        )
        if not batch:
            return delivered
        worker.deliver(queue_url, handler, batch)
    raise AssertionError("the export never finished")


def worker_handler(worker: Worker) -> Any:
    from functions.documents.export_job import build_exports

    return build_exports


def open_zip(customer: Visitor, export_id: str) -> zipfile.ZipFile:
    link = customer.get(f"/documents/exports/{export_id}/download")
    assert link.status_code == 200, link.json_body
    assert link.json_body["file_name"].endswith(".zip")
    body = requests.get(link.json_body["url"], timeout=10)
    assert body.status_code == 200
    return zipfile.ZipFile(io.BytesIO(body.content))


def _products(operator: Visitor) -> str:
    reply = operator.post(
        "/orders/operator/products", {"name": "Espresso machine", "price": 39900, "currency": "EUR", "tax_rate": 2400}
    )
    assert reply.status_code == 201, reply.json_body
    return str(reply.json_body["product_id"])


def _book(operator: Visitor, customer: Visitor) -> dict[str, Any]:
    hours = {day: [{"opens": "00:00", "closes": "23:59"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    current = operator.get("/bookings/operator/bookings/settings").json_body
    assert (
        operator.call("PUT", "/bookings/operator/bookings/settings", current | {"opening_hours": hours}).status_code
        == 200
    )
    service = operator.post(
        "/bookings/operator/services", {"name": "Barista training", "duration_minutes": 60}
    ).json_body
    days = customer.get(f"/bookings/services/{service['service_id']}/slots").json_body["days"]
    starts_at = next(slot["starts_at"] for day in days for slot in day["slots"])
    booked = customer.post("/bookings", {"service_id": service["service_id"], "starts_at": starts_at})
    assert booked.status_code == 201, booked.json_body
    return dict(booked.json_body)


def request_received(operator: Visitor, customer: Visitor, customer_id: str) -> dict[str, Any]:
    asked = operator.create("/documents/operator/document-requests", {"customer_id": customer_id, "title": "Tax card"})
    request_id = asked.json_body["request_id"]
    started = customer.post(f"/documents/document-requests/{request_id}/uploads", facts(PDF, "tax-card.pdf")).json_body
    assert post_file(started["form"], PDF).status_code == 204
    assert customer.post(f"/documents/uploads/{started['upload_id']}/confirm").status_code == 200
    return dict(asked.json_body)


@pytest.fixture
def worker(aws: boto3.session.Session, stack_outputs: dict[str, str], portal: dict[str, Chalice]) -> Worker:
    return Worker([portal["payments"]], aws, stack_outputs)  # the export job is a function of the payments app


def test_an_export_holds_every_item_of_the_account_and_nothing_of_another(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    worker: Worker,
    dana: Visitor,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
) -> None:
    demo, other = people["demo"], people["lea"]
    # Given Dana's account with a shared document, a received file, an attachment, an order,
    # a paid invoice (with its receipt), a ticket and a booking...
    contract = share(operator, demo, "Supply contract 2026")
    request = request_received(operator, dana, demo)
    photo = attachment(dana)
    product = _products(operator)
    assert dana.post("/orders/cart/lines", {"product_id": product, "quantity": 2}).status_code in (200, 201)
    order = dana.submit_cart("order-key-0001")
    assert order.status_code == 201, order.json_body
    invoice = issue(operator, demo, 12000)
    paid = pay(dana, "pay-key-00001", (invoice["invoice_id"], 12000))
    assert paid.status_code == 200, paid.json_body
    ticket = open_ticket(dana, "ticket-key-001", subject="Grinder rattles", attachment_ids=[photo])
    assert ticket.status_code == 201, ticket.json_body
    booking = _book(operator, dana)
    # ... and Léa's account with data of its own.
    lea_document = share(operator, other, "Léa's private lease")
    lea_ticket = open_ticket(lea, "ticket-key-002", subject="Léa's secret question").json_body
    lea_invoice = issue(operator, other, 777)

    # When Dana asks for an export and the queue runs its steps
    asked = ask(dana)
    assert asked.status_code == 201, asked.json_body
    export = asked.json_body
    assert export["status"] == "requested"
    assert export["total_steps"] == TOTAL_STEPS
    assert dana.get(f"/documents/exports/{export['export_id']}/download").status_code == 409
    steps = run_queue(aws, stack_outputs, worker)

    # Then it is ready, one message a step (more for a list of several pages)
    assert steps >= TOTAL_STEPS
    listed = dana.get("/documents/exports").json_body["items"]
    assert [(e["export_id"], e["status"], e["done_steps"]) for e in listed] == [
        (export["export_id"], "ready", TOTAL_STEPS)
    ]
    assert listed[0]["size"] > 0
    archive = open_zip(dana, export["export_id"])
    names = set(archive.namelist())
    data = {domain: json.loads(archive.read(f"{domain}.json")) for domain in export_steps.READERS}
    assert data["customers"]["account"]["customer_id"] == demo
    assert "notes" not in data["customers"]["account"]
    assert [c["contact_id"] for c in data["customers"]["contacts"]] == [demo]
    assert [o["order_id"] for o in data["orders"]["orders"]] == [order.json_body["order_id"]]
    assert [i["invoice_id"] for i in data["payments"]["invoices"]] == [invoice["invoice_id"]]
    assert [p["payment_id"] for p in data["payments"]["payments"]] == [paid.json_body["payment_id"]]
    assert [e["kind"] for e in data["payments"]["ledger"]] == ["invoice", "payment"]
    assert data["payments"]["balance"]["balance"] == 0
    [thread] = data["tickets"]["tickets"]
    assert thread["ticket"]["ticket_id"] == ticket.json_body["ticket_id"]
    assert [d["document_id"] for d in data["documents"]["documents"]] == [contract["document_id"]]
    assert [r["request_id"] for r in data["documents"]["requests"]] == [request["request_id"]]
    assert [a["attachment_id"] for a in data["documents"]["attachments"]] == [photo]
    assert [b["booking_id"] for b in data["bookings"]["bookings"]] == [booking["booking_id"]]
    # every file, and the printouts the billing pages give
    assert archive.read(f"documents/{contract['document_id']}/Contract 2026.pdf") == PDF
    assert archive.read(f"requests/{request['request_id']}/tax-card.pdf") == PDF
    assert archive.read(f"attachments/{photo}/photo.png") == PNG
    invoice_pdf = archive.read(f"printouts/invoices/{invoice['invoice_number']}.pdf")
    receipt_pdf = archive.read(f"printouts/receipts/{paid.json_body['payment_number']}.pdf")
    assert invoice_pdf.startswith(b"%PDF")
    assert receipt_pdf.startswith(b"%PDF")
    assert any(name.startswith("printouts/statements/statement-") for name in names)
    # and nothing of Léa's account anywhere, in a name or in a file
    everything = b"".join(archive.read(name) for name in names) + " ".join(names).encode()
    for foreign in (other, lea_document["document_id"], lea_ticket["ticket_id"], lea_invoice["invoice_id"]):
        assert foreign.encode() not in everything
    assert "Léa".encode() not in everything
    assert b"secret question" not in everything
    # The parts are gone once the zip is made; the zip stays for its download.
    kept = clients.s3().list_objects_v2(Bucket=stack_outputs["DocumentsBucketName"], Prefix="exports/")
    assert [o["Key"] for o in kept.get("Contents", [])] == [f"exports/{demo}/{export['export_id']}.zip"]


def test_a_section_and_its_files_longer_than_a_page_go_whole_into_the_zip_and_once(
    aws: boto3.session.Session, stack_outputs: dict[str, str], worker: Worker, dana: Visitor
) -> None:
    # Given more attachments than a page of the list holds, so more files than a copying step copies
    count = documents_export.PAGE + 1
    assert count > documents_export.FILES_PAGE
    photos = [attachment(dana) for _ in range(count)]

    # When Dana's export runs
    export = ask(dana).json_body
    steps = run_queue(aws, stack_outputs, worker)

    # Then the list took two messages and the files six (10 a step), each item and file once in the zip
    list_pages, file_pages = -(-count // documents_export.PAGE), -(-count // documents_export.FILES_PAGE)
    assert (list_pages, file_pages) == (2, 6)
    assert steps == TOTAL_STEPS + (list_pages - 1) + (file_pages - 1)
    archive = open_zip(dana, export["export_id"])
    listed = [a["attachment_id"] for a in json.loads(archive.read("documents.json"))["attachments"]]
    assert sorted(listed) == sorted(photos)
    files = [name for name in archive.namelist() if name.startswith("attachments/")]
    assert sorted(files) == sorted(f"attachments/{photo}/photo.png" for photo in photos)
    assert len(archive.namelist()) == len(set(archive.namelist())), "no entry twice"
    assert {archive.read(name) for name in files} == {PNG}


def test_the_contact_who_asked_is_told_when_it_is_ready(
    aws: boto3.session.Session, stack_outputs: dict[str, str], worker: Worker, dana: Visitor, people: dict[str, str]
) -> None:
    export = ask(dana).json_body
    run_queue(aws, stack_outputs, worker)

    events = [
        json.loads(e.payload)
        for e in OutboxEvent.scan()  # a test may scan; the app never does
        if e.event_type == "export.ready"
    ]
    assert events == [
        {"created_by": people["demo"], "expires_at": events[0]["expires_at"], "export_id": export["export_id"]}
    ]


def test_the_same_key_asks_once_and_only_an_admin_may_ask(
    client: Any, dana: Visitor, outbox: Outbox, people: dict[str, str]
) -> None:
    first, again = ask(dana, "same-key-0001"), ask(dana, "same-key-0001")
    assert first.status_code == again.status_code == 201
    assert first.json_body["export_id"] == again.json_body["export_id"]
    assert len(dana.get("/documents/exports").json_body["items"]) == 1
    assert dana.call("POST", "/documents/exports").status_code == 400  # no Idempotency-Key

    ben = Visitor(client)
    ben.sign_in("ben@example.com", outbox)  # billing on the company's account
    refused = ask(ben)
    assert refused.status_code == 403
    assert refused.json_body["error"]["code"] == "role_not_allowed"
    assert ben.get("/documents/exports").status_code == 403


def test_another_accounts_export_is_404(dana: Visitor, lea: Visitor) -> None:
    export = ask(lea).json_body

    assert dana.get(f"/documents/exports/{export['export_id']}/download").status_code == 404
    assert dana.get("/documents/exports").json_body["items"] == []


def test_a_failing_step_retried_writes_the_same_result(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    worker: Worker,
    dana: Visitor,
    operator: Visitor,
    people: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A step that dies after writing its part (before it recorded its progress) is received
    again and writes the same part; the export goes on and finishes as a clean run does."""
    share(operator, people["demo"], "Price list")
    issue(operator, people["demo"], 5000)
    sqs = aws.client("sqs")
    queue_url = stack_outputs["ExportsQueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0"})
    export = ask(dana).json_body
    original, failed = export_steps._advance, []

    def dies_once(item: Any, next_cursor: str | None, clock: Any) -> None:
        stage = export_steps.STAGES[int(item.stage)]
        if stage.section == "invoices" and not failed:
            failed.append(stage)
            raise RuntimeError("the function is stopped after writing its part")
        original(item, next_cursor, clock)

    monkeypatch.setattr(export_steps, "_advance", dies_once)
    bucket = stack_outputs["DocumentsBucketName"]
    prefix = f"exports/{people['demo']}/{export['export_id']}/data/payments/invoices/00000.json"
    for _ in range(12):  # up to the invoices page, which fails once
        batch = sqs.receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["All"]).get("Messages", [])
        worker.deliver(queue_url, worker_handler(worker), batch)
        if failed:
            break
    first = clients.s3().get_object(Bucket=bucket, Key=prefix)["Body"].read()
    assert len(clients.s3().list_object_versions(Bucket=bucket, Prefix=prefix)["Versions"]) == 1

    run_queue(aws, stack_outputs, worker)

    versions = clients.s3().list_object_versions(Bucket=bucket, Prefix=prefix).get("Versions", [])
    assert failed
    assert versions == []
    archive = open_zip(dana, export["export_id"])
    assert json.loads(archive.read("payments.json"))["invoices"] == json.loads(first)
    assert dana.get("/documents/exports").json_body["items"][0]["status"] == "ready"


def test_a_step_failing_every_try_fails_the_export_and_goes_to_the_dead_letter_queue(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    worker: Worker,
    dana: Visitor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sqs = aws.client("sqs")
    queue_url = stack_outputs["ExportsQueueUrl"]
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0"})

    def broken(*_: Any) -> Any:
        raise RuntimeError("the orders domain cannot be read")

    monkeypatch.setitem(export_steps.READERS, "orders", (("orders",), broken))
    export = ask(dana).json_body
    run_queue(aws, stack_outputs, worker)

    [listed] = dana.get("/documents/exports").json_body["items"]
    assert listed["export_id"] == export["export_id"]
    assert listed["status"] == "failed"
    assert dana.get(f"/documents/exports/{export['export_id']}/download").status_code == 409
    dead = sqs.receive_message(QueueUrl=stack_outputs["ExportsDeadLetterQueueUrl"]).get("Messages", [])
    assert [json.loads(m["Body"])["export_id"] for m in dead] == [export["export_id"]]
