"""Which orders wait for an account admin (orders.spending), at the edges of a limit."""

import pytest

from functions.core.money import Money
from functions.core.principal import Membership, Principal
from functions.orders.spending import limit_of, needs_approval

FIFTY = Money(amount=5000, currency="EUR")


@pytest.mark.parametrize(
    ("total", "currency", "waits"),
    [
        (4999, "EUR", False),
        (5000, "EUR", False),  # exactly the limit: within it
        (5001, "EUR", True),  # one cent above
        (0, "USD", True),  # another currency than the limit's waits, whatever the amount
        (10**12, "EUR", True),
    ],
)
def test_an_order_waits_above_its_buyer_s_limit_or_in_another_currency(total: int, currency: str, waits: bool) -> None:
    assert needs_approval(FIFTY, total, currency) is waits


def test_no_limit_lets_any_order_through() -> None:
    assert needs_approval(None, 10**12, "JPY") is False


def _contact(role: str, limit: int | None, currency: str | None = "EUR") -> Principal:
    account = Membership("A1", "Aurora Bistro Oy", role, "all", limit, currency)
    return Principal(
        "C1", "customer", "Bob", "bob@example.com", None, "en", True, 0, memberships=(account,), account=account
    )


def test_only_a_buyer_s_orders_are_held_to_their_limit() -> None:
    assert limit_of(_contact("buyer", 5000)) == FIFTY
    assert limit_of(_contact("buyer", 0)) == Money(amount=0, currency="EUR")  # every order waits
    assert limit_of(_contact("admin", 5000)) is None  # an admin orders freely
    assert limit_of(_contact("buyer", None, None)) is None
    no_account = Principal("C1", "customer", "Bob", "bob@example.com", None, "en", True, 0)
    assert limit_of(no_account) is None
