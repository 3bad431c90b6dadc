"""Accounts, contacts and roles (docs/accounts.md): what each contact may reach, for every
customer route, and what happens when they are removed or act for another account.

The demo data has the company account Aurora Bistro Oy: Olivia (admin), Ben (billing),
Sara (support, only her own items). The tests add a buyer and a viewer through the admin's
own route, so the invitation path is part of what they prove.
"""

import re
import typing
import uuid
from typing import Any

import boto3
from pydantic import BaseModel

from functions.core.http import EndpointSpec
from functions.core.roles import READ_METHODS, readers, writers
from local.edge import EdgeClient, load_apps, openapi_document
from local.outbox import Outbox
from tests.functional.company import ROLE_EMAILS, invite
from tests.functional.test_least_privilege import ALL_DAY, _upload
from tests.functional.test_notifications import Pipeline
from tests.functional.test_only_mine import book, order, pay, ticket
from tests.functional.visitor import Visitor

COMPANY = "Aurora Bistro Oy"
PARAMETER = re.compile(r"{[^}]+}")
# The role a refusal names, by the route's area, as docs/accounts.md's table says it: the
# area's own role; admin where only an admin may (the account's approvals, its contacts), and
# for uploads, which only a viewer is refused and every other role would do.
WOULD_DO = {
    "buying": "buyer",
    "billing": "billing",
    "support": "support",
    "contacts": "admin",
    "account": "admin",
    "files": "admin",
}


def _customer_routes() -> list[tuple[str, str, EndpointSpec]]:
    """Every customer route of every domain app: (method, path as the edge serves it, spec)."""
    found = []
    for app in load_apps().values():
        for path, methods in app.routes.items():
            for method, entry in methods.items():
                spec = getattr(entry.view_function, "endpoint_spec", None)
                if spec is not None and spec.access == "customer":
                    found.append((method, path, spec))
    return sorted(found, key=lambda route: (route[1], route[0]))


CUSTOMER_ROUTES = _customer_routes()
# Lists a customer route shows that are not the account's: the business's own (every account
# reads the same) and the contact's own cart on the account (no colleague's to compare with).
NOT_THE_ACCOUNTS = {
    "/orders/catalogue": "the business's products",
    "/bookings/services": "the business's services",
    "/orders/cart": "the contact's own cart",
}


def _account_lists() -> list[tuple[str, str, str]]:
    """Every list of the account's items a customer route shows, from the routes themselves:
    (path, the reply's field that holds it, the field naming each item). A GET of no item
    (no path parameter) beyond the contact's own things whose reply has a list of items."""
    found = []
    for method, path, spec in CUSTOMER_ROUTES:
        if method != "GET" or PARAMETER.search(path) or spec.area == "own" or spec.reply is None:
            continue
        if path in NOT_THE_ACCOUNTS:
            continue
        for name, field in spec.reply.model_fields.items():
            if typing.get_origin(field.annotation) is not list:
                continue
            (shown,) = typing.get_args(field.annotation)
            if isinstance(shown, type) and issubclass(shown, BaseModel):
                ids = [item for item in shown.model_fields if item.endswith("_id")]
                assert ids, f"{path} {name}: its items name no id to compare by"
                found.append((path, name, ids[0]))
    return found


ACCOUNT_LISTS = _account_lists()


def test_every_customer_route_is_in_an_area_and_the_list_is_not_empty() -> None:
    assert len(CUSTOMER_ROUTES) > 40
    assert all(spec.area is not None for _, _, spec in CUSTOMER_ROUTES)


def test_each_role_reaches_exactly_the_routes_its_areas_cover(company: dict[str, Visitor]) -> None:
    """Every customer route, every role: refused with 403 role_not_allowed, naming the role that
    would, exactly when core.roles says the role does not cover it; never refused otherwise
    (the made-up ids then answer 404 or a 400, past the role check)."""
    wrong = []
    for role, visitor in company.items():
        for method, path, spec in CUSTOMER_ROUTES:
            assert spec.area is not None
            allowed = role in (readers(spec.area) if method in READ_METHODS else writers(spec.area))
            concrete = PARAMETER.sub("01NOSUCHITEM0000000000000", path)
            reply = visitor.call(method, concrete, {}, headers={"Idempotency-Key": uuid.uuid4().hex})
            code = (reply.json_body or {}).get("error", {}).get("code") if reply.body else None
            refused = reply.status_code == 403 and code == "role_not_allowed"
            if refused == allowed:
                wrong.append(f"{role} {method} {path}: {reply.status_code} {code}")
            if refused:
                values = reply.json_body["error"]["values"]
                named = (values["role"], values["yours"])
                if named != (WOULD_DO[spec.area], role):
                    wrong.append(f"{role} {method} {path}: names {named}, not {(WOULD_DO[spec.area], role)}")
                if values["role"] not in (readers(spec.area) if method in READ_METHODS else writers(spec.area)):
                    wrong.append(f"{role} {method} {path}: {values['role']} would be refused too")
    assert not wrong, "\n".join(wrong)


