"""The right to be forgotten: a contact asks, the business confirms in the console, the schedule
erases them. Afterwards no trace of their name, e-mail or mobile is left in the table, the
bucket or the user pool, except what the law keeps (invoices, payments), with the name
replaced, which the business is told. Through the API, on moto."""

import json
from typing import Any

import boto3
import pytest
from chalice import Chalice

from local.edge import EdgeClient
from local.outbox import Outbox
from local.worker import Worker
from tests.functional.test_documents import share
from tests.functional.test_only_mine import order
from tests.functional.test_payments import issue, pay
from tests.functional.visitor import Visitor, latest_code

NAME, EMAIL, MOBILE = "Zelda Quixote", "zelda.quixote@example.com", "+15555550188"
NOTIFIED_AT = "zq.notices@example.com"  # where her notifications go instead of EMAIL
ZELDA = (NAME, EMAIL, NOTIFIED_AT, MOBILE)
# A contact of the demo data's company account, Aurora Bistro Oy (tests/functional/company.py)
BEN_NAME, BEN_EMAIL, BEN_MOBILE = "Ben Books", "ben@example.com", "+15555550166"


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


@pytest.fixture
def worker(portal: dict[str, Chalice], aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Worker:
    return Worker([portal["customers"], portal["notifications"]], aws, stack_outputs, checkpoints={})


def _tell_everyone(worker: Worker, aws: boto3.session.Session, outputs: dict[str, str]) -> None:
    """The outbox relayed and the notifications delivered, as the local stack's worker does:
    her feed, and the records of what was sent to her address."""
    from functions.notifications import handlers

    while worker.follow_stream(outputs["TableStreamArn"], handlers.relay_events):
        pass
    sqs, queue = aws.client("sqs"), outputs["NotificationsQueueUrl"]
    while batch := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        worker.deliver(queue, handlers.deliver_notifications, batch)


@pytest.fixture
def zelda(client: EdgeClient, operator: Visitor, outbox: Outbox) -> tuple[Visitor, str]:
    """A person who is her own account (the business made her a customer), signed in."""
    made = _ok(operator.post("/customers/operator/customers", {"name": NAME, "email": EMAIL, "mobile": MOBILE}), 201)
    person = Visitor(client)
    person.sign_in(EMAIL, outbox)
    return person, made["customer_id"]


def _product(operator: Visitor) -> str:
    body = {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 1400}
    return str(_ok(operator.post("/orders/operator/products", body), 201)["product_id"])


def test_asked_declined_asked_again_confirmed_and_erased(
    zelda: tuple[Visitor, str], operator: Visitor, worker: Worker
) -> None:
    person, account = zelda
    assert _ok(person.get("/customers/profile/erasure"))["status"] == "none"
    asked = _ok(person.post("/customers/profile/erasure"), 202)
    assert asked["status"] == "requested"
    assert _ok(person.post("/customers/profile/erasure"), 202)["requested_at"] == asked["requested_at"], "once"

    waiting = _ok(operator.get("/customers/operator/erasures"))["items"]
    assert [w["contact_id"] for w in waiting] == [account]
    declined = _ok(operator.post(f"/customers/operator/erasures/{account}/decline", {"reason": "An open dispute"}))
    assert declined["status"] == "declined"
    assert declined["declined_because"] == "An open dispute"
    assert _ok(operator.get("/customers/operator/erasures"))["items"] == []

    assert _ok(person.post("/customers/profile/erasure"), 202)["status"] == "requested", "asked anew"
    confirmed = _ok(operator.post(f"/customers/operator/erasures/{account}/confirm"))
    assert confirmed["status"] == "erasing"
    assert person.get("/customers/profile").status_code == 401, "locked out at once"
    refused = operator.post(f"/customers/operator/erasures/{account}/confirm")
    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "erasure_not_waiting"

    assert worker.run_schedule("continue_erasures") == {"finished": 1}
    done = _ok(operator.get("/customers/operator/erasures?status=done"))["items"]
    assert [(d["contact_id"], d["status"], d["steps_done"] == d["steps"]) for d in done] == [(account, "done", True)]
    assert worker.run_schedule("continue_erasures") == {"finished": 0}, "nothing left to do"


def test_only_the_business_confirms_and_nobody_asks_for_another(
    zelda: tuple[Visitor, str], dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    person, account = zelda
    _ok(person.post("/customers/profile/erasure"), 202)
    assert person.post(f"/customers/operator/erasures/{account}/confirm").status_code == 403
    assert dana.get("/customers/operator/erasures").status_code == 403
    assert operator.post("/customers/profile/erasure").status_code == 403
    assert operator.post(f"/customers/operator/erasures/{people['demo']}/confirm").status_code == 404
    assert _ok(dana.get("/customers/profile/erasure"))["status"] == "none", "Dana's own, not Zelda's"


def test_no_trace_is_left_but_what_the_law_keeps_and_that_is_said(
    zelda: tuple[Visitor, str],
    operator: Visitor,
    dana: Visitor,
    worker: Worker,
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    outbox: Outbox,
) -> None:
    person, account = zelda
    before = len(outbox.messages())
    _ok(person.post("/customers/profile/contact-email", {"contact_email": NOTIFIED_AT}), 202)
    _ok(person.post("/customers/profile/contact-email/confirm", {"code": latest_code(outbox, since=before)}))
    # A history in every domain: an order, a paid invoice, a ticket and its answer, a message,
    # a shared document downloaded, her notifications.
    placed = order(person, _product(operator))
    _ok(operator.post(f"/orders/operator/orders/{placed}/confirm"))
    invoice = issue(operator, account, 2500)
    _ok(pay(person, "zelda-pay-1", (invoice["invoice_id"], 2500)))
    ticket = _ok(
        person.create("/tickets", {"kind": "question", "subject": "Opening hours", "description": "When?"}), 201
    )
    _ok(operator.post(f"/tickets/operator/tickets/{ticket['ticket_id']}/replies", {"body": "From nine."}), 201)
    _ok(person.create("/tickets/inbox/messages", {"body": "Thank you"}), 201)
    document = share(operator, account, "Welcome pack")
    _ok(person.get(f"/documents/{document['document_id']}/download"))
    danas_order = order(dana, _product(operator))
    _tell_everyone(worker, aws, stack_outputs)
    told = [item for item in _all_items(aws, stack_outputs) if NOTIFIED_AT in json.dumps(item)]
    assert any(item["pk"]["S"] != f"CONTACT#{account}" for item in told), "a record of a send to that address"
    feed = [item for item in _all_items(aws, stack_outputs) if item["pk"]["S"] == f"CONTACT#{account}#NOTIFICATIONS"]
    assert feed, "her notifications in the portal"

    _ok(person.post("/customers/profile/erasure"), 202)
    _ok(operator.post(f"/customers/operator/erasures/{account}/confirm"))
    assert worker.run_schedule("continue_erasures") == {"finished": 1}

    traces = _traces(aws, stack_outputs)
    assert traces == [], "\n".join(traces)
    done = _ok(operator.get("/customers/operator/erasures?status=done"))["items"][0]
    assert done["kept"] == {"invoices": 1, "payments": 1}, "what the law keeps is said"
    kept = _ok(operator.get(f"/payments/operator/customers/{account}/invoices"))["items"]
    assert [i["invoice_id"] for i in kept] == [invoice["invoice_id"]], "the invoice stays"
    assert _ok(dana.get(f"/orders/{danas_order}"))["order_id"] == danas_order, "another account is untouched"
    log = _ok(operator.get(f"/customers/operator/customers/{account}/audit?limit=100"))["items"]
    assert log[0]["action"] == "erasure_done"
    assert log[0]["details"]["kept"] == ["invoices", "payments"]
    assert {"erasure_requested", "erasure_confirmed"} <= {entry["action"] for entry in log}


def _all_items(aws: boto3.session.Session, outputs: dict[str, str]) -> list[dict[str, Any]]:
    pages = aws.client("dynamodb").get_paginator("scan").paginate(TableName=outputs["TableName"])
    return [item for page in pages for item in page["Items"]]


def _traces(aws: boto3.session.Session, outputs: dict[str, str], person: tuple[str, ...] = ZELDA) -> list[str]:
    """Every place the person's name, e-mails or mobile (the last of `person`) are still found: a
    scan of the whole table, every object (and version) in the bucket, every user of the pool (a
    test may scan)."""
    wanted = (*person, person[-1].lstrip("+"))
    found = []
    for item in _all_items(aws, outputs):
        text = json.dumps(item, ensure_ascii=False).casefold()
        found += [f"table {item['pk']['S']} / {item['sk']['S']}: {w}" for w in wanted if w.casefold() in text]
    s3 = aws.client("s3")
    bucket = outputs["DocumentsBucketName"]
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for version in page.get("Versions", []):
            body = s3.get_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])["Body"].read()
            text = (version["Key"] + body.decode("latin-1")).casefold()
            found += [f"bucket {version['Key']}: {w}" for w in wanted if w.casefold() in text]
    cognito = aws.client("cognito-idp")
    for user in cognito.list_users(UserPoolId=outputs["UserPoolId"])["Users"]:
        text = json.dumps(user, default=str).casefold()
        found += [f"user pool {user['Username']}: {w}" for w in wanted if w.casefold() in text]
    return found


