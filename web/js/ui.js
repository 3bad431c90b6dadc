// Small DOM helpers shared by the views: build elements, show a form's errors accessibly.
import { api } from "./api.js";
import { minorDigits } from "./currencies.js";
import { t } from "./i18n.js";
import { LANGUAGE_NAMES } from "./languages.js";

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

export function field(id, labelKey, input) {
  input.id = id;
  input.name = id;
  return el("div", { class: "field" }, el("label", { for: id, text: t(labelKey) }), input);
}

// The alert region of a form: errors from the API, in words a person understands.
export function showError(region, error) {
  region.replaceChildren();
  if (!error) return;
  const known = error.code ? t(`error.${error.code}`) : null;
  const message = known && known !== `error.${error.code}` ? known : error.message;
  region.append(el("p", { text: message }));
  for (const detail of error.details && Array.isArray(error.details) ? error.details : []) {
    region.append(el("p", { text: `${detail.field}: ${detail.problem}` }));
  }
  region.focus();
}

export function alertRegion() {
  return el("div", { class: "alert", role: "alert", tabindex: "-1" });
}

export function heading(key, values) {
  return el("h1", { text: t(key, values) });
}

// A choice of the four languages, each named in itself.
export function languageSelect(selected) {
  return el(
    "select",
    {},
    ...Object.entries(LANGUAGE_NAMES).map(([code, label]) =>
      el("option", { value: code, lang: code, selected: code === selected, text: label }),
    ),
  );
}

// Minor units as the customer's language writes money: 123456 EUR -> "1 234,56 €" in French.
// The digits are the server's (ISO 4217), not Intl's: 1234 IQD is 1.234, though Intl shows 0 decimals.
export function money(amount, currency, language = document.documentElement.lang) {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(language, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(amount / 10 ** digits);
}

export function percent(basisPoints, language = document.documentElement.lang) {
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 2 }).format(basisPoints / 10000);
}

export function dateTime(iso, language = document.documentElement.lang) {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

// A scrollable table with a caption and column headings, all from the catalogue.
export function dataTable(captionKey, headingKeys, body) {
  return el(
    "div",
    { class: "table-scroll" },
    el(
      "table",
      {},
      el("caption", { text: t(captionKey) }),
      el("thead", {}, el("tr", {}, ...headingKeys.map((key) => el("th", { scope: "col", text: t(key) })))),
      body,
    ),
  );
}

// Minor units from what a person typed in major units ("12.5" EUR -> 1250, "12.345" KWD ->
// 12345), or NaN: more decimals than the currency has is a typing mistake, not a rounding.
// Read as digits, not through a float: 19.99 * 100 is 1998.9999999999998.
export function minorUnits(typed, currency) {
  const digits = minorDigits(currency);
  const match = String(typed)
    .trim()
    .match(/^(\d*)(?:[.,](\d*))?$/);
  if (!match || !(match[1] + (match[2] || "")) || (match[2] || "").length > digits) return NaN;
  return Number(match[1] + (match[2] || "").padEnd(digits, "0"));
}

// Minor units as a typed amount would be: 1250 EUR -> "12.50", 1250 JPY -> "1250".
export function majorUnits(amount, currency) {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}

// The step a number input takes for one minor unit of `currency`: "0.01", "1", "0.001".
export function minorStep(currency) {
  const digits = minorDigits(currency);
  return digits ? `0.${"1".padStart(digits, "0")}` : "1";
}

export function day(iso, language = document.documentElement.lang) {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
}

// A button that fetches a short-lived download link from the API and follows it;
// afterwards(), if given, runs once the link was handed out.
export function downloadButton(labelKey, path, onError, labelValues, afterwards) {
  return el("button", {
    type: "button",
    class: "secondary",
    text: t(labelKey, labelValues),
    onclick: async () => {
      try {
        const link = await api("GET", path);
        const anchor = el("a", { href: link.url, download: link.file_name, hidden: true });
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        if (afterwards) await afterwards();
      } catch (error) {
        onError(error);
      }
    },
  });
}
