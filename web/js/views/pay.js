// Paying: review what is paid, confirm it is you if the session is old, then the card form
// of the provider (the sandbox's test card form locally, Stripe's Payment Element otherwise),
// then the outcome: a success with the receipt, or the decline's reason with Try again.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, busy, button, downloadButton, el, field, money, onSubmit, showError, showResult } from "../ui.js";
import { declineReason } from "./billing-parts.js";

// A confirmation code, asked for when the session is older than ten minutes.
function confirmIdentity(problems, onConfirmed) {
  const code = el("input", {
    type: "text",
    name: "code",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    required: true,
    minlength: "6",
    maxlength: "6",
  });
  const form = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("pay.confirm.heading") }),
    el("p", { text: t("pay.confirm.sent") }),
    field("confirm-code", "signin.code", code),
    button("pay.confirm.submit", { kind: "primary", type: "submit" }),
  );
  onSubmit(form, problems, () => api("POST", "/auth/verify", { code: code.value.trim() }), onConfirmed);
  return form;
}

// The sandbox's test card form; its fields are named as the API's body so a refusal is said
// beside the field, and the browser's own checks run first.
function sandboxCardForm(started, problems, onOutcome) {
  const input = (name, attributes) => el("input", { type: "text", name, required: true, ...attributes });
  const number = input("number", {
    inputmode: "numeric",
    autocomplete: "cc-number",
    maxlength: "23",
    pattern: "[0-9 ]{12,23}",
  });
  const expiry = input("expiry", {
    autocomplete: "cc-exp",
    maxlength: "7",
    pattern: "(0[1-9]|1[0-2]) ?/ ?[0-9]{2}",
  });
  const cvc = input("cvc", { inputmode: "numeric", autocomplete: "cc-csc", maxlength: "4", pattern: "[0-9]{3,4}" });
  const form = el(
    "form",
    { class: "card stack pay-card" },
    el("h2", { text: t("pay.card.heading") }),
    el("p", { class: "hint", text: t("pay.sandbox.hint") }),
    problems,
    field("card-number", "pay.card.number", number),
    el(
      "div",
      { class: "pay-card-pair" },
      field("card-expiry", "pay.card.expiry", expiry),
      field("card-cvc", "pay.card.cvc", cvc),
    ),
    button("pay.card.submit", {
      kind: "primary",
      type: "submit",
      icon: "card",
      values: { amount: money(started.payment.amount, started.payment.currency) },
    }),
  );
  onSubmit(
    form,
    problems,
    () =>
      api("POST", `/payments/${started.payment.payment_id}/sandbox-charge`, {
        number: number.value.trim(),
        expiry: expiry.value.trim(),
        cvc: cvc.value.trim(),
      }),
    (payment) => onOutcome(payment),
  );
  return form;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = el("script", { src });
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject({ status: 0 })); // said as "no connection"
    document.head.append(script);
  });
}

