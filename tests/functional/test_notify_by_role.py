"""An event is told to the account's contacts whose role covers it, each in their language and
on their own channels: an invoice to billing and admins, an order to its buyer and admins.

The account is the demo's company, Aurora Bistro Oy (local/demo.py): Olivia Owner (admin,
English), Ben Books (billing, French), Sara Support (support, Finnish, only her own items).
The fixture gives it more contacts, written with the models as the contacts service writes
them: two buyers (one seeing only her own orders), a viewer, one invited and not yet
approved, one whose sign-in was deactivated.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from functions.core.clock import FixedClock
from functions.customers import service
from functions.customers.recipients import Recipient
from functions.customers.service import find_principal
from functions.notifications import feed, preferences
from functions.notifications.audience import area_of, audience
from functions.notifications.reminders import send_reminders
from local.outbox import Outbox
from tests.functional.test_notifications import Pipeline, _emails, _queue_event, _texts
from tests.functional.test_payments import issue
from tests.functional.visitor import Visitor

NOW = "2026-11-24T10:00:00+00:00"


@dataclass(frozen=True)
class Company:
    account_id: str
    ids: dict[str, str]  # first name -> contact id
    emails: dict[str, str]  # first name -> notification e-mail


def _add_contact(
    account_id: str,
    name: str,
    role: str,
    *,
    scope: str = "all",
    language: str = "en",
    mobile: str | None = None,
    status: str = "active",
    on_account: str = "active",
) -> tuple[str, str]:
    """A contact on the account, as the contacts service keeps one; (contact id, e-mail)."""
    contact_id = f"01JCONTACT{name.upper():0<16}"[:26]
    email = f"{name.lower()}@aurora.example"
    person = service.new_contact(contact_id, name, email, mobile, language, NOW, status=status)
    person.save()
    service.membership(service.get_customer_item(account_id), person, role, scope, on_account, account_id, NOW).save()
    return contact_id, email


def _demo_contact(email: str) -> str:
    found = find_principal(email)
    assert found is not None, email
    return found.principal_id


@pytest.fixture
def company(people: dict[str, str]) -> Company:
    olivia, ben, sara = (_demo_contact(f"{name}@example.com") for name in ("olivia", "ben", "sara"))
    account_id = olivia  # the first contact has the account's id
    ids = {"Olivia": olivia, "Ben": ben, "Sara": sara}
    emails = {"Olivia": "olivia@example.com", "Ben": "ben@example.com", "Sara": "sara@example.com"}
    added = {
        "Anna": _add_contact(account_id, "Anna", "buyer", scope="mine", language="pl", mobile="+358401110001"),
        "Bruno": _add_contact(account_id, "Bruno", "buyer", scope="mine"),
        "Carl": _add_contact(account_id, "Carl", "buyer"),
        "Vera": _add_contact(account_id, "Vera", "viewer"),
        "Ivan": _add_contact(account_id, "Ivan", "billing", on_account="invited"),
        "Dora": _add_contact(account_id, "Dora", "admin", status="deactivated"),
    }
    for name, (contact_id, email) in added.items():
        ids[name], emails[name] = contact_id, email
    return Company(account_id, ids, emails)


@pytest.fixture
def pipeline(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> Pipeline:
    return Pipeline(aws, stack_outputs, {})


def _told_by_email(outbox: Outbox, company: Company, containing: str) -> dict[str, list[str]]:
    """First name -> the subjects of the e-mails they got containing `containing`, for each who got one."""
    told = {
        name: [m.subject for m in _emails(outbox, email, containing=containing)]
        for name, email in company.emails.items()
    }
    return {name: subjects for name, subjects in told.items() if subjects}


def _feed_titles(contact_id: str, language: str = "en") -> list[str]:
    return [entry.title for entry in feed.feed(contact_id, None, 50, language).items]


def _invoice(pipeline: Pipeline, company: Company, event_id: str = "01JBYROLEINVOICE0000000001") -> None:
    _queue_event(
        pipeline,
        event_id,
        "invoice.issued",
        company.account_id,
        invoice_id="I1",
        invoice_number="INV-42",
        total=123675,
        currency="EUR",
        due_date="2026-12-15",
    )


def test_an_invoice_reaches_billing_and_admins_each_in_their_language(
    pipeline: Pipeline, company: Company, outbox: Outbox
) -> None:
    _invoice(pipeline, company)

    pipeline.consume()

    assert _told_by_email(outbox, company, "INV-42") == {
        "Olivia": ["Test Traders: New invoice INV-42"],
        "Ben": ["Test Traders: Nouvelle facture INV-42"],
    }
    [french] = _emails(outbox, "ben@example.com", containing="INV-42")
    assert "est à régler le 15 déc. 2026" in french.body
    assert _feed_titles(company.ids["Olivia"]) == ["New invoice INV-42"]
    assert _feed_titles(company.ids["Ben"], "fr") == ["Nouvelle facture INV-42"]
    for name in ("Sara", "Anna", "Bruno", "Carl", "Vera", "Ivan", "Dora"):  # support, buyers, viewer, not active
        assert _feed_titles(company.ids[name]) == [], name
        assert feed.unread_count(company.ids[name]) == 0, name


def test_an_order_reaches_its_buyer_and_admins_not_a_buyer_who_sees_only_her_own(
    pipeline: Pipeline, company: Company, outbox: Outbox
) -> None:
    _queue_event(
        pipeline,
        "01JBYROLEORDER000000000001",
        "order.confirmed",
        company.account_id,
        order_id="O1",
        order_number="ORD-7",
        created_by=company.ids["Anna"],
    )

    pipeline.consume()

    assert _told_by_email(outbox, company, "ORD-7") == {
        "Anna": ["Test Traders: Zamówienie ORD-7 potwierdzone"],  # she ordered it, in Polish
        "Olivia": ["Test Traders: Order ORD-7 confirmed"],
        "Carl": ["Test Traders: Order ORD-7 confirmed"],  # a buyer who sees all the account's orders
    }
    assert _feed_titles(company.ids["Bruno"]) == []  # a buyer too, but only of his own orders


def test_an_order_of_the_whole_account_is_not_told_to_buyers_who_see_only_their_own(
    pipeline: Pipeline, company: Company, outbox: Outbox
) -> None:
    """Before an order carries who placed it (or one the business placed), it is the account's."""
    _queue_event(
        pipeline,
        "01JBYROLEORDER000000000002",
        "order.confirmed",
        company.account_id,
        order_id="O2",
        order_number="ORD-8",
    )

    pipeline.consume()

    assert sorted(_told_by_email(outbox, company, "ORD-8")) == ["Carl", "Olivia"]


