"""A contact invited with a mobile number and no e-mail (docs/accounts.md): added by an account's
admin or by the business, told by text, signed in with a code by text, and told of the
account's news on the channels they have. Neither an e-mail nor a mobile is a 400 that names
both fields. Through the API, on moto."""

from typing import Any

import boto3

from local.edge import EdgeClient
from local.outbox import Outbox
from tests.functional.test_notifications import Pipeline
from tests.functional.visitor import Visitor, messages_since

MOBILE = "+358405550101"
COMPANY = "Aurora Bistro Oy"


def _aurora(operator: Visitor) -> str:
    return str(operator.get("/customers/operator/customers?search=aurora").json_body["items"][0]["customer_id"])


def _invite_by_mobile(admin: Visitor, role: str = "billing", mobile: str = "+358 40 555 0101") -> Any:
    return admin.create("/customers/contacts", {"name": "Milo Mobile", "mobile": mobile, "role": role})


def test_an_admin_invites_a_contact_by_mobile_alone_who_is_told_and_signs_in_by_text(
    company: dict[str, Visitor], client: EdgeClient, outbox: Outbox
) -> None:
    admin = company["admin"]
    before = len(outbox.messages())

    invited = _invite_by_mobile(admin)
    told = messages_since(outbox, before)
    milo = Visitor(client)
    signing_in = len(outbox.messages())
    milo.sign_in(MOBILE, outbox)
    on_sign_in = messages_since(outbox, signing_in)

    assert invited.status_code == 201, invited.json_body
    assert (invited.json_body["email"], invited.json_body["mobile"]) == (None, MOBILE)
    assert [(m.channel, m.to) for m in told] == [("sms", MOBILE)]
    assert COMPANY in told[0].body
    # The code by text, then the new device's warning by text too: no e-mail anywhere.
    assert [(m.channel, m.to) for m in on_sign_in] == [("sms", MOBILE), ("sms", MOBILE)]
    assert "New sign-in" in on_sign_in[1].body
    person = milo.get("/auth/session").json_body["person"]
    assert (person["email"], person["account"]["name"], person["account"]["role"]) == (None, COMPANY, "billing")
    assert milo.get("/customers/profile").json_body["email"] is None
    assert milo.get("/payments/invoices").status_code == 200
    listed = {c["name"]: (c["email"], c["mobile"]) for c in admin.get("/customers/contacts").json_body["items"]}
    assert listed["Milo Mobile"] == (None, MOBILE)


def test_the_business_adds_a_contact_by_mobile_alone_from_the_console(
    operator: Visitor, people: dict[str, str], client: EdgeClient, outbox: Outbox
) -> None:
    body = {"name": "Milo Mobile", "mobile": MOBILE, "role": "buyer"}

    added = operator.create(f"/customers/operator/customers/{_aurora(operator)}/contacts", body)
    milo = Visitor(client)
    milo.sign_in(MOBILE, outbox)

    assert added.status_code == 201, added.json_body
    assert (added.json_body["email"], added.json_body["status"]) == (None, "active")
    assert milo.get("/orders").status_code == 200


def test_neither_an_email_nor_a_mobile_is_a_400_naming_both_fields(
    company: dict[str, Visitor], operator: Visitor
) -> None:
    admin = company["admin"]
    contacts_before = admin.get("/customers/contacts").json_body["items"]
    body = {"name": "Nobody Reachable", "role": "viewer"}

    refusals = [
        admin.create("/customers/contacts", body),
        admin.create("/customers/contacts", {**body, "email": None, "mobile": None}),
        operator.create(f"/customers/operator/customers/{_aurora(operator)}/contacts", body),
    ]

    for refused in refusals:
        assert refused.status_code == 400, refused.json_body
        error = refused.json_body["error"]
        assert error["code"] == "email_or_mobile_required"
        assert [(d["field"], d["reason"]) for d in error["details"]] == [
            ("email", "email_or_mobile"),
            ("mobile", "email_or_mobile"),
        ]
    assert admin.get("/customers/contacts").json_body["items"] == contacts_before


def test_a_contact_by_mobile_alone_hears_the_accounts_news_by_text_until_they_choose(
    company: dict[str, Visitor],
    operator: Visitor,
    client: EdgeClient,
    outbox: Outbox,
    aws: boto3.session.Session,
    stack_outputs: dict[str, str],
) -> None:
    assert _invite_by_mobile(company["admin"]).status_code == 201
    milo = Visitor(client)
    milo.sign_in(MOBILE, outbox)
    line = {"description": "Catering", "quantity": 1, "unit_price": 5000, "tax_rate": 0}
    invoice = {"customer_id": _aurora(operator), "currency": "EUR", "lines": [line], "due_date": "2027-01-31"}
    before = len(outbox.messages())

    assert operator.create("/payments/operator/invoices", invoice).status_code == 201
    Pipeline(aws, stack_outputs, {}).run()

    to_milo = [m for m in messages_since(outbox, before) if m.to == MOBILE]
    assert [m.channel for m in to_milo] == ["sms"]
    assert milo.get("/notifications/preferences").json_body["channels"]["billing"] == ["in_app", "sms"]
    assert [n["event_type"] for n in milo.get("/notifications").json_body["items"]] == ["invoice.issued"]
    # The company's e-mail readers still get theirs: e-mail is only dropped where there is none.
    assert any(m.to == "ben@example.com" and m.channel == "email" for m in messages_since(outbox, before))
