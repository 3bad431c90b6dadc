// Billing: what is due and the one next action (Review payment) first; the open invoices to
// pay, wholly or in part; then every invoice and every payment posted, with their PDFs. A
// role that reads billing but may not pay (a viewer) sees the open invoices as a list, no Pay.
import { api } from "../api.js";
import { clearFields, markField, reasonMessage } from "../forms.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
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
  majorUnits,
  minorUnits,
  money,
  showError,
} from "../ui.js";
import { invoicePill, paymentCells } from "./billing-parts.js";
import { payFlow } from "./pay.js";
import { readOnlyNote } from "./read-only.js";

const STATUSES = ["open", "overdue", "paid", "void"];
const PAY_FORM = "pay-form";

// Amount due large, with the Review payment button beside it (it sends the form below, which
// starts with every open invoice chosen), and the other figures small under it.
function summaryCard(account, canPay) {
  const currency = account.currency || "EUR";
  const fact = (key, value) => [el("div", {}, el("dt", { text: t(key) }), el("dd", { text: value }))];
  return el(
    "section",
    { class: "card billing-summary", "data-testid": "account", "aria-labelledby": "amount-due-label" },
    el(
      "div",
      { class: "billing-due" },
      el("p", { class: "label", id: "amount-due-label", text: t("billing.amount_due") }),
      el("p", { class: "value", "data-testid": "amount-due", text: money(account.amount_due, currency) }),
    ),
    el(
      "dl",
      { class: "billing-facts" },
      ...fact("billing.overdue", money(account.overdue_amount, currency)),
      ...fact("billing.next_due", account.next_due_date ? day(account.next_due_date) : "—"),
      ...(account.credit
        ? fact("billing.credit", money(account.credit, currency))
        : fact("billing.balance", money(account.balance, currency))),
    ),
    canPay
      ? el(
          "div",
          { class: "actions" },
          button("billing.review", { kind: "primary", type: "submit", form: PAY_FORM, icon: "card" }),
        )
      : null,
  );
}

// An amount as the reader would type it: "111,70" in French, "111.70" in English.
function typedAmount(amount, currency) {
  const separator = new Intl.NumberFormat(document.documentElement.lang).formatToParts(1.5)[1].value;
  return majorUnits(amount, currency).replace(".", separator);
}

// Why a typed amount cannot be paid, as the API would say it (reason.<code>), or null.
function amountRefusal(typed, invoice) {
  const text = typed.trim();
  if (!text) return { reason: "required" };
  const amount = minorUnits(text, invoice.currency);
  if (Number.isNaN(amount)) return { reason: /^\d*[.,]\d+$/.test(text) ? "too_precise" : "not_a_number" };
  if (amount <= 0) return { reason: "too_small", limit: money(1, invoice.currency) };
  if (amount > invoice.remaining) return { reason: "too_large", limit: money(invoice.remaining, invoice.currency) };
  return null;
}

