"""Posting money to a customer's account: the balance, its ledger entry and the documents that
cause them (invoice, payment) change in one transaction, or not at all.

The account item carries a version. A posting reads it, plans its writes from what it read,
and commits only if the version is still the one it read (and every other condition of the
plan still holds); otherwise it reads again and plans again. Concurrent postings for one
customer therefore line up one after another, and each ledger entry knows the exact
balance after it.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.core import deadline, idempotency
from functions.core.errors import Conflict, Unavailable
from functions.core.idempotency import IdempotencyItem
from functions.core.principal import customer_key
from functions.core.transactions import Transaction
from functions.payments.models import ACCOUNT, AccountItem, LedgerEntryItem

MAX_ATTEMPTS = 100
# What one more read, plan and commit may take: no new try starts without this much time left.
ATTEMPT_SECONDS = 0.5
Write = Callable[[TransactWrite], None]


@dataclass(frozen=True)
class Movement:
    kind: str  # invoice | void | payment | refund
    amount: int  # signed, as it changes the balance
    reference: str
    target_id: str


@dataclass(frozen=True)
class Due:
    """What an invoice still owes after a posting, and by when; left 0: nothing (paid or void)."""

    invoice_id: str
    due_date: str
    left: int


@dataclass
class Posting:
    """What one attempt will write. No movements and no writes: nothing to do."""

    currency: str = ""
    movements: list[Movement] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    dues: list[Due] = field(default_factory=list)


def ledger_time(moment: datetime) -> str:
    """Fixed width, so ledger keys sort by time."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def account(customer_id: str) -> AccountItem | None:
    try:
        return AccountItem.get(customer_key(customer_id), ACCOUNT, consistent_read=True)
    except DoesNotExist:
        return None


@dataclass(frozen=True)
class Standing:
    """A customer's account as a page shows it: currency (None before the first invoice), the
    balance (negative: credit) and what each open invoice still owes by when."""

    currency: str | None
    balance: int
    dues: list[Due]


def account_key(customer_id: str) -> tuple[str, str]:
    """Where a customer's account is kept, for a read batched with other domains' items."""
    return customer_key(customer_id), ACCOUNT


def standing_from(raw: dict[str, Any] | None) -> Standing:
    """The standing in an account item read raw at account_key; None (no invoice yet): nothing owed."""
    if raw is None:
        return Standing(currency=None, balance=0, dues=[])
    found = AccountItem.from_raw_data(raw)
    dues = found.open_dues.as_dict() if found.open_dues else {}  # type: ignore[no-untyped-call]
    return Standing(
        currency=found.currency,
        balance=int(found.balance),
        dues=[Due(invoice_id, str(due["due_date"]), int(due["left"])) for invoice_id, due in dues.items()],
    )


def check_currency(found: AccountItem | None, currency: str) -> None:
    if found is not None and found.currency != currency:
        raise Conflict(
            f"This customer's account is kept in {found.currency}; it cannot take {currency}.",
            code="account_currency_mismatch",
            values={"account_currency": found.currency, "currency": currency},
        )


def post(
    customer_id: str, plan: Callable[[], Posting], now: Callable[[], datetime], once: IdempotencyItem | None = None
) -> str | None:
    """Run plan() and commit its writes with its movements, retrying on any race while the
    invocation has time (core.deadline); then a 503 to try again, never Lambda's timeout.

    With `once` (an Idempotency-Key marker, core.idempotency), the posting is made with the
    marker or not at all: the id an earlier request with the same key made is returned instead.
    """
    with deadline.kept():
        for attempt in range(MAX_ATTEMPTS):
            earlier = idempotency.made_by(once) if once is not None else None
            if earlier is not None:
                return earlier
            posting = plan()  # may raise a DomainError: then nothing is written
            if not posting.movements and not posting.writes:
                return None
            try:
                with Transaction() as transaction:
                    if once is not None:
                        transaction.save(once, condition=IdempotencyItem.pk.does_not_exist())
                    if posting.movements:
                        # Read last, so the window in which another posting can intervene is short.
                        _move_balance(transaction, customer_id, account(customer_id), posting, now())
                    for write in posting.writes:
                        write(transaction)
                return None
            except (TransactWriteError, Unavailable):
                pass  # a condition failed (another posting won) or DynamoDB was busy: plan again
            # Exponential backoff with full jitter: losers spread out instead of colliding again.
            pause = random.uniform(0, min(1.0, 0.005 * 2**attempt))  # noqa: S311 - jitter, not secrecy
            if deadline.seconds_left() < pause + ATTEMPT_SECONDS:
                break
            time.sleep(pause)
        raise Unavailable("The account is busy with other payments. Please try again in a moment.", code="account_busy")


def _move_balance(
    transaction: TransactWrite, customer_id: str, current: AccountItem | None, posting: Posting, moment: datetime
) -> None:
    check_currency(current, posting.currency)
    version = int(current.version) if current else 0
    balance = int(current.balance) if current else 0
    # Never before the last entry, so the ledger's time order is its version order even if
    # two Lambdas' clocks disagree by a few milliseconds.
    stamp = max(ledger_time(moment), current.last_posted_at or "") if current else ledger_time(moment)
    for index, movement in enumerate(posting.movements):
        balance += movement.amount
        entry_version = version + index + 1
        entry = LedgerEntryItem(
            customer_key(customer_id),
            f"LEDGER#{stamp}#{entry_version:012d}",
            entry_id=f"{stamp}#{entry_version:012d}",
            kind=movement.kind,
            amount=movement.amount,
            balance_after=balance,
            currency=posting.currency,
            reference=movement.reference,
            target_id=movement.target_id,
            posted_at=stamp,
        )
        transaction.save(entry, condition=LedgerEntryItem.pk.does_not_exist())
    new_version = version + len(posting.movements)
    # The open invoices' remainders ride on the account, under its version: the dashboard
    # reads what is due and overdue from this one item.
    open_dues = dict(current.open_dues.as_dict()) if current and current.open_dues else {}  # type: ignore[no-untyped-call]
    for due in posting.dues:
        if due.left > 0:
            open_dues[due.invoice_id] = {"due_date": due.due_date, "left": due.left}
        else:
            open_dues.pop(due.invoice_id, None)
    actions: list[Any] = [
        AccountItem.open_dues.set(open_dues),
        AccountItem.balance.set(balance),
        AccountItem.version.set(new_version),
        AccountItem.currency.set(posting.currency),
        AccountItem.last_posted_at.set(stamp),
    ]
    condition: Any = AccountItem.pk.does_not_exist() if current is None else AccountItem.version == version
    transaction.update(AccountItem(customer_key(customer_id), ACCOUNT), actions=actions, condition=condition)
