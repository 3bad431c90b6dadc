"""Money, days, times and numbers as the customer's language writes them, for server texts.

The pages format with the browser's Intl (web/js/ui.js `money`, `day`, `dateTime`); e-mails,
text messages and in-portal notifications must read the same, so these are Intl's outputs
(CLDR 48, as Node 20 gives them) for the portal's four languages, written out as tables: no
Babel or ICU in the Lambda bundles. tests/unit/test_formats.py holds the exact strings.

The spaces are part of the spelling: French groups digits with a narrow no-break space
(U+202F), Polish and Finnish with a no-break space (U+00A0), and all three put a no-break
space between an amount and its currency, so "1 236,75 €" never breaks across two lines.
Finnish writes a minus as U+2212. Polish leaves four-digit numbers ungrouped ("1236,75").
The decimals of a currency are ISO 4217's (core.money), as the pages', not Intl's.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from functions.core.money import minor_digits

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space


@dataclass(frozen=True)
class _Numbers:
    group: str
    decimal: str
    minus: str
    min_grouping: int  # digits before the first group separator appears: Polish writes 1234, 12 345
    currency_first: bool  # en: "€1.00"; the others: "1,00 €"


@dataclass(frozen=True)
class _Dates:
    months: tuple[str, ...]
    day: str  # str.format pattern over d (day), m (month number), month (abbreviated name), y
    time_24h: bool
    hour_padded: bool
    time_separator: str
    day_and_time: str  # how a day and a time join: "{day}, {time}"


_NUMBERS = {
    "en": _Numbers(group=",", decimal=".", minus="-", min_grouping=1, currency_first=True),
    "fr": _Numbers(group=NNBSP, decimal=",", minus="-", min_grouping=1, currency_first=False),
    "pl": _Numbers(group=NBSP, decimal=",", minus="-", min_grouping=2, currency_first=False),
    "fi": _Numbers(group=NBSP, decimal=",", minus="\u2212", min_grouping=1, currency_first=False),
}

_DATES = {
    "en": _Dates(
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        day="{month} {d}, {y}",
        time_24h=False,
        hour_padded=False,
        time_separator=":",
        day_and_time="{day}, {time}",
    ),
    "fr": _Dates(
        months=(
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        day="{d} {month} {y}",
        time_24h=True,
        hour_padded=True,
        time_separator=":",
        day_and_time="{day}, {time}",
    ),
    "pl": _Dates(
        months=("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"),
        day="{d} {month} {y}",
        time_24h=True,
        hour_padded=True,
        time_separator=":",
        day_and_time="{day}, {time}",
    ),
    "fi": _Dates(
        months=(),  # numeric days only
        day="{d}.{m}.{y}",
        time_24h=True,
        hour_padded=False,
        time_separator=".",
        day_and_time="{day} klo {time}",
    ),
}

# Intl's currency symbols ("symbol" display) where a language has one; every other currency
# is written with its code. Taken from Node's Intl for every code in core/currencies.json.
_SYMBOLS: dict[str, dict[str, str]] = {
    "en": {
        "AUD": "A$",
        "BRL": "R$",
        "CAD": "CA$",
        "CNY": "CN¥",
        "EUR": "€",
        "GBP": "£",
        "HKD": "HK$",
        "ILS": "₪",
        "INR": "₹",
        "JPY": "¥",
        "KRW": "₩",
        "MXN": "MX$",
        "NZD": "NZ$",
        "PHP": "₱",
        "TWD": "NT$",
        "USD": "$",
        "VND": "₫",
        "XAF": "FCFA",
        "XCD": "EC$",
        "XCG": "Cg.",
        "XOF": f"F{NNBSP}CFA",
        "XPF": "CFPF",
    },
    "fr": {
        "ARS": "$AR",
        "AUD": "$AU",
        "BMD": "$BM",
        "BND": "$BN",
        "BRL": "R$",
        "BZD": "$BZ",
        "CAD": "$CA",
        "CLP": "$CL",
        "COP": "$CO",
        "EUR": "€",
        "FJD": "$FJ",
        "FKP": "£FK",
        "GBP": "£GB",
        "GIP": "£GI",
        "ILS": "₪",
        "INR": "₹",
        "KRW": "₩",
        "LBP": "£LB",
        "MXN": "$MX",
        "NAD": "$NA",
        "NZD": "$NZ",
        "SBD": "$SB",
        "SGD": "$SG",
        "SRD": "$SR",
        "TTD": "$TT",
        "USD": "$US",
        "UYU": "$UY",
        "VND": "₫",
        "WST": "$WS",
        "XAF": "FCFA",
        "XCG": "Cg.",
        "XOF": f"F{NNBSP}CFA",
        "XPF": "FCFP",
    },
    "pl": {
        "BRL": "R$",
        "EUR": "€",
        "PLN": "zł",
        "XAF": "FCFA",
        "XCD": "EC$",
        "XOF": f"F{NNBSP}CFA",
        "XPF": "CFPF",
    },
    "fi": {
        "EUR": "€",
        "GBP": "£",
        "JPY": "¥",
        "USD": "$",
        "XAF": "FCFA",
        "XCG": "Cg.",
        "XOF": f"F{NNBSP}CFA",
    },
}


def _language(language: str) -> str:
    """One of the four; anything else is written as English (as render falls back)."""
    return language if language in _NUMBERS else "en"


def _digits(whole: int, numbers: _Numbers) -> str:
    text = str(whole)
    if len(text) < 4 + numbers.min_grouping - 1:
        return text
    groups = []
    while len(text) > 3:
        text, last = text[:-3], text[-3:]
        groups.append(last)
    return numbers.group.join([text, *reversed(groups)])


def _decimal(value: Decimal, fraction_digits: int, numbers: _Numbers, keep_zeros: bool) -> str:
    """|value| with `fraction_digits` decimals, rounded half away from zero (Intl's halfExpand)."""
    rounded = abs(value).quantize(Decimal(1).scaleb(-fraction_digits), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    body = _digits(int(whole), numbers)
    return f"{body}{numbers.decimal}{fraction}" if fraction else body


def money(amount_minor: int, currency: str, language: str) -> str:
    """Minor units as the language writes money: 123675 EUR is "€1,236.75" in English and
    "1 236,75 €" in French; with ISO 4217's decimals (0 for JPY, 3 for KWD)."""
    numbers = _NUMBERS[_language(language)]
    digits = minor_digits(currency)
    body = _decimal(Decimal(amount_minor).scaleb(-digits), digits, numbers, keep_zeros=True)
    sign = numbers.minus if amount_minor < 0 else ""
    symbol = _SYMBOLS[_language(language)].get(currency, currency)
    if not numbers.currency_first:
        return f"{sign}{body}{NBSP}{symbol}"
    # CLDR's currency spacing: a symbol ending in a letter ("PLN", "FCFA") keeps apart from
    # the digits; "$", "€" and "CA$" do not.
    gap = NBSP if not _is_symbol(symbol[-1]) else ""
    return f"{sign}{symbol}{gap}{body}"


def _is_symbol(character: str) -> bool:
    return unicodedata.category(character).startswith("S")


def number(n: int | Decimal, language: str) -> str:
    """A number as Intl.NumberFormat(language) writes it: grouped, at most 3 decimals."""
    numbers = _NUMBERS[_language(language)]
    value = Decimal(n)
    body = _decimal(value, 3, numbers, keep_zeros=False)
    return f"{numbers.minus if value < 0 else ''}{body}"


# Intl's percent sign: "25.5%" in English and Polish, "25,5 %" in French (U+202F), "25,5 %" in Finnish (U+00A0).
_PERCENT = {"en": "%", "fr": f"{NNBSP}%", "pl": "%", "fi": f"{NBSP}%"}
# What goes before a colon: French sets it apart with a narrow no-break space ("Total : 9 €").
_BEFORE_COLON = {"en": "", "fr": NNBSP, "pl": "", "fi": ""}


def percent(basis_points: int, language: str) -> str:
    """A rate in basis points as Intl's style "percent" writes it (2550 -> "25.5%", "25,5 %")."""
    return f"{number(Decimal(basis_points) / 100, language)}{_PERCENT[_language(language)]}"


def labelled(label: str, value: str, language: str) -> str:
    """ "Label: value" with the language's punctuation ("Échéance : 15 déc. 2026")."""
    return f"{label}{_BEFORE_COLON[_language(language)]}: {value}"


def day(when: date, language: str) -> str:
    """A calendar day as the pages write one (Intl dateStyle "medium"): "Dec 15, 2026",
    "15 déc. 2026", "15 gru 2026", "15.12.2026"."""
    dates = _DATES[_language(language)]
    month = dates.months[when.month - 1] if dates.months else ""
    return dates.day.format(d=when.day, m=when.month, month=month, y=when.year)


def _clock(moment: datetime, dates: _Dates) -> str:
    hour = moment.hour
    suffix = ""
    if not dates.time_24h:
        suffix = " AM" if hour < 12 else " PM"
        hour = hour % 12 or 12
    hours = f"{hour:02d}" if dates.hour_padded else str(hour)
    return f"{hours}{dates.time_separator}{moment.minute:02d}{suffix}"


def time_of_day(moment: datetime, language: str, zone: str) -> str:
    """The time `moment` shows on the business's clocks (Intl timeStyle "short"), labelled
    with the zone: "14:30 (Europe/Helsinki)", "2:30 PM (Europe/Helsinki)". A naive `moment`
    is taken to be that zone's wall-clock time already."""
    local = _in_zone(moment, zone)
    return f"{_clock(local, _DATES[_language(language)])} ({zone})"


def day_and_time(moment: datetime, language: str, zone: str) -> str:
    """Day and time together (Intl dateStyle "medium", timeStyle "short"), labelled with the
    zone: "15 déc. 2026, 14:30 (Europe/Helsinki)", "15.12.2026 klo 14.30 (Europe/Helsinki)"."""
    local = _in_zone(moment, zone)
    dates = _DATES[_language(language)]
    joined = dates.day_and_time.format(day=day(local.date(), language), time=_clock(local, dates))
    return f"{joined} ({zone})"


def _in_zone(moment: datetime, zone: str) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(ZoneInfo(zone))
