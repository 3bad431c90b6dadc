// A buyer's spending limit per order, as the account's admin (contacts.js) and the business
// (console/customer-contacts.js) set it: orders above it wait for an admin's approval before
// they reach the business. Typed in major units of the shop's currency, sent in minor units
// as the API has it ({amount, currency} | null).
import { api } from "../api.js";
import { minorDigits } from "../currencies.js";
import { t } from "../i18n.js";
import { isOn } from "../portal.js";
import { el, field, majorUnits, minorUnits, money } from "../ui.js";

// The shop's currency: its products' (a portal sells in one), EUR while it has none.
export async function shopCurrency(productsPath) {
  if (!isOn("orders")) return "EUR";
  const page = await api("GET", `${productsPath}?limit=1`);
  return page.items[0]?.currency || "EUR";
}

// "Up to €500.00 an order" for a buyer with a limit; null otherwise (the limit only binds buyers).
export function limitText(contact) {
  const limit = contact.spending_limit;
  if (contact.role !== "buyer" || !limit) return null;
  return t("contacts.limit.line", { amount: money(limit.amount, limit.currency) });
}

// An amount as the reader types it: "500,00" in French, "500.00" in English.
function typedAmount(amount, currency) {
  const separator = new Intl.NumberFormat(document.documentElement.lang).formatToParts(1.5)[1].value;
  return majorUnits(amount, currency).replace(".", separator);
}

// The limit's field, shown only while the role chosen is buyer; its pattern lets the form's own
// check refuse what is not an amount, beside the field. `read()` is the API's value:
// {amount, currency}, or null for no limit.
export function limitField(id, { currency, limit = null, className = "" }) {
  const unit = limit?.currency || currency;
  const digits = minorDigits(unit);
  const input = el("input", {
    type: "text",
    name: "spending_limit.amount",
    inputmode: digits ? "decimal" : "numeric",
    autocomplete: "off",
    maxlength: "14",
    pattern: digits ? `\\d{1,9}([.,]\\d{0,${digits}})?` : "\\d{1,9}",
    value: limit ? typedAmount(limit.amount, unit) : "",
  });
  const element = el(
    "div",
    { class: `spending-limit ${className}`.trim() },
    field(id, "contacts.limit", input, "contacts.limit.hint"),
  );
  element.querySelector("label").textContent = t("contacts.limit", { currency: unit });
  return {
    element,
    // Hidden and disabled together: a limit for another role is not sent, nor checked.
    show(shown) {
      element.hidden = !shown;
      input.disabled = !shown;
    },
    read() {
      const typed = input.value.trim();
      return input.disabled || !typed ? null : { amount: minorUnits(typed, unit), currency: unit };
    },
  };
}
