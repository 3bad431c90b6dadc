// One invoice: lines, tax, total, what is paid and what remains, the order it came from; PDF.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { invoiceStatus } from "./billing-parts.js";
import { alertRegion, day, downloadButton, el, heading, money, percent, showError, dataTable } from "../ui.js";

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
        el("td", { text: String(line.quantity) }),
        el("td", { text: money(line.unit_price, currency) }),
        el("td", { text: percent(line.tax_rate) }),
        el("td", { text: money(line.line_total, currency) }),
      ),
    ),
  );
  const status = invoiceStatus(invoice);
  main.replaceChildren(
    el("p", {}, el("a", { href: "/billing", text: t("invoice.back") })),
    heading("invoice.heading", { number: invoice.invoice_number }),
    problems,
    el(
      "dl",
      { class: "facts" },
      el("dt", { text: t("orders.status") }),
      el("dd", { text: status }),
      el("dt", { text: t("invoice.issued") }),
      el("dd", { text: day(invoice.issued_at) }),
      el("dt", { text: t("invoice.due") }),
      el("dd", { text: day(invoice.due_date) }),
      invoice.order_id ? el("dt", { text: t("invoice.order") }) : null,
      invoice.order_id
        ? el("dd", {}, el("a", { href: `/orders/${invoice.order_id}`, text: invoice.order_number }))
        : null,
      invoice.void_reason ? el("dt", { text: t("invoice.void_reason") }) : null,
      invoice.void_reason ? el("dd", { text: invoice.void_reason }) : null,
    ),
    dataTable(
      "invoice.lines",
      ["invoice.description", "cart.quantity", "cart.unit", "cart.taxrate", "cart.linetotal"],
      rows,
    ),
    el(
      "dl",
      { class: "totals" },
      el("dt", { text: t("cart.subtotal") }),
      el("dd", { text: money(invoice.subtotal, currency) }),
      el("dt", { text: t("invoice.tax") }),
      el("dd", { text: money(invoice.tax, currency) }),
      el("dt", { text: t("cart.total") }),
      el("dd", { class: "total", text: money(invoice.total, currency) }),
      el("dt", { text: t("invoice.paid") }),
      el("dd", { text: money(invoice.paid, currency) }),
      el("dt", { text: t("invoice.remaining") }),
      el("dd", { class: "total", text: money(invoice.remaining, currency) }),
    ),
    el(
      "div",
      { class: "actions" },
      downloadButton("invoice.pdf", `/payments/invoices/${invoice.invoice_id}/pdf`, (error) =>
        showError(problems, error),
      ),
      invoice.status === "open" ? el("a", { href: "/billing", class: "button primary", text: t("invoice.pay") }) : null,
    ),
  );
}