def test_a_viewer_reads_every_area_but_changes_nothing(company: dict[str, Visitor]) -> None:
    viewer = company["viewer"]

    for path in ("/orders", "/payments/invoices", "/tickets", "/bookings", "/documents", "/customers/contacts"):
        assert viewer.get(path).status_code == 200, path
    refused = viewer.create("/tickets", {"kind": "question", "subject": "Hello", "description": "Can I?"})
    assert refused.status_code == 403
    assert refused.json_body["error"]["values"] == {"role": "support", "yours": "viewer"}
    assert company["admin"].get("/tickets").json_body["items"] == []  # nothing was made


def test_a_contact_of_another_account_gets_404_for_its_items(
    company: dict[str, Visitor], dana: Visitor, operator: Visitor, people: dict[str, str]
) -> None:
    ticket = dana.create("/tickets", {"kind": "question", "subject": "Dana's", "description": "Mine."}).json_body
    line = {"description": "Service", "quantity": 1, "unit_price": 1000, "tax_rate": 0}
    invoice = operator.create(
        "/payments/operator/invoices",
        {"customer_id": people["demo"], "currency": "EUR", "lines": [line], "due_date": "2027-01-31"},
    ).json_body

    admin = company["admin"]
    assert admin.get(f"/tickets/{ticket['ticket_id']}").status_code == 404
    assert admin.get(f"/payments/invoices/{invoice['invoice_id']}").status_code == 404
    assert dana.get(f"/tickets/{ticket['ticket_id']}").status_code == 200


def test_a_removed_contact_is_stopped_on_the_next_request(company: dict[str, Visitor]) -> None:
    admin, billing = company["admin"], company["billing"]
    assert billing.get("/payments/invoices").status_code == 200
    ben = next(c for c in admin.get("/customers/contacts").json_body["items"] if c["email"] == ROLE_EMAILS["billing"])

    assert admin.call("DELETE", f"/customers/contacts/{ben['contact_id']}").status_code == 204

    assert billing.get("/payments/invoices").status_code == 401
    assert billing.get("/auth/session").json_body["signed_in"] is False


def test_a_contact_removed_from_one_of_two_accounts_keeps_the_other_and_loses_that_one_at_once(
    company: dict[str, Visitor], operator: Visitor, people: dict[str, str], client: EdgeClient, outbox: Outbox
) -> None:
    """Dana, a viewer of the company beside her own account, acts for the company; removed from
    it, her very next request reaches none of its items, on any domain's route, and her own
    account goes on as before."""
    admin = company["admin"]
    aurora = _account_id(operator, "aurora")
    service_id, free = _free_times(operator)
    theirs = _one_of_each(operator, admin, aurora, _product(operator), service_id, free[10], "Aurora's")
    assert invite(admin, "viewer", "demo@example.com").status_code == 201
    dana = Visitor(client)
    dana.sign_in("demo@example.com", outbox)
    assert dana.post("/auth/account", {"account_id": aurora}).status_code == 200
    by_id = [
        f"/tickets/{theirs['ticket_id']}",
        f"/payments/invoices/{theirs['invoice_id']}",
        f"/orders/{theirs['order_id']}",
        f"/bookings/{theirs['booking_id']}",
        f"/documents/{theirs['document_id']}/download",
    ]
    assert [dana.get(path).status_code for path in by_id] == [200] * len(by_id)
    me = dana.get("/auth/session").json_body["person"]["principal_id"]

    assert admin.call("DELETE", f"/customers/contacts/{me}").status_code == 204

    # Her next requests, each of another domain, the company's cookie still in her browser.
    assert [(path, dana.get(path).status_code) for path in by_id] == [(path, 404) for path in by_id]
    assert dana.post("/auth/account", {"account_id": aurora}).status_code == 404
    person = dana.get("/auth/session").json_body["person"]
    assert [a["account_id"] for a in person["accounts"]] == [people["demo"]]
    assert person["account"]["account_id"] == people["demo"]
    assert dana.get("/payments/invoices").json_body["items"] == []  # hers: none, not the company's
    mine = dana.create("/tickets", {"kind": "question", "subject": "Still mine", "description": "Mine."})
    assert mine.status_code == 201
    assert [t["ticket_id"] for t in dana.get("/tickets").json_body["items"]] == [mine.json_body["ticket_id"]]
    assert mine.json_body["ticket_id"] not in {t["ticket_id"] for t in admin.get("/tickets").json_body["items"]}


