"""Amounts, days and times in the four languages, exactly as the pages' Intl writes them
(Node 20's Intl gave every expected string below; the spaces are U+202F and U+00A0)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from functions.core.formats import day, day_and_time, labelled, money, number, percent, time_of_day

NB = "\u00a0"  # no-break space
NN = "\u202f"  # narrow no-break space
MINUS = "\u2212"


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (123675, "EUR", "en", "€1,236.75"),
        (123675, "EUR", "fr", f"1{NN}236,75{NB}€"),
        (123675, "EUR", "pl", f"1236,75{NB}€"),
        (123675, "EUR", "fi", f"1{NB}236,75{NB}€"),
        (123675, "PLN", "pl", f"1236,75{NB}zł"),
        (123675, "PLN", "en", f"PLN{NB}1,236.75"),
        (123675, "PLN", "fr", f"1{NN}236,75{NB}PLN"),
        (1234567890, "USD", "pl", f"12{NB}345{NB}678,90{NB}USD"),  # five digits and more are grouped
        (1234567890, "USD", "fr", f"12{NN}345{NN}678,90{NB}$US"),
        (1234567890, "USD", "fi", f"12{NB}345{NB}678,90{NB}$"),
        (123675, "GBP", "fr", f"1{NN}236,75{NB}£GB"),
        (123675, "CAD", "en", "CA$1,236.75"),
    ],
)
def test_money_reads_as_the_pages_write_it(amount: int, currency: str, language: str, expected: str) -> None:
    assert money(amount, currency, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "-€1,236.75"), ("fr", f"-1{NN}236,75{NB}€"), ("pl", f"-1236,75{NB}€"), ("fi", f"{MINUS}1{NB}236,75{NB}€")],
)
def test_a_negative_amount_keeps_its_sign_in_the_language_s_minus(language: str, expected: str) -> None:
    assert money(-123675, "EUR", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "€0.00"), ("fr", f"0,00{NB}€"), ("pl", f"0,00{NB}€"), ("fi", f"0,00{NB}€")]
)
def test_zero_shows_its_decimals(language: str, expected: str) -> None:
    assert money(0, "EUR", language) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (1234, "JPY", "en", "¥1,234"),
        (1234, "JPY", "fr", f"1{NN}234{NB}JPY"),
        (1234, "JPY", "pl", f"1234{NB}JPY"),
        (1234, "JPY", "fi", f"1{NB}234{NB}¥"),
        (-5, "JPY", "fi", f"{MINUS}5{NB}¥"),
        (1234, "KWD", "en", f"KWD{NB}1.234"),
        (1234567, "KWD", "fr", f"1{NN}234,567{NB}KWD"),
        (1234567, "KWD", "pl", f"1234,567{NB}KWD"),
        (1234567, "KWD", "fi", f"1{NB}234,567{NB}KWD"),
        (12500, "IQD", "en", f"IQD{NB}12.500"),  # ISO's 3 decimals, as the pages (Intl alone says 0)
    ],
)
def test_a_currency_has_iso_s_decimals(amount: int, currency: str, language: str, expected: str) -> None:
    assert money(amount, currency, language) == expected


def test_a_code_the_table_does_not_know_gets_two_decimals_and_its_code() -> None:
    assert money(123675, "XYZ", "en") == f"XYZ{NB}1,236.75"
    assert money(123675, "XYZ", "fr") == f"1{NN}236,75{NB}XYZ"


def test_another_language_is_written_as_english() -> None:
    assert money(123675, "EUR", "de") == "€1,236.75"
    assert day(date(2026, 12, 15), "de") == "Dec 15, 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Dec 15, 2026"), ("fr", "15 déc. 2026"), ("pl", "15 gru 2026"), ("fi", "15.12.2026")],
)
def test_a_day_reads_as_the_pages_write_it(language: str, expected: str) -> None:
    assert day(date(2026, 12, 15), language) == expected


@pytest.mark.parametrize(
    ("when", "language", "expected"),
    [
        (date(2026, 1, 5), "en", "Jan 5, 2026"),
        (date(2026, 1, 5), "fr", "5 janv. 2026"),
        (date(2026, 6, 5), "fr", "5 juin 2026"),
        (date(2026, 7, 5), "fr", "5 juil. 2026"),
        (date(2026, 8, 5), "fr", "5 août 2026"),
        (date(2026, 10, 5), "pl", "5 paź 2026"),
        (date(2026, 1, 5), "fi", "5.1.2026"),
    ],
)
def test_months_are_each_language_s_short_names(when: date, language: str, expected: str) -> None:
    assert day(when, language) == expected


@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        (datetime(2026, 12, 15, 12, 30, tzinfo=UTC), "en", "2:30 PM (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 12, 30, tzinfo=UTC), "fr", "14:30 (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 12, 30, tzinfo=UTC), "pl", "14:30 (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 12, 30, tzinfo=UTC), "fi", "14.30 (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 6, 5, tzinfo=UTC), "en", "8:05 AM (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 6, 5, tzinfo=UTC), "fr", "08:05 (Europe/Helsinki)"),
        (datetime(2026, 12, 15, 6, 5, tzinfo=UTC), "fi", "8.05 (Europe/Helsinki)"),
        (datetime(2026, 12, 14, 22, 0, tzinfo=UTC), "en", "12:00 AM (Europe/Helsinki)"),  # midnight there
        (datetime(2026, 7, 1, 9, 0, tzinfo=UTC), "fr", "12:00 (Europe/Helsinki)"),  # summer time: UTC+3
    ],
)
def test_a_time_is_on_the_business_s_clock_and_says_which(moment: datetime, language: str, expected: str) -> None:
    assert time_of_day(moment, language, "Europe/Helsinki") == expected


def test_a_wall_clock_time_is_taken_as_the_zone_s_own() -> None:
    assert time_of_day(datetime(2026, 12, 15, 14, 30), "fr", "Europe/Paris") == "14:30 (Europe/Paris)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Dec 15, 2026, 2:30 PM (Europe/Helsinki)"),
        ("fr", "15 déc. 2026, 14:30 (Europe/Helsinki)"),
        ("pl", "15 gru 2026, 14:30 (Europe/Helsinki)"),
        ("fi", "15.12.2026 klo 14.30 (Europe/Helsinki)"),
    ],
)
def test_a_day_and_time_together(language: str, expected: str) -> None:
    assert day_and_time(datetime(2026, 12, 15, 12, 30, tzinfo=UTC), language, "Europe/Helsinki") == expected


def test_the_day_is_the_business_s_day() -> None:
    late_in_utc = datetime(2026, 12, 15, 23, 30, tzinfo=UTC)  # already the 16th in Helsinki
    assert day_and_time(late_in_utc, "fi", "Europe/Helsinki") == "16.12.2026 klo 1.30 (Europe/Helsinki)"


@pytest.mark.parametrize(
    ("n", "language", "expected"),
    [
        (0, "fr", "0"),
        (1234, "en", "1,234"),
        (1234, "fr", f"1{NN}234"),
        (1234, "pl", "1234"),
        (12345, "pl", f"12{NB}345"),
        (-1234, "fi", f"{MINUS}1{NB}234"),
        (Decimal("1234567.5"), "fr", f"1{NN}234{NN}567,5"),
        (Decimal("1.0005"), "en", "1.001"),  # at most three decimals, half away from zero
        (Decimal("-0.0001"), "en", "-0"),
    ],
)
def test_number(n: int | Decimal, language: str, expected: str) -> None:
    assert number(n, language) == expected


@pytest.mark.parametrize(
    ("basis_points", "language", "expected"),
    [(2550, "en", "25.5%"), (2550, "fr", f"25,5{NN}%"), (2400, "pl", "24%"), (1400, "fi", f"14{NB}%")],
)
def test_percent_as_intl_writes_it(basis_points: int, language: str, expected: str) -> None:
    assert percent(basis_points, language) == expected


def test_a_label_takes_the_language_s_colon() -> None:
    assert labelled("Total", "9 €", "en") == "Total: 9 €"
    assert labelled("Total", "9 €", "fr") == f"Total{NN}: 9 €"
    assert labelled("Razem", "9 zł", "pl") == "Razem: 9 zł"
