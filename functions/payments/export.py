"""The account's invoices, payments, ledger and balance, and their printouts (invoices, receipts,
yearly statements as PDF), for the account's data export (functions/documents/exports.py).

Each call reads one DynamoDB page (a statement: its year's entries) and returns what it found
and the cursor after it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from functions.core.clock import Clock
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.principal import Principal, customer_key
from functions.payments import invoices, printouts, service
from functions.payments.models import LedgerEntryItem
from functions.payments.schemas import StatementEntry
from functions.payments.statement import statement

SECTIONS = ("invoices", "payments", "ledger", "balance")
PRINTOUTS = ("invoices", "receipts", "statements")
PAGE = 50
PRINTOUT_PAGE = 10  # PDFs rendered in one step: a few seconds at most
RECEIPTED = frozenset({"succeeded", "refunded"})  # a payment that moved money has a receipt


@dataclass(frozen=True)
class Printed:
    """One PDF: its name in the export and its bytes."""

    file_name: str
    body: bytes


def export_page(
    account_id: str, contact_id: str, section: str, cursor: str | None, clock: Clock
) -> Page[dict[str, Any]]:
    """One page of the account's `section`: invoices, payments, ledger (oldest first) or balance."""
    if section == "invoices":
        found = invoices.invoices_of(account_id, None, cursor, PAGE, clock)
        return _dumped(found.items, found.next_cursor)
    if section == "payments":
        paid = service.payments_of(account_id, cursor, PAGE)
        return _dumped(paid.items, paid.next_cursor)
    if section == "ledger":
        results: Any = LedgerEntryItem.query(
            customer_key(account_id),
            LedgerEntryItem.sk.startswith("LEDGER#"),
            limit=PAGE,
            last_evaluated_key=decode_cursor(cursor),
        )
        entries = [_entry(item) for item in results]
        return _dumped(entries, encode_cursor(results.last_evaluated_key))
    if section == "balance":
        return _dumped([invoices.summary(account_id, clock)], None)
    raise LookupError(f"the payments domain exports no {section}")


def printout_page(kind: str, account_id: str, cursor: str | None, reader: Principal, clock: Clock) -> Page[Printed]:
    """One page of PDFs: every invoice, every receipt, or one statement a year (cursor: the year)."""
    if kind == "invoices":
        found = invoices.invoices_of(account_id, None, cursor, PRINTOUT_PAGE, clock)
        pdfs = [Printed(f"{i.invoice_number}.pdf", printouts.invoice_pdf(i, reader)) for i in found.items]
        return Page[Printed](items=pdfs, next_cursor=found.next_cursor)
    if kind == "receipts":
        paid = service.payments_of(account_id, cursor, PRINTOUT_PAGE)
        pdfs = [
            Printed(f"{p.payment_number}.pdf", printouts.receipt_pdf(p, reader))
            for p in paid.items
            if p.status in RECEIPTED
        ]
        return Page[Printed](items=pdfs, next_cursor=paid.next_cursor)
    if kind == "statements":
        return _statement_of_year(account_id, cursor, reader, clock)
    raise LookupError(f"the payments domain prints no {kind}")


def _statement_of_year(account_id: str, cursor: str | None, reader: Principal, clock: Clock) -> Page[Printed]:
    """The statement of one calendar year, from the ledger's first year to this one."""
    this_year = clock.now().year
    if cursor is None:
        first = next(
            iter(LedgerEntryItem.query(customer_key(account_id), LedgerEntryItem.sk.startswith("LEDGER#"), limit=1)),
            None,
        )
        if first is None:
            return Page[Printed](items=[])
        year = int(first.posted_at[:4])
    else:
        year = int(cursor)
    last_day = clock.now().date() if year == this_year else date(year, 12, 31)
    found = statement(account_id, f"{year}-01-01", last_day.isoformat())
    pdf = Printed(f"statement-{year}.pdf", printouts.statement_pdf(found, reader))
    return Page[Printed](items=[pdf], next_cursor=str(year + 1) if year < this_year else None)


def _entry(item: LedgerEntryItem) -> StatementEntry:
    return StatementEntry(
        kind=item.kind,
        reference=item.reference,
        target_id=item.target_id,
        amount=int(item.amount),
        balance_after=int(item.balance_after),
        posted_at=item.posted_at,
    )


def _dumped(items: list[Any], next_cursor: str | None) -> Page[dict[str, Any]]:
    return Page[dict[str, Any]](items=[item.model_dump(mode="json") for item in items], next_cursor=next_cursor)
