"""Money as integer minor units plus an ISO 4217 currency. Never a float."""

import json
from pathlib import Path
from typing import Annotated, Self

from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from functions.core.numbers import NUMBER_NOT_TEXT
from functions.core.shape import Schema

# ISO 4217's minor units for every active currency: 1234 is 12.34 EUR, 1234 JPY, 1.234 KWD.
# The pages format and parse amounts with the same table (web/currencies.json, a copy that
# tests/unit/test_currencies.py keeps equal): a browser's Intl disagrees with ISO for some
# (IQD, LAK, RSD...), and minor units read with the wrong digits are off by 10 or 100 times.
CURRENCIES_FILE = Path(__file__).with_name("currencies.json")
MINOR_DIGITS: dict[str, int] = json.loads(CURRENCIES_FILE.read_text(encoding="utf-8"))


# Constraints inside the types, so they also hold (and show in the OpenAPI document) when a
# field is optional: pydantic does not carry Field(ge=...) into an "X | None" schema.
Price = Annotated[int, Field(ge=0, le=100_000_000, description="Minor units."), NUMBER_NOT_TEXT]
TaxRate = Annotated[int, Field(ge=0, le=10_000, description="Basis points: 2400 is 24 %."), NUMBER_NOT_TEXT]
Amount = Annotated[int, Field(ge=0, le=10**12, description="Minor units."), NUMBER_NOT_TEXT]
PositiveAmount = Annotated[int, Field(ge=1, le=10**12, description="Minor units."), NUMBER_NOT_TEXT]
CURRENCY_PATTERN = r"^[A-Z]{3}$"


def _known_currency(code: str) -> str:
    if code not in MINOR_DIGITS:
        raise PydanticCustomError("not_a_currency", "is not an ISO 4217 currency the portal knows (such as EUR)")
    return code


# The codes are listed in the schema too, so clients know them before they are told no.
Currency = Annotated[
    str,
    Field(pattern=CURRENCY_PATTERN, json_schema_extra={"enum": sorted(MINOR_DIGITS)}),
    AfterValidator(_known_currency),
]


def minor_digits(currency: str) -> int:
    """Decimals of `currency`; 2 for a code the table does not know (as Intl does), which only
    data stored before currencies were checked can carry."""
    return MINOR_DIGITS.get(currency, 2)


class CurrencyMismatch(ValueError):
    pass


class Money(Schema):
    model_config = ConfigDict(frozen=True)

    amount: int = Field(description="Minor units (cents for EUR and USD).")
    currency: str = Field(pattern=r"^[A-Z]{3}$")

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(amount=0, currency=currency)

    def _same(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def times(self, quantity: int) -> "Money":
        return Money(amount=self.amount * quantity, currency=self.currency)

    def percent(self, basis_points: int) -> "Money":
        """This amount times basis_points/10000, rounded half away from zero (per line)."""
        numerator = self.amount * basis_points
        sign = -1 if numerator < 0 else 1
        quotient, remainder = divmod(abs(numerator), 10_000)
        if remainder * 2 >= 10_000:
            quotient += 1
        return Money(amount=sign * quotient, currency=self.currency)

    @property
    def minor_digits(self) -> int:
        return minor_digits(self.currency)

    def format_plain(self) -> str:
        """'12.34 EUR': for logs and an error's English message; what a customer reads goes
        through core.formats (and the pages through Intl)."""
        digits = self.minor_digits
        sign = "-" if self.amount < 0 else ""
        whole, minor = divmod(abs(self.amount), 10**digits)
        body = f"{whole}.{minor:0{digits}d}" if digits else str(whole)
        return f"{sign}{body} {self.currency}"