def test_the_last_admin_stays(company: dict[str, Visitor]) -> None:
    admin = company["admin"]
    me = next(c for c in admin.get("/customers/contacts").json_body["items"] if c["is_me"])

    demoted = admin.patch(f"/customers/contacts/{me['contact_id']}", {"role": "viewer"})
    removed = admin.call("DELETE", f"/customers/contacts/{me['contact_id']}")

    assert (demoted.status_code, demoted.json_body["error"]["code"]) == (409, "last_admin")
    assert (removed.status_code, removed.json_body["error"]["code"]) == (409, "last_admin")
    assert admin.get("/customers/contacts").status_code == 200


def _account_id(operator: Visitor, search: str) -> str:
    return str(operator.get(f"/customers/operator/customers?search={search}").json_body["items"][0]["customer_id"])


def _product(operator: Visitor) -> str:
    body = {"name": "Coffee beans", "price": 1250, "currency": "EUR", "tax_rate": 0}
    made = operator.post("/orders/operator/products", body)
    assert made.status_code == 201, made.json_body
    return str(made.json_body["product_id"])


def _free_times(operator: Visitor) -> tuple[str, list[str]]:
    """A service every account may book, and its free times."""
    settings = operator.get("/bookings/operator/bookings/settings").json_body
    change = {"time_zone": "Europe/Helsinki", "opening_hours": ALL_DAY, "notice_hours": 1, "horizon_days": 14}
    assert operator.call("PUT", "/bookings/operator/bookings/settings", settings | change).status_code == 200
    service = operator.post("/bookings/operator/services", {"name": "Tasting", "duration_minutes": 30}).json_body
    days = operator.get(f"/bookings/operator/services/{service['service_id']}/slots").json_body["days"]
    return service["service_id"], [slot["starts_at"] for day in days for slot in day["slots"]]


def _one_of_each(
    operator: Visitor, contact: Visitor, account_id: str, product_id: str, service_id: str, starts_at: str, label: str
) -> dict[str, str]:
    """An item of every list of the account, made by its contact `contact` (an admin) and by
    the business: an invoice and a payment of it, an order, a ticket, a booking, a message,
    a shared document, a document asked for, an export. Their ids, by what they are."""
    line = {"description": label, "quantity": 1, "unit_price": 5000, "tax_rate": 0}
    invoice = operator.create(
        "/payments/operator/invoices", {"customer_id": account_id, "currency": "EUR", "lines": [line]}
    ).json_body
    message = contact.post("/tickets/inbox/messages", {"body": f"{label} question"})
    asked = operator.create("/documents/operator/document-requests", {"customer_id": account_id, "title": label})
    export = contact.create("/documents/exports")
    assert (message.status_code, asked.status_code, export.status_code) == (201, 201, 201)
    document = _upload(operator, "/documents/operator/documents/uploads", {"customer_id": account_id, "title": label})
    return {
        "invoice_id": invoice["invoice_id"],
        "payment_id": pay(contact, invoice["invoice_id"], 1000),
        "order_id": order(contact, product_id),
        "ticket_id": ticket(contact, label),
        "booking_id": book(contact, service_id, starts_at),
        "document_id": document["document"]["document_id"],
    }


def _lists(visitor: Visitor) -> dict[str, list[str]]:
    """What every list of the account shows the visitor: "path field" -> its items' ids, in order."""
    shown = {}
    for path, name, id_field in ACCOUNT_LISTS:
        reply = visitor.get(path)
        assert reply.status_code == 200, (path, reply.json_body)
        shown[f"{path} {name}"] = [item[id_field] for item in reply.json_body[name]]
    return shown


def test_a_contact_of_two_accounts_chooses_and_every_list_follows(
    company: dict[str, Visitor],
    dana: Visitor,
    operator: Visitor,
    people: dict[str, str],
    client: EdgeClient,
    outbox: Outbox,
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
) -> None:
    """Dana, a customer on her own, is also made a viewer of the company: after signing in again
    she chooses; every list a customer route shows of the account (derived from the routes) is
    then exactly the active account's, as a contact of that account alone sees it."""
    aurora, own = _account_id(operator, "aurora"), people["demo"]
    olivia = company["admin"]
    # Otto, an admin of Dana's account and of no other: what her account's lists are.
    otto_invited = invite(dana, "admin", "otto@example.com")
    assert otto_invited.status_code == 201, otto_invited.json_body
    otto = Visitor(client)
    otto.sign_in("otto@example.com", outbox)
    product_id, (service_id, free) = _product(operator), _free_times(operator)
    _one_of_each(operator, olivia, aurora, product_id, service_id, free[10], "Aurora's")
    _one_of_each(operator, dana, own, product_id, service_id, free[20], "Dana's")
    assert invite(olivia, "viewer", "demo@example.com").status_code == 201
    dana_again = Visitor(client)
    dana_again.sign_in("demo@example.com", outbox)
    Pipeline(aws, stack_outputs, {}).run()  # the timeline hears what happened
    companys, owns = _lists(olivia), _lists(otto)

    session = dana_again.get("/auth/session").json_body["person"]
    unchosen = dana_again.get("/payments/invoices")
    as_company = dana_again.post("/auth/account", {"account_id": aurora}).json_body["person"]["account"]
    while_company = _lists(dana_again)
    dana_again.post("/auth/account", {"account_id": own})
    while_own = _lists(dana_again)
    not_hers = dana_again.post("/auth/account", {"account_id": "01NOSUCHACCOUNT00000000000"})

    assert [a["name"] for a in session["accounts"]] == [COMPANY, "Dana Demo"]
    assert session["account"] is None
    assert (unchosen.status_code, unchosen.json_body["error"]["code"]) == (409, "account_not_chosen")
    assert (as_company["name"], as_company["role"]) == (COMPANY, "viewer")
    assert while_company == companys
    assert while_own == owns
    for shown in companys:  # each list proves something: both accounts have items in it, not the same
        assert companys[shown], shown
        assert owns[shown], shown
        assert companys[shown] != owns[shown], shown
    assert not_hers.status_code == 404


