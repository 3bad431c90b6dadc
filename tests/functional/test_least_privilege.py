"""Each Lambda function's policy (infra/policies) grants what its code calls, and nothing more.

Two checks, on the calls conftest's CallRecorder notes for each function (a domain's API as
the edge routes to it; the stream relay and the queue consumer as the worker runs them; the
schedules as it would; the sign-in triggers as the auth API's replay of Cognito calls them):

- a call the function's policy does not allow fails the test it was made in, in every
  functional test (conftest's autouse `_calls_within_their_policies`);
- a grant no call needs cannot be found that way: a run of some tests proves nothing about
  the code they did not run. So this module drives, for each domain, a journey through every
  route of the domain's API (the routes local.edge.openapi_document() lists: a route added
  and not driven here fails the test, as does one that did not answer 2xx or 3xx) and through
  each of its other functions (the WebSocket API's handlers and the live pushes as
tests/functional/live_sockets.py hands them API Gateway's events and the stream's records),
then holds each function's policy against the calls recorded
  on the way, and what Lambda itself does with the function's role (its logs, the polling of
  its queue or stream: infra.policies.lambda_requests). Every grant must be used by one.

A journey sets up what no route can (a booking whose time has passed, an upload abandoned
yesterday, a removal a crash left halfway) through the domains' own functions, outside any
invocation, so that those calls are nobody's.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError
from chalice.app import Chalice, DynamoDBEventConfig, SQSEventConfig

from functions.bookings import appointments
from functions.core import clients
from functions.core.app import DOMAINS
from functions.core.clock import FixedClock
from functions.core.events import outbox_event
from functions.customers.service import find_principal
from functions.documents import library, uploads
from functions.documents.schemas import FileFacts
from functions.notifications import handlers as notification_handlers
from functions.notifications.events import Event
from functions.payments.providers import SandboxProvider, provider
from functions.payments.service import payment_item
from functions.tickets import api as tickets_api
from infra.outputs import policy_values
from infra.policies import (
    Request,
    Where,
    fill,
    lambda_requests,
    load,
    requests_of_call,
    templates,
    ungranted,
    unused_grants,
)
from local.edge import EdgeClient, openapi_document
from local.outbox import Outbox
from local.worker import Worker, on_failure_record
from tests.functional.conftest import POLICY_STAGE, CallRecorder
from tests.functional.live_sockets import Live
from tests.functional.test_documents import PDF, PNG, facts, post_file
from tests.functional.test_only_mine import invite_mine
from tests.functional.test_payments import GOOD_CARD, stripe_event, use_stripe
from tests.functional.test_viewer_address import edge_key
from tests.functional.visitor import Visitor, latest_code

ANSWERED = range(200, 400)
ALL_DAY = {day: [{"opens": "00:00", "closes": "23:45"}] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class Browser(Visitor):
    """A visitor whose every request is noted: (method, path, status)."""

    def __init__(self, client: EdgeClient, served: list[tuple[str, str, int]]) -> None:
        super().__init__(client)
        self._served = served

    def send(
        self, method: str, path: str, body: Any = None, *, csrf: bool = True, headers: dict[str, str] | None = None
    ) -> Any:
        reply = super().send(method, path, body, csrf=csrf, headers=headers)
        self._served.append((method, path.split("?", 1)[0], reply.status_code))
        return reply

    def raw(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
        """A request as a provider sends it: its own bytes and headers, no cookies."""
        reply = self._client.http.request(method, path, headers=headers, body=body)
        self._served.append((method, path, reply.status_code))
        return reply


@dataclass
class Journey:
    client: EdgeClient
    aws: boto3.session.Session
    outputs: dict[str, str]
    outbox: Outbox
    people: dict[str, str]
    worker: Worker
    monkeypatch: pytest.MonkeyPatch
    open_sockets: set[str]  # the connections API Gateway has open (live_sockets.api_gateway_says_gone)
    served: list[tuple[str, str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.staff = self.browser("staff@example.com")
        self.dana = self.browser("demo@example.com")
        self.lea = self.browser("lea@example.com")

    def browser(self, identifier: str | None = None) -> Browser:
        made = Browser(self.client, self.served)
        if identifier:
            made.sign_in(identifier, self.outbox)
        return made

    def only_mine(self, role: str) -> Any:
        """A contact of Dana's account with `role` who sees only the items they create: their
        lists read their own key (gsi3)."""
        return invite_mine(self.client, self.outbox, self.dana, f"Mia {role.title()}", f"mia.{role}@example.com")

    def code(self, since: int) -> str:
        return latest_code(self.outbox, since)

    def sent(self) -> int:
        return len(self.outbox.messages())

    def run_schedule(self, name: str) -> Any:
        """One scheduled invocation, as the worker makes it on its timer."""
        return self.worker.run_schedule(name)

    def run_functions(self) -> None:
        """The stream relay and the queue consumer, until nothing is left to do."""
        sqs = self.aws.client("sqs")
        queue_url = self.outputs["NotificationsQueueUrl"]
        # A pass reads one batch (100 records) a shard: the demo data alone writes more.
        while self.worker.follow_stream(self.outputs["TableStreamArn"], notification_handlers.relay_events):
            pass
        for _ in range(10):
            batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                return
            self.worker.deliver(queue_url, notification_handlers.deliver_notifications, batch)


def ok(reply: Any) -> Any:
    assert reply.status_code in ANSWERED, (reply.status_code, reply.body)
    return reply.json_body


def page_through(who: Browser, path: str) -> None:
    """A list read one item a page: its cursors are signed and checked (core.paging), with the
    key a list route reads from its secret only when a list goes on past its page."""
    first = ok(who.get(f"{path}?limit=1"))
    assert first["next_cursor"], f"{path}: one item was the whole list, so no cursor was made"
    ok(who.get(f"{path}?limit=1&cursor={first['next_cursor']}"))


# --- the journeys, one a domain --------------------------------------------------------------


def auth_journey(j: Journey) -> None:
    visitor = j.browser()
    ok(visitor.get("/auth/health"))
    ok(visitor.get("/auth/session"))
    through_cloudfront = {"CloudFront-Viewer-Address": "203.0.113.7:46532", "X-Portal-Edge": edge_key(j.aws, j.outputs)}
    ok(visitor.call("POST", "/auth/start", {"identifier": "nobody@example.com"}, headers=through_cloudfront))
    before = j.sent()
    ok(visitor.post("/auth/start", {"identifier": "demo@example.com"}))  # a text message: Dana has a mobile
    ok(visitor.post("/auth/resend"))  # within the cooldown: the live code stands
    code = j.code(before)
    assert visitor.post("/auth/verify", {"code": f"{(int(code) + 1) % 1000000:06d}"}).status_code == 403
    ok(visitor.post("/auth/verify", {"code": code}))
    before = j.sent()
    ok(visitor.post("/auth/confirm"))
    ok(visitor.post("/auth/verify", {"code": j.code(before)}))
    j.browser("staff@example.com")  # its code by e-mail: staff have no mobile
    ok(visitor.post("/auth/account", {"account_id": j.people["demo"]}))
    ok(visitor.post("/auth/refresh"))
    j.browser("lea@example.com")  # Léa's phone, beside j.lea (Dana's phone number has had its texts)
    tablet = j.browser("lea@example.com")
    listed = ok(j.lea.get("/auth/sessions"))["items"]
    ok(j.lea.call("DELETE", f"/auth/sessions/{next(s['session_id'] for s in listed if not s['current'])}"))
    assert tablet.get("/auth/session").json_body["signed_in"] is False  # the newest other was the tablet
    ok(j.lea.post("/auth/sessions/sign-out-others"))  # the phone's
    ok(visitor.post("/auth/logout"))
    # A contact with a mobile and no e-mail: the new device's warning goes by text too.
    milo = {"name": "Milo Mobile", "mobile": "+358 40 555 0102", "role": "viewer"}
    ok(j.staff.create(f"/customers/operator/customers/{j.people['demo']}/contacts", milo))
    j.browser("+358405550102")


def customers_journey(j: Journey) -> None:
    staff, lea = j.staff, j.lea
    ok(staff.get("/customers/health"))
    made = ok(staff.post("/customers/operator/customers", {"name": "Ola Nowak", "email": "ola@example.com"}))
    for search in ("ola", "ola@example", "%2B1%20555%20555%200100"):  # by name, e-mail, mobile
        ok(staff.get(f"/customers/operator/customers?search={search}"))
    ok(staff.get(f"/customers/operator/customers/{made['customer_id']}"))
    ok(staff.patch(f"/customers/operator/customers/{made['customer_id']}", {"mobile": "+48 601 234 567"}))
    ok(staff.patch(f"/customers/operator/customers/{made['customer_id']}", {"mobile": None}))
    ok(staff.post(f"/customers/operator/customers/{made['customer_id']}/deactivate"))
    ok(lea.get("/customers/profile"))
    ok(lea.patch("/customers/profile", {"name": "Léa M."}))
    before = j.sent()
    ok(lea.post("/customers/profile/mobile", {"mobile": "+33 6 12 34 56 78"}))
    ok(lea.post("/customers/profile/mobile/confirm", {"code": j.code(before)}))
    before = j.sent()
    ok(lea.post("/customers/profile/contact-email", {"contact_email": "bills@example.com"}))
    ok(lea.post("/customers/profile/contact-email/confirm", {"code": j.code(before)}))
    ok(lea.call("DELETE", "/customers/profile/contact-email"))
    page_through(staff, "/customers/operator/customers")
    _contacts_journey(j)


def _contacts_journey(j: Journey) -> None:
    """An account's contacts, from its admin (Dana) and from the business, with an approval."""
    staff, dana, demo = j.staff, j.dana, j.people["demo"]
    bo = ok(dana.create("/customers/contacts", {"name": "Bo Books", "email": "bo@example.com", "role": "billing"}))
    ok(dana.get("/customers/contacts"))
    ok(dana.patch(f"/customers/contacts/{bo['contact_id']}", {"role": "viewer"}))
    ok(dana.call("DELETE", f"/customers/contacts/{bo['contact_id']}"))
    contacts = f"/customers/operator/customers/{demo}/contacts"
    cy = ok(staff.create(contacts, {"name": "Cy Buyer", "email": "cy@example.com", "role": "buyer"}))
    ok(staff.get(contacts))
    ok(staff.patch(f"{contacts}/{cy['contact_id']}", {"scope": "mine"}))
    ok(staff.call("DELETE", f"{contacts}/{cy['contact_id']}"))
    settings = ok(staff.get("/portal/operator/portal/settings"))
    ok(staff.patch("/portal/operator/portal/settings", {"version": settings["version"], "invites_need_approval": True}))
    waiting = ok(dana.create("/customers/contacts", {"name": "Di Wait", "email": "di@example.com", "role": "support"}))
    ok(staff.post(f"{contacts}/{waiting['contact_id']}/approve"))
    # The audit log of what the journey did: the account's, per account for the business, the staff's.
    page_through(dana, "/customers/audit")
    page_through(staff, f"/customers/operator/customers/{demo}/audit")
    page_through(staff, "/customers/operator/audit")
    _erasure_journey(j)