// The open invoices as a form: a checkbox and an amount (the remainder, or less) for each.
// `only`: the invoice the customer came to pay (from its page); else all are chosen.
function payForm(open, only, problems, startPaying) {
  const chosen = open.some((invoice) => invoice.invoice_id === only) ? only : null;
  const lines = open.map((invoice) => {
    const tick = el("input", {
      type: "checkbox",
      id: `pay-${invoice.invoice_id}`,
      checked: !chosen || chosen === invoice.invoice_id,
    });
    const amount = el("input", {
      type: "text",
      id: `amount-${invoice.invoice_id}`,
      name: `amount-${invoice.invoice_id}`,
      inputmode: "decimal",
      autocomplete: "off",
      value: typedAmount(invoice.remaining, invoice.currency),
      "aria-label": t("billing.amount_for", { number: invoice.invoice_number }),
      class: "amount",
    });
    amount.addEventListener("input", () => (tick.checked = true)); // typing an amount chooses it
    return { invoice, tick, amount };
  });
  const row = ({ invoice, tick, amount }) =>
    el(
      "tr",
      {},
      el("th", { scope: "row" }, el("a", { href: `/invoices/${invoice.invoice_id}`, text: invoice.invoice_number })),
      el(
        "td",
        { class: "pay-choice-cell" },
        el(
          "label",
          { class: "choice pay-choice", for: tick.id },
          tick,
          el("span", { text: t("billing.pay_this", { number: invoice.invoice_number }) }),
        ),
      ),
      el("td", {}, el("span", { text: day(invoice.due_date) }), invoice.overdue ? invoicePill(invoice) : null),
      el("td", { text: money(invoice.remaining, invoice.currency) }),
      el("td", {}, el("div", { class: "pay-amount" }, amount)),
    );
  const form = el(
    "form",
    { id: PAY_FORM, class: "stack pay-form", novalidate: true },
    dataTable(
      "billing.open",
      ["invoice.number", "billing.pay", "invoice.due", "invoice.remaining", "billing.amount"],
      el("tbody", {}, ...lines.map(row)),
    ),
    lines.length > 1
      ? el(
          "div",
          { class: "actions" },
          button("billing.select_all", {
            kind: "quiet",
            onclick: () => lines.forEach((line) => (line.tick.checked = true)),
          }),
        )
      : null,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showError(problems, null);
    clearFields(form);
    const picked = lines.filter((line) => line.tick.checked);
    if (!picked.length) {
      problems.replaceChildren(el("p", { text: t("billing.choose") }));
      problems.focus();
      return;
    }
    let first = null;
    for (const line of picked) {
      const refusal = amountRefusal(line.amount.value, line.invoice);
      if (!refusal) continue;
      markField(line.amount, reasonMessage(refusal));
      first ??= line.amount;
    }
    if (first) return first.focus();
    // Named as the API's body, so a refusal of allocations.1.amount is said beside its field.
    picked.forEach((line, index) => (line.amount.name = `allocations.${index}.amount`));
    startPaying(
      form,
      picked.map((line) => ({ invoice: line.invoice, amount: minorUnits(line.amount.value, line.invoice.currency) })),
    );
  });
  return form;
}

// The open invoices for a reader who may not pay them: what is due and when, no choices.
function openList(open) {
  const table = dataTable(
    "billing.open",
    ["invoice.number", "invoice.due", "invoice.remaining"],
    el(
      "tbody",
      {},
      ...open.map((invoice) =>
        el(
          "tr",
          {},
          el(
            "th",
            { scope: "row" },
            el("a", { href: `/invoices/${invoice.invoice_id}`, text: invoice.invoice_number }),
          ),
          el("td", {}, el("span", { text: day(invoice.due_date) }), invoice.overdue ? invoicePill(invoice) : null),
          el("td", { class: "amount-cell", text: money(invoice.remaining, invoice.currency) }),
        ),
      ),
    ),
  );
  // The section's heading says it already; the caption still names the table for screen readers.
  table.querySelector("caption").classList.add("visually-hidden");
  return el("div", { class: "stack" }, readOnlyNote("billing"), table);
}

// A list that pages ("show more") and says what to do when it is empty.
function pagedList(captionKey, headingKeys, rowOf, fetchPage, emptyKeyOf) {
  const rows = el("tbody");
  const table = dataTable(captionKey, headingKeys, rows);
  // The section's heading says it already; the caption still names the table for screen readers.
  table.querySelector("caption").classList.add("visually-hidden");
  const empty = el("div");
  const more = button("console.more", { kind: "secondary", class: "button secondary list-more", hidden: true });
  let cursor = null;
  async function load(reset) {
    const page = await fetchPage(reset ? null : cursor);
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map(rowOf));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    table.hidden = !rows.children.length;
    empty.replaceChildren(...(rows.children.length ? [] : [emptyState(...emptyKeyOf())]));
  }
  return { element: el("div", { class: "stack" }, table, empty, more), load, more };
}

