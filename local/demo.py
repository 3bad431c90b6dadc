"""Demo data for the local stack: the people the README lists, made through the real services.

Each domain adds its own demo records here as it lands.
"""

import json
from datetime import timedelta
from pathlib import Path

from functions.bookings import policy, services
from functions.bookings.schemas import BookingSettingsChange, NewService, Opening
from functions.core import clients
from functions.core.clock import Clock, SystemClock
from functions.core.pdf import Printout
from functions.core.principal import Principal
from functions.core.senders import SesEmailSender, SnsSmsSender
from functions.core.settings import get_settings
from functions.customers import contacts, service
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import NewContact, NewCustomer
from functions.documents import library, requests, uploads
from functions.documents.schemas import NewDocumentRequest, NewShare
from functions.orders.catalogue import create_product
from functions.orders.schemas import NewProduct
from functions.payments import invoices
from functions.payments.schemas import NewInvoice, NewInvoiceLine
from functions.tickets import help_centre, inbox
from functions.tickets.help_schemas import VersionText
from functions.tickets.schemas import NewMessage

OPERATOR = ("staff@example.com", "Sam Staff", "en")
CUSTOMERS = (
    NewCustomer(name="Dana Demo", email="demo@example.com", mobile="+15555550100", language="en"),
    NewCustomer(name="Léa Martin", email="lea@example.com", language="fr", notes="Prefers e-mail."),
)
# A company account with three contacts, each with a role (docs/accounts.md).
COMPANY = NewCustomer(name="Olivia Owner", company="Aurora Bistro Oy", email="olivia@example.com", language="en")
COLLEAGUES = (
    NewContact(name="Ben Books", email="ben@example.com", language="fr", role="billing"),
    NewContact(name="Sara Support", email="sara@example.com", language="fi", role="support", scope="mine"),
)

PRODUCTS = (
    NewProduct(
        name="Coffee beans, 1 kg", description="Medium roast, whole beans.", price=2490, currency="EUR", tax_rate=1400
    ),
    NewProduct(
        name="Espresso cups, set of 4", description="Porcelain, 90 ml.", price=3200, currency="EUR", tax_rate=2550
    ),
    NewProduct(
        name="Burr grinder", description="Conical burrs, 40 settings.", price=12900, currency="EUR", tax_rate=2550
    ),
    NewProduct(name="Descaler", description="For all espresso machines.", price=990, currency="EUR", tax_rate=2550),
)


WEEKDAY = [Opening(opens="09:00", closes="12:00"), Opening(opens="13:00", closes="17:00")]
BOOKING_POLICY = BookingSettingsChange(
    version=0,
    time_zone="Europe/Helsinki",
    opening_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), WEEKDAY)
    | {"sat": [Opening(opens="10:00", closes="14:00")]},
    notice_hours=24,
    horizon_days=28,
)
SERVICES = (
    NewService(name="Espresso machine service", duration_minutes=60, buffer_minutes=15, price=8900, currency="EUR"),
    NewService(name="Barista training", duration_minutes=90, buffer_minutes=30, price=12000, currency="EUR"),
)


def load_demo_data(user_pool_id: str) -> None:
    """Create the demo operator, customers (records, identities, Cognito users), catalogue,
    and what can be booked when."""
    directory = CognitoDirectory(user_pool_id)
    clock = SystemClock()
    email, name, language = OPERATOR
    service.add_operator(email, name, language, directory, clock)
    for customer in CUSTOMERS:
        service.create_customer(customer, directory, clock)
    _load_company(directory, clock)
    for product in PRODUCTS:
        create_product(product, clock)
    policy.save(BOOKING_POLICY)
    for offered in SERVICES:
        services.create(offered)


def _load_company(directory: CognitoDirectory, clock: Clock) -> None:
    settings = get_settings()
    company = service.create_customer(COMPANY, directory, clock)
    senders = contacts.Senders(email=SesEmailSender(settings.sender_email), sms=SnsSmsSender())
    for colleague in COLLEAGUES:
        contacts.add_contact(
            company.customer_id,
            colleague,
            by="staff:demo",
            waits=False,
            actor=None,
            key=f"demo-{(colleague.email or '').split('@')[0]}",
            directory=directory,
            senders=senders,
            business_name=settings.business_name,
            portal_url=settings.portal_url,
            clock=clock,
        )


def load_demo_history() -> None:
    """What the demo customer's account already holds when `make run` starts: two open
    invoices, a shared document, a request for one, and a message from the business.

    (Kept apart from load_demo_data so tests start from empty accounts.)
    """
    dana = service.find_principal("demo@example.com")
    if dana is None:
        raise RuntimeError("load the demo people first")
    clock = SystemClock()
    for description, price, tax_rate, days in (
        ("Espresso machine service", 8900, 2550, 14),
        ("Coffee subscription, November", 4590, 1400, 30),
    ):
        line = NewInvoiceLine(description=description, quantity=1, unit_price=price, tax_rate=tax_rate)
        due = (clock.now().date() + timedelta(days=days)).isoformat()
        invoices.issue(NewInvoice(customer_id=dana.principal_id, currency="EUR", lines=[line], due_date=due), clock)
    staff = service.find_principal(OPERATOR[0])
    if staff is None:
        raise RuntimeError("load the demo people first")
    _share_welcome_pack(dana.principal_id, staff.principal_id, clock)
    _write_help_centre(staff, clock)
    inbox.write(
        dana.principal_id,
        staff,
        NewMessage(body="Welcome, Dana! Write to us here any time; for something urgent, open a ticket or a chat."),
        clock,
    )
    requests.ask(
        NewDocumentRequest(
            customer_id=dana.principal_id,
            title="Proof of address",
            description="A utility bill or bank statement from the last three months.",
            due_date=(clock.now().date() + timedelta(days=10)).isoformat(),
        ),
        staff.principal_id,
        "demo-proof-of-address",
        clock,
    )


def _write_help_centre(staff: Principal, clock: Clock) -> None:
    """The help centre's articles (local/demo_help.json), each published in four languages."""
    written = json.loads((Path(__file__).parent / "demo_help.json").read_text(encoding="utf-8"))
    for article in written["articles"]:
        texts = {language: VersionText(**text) for language, text in article["versions"].items()}
        # Each article whole in one transaction, not a write per version: every write is stream
        # records the local worker reads before the first sign-in is answered quickly.
        help_centre.create(texts, "published", staff, f"demo-help-{article['key']}", clock)


def _share_welcome_pack(customer_id: str, operator_id: str, clock: Clock) -> None:
    """Through the operator's upload path, with S3's PUT standing in for the browser's POST."""
    printout = Printout("Welcome pack")
    for text in ("Welcome to Northwind Supplies", "Your account, orders and invoices are in the portal."):
        printout.text(56, text, size=12)
        printout.line(20)
    body = printout.render()
    share = NewShare(
        customer_id=customer_id,
        title="Welcome pack",
        doc_type="manual",
        file_name="Welcome pack.pdf",
        content_type="application/pdf",
        size=len(body),
    )
    started = uploads.start("share", customer_id, operator_id, share, clock, title=share.title, doc_type=share.doc_type)
    clients.s3().put_object(
        Bucket=get_settings().documents_bucket, Key=started.form.fields["key"], Body=body, ContentType="application/pdf"
    )
    upload = uploads.upload_of(started.upload_id, operator_id, {"share"})
    uploads.confirm(upload, library.share, library.replay_share, clock)
