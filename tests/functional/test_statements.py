"""Statements add up for any history: opening balance + movements = closing balance."""

import contextlib
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.core.clock import FixedClock
from functions.core.errors import Conflict
from functions.core.ids import new_id
from functions.payments import invoices, ledger, posting, service, statement
from functions.payments.models import PaymentItem
from functions.payments.schemas import NewInvoice, NewInvoiceLine

START = date(2026, 1, 1)
# One step of a history: (day offset, what happens, an amount or which invoice)
steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=60),
        st.sampled_from(["invoice", "payment", "void", "refund"]),
        st.integers(min_value=1, max_value=50_000),
    ),
    min_size=1,
    max_size=12,
)


def _apply(customer_id: str, history: list[tuple[int, str, int]]) -> None:
    issued: list[str] = []
    paid: list[PaymentItem] = []
    for offset, action, amount in sorted(history, key=lambda step: step[0]):
        clock = FixedClock(datetime.combine(START + timedelta(days=offset), datetime.min.time(), tzinfo=UTC))
        if action == "invoice":
            line = NewInvoiceLine(description="Work", quantity=1, unit_price=amount, tax_rate=2400)
            request = NewInvoice(customer_id=customer_id, currency="EUR", lines=[line], due_date="2099-01-01")
            issued.append(invoices.issue(request, clock).invoice_id)
        elif action == "payment":
            payment_id = new_id()
            payment = PaymentItem(
                f"CUSTOMER#{customer_id}",
                f"PAYMENT#{payment_id}",
                payment_id=payment_id,
                payment_number=f"PAY-{len(paid)}",
                customer_id=customer_id,
                status="succeeded",
                method="cash",
                amount=amount,
                currency="EUR",
                requested=[],
                created_at=clock.now().isoformat(),
            )
            posting.settle(payment, amount, None, clock, new=True)
            paid.append(payment)
        elif action == "void" and issued:
            with contextlib.suppress(Conflict):  # paid or already void: refused, and nothing moves
                invoices.void(issued[amount % len(issued)], "changed my mind", "test", clock)
        elif action == "refund" and paid:
            chosen = service.payment_item(customer_id, paid[amount % len(paid)].payment_id)
            refundable = int(chosen.amount) - int(chosen.refunded)
            if refundable:
                refund_to = int(chosen.refunded) + 1 + amount % refundable
                posting.refund(chosen, refund_to, posting.EventMarker("test", new_id()), clock)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=steps, cut=st.integers(min_value=0, max_value=60), span=st.integers(min_value=0, max_value=60))
def test_opening_plus_movements_is_closing(
    settings_env: dict[str, str], history: list[tuple[int, str, int]], cut: int, span: int
) -> None:
    customer_id = new_id()  # a new customer per example: histories do not mix
    _apply(customer_id, history)
    start = START + timedelta(days=cut)
    found = statement.statement(customer_id, start.isoformat(), (start + timedelta(days=span)).isoformat())
    assert found.opening_balance + sum(entry.amount for entry in found.entries) == found.closing_balance
    whole = statement.statement(customer_id, START.isoformat(), (START + timedelta(days=61)).isoformat())
    account = ledger.account(customer_id)
    assert whole.opening_balance == 0
    assert whole.closing_balance == (int(account.balance) if account else 0)
    # The balance is invoices minus payments, however they interleaved.
    summary = invoices.summary(customer_id, FixedClock(datetime(2026, 6, 1, tzinfo=UTC)))
    assert summary.balance == summary.amount_due - summary.credit
    assert summary.balance == sum(entry.amount for entry in whole.entries)
