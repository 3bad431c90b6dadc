// Pieces the customer's billing page and the console's billing section both show.
import { t } from "../i18n.js";
import { dateTime, el, money } from "../ui.js";

export function invoiceStatus(invoice) {
  return invoice.overdue ? t("invoice.status.overdue") : t(`invoice.status.${invoice.status}`);
}

// A payment's first cells: number, when, how, and its status (with what was refunded).
export function paymentCells(payment) {
  const refunded = payment.refunded
    ? ` · ${t("payment.refunded", { amount: money(payment.refunded, payment.currency) })}`
    : "";
  return [
    el("th", { scope: "row", text: payment.payment_number }),
    el("td", { text: dateTime(payment.posted_at || payment.created_at) }),
    el("td", { text: t(`payment.method.${payment.method}`) }),
    el("td", { text: `${t(`payment.status.${payment.status}`)}${refunded}` }),
  ];
}
