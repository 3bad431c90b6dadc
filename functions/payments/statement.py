"""Statements: the opening balance, every movement in a date range, the closing balance.

Ledger entries carry the balance after them, so the opening balance is the last entry
before the range (one query of one item) and the movements are one range query.
"""

from datetime import date

from functions.core.errors import invalid_field
from functions.core.principal import customer_key
from functions.payments import ledger
from functions.payments.models import LedgerEntryItem
from functions.payments.schemas import Statement, StatementEntry


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise invalid_field(name, "not_a_date", f"{name} must be a date written YYYY-MM-DD.") from exc


def statement(customer_id: str, from_day: str, to_day: str) -> Statement:
    start, end = _day(from_day, "from"), _day(to_day, "to")
    if start > end:
        raise invalid_field("to", "ends_before_start", "from must not be after to.")
    partition = customer_key(customer_id)
    # Day-prefixed bounds: "LEDGER#2026-01-01T" sorts before every entry of that day.
    before = LedgerEntryItem.query(
        partition,
        LedgerEntryItem.sk.between("LEDGER#", f"LEDGER#{start.isoformat()}T"),
        scan_index_forward=False,
        limit=1,
    )
    last_before = next(iter(before), None)
    opening = int(last_before.balance_after) if last_before else 0
    entries = list(
        LedgerEntryItem.query(
            partition, LedgerEntryItem.sk.between(f"LEDGER#{start.isoformat()}T", f"LEDGER#{end.isoformat()}T~")
        )
    )
    account = ledger.account(customer_id)
    return Statement(
        customer_id=customer_id,
        currency=account.currency if account else None,
        from_date=start.isoformat(),
        to_date=end.isoformat(),
        opening_balance=opening,
        closing_balance=int(entries[-1].balance_after) if entries else opening,
        entries=[
            StatementEntry(
                kind=entry.kind,
                reference=entry.reference,
                target_id=entry.target_id,
                amount=int(entry.amount),
                balance_after=int(entry.balance_after),
                posted_at=entry.posted_at,
            )
            for entry in entries
        ],
    )