def test_the_lists_compared_are_every_list_of_the_account() -> None:
    shown = {path for path, _, _ in ACCOUNT_LISTS}
    every_kind = {
        "/orders",
        "/payments/invoices",
        "/payments",
        "/payments/statement",
        "/tickets",
        "/tickets/inbox",
        "/bookings",
        "/documents",
        "/documents/document-requests",
        "/documents/exports",
        "/customers/contacts",
        "/customers/audit",
        "/notifications/timeline",
        "/notifications/dashboard",
    }
    assert every_kind <= shown, every_kind - shown
    routes = {path for method, path, _ in CUSTOMER_ROUTES if method == "GET"}
    assert set(NOT_THE_ACCOUNTS) <= routes  # no stale exception hides a list


def test_a_business_approves_what_an_admin_invites_when_the_portal_says_so(
    company: dict[str, Visitor], operator: Visitor, client: Any, outbox: Outbox
) -> None:
    version = operator.get("/portal/operator/portal/settings").json_body["version"]
    turned_on = operator.patch("/portal/operator/portal/settings", {"version": version, "invites_need_approval": True})
    assert turned_on.status_code == 200
    waiting = invite(company["admin"], "support", "wes@example.com").json_body
    wes = Visitor(client)
    wes.start("wes@example.com")
    told_before = [m for m in outbox.messages() if m.to == "wes@example.com"]

    aurora = operator.get("/customers/operator/customers?search=aurora").json_body["items"][0]["customer_id"]
    approved = operator.post(f"/customers/operator/customers/{aurora}/contacts/{waiting['contact_id']}/approve")

    assert waiting["status"] == "invited"
    assert approved.json_body["status"] == "active"
    told = [m.subject for m in outbox.messages() if m.to == "wes@example.com"]
    assert told_before == []  # waiting: no code, no welcome
    assert told == [f"You can now sign in to Test Traders for {COMPANY}"]
    wes_signed_in = Visitor(client)
    wes_signed_in.sign_in("wes@example.com", outbox)
    assert wes_signed_in.get("/tickets").status_code == 200


def test_the_api_document_names_the_roles_of_every_customer_route() -> None:
    document = openapi_document()
    for method, path, spec in CUSTOMER_ROUTES:
        assert spec.area is not None
        template = PARAMETER.sub("{}", path)
        operation = next(
            op
            for documented, operations in document["paths"].items()
            if PARAMETER.sub("{}", documented) == template
            for verb, op in operations.items()
            if verb == method.lower()
        )
        expected = list(readers(spec.area) if method in READ_METHODS else writers(spec.area))
        assert operation["x-roles"] == expected, (method, path)
        assert all(role in operation["description"] for role in expected)


def test_colleagues_words_on_a_shared_ticket_name_who_wrote_them(company: dict[str, Visitor]) -> None:
    """A page says "you" only for the reader's own words: each entry names its author."""
    admin, viewer = company["admin"], company["viewer"]
    me = admin.get("/auth/session").json_body["person"]["principal_id"]
    ticket = admin.create(
        "/tickets", {"kind": "question", "subject": "Shared", "description": "From Olivia."}
    ).json_body

    assert admin.post(f"/tickets/{ticket['ticket_id']}/replies", {"body": "Any news?"}).status_code in (200, 201)
    thread = viewer.get(f"/tickets/{ticket['ticket_id']}").json_body

    assert thread["ticket"]["created_by"] == me
    assert [(e["author_kind"], e["author_id"]) for e in thread["entries"]] == [("customer", me)]
    assert viewer.get("/auth/session").json_body["person"]["principal_id"] != me