def test_the_contact_who_made_the_item_is_told_whatever_their_role(
    pipeline: Pipeline, company: Company, outbox: Outbox
) -> None:
    """Sara is support, and sees only her own items; the booking she made is hers to hear of."""
    _queue_event(
        pipeline,
        "01JBYROLEBOOKING0000000001",
        "booking.confirmed",
        company.account_id,
        booking_id="B1",
        service_name="Espresso machine service",
        when="2026-12-15 14:30",
        time_zone="Europe/Helsinki",
        created_by=company.ids["Sara"],
    )

    pipeline.consume()

    assert sorted(_told_by_email(outbox, company, "Espresso machine service")) == ["Carl", "Olivia", "Sara"]
    [finnish] = _feed_titles(company.ids["Sara"], "fi")
    assert finnish.startswith("Varaus vahvistettu")


def test_each_contact_is_told_on_their_own_channels(
    pipeline: Pipeline, company: Company, client: Any, outbox: Outbox
) -> None:
    olivia, ben = Visitor(client), Visitor(client)
    olivia.sign_in("olivia@example.com", outbox)
    ben.sign_in("ben@example.com", outbox)
    chosen = olivia.call("PUT", "/notifications/preferences", {"billing": ["in_app"]})
    assert chosen.status_code == 200, chosen.json_body
    anna_texts = preferences.choose(company.ids["Anna"], {"orders": ["sms"]}, FixedClock(datetime.now(UTC)))
    assert anna_texts["orders"] == ["sms"]

    _invoice(pipeline, company)
    _queue_event(
        pipeline,
        "01JBYROLEORDER000000000003",
        "order.confirmed",
        company.account_id,
        order_id="O3",
        order_number="ORD-9",
        created_by=company.ids["Anna"],
    )
    pipeline.consume()

    assert sorted(_told_by_email(outbox, company, "INV-42")) == ["Ben"]  # Olivia chose the portal only
    assert ben.get("/notifications/preferences").json_body["channels"]["billing"] == ["in_app", "email"]
    assert [n["title"] for n in olivia.get("/notifications").json_body["items"]] == [
        "Order ORD-9 confirmed",
        "New invoice INV-42",
    ]
    assert [n["title"] for n in ben.get("/notifications").json_body["items"]] == ["Nouvelle facture INV-42"]
    [text] = [m.body for m in _texts(outbox, "+358401110001")]
    assert text.startswith("Test Traders: Zamówienie ORD-9 potwierdzone ")
    assert text.endswith("/orders/O3")
    assert _told_by_email(outbox, company, "ORD-9").keys() == {"Olivia", "Carl"}  # Anna: by text only


