// Small DOM helpers shared by the views: build elements, show a form's errors accessibly.
import { api } from "./api.js";
import { minorDigits } from "./currencies.js";
import { t } from "./i18n.js";
import { checkForm, clearFields, errorMessage, showFormError } from "./forms.js";
import { icon } from "./icons.js";
import { LANGUAGE_NAMES } from "./languages.js";

export { checkForm, icon };

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

// A labelled form field: the label, an optional hint, the control, and the slot its error
// goes in (forms.js fills it), each tied to the control for screen readers.
export function field(id, labelKey, input, hintKey) {
  input.id = id;
  input.name ||= id;
  const hint = hintKey ? el("p", { class: "hint", id: `${id}-hint`, text: t(hintKey) }) : null;
  if (hint) input.setAttribute("aria-describedby", hint.id);
  return el(
    "div",
    { class: "field" },
    el("label", { for: id, text: t(labelKey) }),
    hint,
    input,
    el("p", { class: "field-error", id: `${id}-error` }),
  );
}

const FORMAT = {
  money: (amount, currency) => money(amount, currency),
  day: (iso) => day(iso),
  dateTime: (iso) => dateTime(iso),
  number: (value) => number(value),
};

// The alert region of a form: the API's refusal in the page's language, and each field it
// names marked beside that field of `form` (when given).
export function showError(region, error, form) {
  showFormError(region, error, form, FORMAT);
}

export function errorText(error) {
  return errorMessage(error, FORMAT);
}

export function alertRegion() {
  return el("div", { class: "alert", role: "alert", tabindex: "-1" });
}

export function heading(key, values) {
  return el("h1", { text: t(key, values) });
}

// A choice of the four languages, each named in itself. With `live`, choosing one switches
// the page at once (the shell listens for LANGUAGE_CHOSEN); else a form saves it.
export const LANGUAGE_CHOSEN = "portal:language";

export function languageSelect(selected, { live = false } = {}) {
  return el(
    "select",
    {
      onchange: live
        ? (event) => document.dispatchEvent(new CustomEvent(LANGUAGE_CHOSEN, { detail: event.target.value }))
        : null,
    },
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

export function number(value, language = document.documentElement.lang) {
  return new Intl.NumberFormat(language).format(value);
}

export function dateTime(iso, language = document.documentElement.lang) {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

// A table with a caption and column headings, all from the catalogue; on a phone its rows
// become cards (see labelCells).
export function dataTable(captionKey, headingKeys, body) {
  const table = el(
    "table",
    { class: "cards" },
    el("caption", { text: t(captionKey) }),
    el("thead", {}, el("tr", {}, ...headingKeys.map((key) => el("th", { scope: "col", text: t(key) })))),
    body,
  );
  labelCells(table);
  // Rows added later (the next page of a list) are labelled as they arrive.
  new MutationObserver(() => labelCells(table)).observe(body, { childList: true });
  return el("div", { class: "table-scroll" }, table);
}

// Below 40rem each row becomes a card (web/css/components.css): every cell carries its
// column's heading, so a value is never cut off or shown without its name.
function labelCells(table) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => {
      // A cell spanning the row (a list's "nothing yet") is no column's value.
      if (cell.colSpan > 1 || cell.hasAttribute("data-label") || !headings[index]) return;
      cell.setAttribute("data-label", headings[index]);
    });
  }
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

// A button of the design system: kind is "primary" (the page's one next action), "secondary",
// "danger" or "quiet"; an icon name puts that icon before the label.
export function button(labelKey, { kind = "secondary", icon: iconName, values, type = "button", ...attributes } = {}) {
  return el(
    "button",
    { type, class: `button ${kind}`, ...attributes },
    iconName ? icon(iconName) : null,
    el("span", { text: t(labelKey, values) }),
  );
}

// Runs `work` with `control` marked busy (disabled, a spinner, aria-busy), whatever happens.
export async function busy(control, work) {
  control.disabled = true;
  control.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    control.disabled = false;
    control.removeAttribute("aria-busy");
  }
}

