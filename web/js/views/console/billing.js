// Operator console: billing. A customer's account, invoices (issue, void) and payments
// (record a transfer or cash, refund); and the list of open invoices, earliest due first.
import { api, formKey } from "../../api.js";
import { t } from "../../i18n.js";
import { invoiceStatus, paymentCells } from "../billing-parts.js";
import { alertRegion, dataTable, day, el, field, heading, majorUnits, minorUnits, money, showError } from "../../ui.js";

function invoiceRow(invoice, actions = []) {
  return el(
    "tr",
    {},
    el("th", { scope: "row", text: invoice.invoice_number }),
    el("td", { text: day(invoice.due_date) }),
    el("td", { text: invoiceStatus(invoice) }),
    el("td", { text: money(invoice.total, invoice.currency) }),
    el("td", { text: money(invoice.remaining, invoice.currency) }),
    el("td", {}, ...actions),
  );
}

// New invoice: lines of description, quantity, unit price and tax rate; a due date.
function invoiceForm(customerId, currency, problems, done) {
  const lines = el("div", { class: "stack" });
  let count = 0;
  function addLine() {
    count += 1;
    const n = count;
    lines.append(
      el(
        "fieldset",
        { class: "inline line" },
        el("legend", { text: t("console.invoice.line", { n }) }),
        field(
          `line-${n}-description`,
          "invoice.description",
          el("input", { type: "text", maxlength: "200", "data-part": "description" }),
        ),
        field(
          `line-${n}-quantity`,
          "cart.quantity",
          el("input", { type: "number", min: "1", max: "9999", value: "1", "data-part": "quantity" }),
        ),
        field(
          `line-${n}-price`,
          "cart.unit",
          el("input", { type: "text", inputmode: "decimal", "data-part": "price" }),
        ),
        field(
          `line-${n}-tax`,
          "console.tax_percent",
          el("input", { type: "text", inputmode: "decimal", value: "0", "data-part": "tax" }),
        ),
      ),
    );
  }
  addLine();
  const due = el("input", { type: "date" });
  const currencyInput = el("input", { type: "text", maxlength: "3", value: currency || "EUR" });
  const key = formKey();
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h3", { text: t("console.invoice.new") }),
    lines,
    el("button", { type: "button", class: "secondary", text: t("console.invoice.add_line"), onclick: addLine }),
    field("invoice-currency", "console.currency", currencyInput),
    field("invoice-due", "invoice.due", due),
    el("button", { type: "submit", class: "primary", text: t("console.invoice.issue") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    const code = currencyInput.value.trim().toUpperCase();
    const body = {
      customer_id: customerId,
      currency: code,
      lines: [...lines.querySelectorAll("fieldset")].map((set) => {
        const part = (name) => set.querySelector(`[data-part=${name}]`).value.trim();
        return {
          description: part("description"),
          quantity: Number(part("quantity")),
          unit_price: minorUnits(part("price"), code),
          tax_rate: Math.round(Number(part("tax").replace(",", ".")) * 100),
        };
      }),
    };
    if (due.value) body.due_date = due.value;
    try {
      await api("POST", "/payments/operator/invoices", body, { "Idempotency-Key": key });
      await done(t("console.invoice.issued"));
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

function paymentForm(customerId, currency, problems, done) {
  const amount = el("input", { type: "text", inputmode: "decimal" });
  const method = el(
    "select",
    {},
    el("option", { value: "bank_transfer", text: t("payment.method.bank_transfer") }),
    el("option", { value: "cash", text: t("payment.method.cash") }),
  );
  const reference = el("input", { type: "text", maxlength: "140" });
  const key = formKey();
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h3", { text: t("console.payment.record") }),
    el("p", { class: "hint", text: t("console.payment.hint") }),
    field("payment-amount", "billing.amount", amount),
    field("payment-method", "payment.method", method),
    field("payment-reference", "console.payment.reference", reference),
    el("button", { type: "submit", class: "primary", text: t("console.payment.save") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      const code = currency || "EUR";
      await api(
        "POST",
        "/payments/operator/payments",
        {
          customer_id: customerId,
          amount: minorUnits(amount.value, code),
          currency: code,
          method: method.value,
          reference: reference.value.trim(),
        },
        { "Idempotency-Key": key },
      );
      await done(t("console.payment.saved"));
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

// The billing section of one customer's console page.
export async function customerBilling(customerId, status) {
  const problems = alertRegion();
  const section = el("section", { class: "stack", "aria-labelledby": "billing-heading" });
  const id = encodeURIComponent(customerId);
  const refundKeys = new Map(); // payment id -> the key of the refund being asked for

  async function draw(message) {
    const [account, invoices, payments] = await Promise.all([
      api("GET", `/payments/operator/customers/${id}/account`),
      api("GET", `/payments/operator/customers/${id}/invoices?limit=50`),
      api("GET", `/payments/operator/customers/${id}/payments?limit=50`),
    ]);
    const currency = account.currency || "EUR";
    const act = async (method, path, body, done, headers = {}) => {
      showError(problems, null);
      try {
        await api(method, path, body, headers);
        await draw(done);
        return true;
      } catch (error) {
        showError(problems, error);
        return false;
      }
    };
    const voidButton = (invoice) =>
      el("button", {
        type: "button",
        class: "danger",
        text: t("console.invoice.void"),
        onclick: () => {
          const reason = window.prompt(t("console.invoice.void_reason", { number: invoice.invoice_number }));
          if (reason && reason.trim())
            act(
              "POST",
              `/payments/operator/invoices/${invoice.invoice_id}/void`,
              { reason: reason.trim() },
              t("console.invoice.voided"),
            );
        },
      });
    const refundButton = (payment) =>
      el("button", {
        type: "button",
        class: "secondary",
        text: t("console.payment.refund"),
        onclick: () => {
          const most = payment.amount - payment.refunded;
          const typed = window.prompt(
            t("console.payment.refund_amount", { most: money(most, payment.currency) }),
            majorUnits(most, payment.currency),
          );
          if (!typed) return;
          // One key per refund until it is made: a retry after a lost reply refunds once.
          const key = refundKeys.get(payment.payment_id) || formKey();
          refundKeys.set(payment.payment_id, key);
          act(
            "POST",
            `/payments/operator/payments/${payment.payment_id}/refund`,
            { amount: minorUnits(typed, payment.currency) },
            t("console.payment.refunded"),
            { "Idempotency-Key": key },
          ).then((made) => made && refundKeys.delete(payment.payment_id));
        },
      });
    section.replaceChildren(
      el("h2", { id: "billing-heading", text: t("billing.heading") }),
      problems,
      el(
        "p",
        { "data-testid": "console-balance" },
        t("console.billing.summary", {
          balance: money(account.balance, currency),
          due: money(account.amount_due, currency),
          overdue: money(account.overdue_amount, currency),
        }),
      ),
      dataTable(
        "billing.invoices",
        ["invoice.number", "invoice.due", "orders.status", "cart.total", "invoice.remaining", "console.actions"],
        el(
          "tbody",
          {},
          ...invoices.items.map((invoice) =>
            invoiceRow(invoice, invoice.status === "open" && invoice.paid === 0 ? [voidButton(invoice)] : []),
          ),
        ),
      ),
      dataTable(
        "billing.payments",
        ["payment.number", "orders.date", "payment.method", "orders.status", "billing.amount", "console.actions"],
        el(
          "tbody",
          {},
          ...payments.items.map((payment) =>
            el(
              "tr",
              {},
              ...paymentCells(payment),
              el("td", { text: money(payment.amount, payment.currency) }),
              el("td", {}, payment.status === "succeeded" ? refundButton(payment) : null),
            ),
          ),
        ),
      ),
      invoiceForm(customerId, account.currency, problems, draw),
      paymentForm(customerId, account.currency, problems, draw),
    );
    if (message) status.textContent = message;
  }

  await draw();
  return section;
}

// All open invoices, the earliest due first.
export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  let cursor = null;
  async function load() {
    const query = new URLSearchParams({ status: "open", limit: "50" });
    if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `/payments/operator/invoices?${query}`);
    rows.append(
      ...page.items.map((invoice) =>
        invoiceRow(invoice, [
          el("a", { href: `/console/customers/${invoice.customer_id}`, text: t("console.invoice.customer") }),
        ]),
      ),
    );
    if (!rows.children.length) rows.append(el("tr", {}, el("td", { colspan: "6", text: t("billing.nothing_due") })));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }
  more.addEventListener("click", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("console.invoices"),
    problems,
    dataTable(
      "console.invoices",
      ["invoice.number", "invoice.due", "orders.status", "cart.total", "invoice.remaining", "console.actions"],
      rows,
    ),
    more,
  );
  await load();
}