def _erasure_journey(j: Journey) -> None:
    """Two contacts ask to be forgotten: the business declines one and confirms the other, whom
    the schedule erases, with a history in every domain its steps walk."""
    staff, demo = j.staff, j.people["demo"]
    contacts = f"/customers/operator/customers/{demo}/contacts"
    for name in ("eve", "flo"):
        ok(staff.create(contacts, {"name": f"{name.title()} Gone", "email": f"{name}@example.com", "role": "admin"}))
    eve, flo = j.browser("eve@example.com"), j.browser("flo@example.com")
    _history_of(j, eve)
    for person in (eve, flo):
        ok(person.post("/customers/profile/erasure"))
        ok(person.get("/customers/profile/erasure"))
    eve_id, flo_id = _ids(eve, flo)
    waiting = ok(staff.get("/customers/operator/erasures?status=requested"))["items"]
    assert {w["contact_id"] for w in waiting} == {eve_id, flo_id}
    ok(staff.post(f"/customers/operator/erasures/{flo_id}/decline", {"reason": "An open dispute"}))
    ok(staff.post(f"/customers/operator/erasures/{eve_id}/confirm"))
    assert j.run_schedule("continue_erasures") == {"finished": 1}
    assert ok(staff.get("/customers/operator/erasures?status=done"))["items"][0]["status"] == "done"