// A form's whole sending: the page's own checks first, then `work()` with the submit button
// busy; a refusal shown in `region` and beside its fields; `done(result)` after success.
export function onSubmit(form, region, work, done) {
  form.noValidate = true; // our messages, in the page's language, not the browser's bubbles
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(region, null, form);
    if (!checkForm(form)) return;
    const submit = form.querySelector("button[type=submit]") || form.querySelector("button");
    try {
      const result = await busy(submit, work);
      clearFields(form);
      if (done) await done(result);
    } catch (error) {
      showError(region, error, form);
    }
  });
}

// A status word in colour and text (never colour alone): tone is one of success, warning,
// danger, info, neutral.
const TONES = {
  success: [
    "paid",
    "posted",
    "succeeded",
    "delivered",
    "confirmed",
    "answered",
    "completed",
    "resolved",
    "closed",
    "ready",
  ],
  warning: ["overdue", "requested", "pending", "waiting", "partly_paid", "processing", "awaiting_customer"],
  danger: ["failed", "declined", "cancelled", "void", "no_show", "rejected", "expired"],
  info: ["submitted", "open", "shipped", "refunded", "new", "in_progress", "pending_confirmation"],
};

export function toneOf(status) {
  return Object.keys(TONES).find((tone) => TONES[tone].includes(status)) || "neutral";
}

export function pill(text, tone = "neutral") {
  return el("span", { class: `pill pill-${tone}`, text });
}

// A list's empty state: what is not there yet and, when given, the way to the next step.
export function emptyState(iconName, textKey, action) {
  return el(
    "div",
    { class: "empty-state", "data-testid": "empty-state" },
    icon(iconName),
    el("p", { text: t(textKey) }),
    action || null,
  );
}

// The result of an action, where the person is looking: replaces `region`'s content, moves
// focus there and is announced. tone: success, info, warning or danger.
export function showResult(region, tone, text, ...more) {
  region.replaceChildren(
    el(
      "div",
      { class: `result result-${tone}`, role: tone === "danger" ? "alert" : "status", tabindex: "-1" },
      icon(tone === "success" ? "check" : tone === "info" ? "info" : "alert"),
      el("div", {}, el("p", { text }), ...more),
    ),
  );
  region.firstElementChild.focus();
  return region.firstElementChild;
}

// Asks before something that cannot be undone; resolves true only on the confirming button.
export function confirmAction(questionKey, { confirmKey = "confirm.yes", cancelKey = "confirm.no", values } = {}) {
  return new Promise((resolve) => {
    const dialog = el("dialog", { class: "confirm", "aria-labelledby": "confirm-question" });
    const answer = (value) => () => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.append(
      el("p", { id: "confirm-question", text: t(questionKey, values) }),
      el(
        "div",
        { class: "actions" },
        button(confirmKey, { kind: "danger", onclick: answer(true) }),
        button(cancelKey, { kind: "secondary", onclick: answer(false), autofocus: true }),
      ),
    );
    dialog.addEventListener("cancel", answer(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

// What a page shows while its first request runs: the page is marked busy at once.
export function showLoading(container) {
  container.setAttribute("aria-busy", "true");
  container.replaceChildren(
    el(
      "div",
      { class: "loading", role: "status" },
      el("span", { class: "spinner", "aria-hidden": "true" }),
      el("span", { text: t("page.loading") }),
    ),
    el("div", { class: "skeleton", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
  );
}

// A page that could not load: why, in the reader's language, and a way to try again.
export function showFailure(container, error, retry) {
  container.removeAttribute("aria-busy");
  container.replaceChildren(
    el(
      "section",
      { class: "failure", role: "alert", "data-testid": "page-failure" },
      icon(error?.status === 0 ? "alert" : "warning"),
      el("h1", { text: t("error.heading") }),
      el("p", { text: errorText(error) }),
      retry ? button("error.retry", { kind: "primary", icon: "retry", onclick: retry }) : null,
    ),
  );
}
