"""Each domain's erasure step (core.erasure), run to its end as the customers domain's erasure job
runs it: the person's name, e-mail and mobile are gone from the items and files the step owns,
what the law keeps is counted, another account's and a colleague's data are untouched, and a
second run changes nothing. Data made through the API, on moto; pages of one or two items, so
every walk needs several."""

import json
from collections import Counter
from typing import Any, cast

import boto3
import pytest

from functions.auth.erasure import erase_sign_in
from functions.bookings.erasure import erase_bookings
from functions.bookings.models import BookingItem, bookings_of
from functions.core.erasure import ERASED_PERSON, Step, StepDone, Subject
from functions.core.erasure_outbox import erase_outbox
from functions.core.erasure_pages import AnyItem
from functions.core.events import OutboxEvent
from functions.core.principal import contact_key, customer_key
from functions.core.settings import get_settings
from functions.customers.service import find_principal
from functions.documents.erasure import erase_documents
from functions.documents.models import AttachmentItem, DocumentRequestItem, UploadItem, attachments_of, requests_of
from functions.notifications.erasure import erase_notifications
from functions.notifications.models import NotificationItem, feed_key
from functions.orders.erasure import erase_orders
from functions.orders.models import OrderItem
from functions.payments.erasure import erase_payments
from functions.tickets.erasure import erase_support
from functions.tickets.models import ChatMessageItem, InboxMessageItem, TicketEntryItem, TicketItem, chat_key, inbox_key
from local.edge import EdgeClient
from local.outbox import Outbox
from local.worker import invoking
from tests.functional.test_documents import PDF, PNG, facts, post_file
from tests.functional.test_notifications import Pipeline
from tests.functional.test_only_mine import (
    ALL_DAY,
    Colleagues,
    book,
    order,
)
from tests.functional.test_payments import issue, pay
from tests.functional.test_support import open_ticket
from tests.functional.visitor import Visitor

DANA = ("Dana Demo", "demo@example.com", "+15555550100")


@pytest.fixture
def colleagues(client: EdgeClient, dana: Visitor, outbox: Outbox) -> Colleagues:
    """Dana's account (Dana is it: its first contact), with Mia, a colleague on it."""
    body = {"name": "Mia Mine", "email": "mia@example.com", "role": "admin", "scope": "all"}
    _ok(dana.create("/customers/contacts", body), 201)
    mia = Visitor(client)
    mia.sign_in("mia@example.com", outbox)
    return Colleagues(dana, mia)


@pytest.fixture
def subject(people: dict[str, str]) -> Subject:
    name, email, mobile = DANA
    dana = people["demo"]
    return Subject(dana, name, email, mobile, account_ids=(dana,), own_account_ids=(dana,))


def run_to_end(step: Step, subject: Subject, **options: Any) -> tuple[int, dict[str, int]]:
    """The step from no cursor until it says it is done, as the erasure job runs it: how many
    calls it took and what it kept, added up."""
    calls, kept, cursor = 0, Counter[str](), None
    with invoking("portal-customers", "continue_erasures"):
        while True:
            done: StepDone = step(subject, cursor, **options)
            calls, cursor = calls + 1, done.next_cursor
            kept.update(done.kept)
            if cursor is None:
                return calls, dict(kept)
            assert calls < 1000, "the step never ends"


