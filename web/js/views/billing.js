// Billing: balance and what is due; choose open invoices (wholly or in part) and pay them;
// every invoice and every payment posted, with their PDFs.
import { api } from "../api.js";
import { t } from "../i18n.js";
import {
  alertRegion,
  dataTable,
  day,
  downloadButton,
  el,
  heading,
  majorUnits,
  minorUnits,
  money,
  showError,
} from "../ui.js";
import { invoiceStatus, paymentCells } from "./billing-parts.js";
import { payFlow } from "./pay.js";

const STATUSES = ["open", "overdue", "paid", "void"];

function summaryCards(account) {
  const currency = account.currency || "EUR";
  const card = (key, value, extra = {}) =>
    el(
      "div",
      { class: "card figure", ...extra },
      el("p", { class: "label", text: t(key) }),
      el("p", { class: "value", text: value }),
    );
  return el(
    "div",
    { class: "figures", "data-testid": "account" },
    card("billing.amount_due", money(account.amount_due, currency), { "data-testid": "amount-due" }),
    card("billing.overdue", money(account.overdue_amount, currency)),
    card("billing.next_due", account.next_due_date ? day(account.next_due_date) : "—"),
    account.credit
      ? card("billing.credit", money(account.credit, currency))
      : card("billing.balance", money(account.balance, currency)),
  );
}

// The open invoices as a form: a checkbox and an amount (the remainder, or less) for each.
function payForm(open, problems, payArea, reload) {
  if (!open.length) return el("p", { text: t("billing.nothing_due") });
  const chosen = open.map((invoice) => {
    const tick = el("input", { type: "checkbox", id: `pay-${invoice.invoice_id}` });
    const amount = el("input", {
      type: "text",
      inputmode: "decimal",
      value: majorUnits(invoice.remaining, invoice.currency),
      "aria-label": t("billing.amount_for", { number: invoice.invoice_number }),
      class: "amount",
    });
    return { invoice, tick, amount };
  });
  const all = el("button", { type: "button", class: "secondary", text: t("billing.select_all") });
  all.addEventListener("click", () => chosen.forEach((line) => (line.tick.checked = true)));
  const review = el("button", { type: "submit", class: "primary", text: t("billing.review") });
  const form = el(
    "form",
    { class: "stack", novalidate: true },
    dataTable(
      "billing.open",
      ["billing.pay", "invoice.number", "invoice.due", "invoice.remaining", "billing.amount"],
      el(
        "tbody",
        {},
        ...chosen.map(({ invoice, tick, amount }) =>
          el(
            "tr",
            {},
            el(
              "td",
              {},
              tick,
              el("label", {
                for: tick.id,
                class: "visually-hidden",
                text: t("billing.pay_this", { number: invoice.invoice_number }),
              }),
            ),
            el(
              "th",
              { scope: "row" },
              el("a", { href: `/invoices/${invoice.invoice_id}`, text: invoice.invoice_number }),
            ),
            el("td", { text: `${day(invoice.due_date)}${invoice.overdue ? ` · ${t("invoice.status.overdue")}` : ""}` }),
            el("td", { text: money(invoice.remaining, invoice.currency) }),
            el("td", {}, amount),
          ),
        ),
      ),
    ),
    el("div", { class: "actions" }, all, review),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showError(problems, null);
    const picked = chosen.filter((line) => line.tick.checked);
    if (!picked.length) return showError(problems, { message: t("billing.choose") });
    const allocations = [];
    for (const line of picked) {
      const amount = minorUnits(line.amount.value, line.invoice.currency);
      if (!(amount > 0 && amount <= line.invoice.remaining)) {
        return showError(problems, {
          message: t("billing.bad_amount", {
            number: line.invoice.invoice_number,
            most: money(line.invoice.remaining, line.invoice.currency),
          }),
        });
      }
      allocations.push({ invoice: line.invoice, amount });
    }
    payFlow(payArea, allocations, async (payment) => {
      await reload();
      const message =
        payment.status === "succeeded"
          ? t("pay.done", { amount: money(payment.amount, payment.currency) })
          : t("pay.failed", { reason: payment.failure || "" });
      payArea.replaceChildren(
        el(
          "div",
          { class: "card stack", role: "status" },
          el("p", { text: message }),
          payment.status === "succeeded"
            ? downloadButton("billing.receipt", `/payments/${payment.payment_id}/receipt`, (error) =>
                showError(problems, error),
              )
            : null,
        ),
      );
    });
  });
  return form;
}

