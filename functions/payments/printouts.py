"""Invoices, receipts and statements as PDF, in the customer's language."""

from datetime import date

from functions.core import formats
from functions.core.pdf import MARGIN, PAGE_WIDTH, Printout
from functions.core.principal import Principal
from functions.core.settings import get_settings
from functions.payments.schemas import Invoice, Payment, Statement

RIGHT = PAGE_WIDTH - MARGIN
_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice", "receipt": "Payment receipt", "statement": "Statement of account",
        "issued": "Issued", "due": "Due", "order": "Order", "customer": "Customer",
        "description": "Description", "quantity": "Qty", "unit_price": "Unit price", "tax_rate": "Tax",
        "amount": "Amount", "subtotal": "Subtotal", "tax": "Tax", "total": "Total", "paid": "Paid",
        "remaining": "Remaining", "void": "VOID", "date": "Date", "method": "Method",
        "settled": "Settled", "credit": "Account credit", "refunded": "Refunded", "reference": "Reference",
        "period": "Period", "opening": "Opening balance", "closing": "Closing balance", "balance": "Balance",
        "card": "Card", "bank_transfer": "Bank transfer", "cash": "Cash",
        "kind_invoice": "Invoice", "kind_void": "Voided invoice", "kind_payment": "Payment", "kind_refund": "Refund",
    },
    "fr": {
        "invoice": "Facture", "receipt": "Reçu de paiement", "statement": "Relevé de compte",
        "issued": "Émise le", "due": "Échéance", "order": "Commande", "customer": "Client",
        "description": "Description", "quantity": "Qté", "unit_price": "Prix unitaire", "tax_rate": "TVA",
        "amount": "Montant", "subtotal": "Sous-total", "tax": "TVA", "total": "Total", "paid": "Payé",
        "remaining": "Reste à payer", "void": "ANNULÉE", "date": "Date", "method": "Moyen",
        "settled": "Réglé", "credit": "Avoir", "refunded": "Remboursé", "reference": "Référence",
        "period": "Période", "opening": "Solde d'ouverture", "closing": "Solde de clôture", "balance": "Solde",
        "card": "Carte", "bank_transfer": "Virement", "cash": "Espèces",
        "kind_invoice": "Facture", "kind_void": "Facture annulée", "kind_payment": "Paiement",
        "kind_refund": "Remboursement",
    },
    "pl": {
        "invoice": "Faktura", "receipt": "Potwierdzenie płatności", "statement": "Wyciąg z konta",
        "issued": "Wystawiono", "due": "Termin płatności", "order": "Zamówienie", "customer": "Klient",
        "description": "Opis", "quantity": "Ilość", "unit_price": "Cena jedn.", "tax_rate": "VAT",
        "amount": "Kwota", "subtotal": "Netto", "tax": "VAT", "total": "Razem", "paid": "Zapłacono",
        "remaining": "Pozostało", "void": "ANULOWANA", "date": "Data", "method": "Metoda",
        "settled": "Rozliczono", "credit": "Nadpłata", "refunded": "Zwrócono", "reference": "Tytuł",
        "period": "Okres", "opening": "Saldo początkowe", "closing": "Saldo końcowe", "balance": "Saldo",
        "card": "Karta", "bank_transfer": "Przelew", "cash": "Gotówka",
        "kind_invoice": "Faktura", "kind_void": "Anulowana faktura", "kind_payment": "Płatność",
        "kind_refund": "Zwrot",
    },
    "fi": {
        "invoice": "Lasku", "receipt": "Maksukuitti", "statement": "Tiliote",
        "issued": "Päivätty", "due": "Eräpäivä", "order": "Tilaus", "customer": "Asiakas",
        "description": "Kuvaus", "quantity": "Määrä", "unit_price": "À-hinta", "tax_rate": "ALV",
        "amount": "Summa", "subtotal": "Veroton", "tax": "ALV", "total": "Yhteensä", "paid": "Maksettu",
        "remaining": "Avoinna", "void": "MITÄTÖITY", "date": "Päivä", "method": "Tapa",
        "settled": "Kohdistettu", "credit": "Hyvitys", "refunded": "Palautettu", "reference": "Viite",
        "period": "Jakso", "opening": "Alkusaldo", "closing": "Loppusaldo", "balance": "Saldo",
        "card": "Kortti", "bank_transfer": "Tilisiirto", "cash": "Käteinen",
        "kind_invoice": "Lasku", "kind_void": "Mitätöity lasku", "kind_payment": "Maksu", "kind_refund": "Palautus",
    },
}  # fmt: skip


def _labels(language: str) -> dict[str, str]:
    return _LABELS.get(language, _LABELS["en"])