def _history_of(j: Journey, person: Browser) -> None:
    """What an erasure finds of a person: an order they placed, an invoice printout they fetched,
    an attachment they uploaded, their notifications, an export of their account."""
    staff, demo = j.staff, j.people["demo"]
    product = ok(
        staff.post("/orders/operator/products", {"name": "Tea", "price": 500, "currency": "EUR", "tax_rate": 0})
    )
    placed = _order(person, [(product["product_id"], 1)])
    ok(staff.post(f"/orders/operator/orders/{placed['order_id']}/confirm"))
    line = {"description": "Tea", "quantity": 1, "unit_price": 500, "tax_rate": 0}
    invoice = ok(staff.create("/payments/operator/invoices", {"customer_id": demo, "currency": "EUR", "lines": [line]}))
    _fetch(ok(person.get(f"/payments/invoices/{invoice['invoice_id']}/pdf")))
    started = ok(person.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png")))
    assert post_file(started["form"], PNG).status_code == 204
    ok(person.post(f"/documents/uploads/{started['upload_id']}/confirm"))
    ok(person.create("/documents/exports"))
    _run_export_steps(j)
    j.run_functions()  # the order's and the invoice's news in their feeds


def _ids(*people: Browser) -> list[str]:
    return [ok(person.get("/auth/session"))["person"]["principal_id"] for person in people]


def orders_journey(j: Journey) -> None:
    staff, dana = j.staff, j.dana
    ok(staff.get("/orders/health"))
    beans = ok(
        staff.post("/orders/operator/products", {"name": "Beans", "price": 1250, "currency": "EUR", "tax_rate": 1400})
    )
    mug = ok(
        staff.post("/orders/operator/products", {"name": "Mug", "price": 900, "currency": "EUR", "tax_rate": 2550})
    )
    ok(staff.patch(f"/orders/operator/products/{beans['product_id']}", {"price": 1300}))
    ok(staff.get("/orders/operator/products"))
    ok(dana.get("/orders/catalogue"))
    first = _order(dana, [(beans["product_id"], 2), (mug["product_id"], 1)], note="Leave at the back door")
    second = _order(dana, [(mug["product_id"], 1)])
    third = _order(dana, [(beans["product_id"], 1)])
    ok(staff.post(f"/orders/operator/products/{mug['product_id']}/deactivate"))
    ok(staff.get("/orders/operator/orders?status=submitted"))
    ok(staff.post(f"/orders/operator/orders/{first['order_id']}/confirm"))
    ok(staff.post(f"/orders/operator/orders/{first['order_id']}/ship", {"carrier": "Posti", "tracking": "JJFI123"}))
    ok(staff.post(f"/orders/operator/orders/{first['order_id']}/deliver"))
    ok(staff.post(f"/orders/operator/orders/{second['order_id']}/cancel", {"reason": "out of stock"}))
    ok(dana.post(f"/orders/{third['order_id']}/cancel", {"reason": "ordered twice"}))
    ok(dana.get("/orders"))
    ok(dana.get("/orders?status=delivered"))
    ok(dana.get(f"/orders/{first['order_id']}"))
    ok(dana.post(f"/orders/{first['order_id']}/reorder"))
    page_through(dana, "/orders")
    ok(j.only_mine("buyer").get("/orders"))
    # A buyer's orders above their limit wait for Dana, an admin, to approve or decline them.
    limited = {"name": "Lim Buyer", "email": "lim@example.com", "role": "buyer"}
    ok(dana.create("/customers/contacts", {**limited, "spending_limit": {"amount": 100, "currency": "EUR"}}))
    lim = j.browser("lim@example.com")
    waiting, declined = _order(lim, [(beans["product_id"], 1)]), _order(lim, [(beans["product_id"], 2)])
    ok(dana.post(f"/orders/{waiting['order_id']}/approve"))
    ok(dana.post(f"/orders/{declined['order_id']}/decline", {"reason": "Not this month"}))


def _order(customer: Browser, lines: list[tuple[str, int]], note: str | None = None) -> Any:
    for product_id, quantity in lines:
        ok(customer.post("/orders/cart/lines", {"product_id": product_id, "quantity": quantity}))
    if note:
        ok(customer.call("PUT", "/orders/cart/note", {"note": note}))
    review = ok(customer.get("/orders/cart"))
    return ok(customer.create("/orders", {"cart_id": review["cart_id"], "expected_total": review["total"]}))


def payments_journey(j: Journey) -> None:
    staff, dana, demo = j.staff, j.dana, j.people["demo"]
    ok(staff.get("/payments/health"))
    line = {"description": "Repair", "quantity": 1, "unit_price": 5000, "tax_rate": 2550}
    invoice = ok(staff.create("/payments/operator/invoices", {"customer_id": demo, "currency": "EUR", "lines": [line]}))
    voided = ok(staff.create("/payments/operator/invoices", {"customer_id": demo, "currency": "EUR", "lines": [line]}))
    ok(staff.post(f"/payments/operator/invoices/{voided['invoice_id']}/void", {"reason": "Sent twice"}))
    product = ok(
        staff.post("/orders/operator/products", {"name": "Kettle", "price": 3000, "currency": "EUR", "tax_rate": 0})
    )
    order = _order(dana, [(product["product_id"], 1)])
    ok(staff.post(f"/orders/operator/orders/{order['order_id']}/confirm"))
    from_order = ok(staff.create("/payments/operator/invoices/from-order", {"order_id": order["order_id"]}))
    ok(staff.get("/payments/operator/invoices"))
    ok(staff.get(f"/payments/operator/invoices/{invoice['invoice_id']}"))
    ok(dana.get("/payments/account"))
    ok(dana.get("/payments/invoices"))
    ok(dana.get(f"/payments/invoices/{invoice['invoice_id']}"))
    _fetch(ok(dana.get(f"/payments/invoices/{invoice['invoice_id']}/pdf")))
    allocation = {"allocations": [{"invoice_id": invoice["invoice_id"], "amount": 2000}]}
    paid = ok(dana.create("/payments", allocation))["payment"]
    ok(dana.post(f"/payments/{paid['payment_id']}/sandbox-charge", GOOD_CARD))
    ok(staff.create(f"/payments/operator/payments/{paid['payment_id']}/refund", {"amount": 500}))
    pending = ok(dana.create("/payments", {"allocations": [{"invoice_id": from_order["invoice_id"], "amount": 1000}]}))
    sandbox = provider()
    assert isinstance(sandbox, SandboxProvider)
    reference = payment_item(demo, pending["payment"]["payment_id"]).provider_ref or ""
    body, signature = sandbox.event("payment_intent.succeeded", reference, 1000)
    headers = {"Sandbox-Signature": signature, "Content-Type": "application/json"}
    ok(j.browser().raw("POST", "/payments/webhooks/sandbox", body, headers))
    offline = {"customer_id": demo, "amount": 1500, "currency": "EUR", "method": "bank_transfer", "reference": "TR-1"}
    ok(staff.create("/payments/operator/payments", offline))
    ok(dana.get("/payments"))
    ok(dana.get(f"/payments/{paid['payment_id']}"))
    _fetch(ok(dana.get(f"/payments/{paid['payment_id']}/receipt")))
    ok(dana.get("/payments/statement"))
    _fetch(ok(dana.get("/payments/statement/pdf")))
    for listing in ("account", "invoices", "payments"):
        ok(staff.get(f"/payments/operator/customers/{demo}/{listing}"))
    page_through(dana, "/payments/invoices")
    ok(j.only_mine("billing").get("/payments"))
    # A stage deployed with Stripe's keys reads them from their secret (the sandbox never does).
    use_stripe(j.aws, j.outputs, j.monkeypatch)
    ok(j.browser().raw("POST", "/payments/webhooks/stripe", *stripe_event("customer.created")))


def _fetch(download: dict[str, Any]) -> None:
    assert requests.get(download["url"], timeout=10).status_code == 200


def tickets_journey(j: Journey) -> None:
    staff, dana, lea, demo = j.staff, j.dana, j.lea, j.people["demo"]
    clock = FixedClock(datetime.now(UTC))
    j.monkeypatch.setattr(tickets_api, "clock", clock)  # a chat waits long enough to become a ticket
    ok(dana.get("/tickets/health"))
    settings = ok(staff.get("/tickets/operator/support/settings"))
    ok(staff.call("PUT", "/tickets/operator/support/settings", settings))
    ok(dana.get("/tickets/support/settings"))
    photo = _attachment(dana)
    body = {"kind": "complaint", "subject": "Late", "description": "Still waiting.", "attachment_ids": [photo]}
    ticket = ok(dana.create("/tickets", body))
    tid = ticket["ticket_id"]
    ok(dana.get("/tickets"))
    ok(dana.get(f"/tickets/{tid}"))
    ok(dana.post(f"/tickets/{tid}/replies", {"body": "Any news?"}))
    ok(staff.get("/tickets/operator/tickets"))
    ok(staff.get(f"/tickets/operator/tickets/{tid}"))
    ok(staff.post(f"/tickets/operator/tickets/{tid}/replies", {"body": "On it."}))
    ok(staff.patch(f"/tickets/operator/tickets/{tid}", {"status": "resolved"}))
    ok(dana.post(f"/tickets/{tid}/rating", {"score": 4}))
    ok(dana.post(f"/tickets/{tid}/close"))
    written = ok(dana.post("/tickets/inbox/messages", {"body": "Can I change my address?"}))
    ok(dana.get("/tickets/inbox"))
    ok(staff.get("/tickets/operator/inbox"))
    ok(staff.get(f"/tickets/operator/inbox/{demo}"))
    ok(staff.post(f"/tickets/operator/inbox/{demo}/messages", {"body": "Yes: tell us the new one."}))
    ok(staff.post(f"/tickets/operator/inbox/{demo}/messages/{written['message_id']}/ticket"))
    chat = ok(dana.post("/tickets/chats"))
    cid = chat["chat_id"]
    ok(staff.get("/tickets/operator/chats"))
    ok(staff.get("/tickets/operator/counts"))
    ok(staff.post(f"/tickets/operator/chats/{cid}/pick"))
    ok(dana.post(f"/tickets/chats/{cid}/messages", {"body": "Hello?"}))
    ok(staff.get(f"/tickets/operator/chats/{cid}/messages?since=0"))
    ok(staff.post(f"/tickets/operator/chats/{cid}/messages", {"body": "Hi Dana"}))
    ok(dana.get(f"/tickets/chats/{cid}/messages?since=0"))
    ok(dana.post(f"/tickets/chats/{cid}/end"))
    other = ok(lea.post("/tickets/chats"))["chat_id"]
    ok(staff.post(f"/tickets/operator/chats/{other}/pick"))
    ok(staff.post(f"/tickets/operator/chats/{other}/end"))
    unanswered = ok(lea.post("/tickets/chats"))["chat_id"]
    ok(lea.post(f"/tickets/chats/{unanswered}/messages", {"body": "Is anyone there?"}))
    clock.advance(seconds=settings["chat_wait_seconds"] + 1)
    ok(lea.post(f"/tickets/chats/{unanswered}/ticket"))
    page_through(dana, "/tickets")
    ok(j.only_mine("support").get("/tickets"))
    _help_journey(j)


def _help_journey(j: Journey) -> None:
    """The help centre: written in the console, read, voted on and found to solve a ticket."""
    staff, dana, articles = j.staff, j.dana, "/tickets/operator/help/articles"
    text = {"category": "Billing", "title": "Paying an invoice", "body": "Press **Pay**."}
    aid = ok(staff.create(articles, {"language": "en", **text}))["article_id"]
    ok(staff.call("PUT", f"{articles}/{aid}/versions/fr", {**text, "title": "Payer une facture", "version": 1}))
    ok(staff.post(f"{articles}/{aid}/versions/en/publish"))
    ok(staff.post(f"{articles}/{aid}/versions/fr/publish"))
    ok(staff.post(f"{articles}/{aid}/versions/fr/unpublish"))
    ok(staff.get(articles))
    ok(staff.get(f"{articles}/{aid}"))
    ok(dana.get("/tickets/help/articles?lang=fr&q=facture"))
    ok(dana.get(f"/tickets/help/articles/{aid}?lang=fr"))
    ok(dana.post(f"/tickets/help/articles/{aid}/votes", {"helpful": True, "voter": "journey-reader-000001"}))
    ok(dana.create(f"/tickets/help/articles/{aid}/solved"))
    # Its files, through the documents path under the help centre's own prefix.
    kept = _upload(staff, f"{articles}/{aid}/files/uploads", {}, confirm=f"{articles}/{aid}/files/uploads")
    gone = _upload(staff, f"{articles}/{aid}/files/uploads", {}, confirm=f"{articles}/{aid}/files/uploads", body=PNG)
    refused = ok(staff.post(f"{articles}/{aid}/files/uploads", facts(PDF, "photo.png", "image/png")))
    assert post_file(refused["form"], PDF).status_code == 204
    assert staff.post(f"{articles}/{aid}/files/uploads/{refused['upload_id']}/confirm").status_code == 415
    _fetch(ok(staff.get(f"{articles}/{aid}/files/{kept['file_id']}/download")))
    shown = dana.get(f"/tickets/help/articles/{aid}/files/{kept['file_id']}")
    assert shown.status_code == 302
    assert requests.get(shown.headers["Location"], timeout=10).status_code == 200
    ok(staff.call("DELETE", f"{articles}/{aid}/files/{gone['file_id']}"))


def _attachment(customer: Browser) -> str:
    started = ok(customer.post("/documents/attachments/uploads", facts(PNG, "photo.png", "image/png")))
    assert post_file(started["form"], PNG).status_code == 204
    return str(ok(customer.post(f"/documents/uploads/{started['upload_id']}/confirm"))["attachment"]["attachment_id"])


def documents_journey(j: Journey) -> None:
    staff, dana, demo = j.staff, j.dana, j.people["demo"]
    ok(dana.get("/documents/health"))
    document = _upload(staff, "/documents/operator/documents/uploads", {"customer_id": demo, "title": "Contract"})
    document_id = document["document"]["document_id"]
    _upload(staff, f"/documents/operator/documents/{document_id}/uploads", {})
    ok(staff.get(f"/documents/operator/documents/{document_id}"))
    _fetch(ok(staff.get(f"/documents/operator/documents/{document_id}/versions/1/download")))
    ok(staff.get(f"/documents/operator/customers/{demo}/documents"))
    ok(dana.get("/documents"))
    _fetch(ok(dana.get(f"/documents/{document_id}/download")))
    asked = ok(staff.create("/documents/operator/document-requests", {"customer_id": demo, "title": "ID card"}))
    dropped = ok(staff.create("/documents/operator/document-requests", {"customer_id": demo, "title": "Old bill"}))
    ok(staff.post(f"/documents/operator/document-requests/{dropped['request_id']}/cancel"))
    ok(dana.get("/documents/document-requests"))
    ok(staff.get(f"/documents/operator/customers/{demo}/document-requests"))
    page_through(dana, "/documents/document-requests")
    _upload(dana, f"/documents/document-requests/{asked['request_id']}/uploads", {}, confirm="/documents/uploads")
    _fetch(ok(dana.get(f"/documents/document-requests/{asked['request_id']}/download")))
    _fetch(ok(staff.get(f"/documents/operator/document-requests/{asked['request_id']}/download")))
    attached = _upload(dana, "/documents/attachments/uploads", {}, confirm="/documents/uploads", body=PNG)
    _fetch(ok(dana.get(f"/documents/attachments/{attached['attachment']['attachment_id']}/download")))
    # A page of one: the lists' cursors go from step to step (signed with the paging key).
    j.monkeypatch.setattr("functions.documents.export.PAGE", 1)
    exported = ok(dana.create("/documents/exports"))
    _run_export_steps(j)
    ok(dana.get("/documents/exports"))
    _fetch(ok(dana.get(f"/documents/exports/{exported['export_id']}/download")))
    ok(staff.call("DELETE", f"/documents/operator/documents/{document_id}"))
    _leave_work_for_the_sweep(j)
    stalled = ok(dana.create("/documents/exports"))  # its first step is lost: the sweep sends it again
    _backdate_export(demo, stalled["export_id"])
    _backdate_export(demo, exported["export_id"])  # past its 7 days: the sweep deletes it
    swept = j.run_schedule("sweep_documents")
    assert swept == {"removals_finished": 1, "uploads_abandoned": 1, "exports_resumed": 1, "exports_expired": 1}


def payments_and_export_journey(j: Journey) -> None:
    """The payments app's functions: its routes, and the export job it runs for the documents
    domain (functions/documents/export_job.py), over the documents journey's export."""
    payments_journey(j)
    documents_journey(j)


def _upload(
    who: Browser, path: str, fields: dict[str, Any], confirm: str = "/documents/operator/uploads", body: bytes = PDF
) -> Any:
    kind = ("photo.png", "image/png") if body == PNG else ("Contract.pdf", "application/pdf")
    started = ok(who.post(path, {**facts(body, *kind), **fields}))
    assert post_file(started["form"], body).status_code == 204
    return ok(who.post(f"{confirm}/{started['upload_id']}/confirm"))


def _run_export_steps(j: Journey) -> None:
    """The exports queue's messages, one a delivery as its mapping hands them, until none is left."""
    from functions.documents.export_job import build_exports

    sqs, queue_url = j.aws.client("sqs"), j.outputs["ExportsQueueUrl"]
    for _ in range(100):
        batch = sqs.receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["All"]).get("Messages", [])
        if not batch:
            return
        j.worker.deliver(queue_url, build_exports, batch)
    raise AssertionError("the export never finished")


