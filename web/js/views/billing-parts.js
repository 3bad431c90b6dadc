// Pieces the customer's billing pages and the console's billing section both show.
import { t } from "../i18n.js";
import { dateTime, el, money, pill, toneOf } from "../ui.js";

// An open invoice past its due date is overdue: said so, though the API's status stays "open".
export function invoiceState(invoice) {
  return invoice.overdue && invoice.status === "open" ? "overdue" : invoice.status;
}

export function invoiceStatus(invoice) {
  return t(`invoice.status.${invoiceState(invoice)}`);
}

export function invoicePill(invoice) {
  return pill(invoiceStatus(invoice), toneOf(invoiceState(invoice)));
}

// A payment's statuses in the words toneOf knows: a received payment is as good as "paid".
const PAYMENT_TONE_WORD = { succeeded: "paid", refunded: "closed" };

export function paymentPill(payment) {
  return pill(t(`payment.status.${payment.status}`), toneOf(PAYMENT_TONE_WORD[payment.status] || payment.status));
}

// A payment's first cells: number, when, how, and its status (with what was refunded).
export function paymentCells(payment) {
  return [
    el("th", { scope: "row", text: payment.payment_number }),
    el("td", { text: dateTime(payment.posted_at || payment.created_at) }),
    el("td", { text: t(`payment.method.${payment.method}`) }),
    el(
      "td",
      {},
      paymentPill(payment),
      payment.refunded
        ? el("span", {
            class: "pill-note",
            text: t("payment.refunded", { amount: money(payment.refunded, payment.currency) }),
          })
        : null,
    ),
  ];
}

// Why a card was declined, in the reader's words: the API's stable code (decline.<code>),
// else Stripe.js's own codes mapped onto ours, else the general "declined".
const STRIPE_CODES = {
  invalid_cvc: "incorrect_cvc",
  invalid_number: "incorrect_number",
  invalid_expiry_month: "incorrect_expiry",
  invalid_expiry_year: "incorrect_expiry",
  payment_intent_authentication_failure: "authentication_required",
};

export function declineReason(...codes) {
  for (const code of codes) {
    const ours = STRIPE_CODES[code] || code;
    if (!ours) continue;
    const text = t(`decline.${ours}`);
    if (text !== `decline.${ours}`) return text;
  }
  return t("decline.card_declined");
}
