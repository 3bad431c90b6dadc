"""Every customer route that names an item, called by an admin of another account with the
real id of one of Dana's items: 404, exactly as for an id that does not exist (docs/accounts.md).

Olivia is the admin of Aurora Bistro Oy, so her role covers every route: what refuses her is
whose the item is, the one check of core.table.may_see (and the contacts' own key). Writes send
a body the route takes, so the answer comes from the check, not from the body's validation.
"""

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from functions.notifications import feed
from functions.notifications.templates import render
from local.outbox import Outbox
from tests.functional.test_least_privilege import ALL_DAY, _attachment, _order, _upload, ok
from tests.functional.test_payments import GOOD_CARD
from tests.functional.test_roles import CUSTOMER_ROUTES, PARAMETER
from tests.functional.visitor import Visitor

# The business's services (every account books them) and help articles (every account reads them).
NOT_THE_ACCOUNTS = {"service_id", "article_id"}
BODIES = {
    "/bookings/{booking_id}/cancel": {"reason": "Not mine to cancel"},
    "/customers/contacts/{contact_id}": {"role": "viewer"},
    "/documents/document-requests/{request_id}/uploads": {
        "file_name": "bill.pdf",
        "content_type": "application/pdf",
        "size": 1000,
    },
    "/orders/{order_id}/cancel": {"reason": "Not mine"},
    "/orders/{order_id}/decline": {"reason": "Not mine"},
    "/payments/{payment_id}/sandbox-charge": GOOD_CARD,
    "/tickets/chats/{chat_id}/messages": {"body": "Hello?"},
    "/tickets/{ticket_id}/rating": {"score": 1},
    "/tickets/{ticket_id}/replies": {"body": "Not mine"},
}


@pytest.fixture
def danas(client: Any, people: dict[str, str], outbox: Outbox, operator: Visitor, dana: Visitor) -> dict[str, str]:
    """One item of Dana's account of each kind a customer route names: parameter -> id."""
    demo = people["demo"]
    product = ok(
        operator.post("/orders/operator/products", {"name": "Kettle", "price": 3000, "currency": "EUR", "tax_rate": 0})
    )
    order = _order(dana, [(product["product_id"], 1)])  # type: ignore[arg-type]
    line = {"description": "Repair", "quantity": 1, "unit_price": 5000, "tax_rate": 0}
    invoice = ok(
        operator.create("/payments/operator/invoices", {"customer_id": demo, "currency": "EUR", "lines": [line]})
    )
    payment = ok(dana.create("/payments", {"allocations": [{"invoice_id": invoice["invoice_id"], "amount": 1000}]}))
    ticket = ok(dana.create("/tickets", {"kind": "question", "subject": "Mine", "description": "Dana's."}))
    chat = ok(dana.post("/tickets/chats"))
    document = _upload(operator, "/documents/operator/documents/uploads", {"customer_id": demo, "title": "Contract"})  # type: ignore[arg-type]
    asked = ok(operator.create("/documents/operator/document-requests", {"customer_id": demo, "title": "ID card"}))
    started = ok(
        dana.post(
            f"/documents/document-requests/{asked['request_id']}/uploads",
            BODIES["/documents/document-requests/{request_id}/uploads"],
        )
    )
    settings = ok(operator.get("/bookings/operator/bookings/settings"))
    change = {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 1, "horizon_days": 14}
    ok(operator.call("PUT", "/bookings/operator/bookings/settings", settings | change))
    service = ok(operator.post("/bookings/operator/services", {"name": "Consultation", "duration_minutes": 30}))
    days = ok(dana.get(f"/bookings/services/{service['service_id']}/slots"))["days"]
    free = [slot["starts_at"] for day in days for slot in day["slots"]]
    booking = ok(dana.post("/bookings", {"service_id": service["service_id"], "starts_at": free[10]}))
    BODIES["/bookings/{booking_id}/reschedule"] = {"starts_at": free[12]}
    note = render(
        "ticket.answered", {"ticket_number": ticket["number"], "ticket_id": ticket["ticket_id"]}, "en", "T", "UTC"
    )
    assert note is not None
    feed.post(demo, demo, "01DANASNOTE000000000000000", "ticket.answered", note, datetime.now(UTC), {}, "UTC")
    return {
        "order_id": order["order_id"],
        "invoice_id": invoice["invoice_id"],
        "payment_id": payment["payment"]["payment_id"],
        "ticket_id": ticket["ticket_id"],
        "chat_id": chat["chat_id"],
        "document_id": document["document"]["document_id"],
        "request_id": asked["request_id"],
        "upload_id": started["upload_id"],
        "attachment_id": _attachment(dana),  # type: ignore[arg-type]
        "booking_id": booking["booking_id"],
        "notification_id": "01DANASNOTE000000000000000",
        "contact_id": demo,
        "session_id": ok(dana.get("/auth/sessions"))["items"][0]["session_id"],
        "export_id": dana.create("/documents/exports").json_body["export_id"],
    }


def test_every_route_naming_an_item_answers_404_to_another_accounts_admin(
    client: Any, outbox: Outbox, danas: dict[str, str], dana: Visitor
) -> None:
    olivia = Visitor(client)
    olivia.sign_in("olivia@example.com", outbox)
    named = [(m, p) for m, p, _ in CUSTOMER_ROUTES if PARAMETER.search(p)]
    wrong = []
    for method, path in named:
        names = [n.strip("{}") for n in PARAMETER.findall(path)]
        if set(names) & NOT_THE_ACCOUNTS:
            continue
        concrete = re.sub(r"{([^}]+)}", lambda m: danas[m.group(1)], path)
        reply = olivia.call(method, concrete, BODIES.get(path), headers={"Idempotency-Key": f"k-{abs(hash(path))}"})
        if reply.status_code != 404:
            wrong.append(f"{method} {path}: {reply.status_code} {reply.json_body}")
    assert not wrong, "\n".join(wrong)
    assert len(named) > 25
    # The control: the same ids are real, and Dana's to read (a request not answered yet has
    # nothing to download: 409, past the check).
    for method, path in named:
        names = [n.strip("{}") for n in PARAMETER.findall(path)]
        if method == "GET" and not set(names) & NOT_THE_ACCOUNTS:
            concrete = re.sub(r"{([^}]+)}", lambda m: danas[m.group(1)], path)
            assert dana.get(concrete).status_code in (200, 409), path
