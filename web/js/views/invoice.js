// One invoice: its status, lines, VAT per rate and totals, what is paid and what remains, the
// order it came from; its PDF, and Pay this invoice while something remains (to a role that
// may pay: a viewer reads it only).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange, mayRead } from "../session.js";
import { invoicePill } from "./billing-parts.js";
import { alertRegion, dataTable, day, downloadButton, el, icon, money, number, percent, showError } from "../ui.js";

function facts(invoice) {
  const fact = (key, ...value) => [el("dt", { text: t(key) }), el("dd", {}, ...value)];
  return el(
    "dl",
    { class: "facts" },
    ...fact("invoice.issued", day(invoice.issued_at)),
    ...fact("invoice.due", day(invoice.due_date)),
    // The order's page only for a role that reads orders; a billing contact sees its number.
    ...(invoice.order_id
      ? fact(
          "invoice.order",
          mayRead("buying")
            ? el("a", { href: `/orders/${invoice.order_id}`, text: invoice.order_number })
            : el("span", { text: invoice.order_number }),
        )
      : []),
    ...(invoice.void_reason ? fact("invoice.void_reason", invoice.void_reason) : []),
  );
}

// The VAT of each rate the lines carry, then the totals: every figure the PDF has.
function totals(invoice) {
  const currency = invoice.currency;
  const byRate = new Map();
  for (const line of invoice.lines) byRate.set(line.tax_rate, (byRate.get(line.tax_rate) || 0) + line.line_tax);
  const row = (label, amount, attributes = {}) => [
    el("dt", { text: label, ...attributes }),
    el("dd", { text: money(amount, currency), ...attributes }),
  ];
  return el(
    "dl",
    { class: "totals card", "data-testid": "invoice-totals" },
    ...row(t("cart.subtotal"), invoice.subtotal),
    ...[...byRate].flatMap(([rate, tax]) => row(t("invoice.vat_at", { rate: percent(rate) }), tax)),
    ...(byRate.size > 1 ? row(t("invoice.tax"), invoice.tax) : []),
    ...row(t("cart.total"), invoice.total, { class: "total" }),
    ...(invoice.paid ? row(t("invoice.paid"), invoice.paid) : []),
    ...row(t("invoice.remaining"), invoice.remaining, { class: "total" }),
  );
}

export async function render(main, _config, _navigate, invoiceId) {
  const problems = alertRegion();
  const invoice = await api("GET", `/payments/invoices/${encodeURIComponent(invoiceId)}`);
  const currency = invoice.currency;
  const rows = el(
    "tbody",
    {},
    ...invoice.lines.map((line) =>
      el(
        "tr",
        {},
        el("th", { scope: "row", text: line.description }),
        el("td", { text: number(line.quantity) }),
        el("td", { class: "amount-cell", text: money(line.unit_price, currency) }),
        el("td", { class: "amount-cell", text: percent(line.tax_rate) }),
        el("td", { class: "amount-cell", text: money(line.line_total, currency) }),
      ),
    ),
  );
  const pdf = downloadButton("invoice.pdf", `/payments/invoices/${invoice.invoice_id}/pdf`, (error) =>
    showError(problems, error),
  );
  pdf.classList.add("button");
  pdf.prepend(icon("download"));
  const payable = invoice.status === "open" && invoice.remaining > 0 && mayChange("billing");
  main.replaceChildren(
    el("p", {}, el("a", { href: "/billing", text: t("invoice.back") })),
    el(
      "div",
      { class: "invoice-heading" },
      el("h1", { text: t("invoice.heading", { number: invoice.invoice_number }) }),
      invoicePill(invoice),
    ),
    problems,
    facts(invoice),
    el("p", { class: "invoice-note", text: invoice.note, hidden: !invoice.note }),
    dataTable(
      "invoice.lines",
      ["invoice.description", "cart.quantity", "cart.unit", "cart.taxrate", "cart.linetotal"],
      rows,
    ),
    totals(invoice),
    el(
      "div",
      { class: "actions invoice-actions" },
      payable
        ? el(
            "a",
            { href: `/billing?invoice=${encodeURIComponent(invoice.invoice_id)}`, class: "button primary" },
            icon("card"),
            el("span", { text: t("invoice.pay") }),
          )
        : null,
      pdf,
    ),
  );
}