def _backdate_export(account_id: str, export_id: str) -> None:
    """An export whose place on gsi1 (when it last moved, or when its zip expires) is a month ago."""
    from functions.documents.models import ExportItem, export_key

    item = ExportItem.get(f"CUSTOMER#{account_id}", export_key(export_id), consistent_read=True)
    item.update(actions=[ExportItem.gsi1sk.set(f"2000-01-01T00:00:00+00:00#{export_id}")])


def _leave_work_for_the_sweep(j: Journey) -> None:
    """An upload nobody confirmed, started a day ago; a removal cut short before its objects went."""
    yesterday = FixedClock(datetime.now(UTC) - timedelta(days=1))
    facts_of = FileFacts(file_name="Draft.pdf", content_type="application/pdf", size=len(PDF))
    abandoned = uploads.start("share", j.people["demo"], j.people["staff"], facts_of, yesterday, title="Draft")
    assert post_file(abandoned.form.model_dump(), PDF).status_code == 204
    stuck = _upload(
        j.staff, "/documents/operator/documents/uploads", {"customer_id": j.people["demo"], "title": "Terms"}
    )

    def killed(key: str) -> None:
        raise ProcessKilledError(key)

    with j.monkeypatch.context() as patch:
        patch.setattr(library, "delete_object", killed)
        with pytest.raises(ProcessKilledError):
            library.unshare(stuck["document"]["document_id"], FixedClock(datetime.now(UTC)))


