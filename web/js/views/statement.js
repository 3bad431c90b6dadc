// A statement of account for a period: opening balance, each movement, closing balance, PDF.
import { api } from "../api.js";
import { t } from "../i18n.js";
import {
  alertRegion,
  button,
  dataTable,
  day,
  downloadButton,
  el,
  emptyState,
  field,
  heading,
  icon,
  money,
  onSubmit,
  showError,
} from "../ui.js";

// A day as a date field holds it, in the reader's own calendar (not UTC's).
function isoDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The periods offered in one tap; "custom" leaves the two dates to the reader.
const PERIODS = {
  this_month: (today) => [new Date(today.getFullYear(), today.getMonth(), 1), today],
  last_month: (today) => [
    new Date(today.getFullYear(), today.getMonth() - 1, 1),
    new Date(today.getFullYear(), today.getMonth(), 0),
  ],
  this_year: (today) => [new Date(today.getFullYear(), 0, 1), today],
};

function balances(statement, currency) {
  const figure = (key, amount, testId) =>
    el(
      "div",
      { class: "figure" },
      el("p", { class: "label", text: t(key) }),
      el("p", { class: "value", "data-testid": testId, text: money(amount, currency) }),
    );
  return el(
    "div",
    { class: "card figures statement-balances" },
    figure("statement.opening_label", statement.opening_balance, "opening-balance"),
    figure("statement.closing_label", statement.closing_balance, "closing-balance"),
  );
}

function movements(statement, currency) {
  if (!statement.entries.length) return emptyState("document", "statement.none");
  return dataTable(
    "statement.movements",
    ["statement.what", "orders.date", "billing.amount", "billing.balance"],
    el(
      "tbody",
      {},
      ...statement.entries.map((entry) =>
        el(
          "tr",
          {},
          el("th", { scope: "row", text: `${t(`statement.kind.${entry.kind}`)} ${entry.reference}` }),
          el("td", { text: day(entry.posted_at) }),
          el("td", { class: "amount-cell", text: money(entry.amount, currency) }),
          el("td", { class: "amount-cell", text: money(entry.balance_after, currency) }),
        ),
      ),
    ),
  );
}

export async function render(main) {
  const problems = alertRegion();
  const [start, end] = PERIODS.this_month(new Date());
  const from = el("input", { type: "date", name: "from", value: isoDay(start), required: true });
  const to = el("input", { type: "date", name: "to", value: isoDay(end), max: isoDay(new Date()), required: true });
  const period = el(
    "select",
    {},
    ...[...Object.keys(PERIODS), "custom"].map((name) =>
      el("option", { value: name, text: t(`statement.period.${name}`) }),
    ),
  );
  period.addEventListener("change", () => {
    if (!PERIODS[period.value]) return from.focus();
    const [first, last] = PERIODS[period.value](new Date());
    from.value = isoDay(first);
    to.value = isoDay(last);
  });
  // Typing a date of one's own makes the period a custom one.
  for (const input of [from, to]) input.addEventListener("input", () => (period.value = "custom"));
  const result = el("div", { class: "stack", "aria-live": "polite" });

  async function load() {
    const query = new URLSearchParams({ from: from.value, to: to.value });
    const statement = await api("GET", `/payments/statement?${query}`);
    const currency = statement.currency || "EUR";
    const pdf = downloadButton("statement.pdf", `/payments/statement/pdf?${query}`, (error) =>
      showError(problems, error),
    );
    pdf.classList.add("button");
    pdf.prepend(icon("download"));
    result.replaceChildren(
      el("p", {
        class: "lead",
        text: t("statement.period_shown", { from: day(statement.from_date), to: day(statement.to_date) }),
      }),
      balances(statement, currency),
      movements(statement, currency),
      el("div", { class: "actions statement-actions" }, pdf),
    );
  }

  const form = el(
    "form",
    { class: "card statement-period" },
    field("statement-period", "statement.period", period),
    el(
      "div",
      { class: "statement-dates" },
      field("statement-from", "statement.from", from),
      field("statement-to", "statement.to", to),
    ),
    el("div", { class: "actions" }, button("statement.show", { kind: "primary", type: "submit" })),
  );
  onSubmit(form, problems, load);
  await load(); // a first load that fails is the shell's to say, with Try again
  main.replaceChildren(
    el("p", {}, el("a", { href: "/billing", text: t("invoice.back") })),
    heading("statement.heading"),
    form,
    problems,
    result,
  );
}