// Stripe: its Payment Element collects the card; our webhook posts the payment, which we wait for.
function stripeCardForm(started, problems, onOutcome) {
  const mount = el("div", { class: "stripe-element" });
  const submit = button("pay.card.submit", {
    kind: "primary",
    type: "submit",
    icon: "card",
    values: { amount: money(started.payment.amount, started.payment.currency) },
  });
  const form = el("form", { class: "card stack" }, el("h2", { text: t("pay.card.heading") }), problems, mount, submit);
  let stripe;
  let elements;
  loadScript("https://js.stripe.com/v3/")
    .then(() => {
      stripe = window.Stripe(started.publishable_key);
      elements = stripe.elements({ clientSecret: started.client_secret, locale: document.documentElement.lang });
      elements.create("payment").mount(mount);
    })
    .catch((error) => showError(problems, error));
  async function confirm() {
    const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
    // Stripe.js says a card's refusal itself; we say it again in our words, with Try again.
    if (error) return { ...started.payment, status: "failed", decline_code: error.decline_code || error.code };
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const payment = await api("GET", `/payments/${started.payment.payment_id}`);
      if (payment.status !== "pending") return payment;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return { ...started.payment, status: "pending" };
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    if (!stripe) return;
    try {
      await onOutcome(await busy(submit, confirm));
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

// The review of a payment and everything after it, in `area`. `allocations`: [{invoice, amount}].
// onPaid(payment) runs after a success (the page reloads its figures) and may return the
// account, whose amount due the result then says. `form`: the invoices' form, whose amount
// fields the API's refusals are said beside.
export function payFlow(area, allocations, { onPaid, onDeclined, form } = {}) {
  const problems = alertRegion();
  const currency = allocations[0].invoice.currency;
  const total = allocations.reduce((sum, line) => sum + line.amount, 0);
  const key = `web-${crypto.randomUUID()}`; // one payment per review, however often Pay is pressed
  const pay = button("pay.start", { kind: "primary", icon: "card", values: { amount: money(total, currency) } });
  const body = {
    allocations: allocations.map((line) => ({ invoice_id: line.invoice.invoice_id, amount: line.amount })),
  };
  let started = null;

  function showCardForm() {
    const cardProblems = alertRegion();
    const cardForm =
      started.provider === "stripe"
        ? stripeCardForm(started, cardProblems, outcome)
        : sandboxCardForm(started, cardProblems, outcome);
    area.replaceChildren(cardForm);
    cardForm.querySelector("input")?.focus();
  }

  async function outcome(payment) {
    if (payment.status === "succeeded") {
      const account = onPaid ? await onPaid(payment) : null;
      const receiptProblems = alertRegion();
      const receipt = downloadButton("billing.receipt", `/payments/${payment.payment_id}/receipt`, (error) =>
        showError(receiptProblems, error),
      );
      receipt.classList.add("button");
      showResult(
        area,
        "success",
        t("pay.done", { amount: money(payment.amount, payment.currency) }),
        el(
          "ul",
          { class: "pay-lines" },
          ...(payment.allocations.length ? payment.allocations : payment.requested).map((line) =>
            el("li", {
              text: t("pay.review.line", { number: line.invoice_number, amount: money(line.amount, payment.currency) }),
            }),
          ),
        ),
        account
          ? el("p", {
              "data-testid": "amount-due-now",
              text: t("pay.due_now", { amount: money(account.amount_due, account.currency || payment.currency) }),
            })
          : null,
        receiptProblems,
        el("div", { class: "actions" }, receipt),
      );
    } else if (payment.status === "failed") {
      // The same payment is charged again: the invoices and amounts chosen stay as they were.
      const retry = button("pay.retry", { kind: "primary", icon: "retry", onclick: showCardForm });
      showResult(
        area,
        "danger",
        t("pay.declined"),
        el("p", { "data-testid": "decline-reason", text: declineReason(payment.decline_code) }),
        el("div", { class: "actions" }, retry),
      );
      if (onDeclined) await onDeclined(payment);
    } else {
      showResult(area, "info", t("pay.pending"));
    }
  }

  async function start() {
    showError(problems, null);
    try {
      started = await busy(pay, () => api("POST", "/payments", body, { "Idempotency-Key": key }));
      showCardForm();
    } catch (error) {
      if (error.code === "fresh_sign_in_required") {
        await api("POST", "/auth/confirm");
        const confirmForm = confirmIdentity(problems, start);
        area.replaceChildren(problems, confirmForm);
        confirmForm.querySelector("input").focus();
        return;
      }
      showError(problems, error, form);
    }
  }

  pay.addEventListener("click", start);
  area.replaceChildren(
    el(
      "section",
      { class: "card stack pay-review", "aria-labelledby": "pay-review" },
      el("h2", { id: "pay-review", text: t("pay.review") }),
      problems,
      el(
        "ul",
        { class: "pay-lines" },
        ...allocations.map((line) =>
          el("li", {
            text: t("pay.review.line", { number: line.invoice.invoice_number, amount: money(line.amount, currency) }),
          }),
        ),
      ),
      el("p", { class: "total", text: t("pay.review.total", { amount: money(total, currency) }) }),
      el("div", { class: "actions" }, pay),
    ),
  );
  pay.focus();
}
