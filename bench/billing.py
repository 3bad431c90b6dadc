"""Billing costs the same however long a customer's history: the account summary, a
statement, and posting a payment, with 10 or 5,000 past ledger entries.

In-process on moto. The long history is written in batches (how it got there does not
matter to a read); each measure then runs through the real services.
"""

import statistics
from datetime import UTC, datetime

from bench.stack import moto_portal, round_trips
from functions.core.clock import FixedClock
from functions.core.ids import new_id
from functions.core.principal import customer_key
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import NewCustomer
from functions.customers.service import create_customer
from functions.payments import invoices, service, statement
from functions.payments.models import ACCOUNT, AccountItem, LedgerEntryItem
from functions.payments.schemas import NewInvoice, NewInvoiceLine, OfflinePayment

SAMPLES = 9
CLOCK = FixedClock(datetime(2026, 11, 20, 12, tzinfo=UTC))


def _history(customer_id: str, entries: int) -> None:
    """Entries a minute apart, ending before November, alternating +1000 and -1000."""
    balance = 0
    with LedgerEntryItem.batch_write() as batch:
        for n in range(entries):
            amount = 1000 if n % 2 == 0 else -1000
            balance += amount
            stamp = datetime.fromtimestamp(1_700_000_000 + n * 60, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            batch.save(
                LedgerEntryItem(
                    customer_key(customer_id),
                    f"LEDGER#{stamp}#{n + 1:012d}",
                    entry_id=f"{stamp}#{n + 1:012d}",
                    kind="invoice" if amount > 0 else "payment",
                    amount=amount,
                    balance_after=balance,
                    currency="EUR",
                    reference=f"X-{n}",
                    target_id=new_id(),
                    posted_at=stamp,
                )
            )
    AccountItem(customer_key(customer_id), ACCOUNT, currency="EUR", balance=balance, version=entries).save()
    line = NewInvoiceLine(description="This month", quantity=1, unit_price=5000, tax_rate=2400)
    invoices.issue(NewInvoice(customer_id=customer_id, currency="EUR", lines=[line], due_date="2026-12-01"), CLOCK)


def _pay(customer_id: str) -> None:
    request = OfflinePayment(customer_id=customer_id, amount=100, currency="EUR", method="cash")
    service.record_offline(request, "bench", new_id(), CLOCK)


def measure() -> dict[str, dict[str, tuple[float, int]]]:
    with moto_portal("portal-bench-billing") as outputs:
        directory = CognitoDirectory(outputs["UserPoolId"])
        customers = {
            label: create_customer(
                NewCustomer(name=label.title(), email=f"{label.lower()}@example.com"), directory, CLOCK
            ).customer_id
            for label in ("FEW", "MANY")
        }
        _history(customers["FEW"], 10)
        _history(customers["MANY"], 5_000)
        results: dict[str, dict[str, tuple[float, int]]] = {}
        for label, customer_id in customers.items():
            actions = {
                "account summary": lambda c=customer_id: invoices.summary(c, CLOCK),
                "statement, November": lambda c=customer_id: statement.statement(c, "2026-11-01", "2026-11-30"),
                "post a payment": lambda c=customer_id: _pay(c),
            }
            results[label] = {}
            for name, action in actions.items():
                # A posting copies the whole table in moto (its transaction rollback): fewer samples.
                samples = 3 if name == "post a payment" else SAMPLES
                runs = [round_trips(action) for _ in range(samples)]  # type: ignore[arg-type]
                results[label][name] = (statistics.median(t for t, _ in runs), max(c for _, c in runs))
        return results


def report(results: dict[str, dict[str, tuple[float, int]]]) -> str:
    lines = [f"billing, median of {SAMPLES}: 10 past ledger entries (baseline) vs 5,000"]
    for name, (few_ms, few_calls) in results["FEW"].items():
        many_ms, many_calls = results["MANY"][name]
        lines.append(
            f"  {name:22} {few_ms:6.1f} ms / {many_ms:6.1f} ms   {many_ms / few_ms:.2f}x   "
            f"{few_calls} / {many_calls} DynamoDB round trip(s)"
        )
    lines.append("  (moto scans a partition in memory, so its times grow where DynamoDB's do not)")
    return "\n".join(lines)


def main() -> None:
    print(report(measure()))