class ProcessKilledError(Exception):
    pass


def bookings_journey(j: Journey) -> None:
    staff, dana = j.staff, j.dana
    ok(dana.get("/bookings/health"))
    settings = ok(staff.get("/bookings/operator/bookings/settings"))
    change = {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 1, "horizon_days": 14}
    settings = ok(staff.call("PUT", "/bookings/operator/bookings/settings", settings | change))
    service = ok(staff.post("/bookings/operator/services", {"name": "Consultation", "duration_minutes": 30}))
    sid = service["service_id"]
    ok(staff.patch(f"/bookings/operator/services/{sid}", {"buffer_minutes": 0}))
    ok(staff.get("/bookings/operator/services"))
    ok(staff.get(f"/bookings/operator/services/{sid}/slots"))
    ok(dana.get("/bookings/services"))
    free = [
        slot["starts_at"] for day in ok(dana.get(f"/bookings/services/{sid}/slots"))["days"] for slot in day["slots"]
    ]
    kept = ok(dana.post("/bookings", {"service_id": sid, "starts_at": free[10]}))
    dropped = ok(dana.post("/bookings", {"service_id": sid, "starts_at": free[20]}))
    ok(dana.get("/bookings"))
    ok(dana.get(f"/bookings/{kept['booking_id']}"))
    ok(dana.post(f"/bookings/{kept['booking_id']}/reschedule", {"starts_at": free[12]}))
    ok(staff.post(f"/bookings/operator/bookings/{kept['booking_id']}/reschedule", {"starts_at": free[14]}))
    ok(dana.post(f"/bookings/{dropped['booking_id']}/cancel", {"reason": "changed my mind"}))
    ok(staff.post(f"/bookings/operator/bookings/{kept['booking_id']}/cancel", {"reason": "closed that day"}))
    ok(staff.call("PUT", "/bookings/operator/bookings/settings", settings | {"needs_confirmation": True}))
    asked = ok(dana.post("/bookings", {"service_id": sid, "starts_at": free[30]}))
    declined = ok(dana.post("/bookings", {"service_id": sid, "starts_at": free[32]}))
    ok(staff.post(f"/bookings/operator/bookings/{asked['booking_id']}/confirm"))
    ok(staff.post(f"/bookings/operator/bookings/{declined['booking_id']}/decline", {"reason": "fully booked"}))
    missed = _booking_whose_time_has_passed(j, sid)
    ok(staff.get("/bookings/operator/bookings"))
    ok(staff.post(f"/bookings/operator/bookings/{missed}/no-show"))
    page_through(dana, "/bookings")
    ok(j.only_mine("buyer").get("/bookings"))