export async function render(main) {
  const paying = mayChange("billing");
  const problems = alertRegion();
  const summary = el("div");
  const openArea = el("div");
  const payArea = el("div", { class: "pay-area" });
  const onError = (error) => showError(problems, error);
  const only = new URLSearchParams(location.search).get("invoice");
  const status = el(
    "select",
    {},
    el("option", { value: "", text: t("orders.all") }),
    ...STATUSES.map((s) => el("option", { value: s, text: t(`invoice.status.${s}`) })),
  );

  const invoices = pagedList(
    "billing.invoices",
    ["invoice.number", "invoice.issued", "invoice.due", "orders.status", "cart.total"],
    (invoice) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, el("a", { href: `/invoices/${invoice.invoice_id}`, text: invoice.invoice_number })),
        el("td", { text: day(invoice.issued_at) }),
        el("td", { text: day(invoice.due_date) }),
        el("td", {}, invoicePill(invoice)),
        el("td", { class: "amount-cell", text: money(invoice.total, invoice.currency) }),
      ),
    (cursor) => {
      const query = new URLSearchParams({ limit: "20" });
      if (status.value) query.set("status", status.value);
      if (cursor) query.set("cursor", cursor);
      return api("GET", `/payments/invoices?${query}`);
    },
    () => ["document", status.value ? "billing.no_invoices_status" : "billing.no_invoices"],
  );

  const payments = pagedList(
    "billing.payments",
    [
      "payment.number",
      "orders.date",
      "payment.method",
      "orders.status",
      "payment.settled",
      "billing.amount",
      "billing.receipt",
    ],
    (payment) =>
      el(
        "tr",
        {},
        ...paymentCells(payment),
        el("td", {
          text:
            payment.allocations.map((a) => a.invoice_number).join(", ") +
            (payment.credit ? ` · ${t("billing.credit")} ${money(payment.credit, payment.currency)}` : ""),
        }),
        el("td", { class: "amount-cell", text: money(payment.amount, payment.currency) }),
        el(
          "td",
          {},
          payment.status === "succeeded" || payment.status === "refunded"
            ? downloadButton("billing.receipt_of", `/payments/${payment.payment_id}/receipt`, onError, {
                number: payment.payment_number,
              })
            : null,
        ),
      ),
    (cursor) => api("GET", `/payments?${new URLSearchParams({ limit: "20", ...(cursor ? { cursor } : {}) })}`),
    () => ["card", "billing.no_payments"],
  );

  function startPaying(form, allocations) {
    payFlow(payArea, allocations, {
      form,
      onPaid: async () => (await reload()).account,
      onDeclined: () => payments.load(true).catch(onError), // the declined try is listed; the choice stays
    });
  }

  async function reload() {
    const [account, open] = await Promise.all([
      api("GET", "/payments/account"),
      api("GET", "/payments/invoices?status=open&limit=100"),
    ]);
    const earliestFirst = [...open.items].sort((a, b) => a.due_date.localeCompare(b.due_date));
    summary.replaceChildren(summaryCard(account, paying && earliestFirst.length > 0));
    const openPart = () => (paying ? payForm(earliestFirst, only, problems, startPaying) : openList(earliestFirst));
    openArea.replaceChildren(earliestFirst.length ? openPart() : emptyState("check", "billing.nothing_due"));
    await Promise.all([invoices.load(true), payments.load(true)]);
    return { account };
  }

  status.addEventListener("change", () => invoices.load(true).catch(onError));
  invoices.more.addEventListener("click", () => invoices.load(false).catch(onError));
  payments.more.addEventListener("click", () => payments.load(false).catch(onError));
  await reload(); // a first load that fails is the shell's to say, with Try again
  main.replaceChildren(
    heading("billing.heading"),
    problems,
    summary,
    el(
      "section",
      { class: "stack", "aria-labelledby": "pay-heading" },
      el("h2", { id: "pay-heading", text: t(paying ? "billing.pay_heading" : "billing.open") }),
      openArea,
      payArea,
    ),
    el(
      "section",
      { class: "stack billing-list", "aria-labelledby": "invoices-heading" },
      el("h2", { id: "invoices-heading", text: t("billing.invoices") }),
      field("invoice-status", "billing.filter", status),
      invoices.element,
    ),
    el(
      "section",
      { class: "stack billing-list", "aria-labelledby": "payments-heading" },
      el("h2", { id: "payments-heading", text: t("billing.payments") }),
      payments.element,
    ),
    el(
      "p",
      {},
      el(
        "a",
        { class: "button secondary", href: "/statement" },
        icon("document"),
        el("span", { text: t("billing.statement_link") }),
      ),
    ),
  );
}