def everything(aws: boto3.session.Session) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The whole table and every object version of the bucket (a test's look, not a step's)."""
    settings = get_settings()
    items = [
        item
        for page in aws.client("dynamodb").get_paginator("scan").paginate(TableName=settings.table_name)
        for item in page["Items"]
    ]
    listed = aws.client("s3").list_object_versions(Bucket=settings.documents_bucket)
    versions = [(v["Key"], v["VersionId"]) for v in listed.get("Versions", []) + listed.get("DeleteMarkers", [])]
    return sorted(items, key=lambda item: (item["pk"]["S"], item["sk"]["S"])), sorted(versions)


def second_run_is_harmless(aws: boto3.session.Session, step: Step, subject: Subject, **options: Any) -> None:
    items, versions = everything(aws)
    run_to_end(step, subject, **options)
    items_after, versions_after = everything(aws)
    changed = [item for item in items_after if item not in items] + [item for item in items if item not in items_after]
    assert not changed
    assert versions_after == versions


def _ok(reply: Any, status: int = 200) -> Any:
    assert reply.status_code == status, reply.json_body
    return reply.json_body


def _person_in(value: Any) -> bool:
    text = str(value).casefold()
    return any(part.casefold() in text for part in DANA)


# --- orders --------------------------------------------------------------------------------


def test_orders_keep_their_record_without_the_persons_name_and_their_cart_goes(
    aws: boto3.session.Session,
    colleagues: Colleagues,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    product = _ok(
        operator.post("/orders/operator/products", {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 0}),
        201,
    )["product_id"]
    danas = [order(colleagues.dana, product) for _ in range(3)]
    mias = order(colleagues.mia, product)
    leas = order(lea, product)
    for customer in (colleagues.dana, colleagues.mia):  # each leaves a cart behind
        _ok(customer.post("/orders/cart/lines", {"product_id": product, "quantity": 2}))

    calls, kept = run_to_end(erase_orders, subject, page_size=1)

    assert calls > 6
    assert kept == {}
    account = customer_key(subject.contact_id)
    for order_id in danas:
        placed = OrderItem.get(account, f"ORDER#{order_id}")
        assert (placed.customer_name, placed.created_by_name) == (ERASED_PERSON, ERASED_PERSON)
    # Mia's order is Dana's account's (its name is Dana's): Mia is still named as its buyer.
    mia_order = OrderItem.get(account, f"ORDER#{mias}")
    assert (mia_order.customer_name, mia_order.created_by_name) == (ERASED_PERSON, "Mia Mine")
    assert OrderItem.get(customer_key(people["lea"]), f"ORDER#{leas}").customer_name == "Léa Martin"
    carts = [item.sk for item in AnyItem.query(account, AnyItem.sk.startswith("CART"))]
    assert carts
    assert all(subject.contact_id not in sk for sk in carts)
    assert colleagues.mia.get("/orders/cart").json_body["lines"]
    second_run_is_harmless(aws, erase_orders, subject, page_size=1)


# --- payments ------------------------------------------------------------------------------


def test_invoices_and_payments_are_kept_and_counted_and_stored_printouts_go(
    aws: boto3.session.Session,
    dana: Visitor,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    invoices = [issue(operator, people["demo"], 1000 + n) for n in range(3)]
    _ok(pay(dana, "payment-1", (invoices[0]["invoice_id"], 1000)))
    offline = {
        "customer_id": people["demo"],
        "amount": 500,
        "currency": "EUR",
        "method": "bank_transfer",
        "reference": "Dana Demo / RF18 5390",
    }
    _ok(operator.create("/payments/operator/payments", offline), 201)
    _ok(dana.get(f"/payments/invoices/{invoices[1]['invoice_id']}/pdf"))  # a printout, stored a day
    _ok(dana.get("/payments/statement/pdf"))
    leas = issue(operator, people["lea"], 700)
    _ok(lea.get(f"/payments/invoices/{leas['invoice_id']}/pdf"))

    calls, kept = run_to_end(erase_payments, subject, page_size=1)

    account = customer_key(subject.contact_id)
    stored = {
        "invoices": AnyItem.count(account, AnyItem.sk.startswith("INVOICE#")),
        "payments": AnyItem.count(account, AnyItem.sk.startswith("PAYMENT#")),
    }
    assert kept == stored
    assert stored == {"invoices": 3, "payments": 2}
    assert calls > 5
    references = [_ok(dana.get("/payments/"))["items"][n]["reference"] for n in range(2)]
    assert f"{ERASED_PERSON} / RF18 5390" in references
    assert not any(_person_in(r) for r in references)
    _, versions = everything(aws)
    printouts = [key for key, _ in versions if key.startswith("printouts/")]
    assert printouts
    assert all(key.startswith(f"printouts/{people['lea']}/") for key in printouts)
    second_run_is_harmless(aws, erase_payments, subject, page_size=1)


# --- bookings ------------------------------------------------------------------------------


@pytest.fixture
def free_times(operator: Visitor) -> tuple[str, list[str]]:
    """A bookable service and its free times (as test_only_mine's fixture of the same name)."""
    settings = _ok(operator.get("/bookings/operator/bookings/settings"))
    change = {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 1, "horizon_days": 14}
    _ok(operator.call("PUT", "/bookings/operator/bookings/settings", settings | change))
    service = _ok(operator.post("/bookings/operator/services", {"name": "Consultation", "duration_minutes": 30}), 201)
    days = _ok(operator.get(f"/bookings/operator/services/{service['service_id']}/slots"))["days"]
    return service["service_id"], [slot["starts_at"] for day in days for slot in day["slots"]]


def test_bookings_stay_with_the_accounts_name_replaced(
    aws: boto3.session.Session,
    colleagues: Colleagues,
    lea: Visitor,
    free_times: tuple[str, list[str]],
    people: dict[str, str],
    subject: Subject,
) -> None:
    service_id, free = free_times
    ours = [book(colleagues.dana, service_id, free[n]) for n in (4, 8)] + [book(colleagues.mia, service_id, free[12])]
    leas = book(lea, service_id, free[16])

    calls, _ = run_to_end(erase_bookings, subject, page_size=1)

    assert calls >= 3
    bookings = cast(list[BookingItem], list(BookingItem.by_customer.query(bookings_of(subject.contact_id))))
    names = {booking.booking_id: booking.customer_name for booking in bookings}
    assert set(ours) <= set(names)
    assert set(names.values()) == {ERASED_PERSON}
    assert BookingItem.get(f"BOOKING#{leas}", "BOOKING").customer_name == "Léa Martin"
    assert _ok(colleagues.dana.get(f"/bookings/{ours[0]}"))["status"] in {"pending", "confirmed"}
    second_run_is_harmless(aws, erase_bookings, subject, page_size=1)


# --- support -------------------------------------------------------------------------------


def test_tickets_inbox_and_chats_lose_the_persons_name_and_keep_a_colleagues(
    aws: boto3.session.Session,
    colleagues: Colleagues,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    ticket = _ok(open_ticket(dana, "ticket-01", subject="Call Dana Demo on +15555550100"), 201)["ticket_id"]
    for n in range(3):
        _ok(dana.post(f"/tickets/{ticket}/replies", {"body": f"Still waiting ({n}), demo@example.com"}), 201)
    _ok(operator.post(f"/tickets/operator/tickets/{ticket}/replies", {"body": "Hello Dana Demo, on it."}), 201)
    _ok(mia.post(f"/tickets/{ticket}/replies", {"body": "Mia here too."}), 201)
    mias = _ok(open_ticket(mia, "ticket-02", subject="Mia's own"), 201)["ticket_id"]
    _ok(dana.post("/tickets/inbox/messages", {"body": "Dana writing"}), 201)
    _ok(mia.post("/tickets/inbox/messages", {"body": "Mia writing"}), 201)
    chat = _ok(dana.post("/tickets/chats"), 201)["chat_id"]
    for n in range(3):
        _ok(dana.post(f"/tickets/chats/{chat}/messages", {"body": f"line {n}"}), 201)
    leas = _ok(open_ticket(lea, "ticket-03", subject="Léa's"), 201)["ticket_id"]

    calls, _ = run_to_end(erase_support, subject, page_size=1)

    assert calls > 10
    danas_ticket = TicketItem.get(f"TICKET#{ticket}", "TICKET")
    assert danas_ticket.customer_name == ERASED_PERSON
    assert danas_ticket.subject == f"Call {ERASED_PERSON} on {ERASED_PERSON}"
    entries = [e for e in TicketEntryItem.query(f"TICKET#{ticket}") if e.sk != "TICKET"]
    authors = Counter((e.author_kind, e.author_name) for e in entries if e.kind == "reply")
    assert authors[("customer", ERASED_PERSON)] == 3
    assert authors[("customer", "Mia Mine")] == 1
    assert not any(_person_in(e.body) or _person_in(e.author_name) for e in entries)
    assert TicketItem.get(f"TICKET#{mias}", "TICKET").customer_name == ERASED_PERSON  # the account's name
    inbox = list(InboxMessageItem.query(inbox_key(subject.contact_id), InboxMessageItem.sk.startswith("MSG#")))
    assert {m.body: m.author_name for m in inbox} == {"Dana writing": ERASED_PERSON, "Mia writing": "Mia Mine"}
    said = list(ChatMessageItem.query(chat_key(chat), ChatMessageItem.sk.startswith("MSG#")))
    assert len(said) == 3
    assert {m.author_name for m in said} == {ERASED_PERSON}
    assert TicketItem.get(f"TICKET#{leas}", "TICKET").customer_name == "Léa Martin"
    assert not _person_in(_ok(dana.get(f"/tickets/{ticket}")))
    second_run_is_harmless(aws, erase_support, subject, page_size=1)


# --- notifications -------------------------------------------------------------------------


def test_the_persons_feed_choices_and_sent_records_go_and_what_others_were_told_is_scrubbed(
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    colleagues: Colleagues,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    pipeline = Pipeline(aws, stack_outputs, {})
    dana = colleagues.dana
    _ok(dana.call("PUT", "/notifications/preferences", {"support": ["in_app", "email", "sms"]}))
    for n in range(3):
        issue(operator, people["demo"], 1000 + n)  # told to Dana and Mia (both admins)
    issue(operator, people["lea"], 500)
    _ok(operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Hi Dana Demo"}), 201)
    pipeline.run()
    assert NotificationItem.count(feed_key(subject.contact_id)) >= 3
    sends = "IDEMPOTENCY#notifications"
    table, _ = everything(aws)
    assert any(DANA[1] in str(item) for item in table if item["pk"]["S"] == sends)  # e-mails sent to Dana
    mias_feed = feed_key(id_of("mia@example.com"))

    calls, _ = run_to_end(erase_notifications, subject, page_size=1)

    assert calls > 5
    assert AnyItem.count(feed_key(subject.contact_id)) == 0
    assert AnyItem.count(contact_key(subject.contact_id), AnyItem.sk == "PREFERENCES") == 0
    table, _ = everything(aws)
    records = [item for item in table if item["pk"]["S"] == sends]
    assert records
    assert not any(DANA[1] in str(item) for item in records)
    mias_entries = list(NotificationItem.query(mias_feed, NotificationItem.sk.startswith("NOTIFICATION#")))
    assert mias_entries
    assert not any(_person_in((e.title, e.body, e.payload)) for e in mias_entries)
    assert NotificationItem.count(feed_key(people["lea"])) >= 1
    second_run_is_harmless(aws, erase_notifications, subject, page_size=1)


def id_of(email: str) -> str:
    found = find_principal(email)
    assert found is not None
    return found.principal_id


# --- outbox --------------------------------------------------------------------------------


def test_outbox_events_that_copied_the_person_are_deleted_and_others_stay(
    aws: boto3.session.Session,
    colleagues: Colleagues,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    _ok(colleagues.dana.post("/tickets/inbox/messages", {"body": "Reach me at demo@example.com"}), 201)
    _ok(operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "Dear Dana Demo"}), 201)
    _ok(operator.post(f"/tickets/operator/inbox/{people['demo']}/messages", {"body": "A plain answer"}), 201)
    _ok(lea.post("/tickets/inbox/messages", {"body": "Léa says hi to Dana Demo"}), 201)  # a name elsewhere
    events_before = outbox_events()
    assert sum(_person_in(e.payload) for e in events_before) >= 3

    calls, _ = run_to_end(erase_outbox, subject, page_size=1)

    left = outbox_events()
    assert calls >= 15  # every day's partition, today's in pages
    assert not any(e.customer_id == subject.contact_id and _person_in(e.payload) for e in left)
    assert any(json.loads(e.payload).get("body") == "A plain answer" for e in left)
    # another account's event, naming a namesake
    assert any(json.loads(e.payload).get("body", "").startswith("Léa says hi") for e in left)
    second_run_is_harmless(aws, erase_outbox, subject, page_size=1)


def outbox_events() -> list[OutboxEvent]:
    from datetime import UTC, datetime

    return list(OutboxEvent.query(f"OUTBOX#{datetime.now(UTC).date().isoformat()}"))


# --- sign-in -------------------------------------------------------------------------------


def test_sessions_devices_and_the_live_code_of_the_person_go(
    aws: boto3.session.Session, client: EdgeClient, colleagues: Colleagues, outbox: Outbox, subject: Subject
) -> None:
    # A second session from another browser, and a code sent and not used (three texts: the
    # most one number gets in an hour).
    Visitor(client).sign_in(subject.email, outbox)
    Visitor(client).start(subject.email)
    assert AnyItem.count(f"SIGNIN#{subject.contact_id}") == 1
    dana_key = contact_key(subject.contact_id)
    assert AnyItem.count(f"{dana_key}#SESSIONS") >= 2
    assert AnyItem.count(f"{dana_key}#DEVICES") >= 1
    mia_key = contact_key(id_of("mia@example.com"))

    calls, _ = run_to_end(erase_sign_in, subject, page_size=1)

    assert calls > 3
    assert AnyItem.count(f"{dana_key}#SESSIONS") == 0
    assert AnyItem.count(f"{dana_key}#DEVICES") == 0
    assert AnyItem.count(f"SIGNIN#{subject.contact_id}") == 0
    assert AnyItem.count(f"{mia_key}#SESSIONS") >= 1
    second_run_is_harmless(aws, erase_sign_in, subject, page_size=1)


# --- documents -----------------------------------------------------------------------------


def _uploaded(customer: Visitor, path: str, body: bytes, name: str, content_type: str) -> dict[str, Any]:
    """A file uploaded and confirmed: the confirmation's reply, with the upload's id."""
    started = _ok(customer.post(path, facts(body, name, content_type)), 201)
    post_file(started["form"], body)
    confirmed = _ok(customer.post(f"/documents/uploads/{started['upload_id']}/confirm"))
    return {"upload_id": started["upload_id"], **confirmed}


def test_files_the_person_uploaded_go_and_a_requests_record_stays_without_its_file(
    aws: boto3.session.Session,
    colleagues: Colleagues,
    lea: Visitor,
    operator: Visitor,
    people: dict[str, str],
    subject: Subject,
) -> None:
    dana, mia = colleagues.dana, colleagues.mia
    danas = [_uploaded(dana, "/documents/attachments/uploads", PNG, f"dana-{n}.png", "image/png") for n in range(3)]
    mias = _uploaded(mia, "/documents/attachments/uploads", PNG, "mia.png", "image/png")
    leas = _uploaded(lea, "/documents/attachments/uploads", PNG, "lea.png", "image/png")
    asked = _ok(
        operator.create("/documents/operator/document-requests", {"customer_id": people["demo"], "title": "ID"}), 201
    )
    _uploaded(
        dana, f"/documents/document-requests/{asked['request_id']}/uploads", PDF, "Dana Demo ID.pdf", "application/pdf"
    )
    pending = _ok(dana.post("/documents/attachments/uploads", facts(PNG, "never.png", "image/png")), 201)
    post_file(pending["form"], PNG)
    _, versions_before = everything(aws)

    calls, _ = run_to_end(erase_documents, subject, page_size=2)

    assert calls > 3
    attachments = cast(list[AttachmentItem], list(AttachmentItem.by_customer.query(attachments_of(subject.contact_id))))
    left = {attachment.attachment_id for attachment in attachments}
    assert left == {mias["attachment"]["attachment_id"]}
    assert AttachmentItem.count(f"ATTACHMENT#{leas['attachment']['attachment_id']}") == 1
    request = cast(
        DocumentRequestItem, next(iter(DocumentRequestItem.by_customer.query(requests_of(subject.contact_id))))
    )
    assert (request.status, request.file_name) == ("received", ERASED_PERSON)
    assert request.s3_key is None
    assert UploadItem.count(f"UPLOAD#{pending['upload_id']}") == 0
    assert [UploadItem.count(f"UPLOAD#{gone['upload_id']}") for gone in danas] == [0, 0, 0]
    assert UploadItem.count(f"UPLOAD#{mias['upload_id']}") == 1
    _, versions = everything(aws)
    removed = {key for key, _ in versions_before} - {key for key, _ in versions}
    assert len(removed) == 5  # three attachments, the request's file, the pending upload
    assert all(key.startswith(f"customers/{subject.contact_id}/") for key in removed)
    assert _ok(dana.get(f"/documents/document-requests/{asked['request_id']}/download"), 409)
    second_run_is_harmless(aws, erase_documents, subject, page_size=2)