def _booking_whose_time_has_passed(j: Journey, service_id: str) -> str:
    then = datetime.now(UTC) - timedelta(days=2)
    found = find_principal("lea@example.com")
    assert found is not None
    customer = found.acting_for(None)  # Léa's one account
    start = appointments.slots(service_id, then).days[0].slots[0].starts_at
    booked = appointments.book(
        customer, service_id, datetime.fromisoformat(start.replace("Z", "+00:00")), FixedClock(then)
    )
    if booked.status == "pending":
        appointments.confirm(booked.booking_id, FixedClock(then))
    return booked.booking_id


def notifications_journey(j: Journey) -> None:
    staff, dana, demo = j.staff, j.dana, j.people["demo"]
    sqs = j.aws.client("sqs")
    sqs.set_queue_attributes(QueueUrl=j.outputs["NotificationsQueueUrl"], Attributes={"VisibilityTimeout": "0"})
    ok(dana.get("/notifications/health"))
    ok(dana.get("/notifications/preferences"))
    ok(dana.call("PUT", "/notifications/preferences", {"billing": ["in_app", "email", "sms"]}))
    line = {"description": "Repair", "quantity": 1, "unit_price": 5000, "tax_rate": 0}
    soon = (date.today() + timedelta(days=2)).isoformat()
    body = {"customer_id": demo, "currency": "EUR", "lines": [line], "due_date": soon}
    ok(staff.create("/payments/operator/invoices", body))
    for n in range(2):  # two malformed events: the retry of one shows the other again at once
        event = Event(f"01JMALFORMED{n:014d}", "invoice.issued", demo, "2026-11-24T10:00:00+00:00", {"total": 1})
        sqs.send_message(QueueUrl=j.outputs["NotificationsQueueUrl"], MessageBody=event.to_json())
    j.run_functions()
    failed = ok(staff.get("/notifications/operator/notifications/failed"))["items"]
    assert len(failed) == 2
    ok(staff.post(f"/notifications/operator/notifications/failed/{failed[0]['message_id']}/retry"))
    ok(dana.get("/notifications/unread"))
    feed = ok(dana.get("/notifications"))["items"]
    ok(dana.post(f"/notifications/{feed[0]['notification_id']}/read"))
    ok(dana.post("/notifications/read-all"))
    ok(dana.get("/notifications/dashboard"))
    # A contact who sees only their own: their latest orders are their own key's (gsi3).
    ok(j.only_mine("owner").get("/notifications/dashboard"))
    # A send that raises (SES throttled): Powertools deletes the send's idempotency record, so
    # the queue's next delivery sends it.
    ok(dana.call("PUT", "/notifications/preferences", {"documents": ["email"]}))
    event = Event("01JTHROTTLED00000000000000", "document.requested", demo, "2026-11-24T10:00:00+00:00")
    event = Event(event.event_id, event.event_type, demo, event.occurred_at, {"title": "Tax card"})
    sqs.send_message(QueueUrl=j.outputs["NotificationsQueueUrl"], MessageBody=event.to_json())
    throttled = ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "SendEmail")
    queue_url = j.outputs["NotificationsQueueUrl"]
    with j.monkeypatch.context() as patch:
        patch.setattr(clients.ses(), "send_email", lambda **_: (_ for _ in ()).throw(throttled))
        batch = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
        j.worker.deliver(queue_url, notification_handlers.deliver_notifications, batch)  # one try fails
    j.run_functions()
    assert [m.channel for m in j.outbox.messages() if "Tax card" in m.subject] == ["email"]
    sent = j.run_schedule("send_reminders")
    assert sent["due_soon"] == 1
    # A booking event written before events named their zone: told in the business's (GetItem).
    old = {"booking_id": "B1", "service_name": "Barista training", "when": "2026-12-15 14:30"}
    event = Event("01JBOOKINGWITHOUTZONE00000", "booking.confirmed", demo, "2026-11-24T10:00:00+00:00", old)
    sqs.send_message(QueueUrl=queue_url, MessageBody=event.to_json())
    j.run_functions()  # the reminder and the booking: a feed of more than one page of one
    page_through(dana, "/notifications")
    # The account's timeline: the account's key (with a cursor), one kind's (gsi1), one area's
    # (gsi2: a billing contact's), and the business's console view of it.
    page_through(dana, "/notifications/timeline")
    ok(dana.get("/notifications/timeline?kind=invoice"))
    books = {"name": "Bea Books", "email": "bea.books@example.com", "role": "billing"}
    assert dana.create("/customers/contacts", books).status_code == 201
    ok(j.browser("bea.books@example.com").get("/notifications/timeline"))
    ok(staff.get(f"/notifications/operator/customers/{demo}/timeline"))
    # Changes the relay never got to (older than the mapping's hour: Lambda gives them up to the
    # dead-letter queue unread), among them a poison outbox item; the console's retry reads
    # them back from the stream, relaying the event and setting the item aside.
    stream = j.outputs["TableStreamArn"]
    j.worker.follow_stream(stream, notification_handlers.relay_events)  # all before, done
    j.aws.client("dynamodb").put_item(
        TableName=j.outputs["TableName"], Item={"pk": {"S": "OUTBOX#2026-12-01"}, "sk": {"S": "01JPOISON#x"}}
    )
    outbox_event("document.requested", datetime.now(UTC), demo, title="Tax card").save()
    j.aws.client("sqs").send_message(
        QueueUrl=j.outputs["NotificationsDeadLetterQueueUrl"], MessageBody=json.dumps(_aged_out(j, stream))
    )
    given_up = [f for f in ok(staff.get("/notifications/operator/notifications/failed"))["items"] if f["relay"]]
    assert len(given_up) == 1
    assert ok(staff.post(f"/notifications/operator/notifications/failed/{given_up[0]['message_id']}/retry"))["relayed"]
    _live_journey(j)