def test_a_contact_of_a_company_leaves_no_trace_and_the_company_and_its_other_contacts_stay(
    company: dict[str, Visitor],
    operator: Visitor,
    worker: Worker,
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    outbox: Outbox,
) -> None:
    olivia, ben, sara = company["admin"], company["billing"], company["support"]
    account = _ok(olivia.get("/auth/session"))["person"]["accounts"][0]["account_id"]
    ben_id = _ok(ben.get("/auth/session"))["person"]["principal_id"]
    # Ben, the company's billing contact, with a mobile of his own, pays the company's invoice and
    # downloads what the business shared; the business names him on an invoice and a transfer,
    # the admin in a ticket.
    before = len(outbox.messages())
    _ok(ben.post("/customers/profile/mobile", {"mobile": BEN_MOBILE}), 202)
    _ok(ben.post("/customers/profile/mobile/confirm", {"code": latest_code(outbox, since=before)}))
    invoice = issue(operator, account, 4200)
    _ok(pay(ben, "ben-pay-1", (invoice["invoice_id"], 4200)))
    line = {"description": "Menu printing", "quantity": 1, "unit_price": 900, "tax_rate": 0}
    noted = {"customer_id": account, "currency": "EUR", "lines": [line], "note": f"For {BEN_NAME}, {BEN_MOBILE}"}
    billed = _ok(operator.create("/payments/operator/invoices", noted), 201)
    transfer = {"customer_id": account, "amount": 900, "currency": "EUR", "method": "bank_transfer"}
    _ok(operator.create("/payments/operator/payments", transfer | {"reference": f"From {BEN_NAME}"}), 201)
    document = share(operator, account, "Supplier terms")
    _ok(ben.get(f"/documents/{document['document_id']}/download"))
    about_ben = {"kind": "question", "subject": "Invoice query", "description": f"{BEN_NAME} ({BEN_EMAIL}) will call"}
    ticket = _ok(olivia.create("/tickets", about_ben), 201)
    placed = order(olivia, _product(operator))
    _tell_everyone(worker, aws, stack_outputs)
    assert _traces(aws, stack_outputs, (BEN_NAME, BEN_EMAIL, BEN_MOBILE)), "his traces, before"

    _ok(ben.post("/customers/profile/erasure"), 202)
    _ok(operator.post(f"/customers/operator/erasures/{ben_id}/confirm"))
    assert ben.get("/customers/profile").status_code == 401, "locked out at once"
    assert worker.run_schedule("continue_erasures") == {"finished": 1}

    # Nothing of Ben is left anywhere...
    traces = _traces(aws, stack_outputs, (BEN_NAME, BEN_EMAIL, BEN_MOBILE))
    assert traces == [], "\n".join(traces)
    # ... while the company, its records and its other contacts stay, still signed in
    profile = _ok(operator.get(f"/customers/operator/customers/{account}"))
    assert (profile["name"], profile["status"]) == ("Aurora Bistro Oy", "active")
    contacts = {c["contact_id"]: c["role"] for c in _ok(olivia.get("/customers/contacts"))["items"]}
    assert ben_id not in contacts
    assert sorted(contacts.values()) == ["admin", "buyer", "support", "viewer"]
    assert _ok(sara.get("/customers/profile"))["email"] == "sara@example.com"
    assert _ok(olivia.get(f"/orders/{placed}"))["order_id"] == placed
    kept = _ok(operator.get(f"/payments/operator/customers/{account}/invoices"))["items"]
    assert {(i["invoice_id"], i["status"]) for i in kept} == {
        (invoice["invoice_id"], "paid"),
        (billed["invoice_id"], "paid"),
    }
    assert _ok(olivia.get(f"/tickets/{ticket['ticket_id']}"))["ticket"]["subject"] == "Invoice query"
    done = _ok(operator.get("/customers/operator/erasures?status=done"))["items"]
    assert [d["contact_id"] for d in done] == [ben_id]
    assert done[0]["kept"] == {}, "the company's invoices and payments are its own, not kept of him"


def test_the_routes_count_every_step_of_the_job() -> None:
    """The request's progress (steps done of steps) is counted where the routes need no step."""
    from functions.customers import erasure, erasure_run
    from functions.customers.directory import CognitoDirectory

    assert len(erasure_run._steps(CognitoDirectory("unused"))) == erasure.STEP_COUNT