export async function render(main) {
  const problems = alertRegion();
  const summary = el("div");
  const openArea = el("div");
  const payArea = el("div", { class: "pay-area" });
  const invoiceRows = el("tbody");
  const paymentRows = el("tbody");
  const status = el(
    "select",
    { id: "invoice-status", "aria-label": t("billing.filter") },
    el("option", { value: "", text: t("orders.all") }),
    ...STATUSES.map((s) => el("option", { value: s, text: t(`invoice.status.${s}`) })),
  );
  const moreInvoices = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  const morePayments = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  let invoiceCursor = null;
  let paymentCursor = null;
  const onError = (error) => showError(problems, error);

  async function loadInvoices(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (status.value) query.set("status", status.value);
    if (!reset && invoiceCursor) query.set("cursor", invoiceCursor);
    const page = await api("GET", `/payments/invoices?${query}`);
    if (reset) invoiceRows.replaceChildren();
    invoiceRows.append(
      ...page.items.map((invoice) =>
        el(
          "tr",
          {},
          el(
            "th",
            { scope: "row" },
            el("a", { href: `/invoices/${invoice.invoice_id}`, text: invoice.invoice_number }),
          ),
          el("td", { text: day(invoice.issued_at) }),
          el("td", { text: day(invoice.due_date) }),
          el("td", { text: invoiceStatus(invoice) }),
          el("td", { text: money(invoice.total, invoice.currency) }),
        ),
      ),
    );
    if (!invoiceRows.children.length)
      invoiceRows.append(el("tr", {}, el("td", { colspan: "5", text: t("billing.no_invoices") })));
    invoiceCursor = page.next_cursor;
    moreInvoices.hidden = !invoiceCursor;
  }

  async function loadPayments(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (!reset && paymentCursor) query.set("cursor", paymentCursor);
    const page = await api("GET", `/payments?${query}`);
    if (reset) paymentRows.replaceChildren();
    paymentRows.append(
      ...page.items.map((payment) =>
        el(
          "tr",
          {},
          ...paymentCells(payment),
          el("td", {
            text:
              payment.allocations.map((a) => a.invoice_number).join(", ") +
              (payment.credit ? ` · ${t("billing.credit")} ${money(payment.credit, payment.currency)}` : ""),
          }),
          el("td", { text: money(payment.amount, payment.currency) }),
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
      ),
    );
    if (!paymentRows.children.length)
      paymentRows.append(el("tr", {}, el("td", { colspan: "7", text: t("billing.no_payments") })));
    paymentCursor = page.next_cursor;
    morePayments.hidden = !paymentCursor;
  }

  async function reload() {
    const [account, open] = await Promise.all([
      api("GET", "/payments/account"),
      api("GET", "/payments/invoices?status=open&limit=100"),
    ]);
    summary.replaceChildren(summaryCards(account));
    const earliestFirst = [...open.items].sort((a, b) => a.due_date.localeCompare(b.due_date));
    openArea.replaceChildren(payForm(earliestFirst, problems, payArea, reload));
    await Promise.all([loadInvoices(true), loadPayments(true)]);
  }

  status.addEventListener("change", () => loadInvoices(true).catch(onError));
  moreInvoices.addEventListener("click", () => loadInvoices(false).catch(onError));
  morePayments.addEventListener("click", () => loadPayments(false).catch(onError));
  main.replaceChildren(
    heading("billing.heading"),
    problems,
    summary,
    el("section", { class: "stack" }, el("h2", { text: t("billing.pay_heading") }), openArea, payArea),
    el(
      "section",
      { class: "stack" },
      el("h2", { text: t("billing.invoices") }),
      el("div", { class: "field" }, el("label", { for: "invoice-status", text: t("billing.filter") }), status),
      dataTable(
        "billing.invoices",
        ["invoice.number", "invoice.issued", "invoice.due", "orders.status", "cart.total"],
        invoiceRows,
      ),
      moreInvoices,
    ),
    el(
      "section",
      { class: "stack" },
      el("h2", { text: t("billing.payments") }),
      dataTable(
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
        paymentRows,
      ),
      morePayments,
    ),
    el("p", {}, el("a", { href: "/statement", text: t("billing.statement_link") })),
  );
  await reload();
}