def _live_journey(j: Journey) -> None:
    """The live updates (docs/live.md): sockets opened with tickets, told who is online, a chat
    and typing pushed both ways, sockets that are gone forgotten by each function that meets
    one, a revoked session's socket ended, an operator's closed."""
    live = Live(j.aws, j.outputs, j.open_sockets)
    staff, dana = j.staff, j.dana
    # Dana's chat page shows whether chat is staffed; a second page of hers lost its network unheard
    page = live.open(dana)
    page.say({"action": "hello", "presence": True})
    lost = live.open(dana)
    lost.say({"action": "hello", "presence": True})
    live.open_ids.discard(lost.connection_id)
    # An operator opens the console: the page is told (the lost one forgotten on the way)
    console = live.open(staff, staff=True)
    assert [m["operators_online"] for m in page.new() if m["type"] in ("hello", "presence")] == [0, 1]
    # A chat, picked up: its moves and lines pushed to both sides
    chat_id = ok(dana.create("/tickets/chats"))["chat_id"]
    ok(staff.post(f"/tickets/operator/chats/{chat_id}/pick"))
    ok(dana.post(f"/tickets/chats/{chat_id}/messages", {"body": "Is my order on its way?"}))
    live.pump()
    assert "chat.message" in [m["type"] for m in console.new()]
    # Typing both ways; a console tab that is gone is forgotten when Dana's typing meets it
    tab = live.open(staff, staff=True)
    live.open_ids.discard(tab.connection_id)
    console.say({"action": "typing", "chat_id": chat_id})
    page.say({"action": "typing", "chat_id": chat_id})
    assert "chat.typing" in [m["type"] for m in page.new()]
    assert "chat.typing" in [m["type"] for m in console.new()]
    # Dana's phone is signed out from her laptop: the phone's socket is ended, the unread badge pushed
    phone = j.browser("demo@example.com")
    phone_socket = live.open(phone)
    live.pump()
    ok(dana.post("/auth/sessions/sign-out-others"))
    live.pump()
    assert phone_socket.is_closed
    assert not page.is_closed
    # So is an operator's console on another device when they sign out there
    laptop = j.browser("staff@example.com")
    elsewhere = live.open(laptop, staff=True)
    live.pump()
    ok(laptop.post("/auth/logout"))
    live.pump()
    assert elsewhere.is_closed
    assert not console.is_closed
    ok(dana.post("/notifications/read-all"))
    # The operator closes the console: the page is told nobody is online
    page.new()
    console.close()
    assert [m["operators_online"] for m in page.new() if m["type"] == "presence"] == [0]


