// A statement of account for a date range: opening balance, each movement, closing balance.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dataTable, day, downloadButton, el, field, heading, money, showError } from "../ui.js";

export async function render(main) {
  const problems = alertRegion();
  const today = new Date().toISOString().slice(0, 10);
  const from = el("input", { type: "date", value: `${today.slice(0, 8)}01`, required: true });
  const to = el("input", { type: "date", value: today, required: true });
  const result = el("div", { class: "stack", "aria-live": "polite" });

  async function load() {
    showError(problems, null);
    const query = new URLSearchParams({ from: from.value, to: to.value });
    try {
      const statement = await api("GET", `/payments/statement?${query}`);
      const currency = statement.currency || "EUR";
      const rows = statement.entries.map((entry) =>
        el(
          "tr",
          {},
          el("td", { text: day(entry.posted_at) }),
          el("th", { scope: "row", text: `${t(`statement.kind.${entry.kind}`)} ${entry.reference}` }),
          el("td", { text: money(entry.amount, currency) }),
          el("td", { text: money(entry.balance_after, currency) }),
        ),
      );
      result.replaceChildren(
        el("p", { text: t("statement.opening", { amount: money(statement.opening_balance, currency) }) }),
        dataTable(
          "statement.movements",
          ["orders.date", "statement.what", "billing.amount", "billing.balance"],
          el(
            "tbody",
            {},
            ...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "4", text: t("statement.none") }))]),
          ),
        ),
        el("p", {
          class: "total",
          text: t("statement.closing", { amount: money(statement.closing_balance, currency) }),
        }),
        downloadButton("statement.pdf", `/payments/statement/pdf?${query}`, (error) => showError(problems, error)),
      );
    } catch (error) {
      showError(problems, error);
    }
  }

  const form = el(
    "form",
    { class: "inline", novalidate: true },
    field("statement-from", "statement.from", from),
    field("statement-to", "statement.to", to),
    el("button", { type: "submit", class: "primary", text: t("statement.show") }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  main.replaceChildren(
    el("p", {}, el("a", { href: "/billing", text: t("invoice.back") })),
    heading("statement.heading"),
    problems,
    form,
    result,
  );
  await load();
}