def test_one_contact_reading_leaves_the_others_unread(
    pipeline: Pipeline, company: Company, client: Any, outbox: Outbox
) -> None:
    olivia, ben = Visitor(client), Visitor(client)
    olivia.sign_in("olivia@example.com", outbox)
    ben.sign_in("ben@example.com", outbox)
    _invoice(pipeline, company)
    pipeline.consume()
    [hers] = olivia.get("/notifications").json_body["items"]
    assert hers["account_id"] == company.account_id  # which account's invoice: her link opens in it

    assert olivia.post(f"/notifications/{hers['notification_id']}/read").json_body["read"] is True

    assert olivia.get("/notifications/unread").json_body == {"unread": 0}
    assert ben.get("/notifications/unread").json_body == {"unread": 1}
    assert ben.get("/notifications/dashboard").json_body["unread_notifications"] == 1
    assert olivia.get("/notifications/dashboard").json_body["unread_notifications"] == 0
    assert ben.post("/notifications/read-all").json_body == {"marked": 1}
    assert olivia.get("/notifications").json_body["items"][0]["read"] is True


def test_a_duplicate_delivery_tells_each_contact_once_per_channel(
    pipeline: Pipeline, company: Company, outbox: Outbox
) -> None:
    for _ in range(2):  # SQS delivers at least once: here, twice
        _invoice(pipeline, company, "01JBYROLEDUPLICATE00000001")
    pipeline.consume()
    _invoice(pipeline, company, "01JBYROLEDUPLICATE00000001")  # and once more later
    pipeline.consume()

    assert _told_by_email(outbox, company, "INV-42") == {
        "Olivia": ["Test Traders: New invoice INV-42"],
        "Ben": ["Test Traders: Nouvelle facture INV-42"],
    }
    assert (feed.unread_count(company.ids["Olivia"]), feed.unread_count(company.ids["Ben"])) == (1, 1)


def test_a_reminder_goes_to_the_same_contacts_as_its_invoice(
    pipeline: Pipeline, company: Company, operator: Visitor, outbox: Outbox
) -> None:
    clock = FixedClock(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    invoice = issue(operator, company.account_id, 1000, due_date="2026-11-26")
    number = invoice["invoice_number"]

    assert send_reminders(clock).due_soon == 1
    pipeline.run()

    assert _told_by_email(outbox, company, f"{number} ") == {
        "Olivia": [f"Test Traders: Invoice {number} is due on Nov 26, 2026"],
        "Ben": [f"Test Traders: La facture {number} arrive à échéance le 26 nov. 2026"],
    }


# --- who is told, at its edges ------------------------------------------------------------


def _contact(name: str, role: str, scope: str = "all") -> Recipient:
    return Recipient(name, role, scope, "en", f"{name}@x.example", None)


EVERYONE = [
    _contact("admin", "admin"),
    _contact("billing", "billing"),
    _contact("buyer", "buyer"),
    _contact("support", "support"),
    _contact("viewer", "viewer"),
    _contact("own_buyer", "buyer", "mine"),
    _contact("own_admin", "admin", "mine"),
]


def _told(event_type: str, category: str, payload: dict[str, object] | None = None) -> Sequence[str]:
    return [contact.contact_id for contact in audience(EVERYONE, event_type, category, payload or {})]


@pytest.mark.parametrize(
    ("event_type", "category", "told"),
    [
        ("invoice.issued", "billing", ["admin", "billing"]),
        ("payment.failed", "billing", ["admin", "billing"]),
        ("document.requested", "documents", ["admin", "billing"]),
        ("reminder.invoice_overdue", "reminders", ["admin", "billing"]),
        ("order.shipped", "orders", ["admin", "buyer"]),
        ("booking.cancelled", "bookings", ["admin", "buyer"]),
        ("reminder.booking_tomorrow", "reminders", ["admin", "buyer"]),  # a reminder, of a booking
        ("ticket.answered", "support", ["admin", "support"]),
    ],
)
def test_an_event_of_the_whole_account_is_told_to_the_roles_that_act_in_its_area(
    event_type: str, category: str, told: list[str]
) -> None:
    assert _told(event_type, category) == told


def test_its_maker_is_told_of_an_item_whatever_their_role_and_scope() -> None:
    assert _told("ticket.answered", "support", {"created_by": "own_buyer"}) == ["admin", "support", "own_buyer"]
    assert _told("order.shipped", "orders", {"created_by": "own_admin"}) == ["admin", "buyer", "own_admin"]
    assert _told("order.shipped", "orders", {"created_by": "someone_removed"}) == ["admin", "buyer"]
    assert _told("order.shipped", "orders", {"created_by": ""}) == ["admin", "buyer"]  # made by the business


def test_every_category_has_an_area() -> None:
    from functions.notifications.templates import TEMPLATES

    assert {area_of(event_type, template.category) for event_type, template in TEMPLATES.items()} == {
        "account",
        "buying",
        "billing",
        "support",
    }
