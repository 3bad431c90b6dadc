"""Accounts, contacts and roles (docs/accounts.md): what each contact may reach, for every
customer route, and what happens when they are removed or act for another account.

The demo data has the company account Aurora Bistro Oy: Olivia (admin), Ben (billing),
Sara (support, only her own items). The tests add a buyer and a viewer through the admin's
own route, so the invitation path is part of what they prove.
"""

import re
import uuid
from typing import Any

from functions.core.http import EndpointSpec
from functions.core.roles import READ_METHODS, ROLES, readers, writers
from local.edge import load_apps, openapi_document
from local.outbox import Outbox
from tests.functional.company import ROLE_EMAILS, invite
from tests.functional.visitor import Visitor

COMPANY = "Aurora Bistro Oy"
PARAMETER = re.compile(r"{[^}]+}")


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
                assert values["yours"] == role
                assert values["role"] in ROLES
                assert values["role"] != role
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


def test_the_last_admin_stays(company: dict[str, Visitor]) -> None:
    admin = company["admin"]
    me = next(c for c in admin.get("/customers/contacts").json_body["items"] if c["is_me"])

    demoted = admin.patch(f"/customers/contacts/{me['contact_id']}", {"role": "viewer"})
    removed = admin.call("DELETE", f"/customers/contacts/{me['contact_id']}")

    assert (demoted.status_code, demoted.json_body["error"]["code"]) == (409, "last_admin")
    assert (removed.status_code, removed.json_body["error"]["code"]) == (409, "last_admin")
    assert admin.get("/customers/contacts").status_code == 200


def test_a_contact_of_two_accounts_chooses_and_every_list_follows(
    company: dict[str, Visitor], dana: Visitor, operator: Visitor, people: dict[str, str], client: Any, outbox: Outbox
) -> None:
    """Dana, a customer on her own, is also made a viewer of the company: after signing in again
    she chooses; each account's lists are that account's."""
    assert invite(company["admin"], "viewer", "demo@example.com").status_code == 201
    line = {"description": "Catering", "quantity": 1, "unit_price": 5000, "tax_rate": 0}
    aurora = operator.get("/customers/operator/customers?search=aurora").json_body["items"][0]["customer_id"]
    operator.create(
        "/payments/operator/invoices",
        {"customer_id": aurora, "currency": "EUR", "lines": [line], "due_date": "2027-01-31"},
    )
    dana_again = Visitor(client)
    dana_again.sign_in("demo@example.com", outbox)

    session = dana_again.get("/auth/session").json_body["person"]
    unchosen = dana_again.get("/payments/invoices")
    as_company = dana_again.post("/auth/account", {"account_id": aurora}).json_body["person"]["account"]
    company_invoices = dana_again.get("/payments/invoices").json_body["items"]
    dana_again.post("/auth/account", {"account_id": people["demo"]})
    own_invoices = dana_again.get("/payments/invoices").json_body["items"]
    not_hers = dana_again.post("/auth/account", {"account_id": "01NOSUCHACCOUNT00000000000"})

    assert [a["name"] for a in session["accounts"]] == [COMPANY, "Dana Demo"]
    assert session["account"] is None
    assert (unchosen.status_code, unchosen.json_body["error"]["code"]) == (409, "account_not_chosen")
    assert (as_company["name"], as_company["role"]) == (COMPANY, "viewer")
    assert [i["customer_id"] for i in company_invoices] == [aurora]
    assert own_invoices == []
    assert not_hers.status_code == 404


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