def _aged_out(j: Journey, stream: str) -> dict[str, Any]:
    """Lambda's on-failure record of the stream's records after the worker's checkpoint, given
    up as too old (MaximumRecordAgeInSeconds)."""
    # (moto serves streams only at the endpoint an account id is not put in front of)
    streams = j.aws.client("dynamodbstreams", config=Config(account_id_endpoint_mode="disabled"))
    (shard,) = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"]
    after = j.worker.checkpoints[shard["ShardId"]]
    iterator = streams.get_shard_iterator(
        StreamArn=stream, ShardId=shard["ShardId"], ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=after
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    arn = "arn:aws:lambda:us-east-1:123456789012:function:portal-notifications-test-relay_events"
    record = on_failure_record(stream, shard["ShardId"], records, arn, 1)
    record["requestContext"]["condition"] = "RecordAgeExceeded"
    return record


def portal_journey(j: Journey) -> None:
    staff, visitor = j.staff, j.browser()
    ok(visitor.get("/portal/health"))
    settings = ok(staff.get("/portal/operator/portal/settings"))
    ok(
        staff.patch(
            "/portal/operator/portal/settings", {"version": settings["version"], "branding": settings["branding"]}
        )
    )
    for body in (PNG, PNG + b"second"):  # the second replaces the first, whose object goes
        started = ok(staff.post("/portal/operator/portal/logo/uploads", facts(body, "logo.png", "image/png")))
        assert post_file(started["form"], body).status_code == 204
        ok(staff.post(f"/portal/operator/portal/logo/uploads/{started['upload_id']}/confirm"))
    refused = ok(staff.post("/portal/operator/portal/logo/uploads", facts(PDF, "logo.png", "image/png")))
    assert post_file(refused["form"], PDF).status_code == 204  # a PDF announced as a PNG
    assert staff.post(f"/portal/operator/portal/logo/uploads/{refused['upload_id']}/confirm").status_code == 415
    ok(visitor.get("/portal"))
    ok(visitor.get("/portal/logo"))
    # A customer on an operator route: refused after the session check, which reads the contact (Query).
    assert j.dana.get("/portal/operator/portal/settings").status_code == 403


JOURNEYS: dict[str, Callable[[Journey], None]] = {
    "auth": auth_journey,
    "customers": customers_journey,
    "orders": orders_journey,
    "payments": payments_and_export_journey,
    "tickets": tickets_journey,
    "documents": documents_journey,
    "bookings": bookings_journey,
    "notifications": notifications_journey,
    "portal": portal_journey,
}


# --- the check -------------------------------------------------------------------------------


def routes_of(domain: str) -> set[tuple[str, str]]:
    """(METHOD, path template) of each route the domain's API serves."""
    return {
        (method.upper(), path)
        for path, operations in openapi_document()["paths"].items()
        if path.split("/")[1] == domain
        for method in operations
        if method in {"get", "put", "post", "patch", "delete"}
    }


def served_routes(served: list[tuple[str, str, int]], routes: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The routes that answered 2xx or 3xx at least once; a path matching two templates is the
    one with literal segments first, as the router picks it."""
    patterns = [(route, re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", route[1]) + "$")) for route in routes]
    found = set()
    for method, path, status in served:
        matching = [route for route, pattern in patterns if route[0] == method and pattern.match(path)]
        if matching and status in ANSWERED:
            found.add(min(matching, key=lambda route: [part.startswith("{") for part in route[1].split("/")]))
    return found


def event_sources(app: Chalice) -> dict[str, list[str]]:
    """Function name -> the kinds of event source mapping that feed it."""
    kinds: dict[str, list[str]] = {}
    for source in app.event_sources:
        if isinstance(source, SQSEventConfig):
            kinds.setdefault(source.name, []).append("sqs")
        elif isinstance(source, DynamoDBEventConfig):
            kinds.setdefault(source.name, []).append("dynamodb")
    return kinds


@pytest.fixture
def journey(
    client: EdgeClient,
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
    outbox: Outbox,
    people: dict[str, str],
    portal: dict[str, Chalice],
    monkeypatch: pytest.MonkeyPatch,
    api_gateway_says_gone: set[str],
) -> Journey:
    apps = [portal[domain] for domain in ("notifications", "documents", "customers", "payments")]
    worker = Worker(apps, aws, stack_outputs, checkpoints={})
    return Journey(client, aws, stack_outputs, outbox, people, worker, monkeypatch, api_gateway_says_gone)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_function_is_granted_what_it_calls_and_nothing_more(
    domain: str, journey: Journey, recorder: CallRecorder, portal: dict[str, Chalice], stack_outputs: dict[str, str]
) -> None:
    app_name = f"portal-{domain}"
    calls_before = len(recorder.calls)

    JOURNEYS[domain](journey)

    calls = [call for call in recorder.calls[calls_before:] if call.function[0] == app_name]
    missed = sorted(routes_of(domain) - served_routes(journey.served, routes_of(domain)))
    assert missed == [], f"the journey did not drive these {domain} routes to a 2xx or 3xx"
    assert recorder.ungranted(calls, stack_outputs) == []
    values = policy_values(stack_outputs, stage=POLICY_STAGE)
    sources = event_sources(portal[domain])
    refused, unused = {}, {}
    for function, path in templates(domain).items():
        policy = fill(load(path), values)
        by_lambda = lambda_requests(domain, function, values, sources.get(function, []))
        made = [request for call in calls if call.function == (app_name, function) for request in call.requests]
        refused[function] = [str(request) for request in ungranted(policy, by_lambda)]
        unused[function] = unused_grants(policy, made + by_lambda)
    assert refused == {function: [] for function in refused}, "what Lambda does with the role, refused"
    assert unused == {function: [] for function in unused}, "grants no call of the journey needed"


def test_a_call_to_a_websocket_apis_connection_is_asked_for_on_that_api_stage_method_and_connection() -> None:
    """API Gateway's management API names its resource in the URL it is sent to, not the call."""
    client = Where("eu-west-1", "111122223333", endpoint="https://ws4567890a.execute-api.eu-west-1.amazonaws.com/api")
    sent = Where("eu-west-1", "111122223333", endpoint=f"{client.endpoint}/@connections/Ab12%3D")
    connection = "arn:aws:execute-api:eu-west-1:111122223333:ws4567890a/api"

    posted = requests_of_call(
        "apigatewaymanagementapi", "PostToConnection", {"ConnectionId": "Ab12=", "Data": b""}, client
    )
    ended = requests_of_call("apigatewaymanagementapi", "DeleteConnection", {}, sent)
    asked = requests_of_call("apigatewaymanagementapi", "GetConnection", {"ConnectionId": "Ab12="}, sent)

    assert posted == [Request("execute-api:ManageConnections", f"{connection}/POST/@connections/Ab12=")]
    assert ended == [Request("execute-api:ManageConnections", f"{connection}/DELETE/@connections/Ab12=")]
    assert asked == [Request("execute-api:ManageConnections", f"{connection}/GET/@connections/Ab12=")]
    with pytest.raises(ValueError, match="no WebSocket API's endpoint"):
        requests_of_call("apigatewaymanagementapi", "PostToConnection", {"ConnectionId": "x"}, Where("eu-west-1", "1"))
