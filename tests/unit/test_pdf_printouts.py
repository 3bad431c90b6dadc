"""Printouts print every customer's name and their title as written, in any script the font has."""

import io
import unicodedata

import pypdf
import pytest

from functions.core.pdf import Printout
from functions.core.principal import Principal
from functions.core.settings import get_settings
from functions.payments.printouts import invoice_pdf, receipt_pdf, statement_pdf
from functions.payments.schemas import Allocation, Invoice, InvoiceLine, Payment, Statement, StatementEntry

BUSINESS = "Łódź Serwis Sp. z o.o."
# Each customer's name, and the language their printouts are in.
CUSTOMERS = [
    ("Antonín Dvořák", "pl"),
    ("Ayşe Şahin", "fr"),
    ("Nguyễn Văn An", "en"),
    ("Ørsted A/S", "fi"),
    ("Παπαδόπουλος", "pl"),
    ("Иванова", "fr"),
]
# (invoice, receipt, statement) titles, as each language names them.
TITLES = {
    "en": ("Invoice INV-000042", "Payment receipt PAY-000007", "Statement of account"),
    "fr": ("Facture INV-000042", "Reçu de paiement PAY-000007", "Relevé de compte"),
    "pl": ("Faktura INV-000042", "Potwierdzenie płatności PAY-000007", "Wyciąg z konta"),
    "fi": ("Lasku INV-000042", "Maksukuitti PAY-000007", "Tiliote"),
}


@pytest.fixture(autouse=True)
def settings(stage_secrets: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUSINESS_NAME", BUSINESS)
    get_settings.cache_clear()


def customer(name: str, language: str = "en") -> Principal:
    return Principal(
        principal_id="c1",
        kind="customer",
        name=name,
        email="customer@example.com",
        mobile=None,
        language=language,
        active=True,
        session_generation=0,
    )


def invoice() -> Invoice:
    lines = [
        InvoiceLine(
            description="Žaluzie — montáž", quantity=2, unit_price=5000, tax_rate=2100, line_total=12100, line_tax=2100
        ),
        InvoiceLine(description="Ремонт котла", quantity=1, unit_price=1999, tax_rate=0, line_total=1999, line_tax=0),
    ]
    return Invoice(
        invoice_id="i1",
        invoice_number="INV-000042",
        customer_id="c1",
        status="open",
        overdue=False,
        currency="EUR",
        lines=lines,
        subtotal=11999,
        tax=2100,
        total=14099,
        paid=4000,
        remaining=10099,
        issued_at="2026-11-02T09:00:00Z",
        due_date="2026-12-02",
        order_id=None,
        order_number=None,
        note="",
        void_reason=None,
    )


def payment() -> Payment:
    settled = [Allocation(invoice_id="i1", invoice_number="INV-000042", amount=4000)]
    return Payment(
        payment_id="p1",
        payment_number="PAY-000007",
        customer_id="c1",
        status="succeeded",
        method="bank_transfer",
        amount=4000,
        currency="EUR",
        requested=settled,
        allocations=settled,
        credit=0,
        refunded=0,
        reference="Przelew Şahin Ørsted",
        failure=None,
        created_at="2026-11-10T10:00:00Z",
        posted_at="2026-11-10T10:00:05Z",
    )


def statement(movements: int = 2) -> Statement:
    entries = [
        StatementEntry(
            kind="invoice",
            reference=f"INV-{number:06d}",
            target_id=f"i{number}",
            amount=100,
            balance_after=100 * number,
            posted_at="2026-11-02T09:00:00Z",
        )
        for number in range(1, movements + 1)
    ]
    return Statement(
        customer_id="c1",
        currency="EUR",
        from_date="2026-11-01",
        to_date="2026-11-30",
        opening_balance=0,
        closing_balance=100 * movements,
        entries=entries,
    )


def read(body: bytes) -> tuple[str, list[str]]:
    """(the document's title, each page's text)."""
    document = pypdf.PdfReader(io.BytesIO(body))
    assert document.metadata is not None
    return str(document.metadata.title), [page.extract_text() for page in document.pages]


@pytest.mark.parametrize(("name", "language"), CUSTOMERS)
def test_the_invoice_receipt_and_statement_print_the_name_and_title_as_written(name: str, language: str) -> None:
    printed = [
        invoice_pdf(invoice(), customer(name, language)),
        receipt_pdf(payment(), customer(name, language)),
        statement_pdf(statement(), customer(name, language)),
    ]

    for body, expected_title in zip(printed, TITLES[language], strict=True):
        title, (text,) = read(body)
        assert title == expected_title
        assert name in text
        assert expected_title in text
        assert BUSINESS in text
        assert "?" not in text


def test_the_invoice_prints_its_lines_and_amounts() -> None:
    _, (text,) = read(invoice_pdf(invoice(), customer("Иванова", "pl")))

    assert "Žaluzie — montáž" in text
    assert "Ремонт котла" in text
    assert "Razem" in text
    assert "140,99\u00a0€" in text  # money as Polish writes it, the no-break space kept
    assert "Pozostało" in text
    assert "100,99\u00a0€" in text
    assert "EUR" not in text


def test_the_receipt_prints_its_reference_and_what_it_settled() -> None:
    _, (text,) = read(receipt_pdf(payment(), customer("Ayşe Şahin", "fr")))

    assert "Przelew Şahin Ørsted" in text
    assert "Réglé INV-000042" in text
    assert "40,00\u00a0€" in text
    assert "Moyen\u202f: Virement" in text  # French sets its colon apart


def test_a_name_typed_with_combining_accents_prints_as_the_letters_it_spells() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert decomposed != "Nguyễn Văn An"

    _, (text,) = read(invoice_pdf(invoice(), customer(decomposed)))

    assert "Nguyễn Văn An" in text


def test_a_long_statement_runs_onto_more_pages_with_every_movement_once() -> None:
    _, pages = read(statement_pdf(statement(movements=90), customer("Παπαδόπουλος", "en")))

    assert len(pages) >= 2
    text = "\n".join(pages)
    assert all(text.count(f"INV-{number:06d}") == 1 for number in range(1, 91))
    assert "Closing balance" in pages[-1]
    assert "€90.00" in pages[-1]


def test_only_the_glyphs_used_are_embedded() -> None:
    """The two faces are some 220 KB; a printout carries only the letters it uses."""
    printout = Printout("Иванова")
    printout.text(50, "Иванова", bold=True)

    assert len(printout.render()) < 20_000
