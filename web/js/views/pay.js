// Paying: review what is paid, confirm it is you if the session is old, then the card form
// of the provider (the sandbox's test card form locally, Stripe's Payment Element otherwise).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, el, field, money, showError } from "../ui.js";

// A confirmation code, asked for when the session is older than ten minutes.
function confirmIdentity(problems, onConfirmed) {
  const code = el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("pay.confirm.heading") }),
    el("p", { text: t("pay.confirm.sent") }),
    field("confirm-code", "signin.code", code),
    el("button", { type: "submit", class: "primary", text: t("pay.confirm.submit") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("POST", "/auth/verify", { code: code.value.trim() });
      await onConfirmed();
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

function sandboxCardForm(started, problems, onDone) {
  const number = el("input", { type: "text", inputmode: "numeric", autocomplete: "cc-number", maxlength: "23" });
  const expiry = el("input", { type: "text", autocomplete: "cc-exp", placeholder: "MM/YY", maxlength: "7" });
  const cvc = el("input", { type: "text", inputmode: "numeric", autocomplete: "cc-csc", maxlength: "4" });
  const submit = el("button", {
    type: "submit",
    class: "primary",
    text: t("pay.card.submit", { amount: money(started.payment.amount, started.payment.currency) }),
  });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("pay.card.heading") }),
    el("p", { class: "hint", text: t("pay.sandbox.hint") }),
    field("card-number", "pay.card.number", number),
    field("card-expiry", "pay.card.expiry", expiry),
    field("card-cvc", "pay.card.cvc", cvc),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    submit.disabled = true;
    try {
      const payment = await api("POST", `/payments/${started.payment.payment_id}/sandbox-charge`, {
        number: number.value.trim(),
        expiry: expiry.value.trim(),
        cvc: cvc.value.trim(),
      });
      await onDone(payment);
    } catch (error) {
      showError(problems, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = el("script", { src });
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error("Stripe could not be loaded.")));
    document.head.append(script);
  });
}

// Stripe: its Payment Element collects the card; our webhook posts the payment, which we wait for.
function stripeCardForm(started, problems, onDone) {
  const mount = el("div", { class: "stripe-element" });
  const submit = el("button", {
    type: "submit",
    class: "primary",
    text: t("pay.card.submit", { amount: money(started.payment.amount, started.payment.currency) }),
  });
  const form = el("form", { class: "card stack" }, el("h2", { text: t("pay.card.heading") }), mount, submit);
  let stripe;
  let elements;
  loadScript("https://js.stripe.com/v3/")
    .then(() => {
      stripe = window.Stripe(started.publishable_key);
      elements = stripe.elements({ clientSecret: started.client_secret });
      elements.create("payment").mount(mount);
    })
    .catch((error) => showError(problems, error));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    submit.disabled = true;
    const { error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
    if (error) {
      showError(problems, error);
      submit.disabled = false;
      return;
    }
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const payment = await api("GET", `/payments/${started.payment.payment_id}`);
      if (payment.status !== "pending") return onDone(payment);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    submit.disabled = false;
  });
  return form;
}

// The review of a payment and everything after it, in `area`. `allocations`: [{invoice, amount}].
export function payFlow(area, allocations, onDone) {
  const problems = alertRegion();
  const currency = allocations[0].invoice.currency;
  const total = allocations.reduce((sum, line) => sum + line.amount, 0);
  const key = `web-${crypto.randomUUID()}`; // one payment per review, however often Pay is pressed
  const pay = el("button", {
    type: "button",
    class: "primary",
    text: t("pay.start", { amount: money(total, currency) }),
  });
  const body = {
    allocations: allocations.map((line) => ({ invoice_id: line.invoice.invoice_id, amount: line.amount })),
  };

  async function start() {
    showError(problems, null);
    pay.disabled = true;
    try {
      const started = await api("POST", "/payments", body, { "Idempotency-Key": key });
      const form =
        started.provider === "stripe"
          ? stripeCardForm(started, problems, onDone)
          : sandboxCardForm(started, problems, onDone);
      area.replaceChildren(problems, form);
      form.querySelector("input")?.focus();
    } catch (error) {
      pay.disabled = false;
      if (error.code === "fresh_sign_in_required") {
        await api("POST", "/auth/confirm");
        const form = confirmIdentity(problems, start);
        area.replaceChildren(problems, form);
        form.querySelector("input").focus();
        return;
      }
      showError(problems, error);
    }
  }

  pay.addEventListener("click", start);
  area.replaceChildren(
    el(
      "section",
      { class: "card stack", "aria-labelledby": "pay-review" },
      el("h2", { id: "pay-review", text: t("pay.review") }),
      problems,
      el(
        "ul",
        {},
        ...allocations.map((line) =>
          el("li", {
            text: t("pay.review.line", { number: line.invoice.invoice_number, amount: money(line.amount, currency) }),
          }),
        ),
      ),
      el("p", { class: "total", text: t("pay.review.total", { amount: money(total, currency) }) }),
      pay,
    ),
  );
  pay.focus();
}
