import pytest

from functions.core.money import CurrencyMismatch, Money


def test_adding_and_subtracting_keeps_minor_units() -> None:
    total = Money(amount=1999, currency="EUR") + Money(amount=1, currency="EUR") - Money(amount=500, currency="EUR")

    assert total == Money(amount=1500, currency="EUR")


def test_different_currencies_never_mix() -> None:
    with pytest.raises(CurrencyMismatch):
        Money(amount=1, currency="EUR") + Money(amount=1, currency="USD")


@pytest.mark.parametrize(
    ("amount", "basis_points", "expected"),
    [(1000, 2400, 240), (1050, 2400, 252), (125, 1000, 13), (124, 1000, 12), (-125, 1000, -13), (0, 2400, 0)],
)
def test_percentages_round_half_away_from_zero(amount: int, basis_points: int, expected: int) -> None:
    assert Money(amount=amount, currency="EUR").percent(basis_points).amount == expected


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(amount=123456, currency="EUR"), "1234.56 EUR"),
        (Money(amount=-5, currency="USD"), "-0.05 USD"),
        (Money(amount=500, currency="JPY"), "500 JPY"),
        (Money(amount=1234, currency="KWD"), "1.234 KWD"),
    ],
)
def test_plain_format_uses_the_currencys_minor_digits(money: Money, text: str) -> None:
    assert money.format_plain() == text


def test_a_currency_must_be_an_iso_code() -> None:
    with pytest.raises(ValueError, match="currency"):
        Money(amount=1, currency="euro")