class _Writer:
    """The customer's language for a printout: its words, money, days, rates and labels."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.words = _labels(language)

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def money(self, amount: int, currency: str) -> str:
        return formats.money(amount, currency, self.language)

    def day(self, iso: str) -> str:
        return formats.day(date.fromisoformat(iso[:10]), self.language)

    def rate(self, basis_points: int) -> str:
        return formats.percent(basis_points, self.language)

    def labelled(self, key: str, value: str) -> str:
        return formats.labelled(self.words[key], value, self.language)


def _header(title: str, customer: Principal) -> Printout:
    page = Printout(title=title)
    page.text(MARGIN, get_settings().business_name, size=16, bold=True)
    page.line(24)
    page.text(MARGIN, title, size=13, bold=True)
    page.line(18)
    reached = customer.email or customer.mobile  # a contact may sign in by mobile alone
    named = f"{customer.name} <{reached}>" if reached else customer.name
    page.text(MARGIN, _Writer(customer.language).labelled("customer", named))
    page.line(16)
    return page


def _pair(page: Printout, label: str, value: str, bold: bool = False) -> None:
    page.text(RIGHT - 200, label, bold=bold)
    page.text(RIGHT, value, right=True, bold=bold)
    page.line()


def invoice_pdf(invoice: Invoice, customer: Principal) -> bytes:
    words = _Writer(customer.language)
    page = _header(f"{words['invoice']} {invoice.invoice_number}", customer)
    issued, due = (
        words.labelled("issued", words.day(invoice.issued_at)),
        words.labelled("due", words.day(invoice.due_date)),
    )
    page.text(MARGIN, f"{issued}    {due}")
    if invoice.order_number:
        page.line()
        page.text(MARGIN, words.labelled("order", invoice.order_number))
    if invoice.status == "void":
        page.line()
        page.text(MARGIN, words.labelled("void", invoice.void_reason or ""), bold=True)
    page.line(24)
    columns = [(MARGIN, "description", False), (330, "quantity", True), (400, "unit_price", True)]
    columns += [(450, "tax_rate", True), (RIGHT, "amount", True)]
    for x, key, right in columns:
        page.text(x, words[key], bold=True, right=right)
    page.line()
    page.rule()
    for line in invoice.lines:
        page.text(MARGIN, line.description[:48])
        page.text(330, str(line.quantity), right=True)
        page.text(400, words.money(line.unit_price, invoice.currency), right=True)
        page.text(450, words.rate(line.tax_rate), right=True)
        page.text(RIGHT, words.money(line.line_total, invoice.currency), right=True)
        page.line()
    page.rule()
    _pair(page, words["subtotal"], words.money(invoice.subtotal, invoice.currency))
    _pair(page, words["tax"], words.money(invoice.tax, invoice.currency))
    _pair(page, words["total"], words.money(invoice.total, invoice.currency), bold=True)
    _pair(page, words["paid"], words.money(invoice.paid, invoice.currency))
    _pair(page, words["remaining"], words.money(invoice.remaining, invoice.currency), bold=True)
    return page.render()


def receipt_pdf(payment: Payment, customer: Principal) -> bytes:
    words = _Writer(customer.language)
    page = _header(f"{words['receipt']} {payment.payment_number}", customer)
    page.text(MARGIN, words.labelled("date", words.day(payment.posted_at or payment.created_at)))
    page.line()
    page.text(MARGIN, words.labelled("method", words[payment.method]))
    if payment.reference:
        page.line()
        page.text(MARGIN, words.labelled("reference", payment.reference))
    page.line(24)
    _pair(page, words["amount"], words.money(payment.amount, payment.currency), bold=True)
    page.line(6)
    for allocation in payment.allocations:
        _pair(page, f"{words['settled']} {allocation.invoice_number}", words.money(allocation.amount, payment.currency))
    if payment.credit:
        _pair(page, words["credit"], words.money(payment.credit, payment.currency))
    if payment.refunded:
        _pair(page, words["refunded"], words.money(payment.refunded, payment.currency))
    return page.render()


def statement_pdf(statement: Statement, customer: Principal) -> bytes:
    words = _Writer(customer.language)
    currency = statement.currency or "EUR"
    page = _header(words["statement"], customer)
    page.text(
        MARGIN, words.labelled("period", f"{words.day(str(statement.from_date))} – {words.day(str(statement.to_date))}")
    )
    page.line(24)
    _pair(page, words["opening"], words.money(statement.opening_balance, currency), bold=True)
    page.line(6)
    for key, x, right in (("date", MARGIN, False), ("reference", 130, False), ("amount", 430, True)):
        page.text(x, words[key], bold=True, right=right)
    page.text(RIGHT, words["balance"], bold=True, right=True)
    page.line()
    page.rule()
    for entry in statement.entries:
        page.text(MARGIN, words.day(entry.posted_at))
        page.text(130, f"{words['kind_' + entry.kind]} {entry.reference}")
        page.text(430, words.money(entry.amount, currency), right=True)
        page.text(RIGHT, words.money(entry.balance_after, currency), right=True)
        page.line()
    page.rule()
    _pair(page, words["closing"], words.money(statement.closing_balance, currency), bold=True)
    return page.render()
