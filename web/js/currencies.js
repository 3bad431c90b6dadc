// ISO 4217 minor units for every active currency: the server's own table
// (functions/core/currencies.json, served as /currencies.json). Amounts travel as integer
// minor units, and Intl's own digits disagree with ISO for some currencies (IQD, LAK, RSD),
// so reading 1234 with another table's digits shows 12.34 where the server meant 1.234.
const response = await fetch("/currencies.json");
if (!response.ok) throw new Error("missing currency table /currencies.json");
const MINOR_DIGITS = await response.json();

// Decimals of a currency; 2 for a code the table does not know, as the server does.
export function minorDigits(currency) {
  return MINOR_DIGITS[currency] ?? 2;
}

export function knownCurrency(currency) {
  return Object.hasOwn(MINOR_DIGITS, currency);
}
