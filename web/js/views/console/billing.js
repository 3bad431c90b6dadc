// Operator console: billing. A customer's account, invoices (issue, void) and payments
// (record a transfer or cash, refund); and the list of open invoices, earliest due first.
// What each action did is said beside it (showResult), where the operator is looking.
import { api, formKey } from "../../api.js";
import { t } from "../../i18n.js";
import { invoicePill, paymentCells } from "../billing-parts.js";
import {
  alertRegion,
  button,
  confirmAction,
  dataTable,
  day,
  el,
  emptyState,
  field,
  heading,
  majorUnits,
  minorUnits,
  money,
  onSubmit,
  showError,
  showResult,
} from "../../ui.js";

// What an amount typed in major units may look like: "120", "120.50", "120,5".
const AMOUNT = "[0-9]+([.,][0-9]{1,3})?";

function invoiceRow(invoice, actions = []) {
  return el(
    "tr",
    {},
    el("th", { scope: "row", text: invoice.invoice_number }),
    el("td", { text: day(invoice.due_date) }),
    el("td", {}, invoicePill(invoice)),
    el("td", { class: "amount-cell", text: money(invoice.total, invoice.currency) }),
    el("td", { class: "amount-cell", text: money(invoice.remaining, invoice.currency) }),
    el("td", {}, ...actions),
  );
}

// One line of a new invoice, its controls named as the API's body (lines.0.unit_price) so a
// refusal is said beside the field it is about.
function invoiceLine(index) {
  const name = (part) => `lines.${index}.${part}`;
  return el(
    "fieldset",
    { class: "line" },
    el("legend", { text: t("console.invoice.line", { n: index + 1 }) }),
    field(
      `line-${index}-description`,
      "invoice.description",
      el("input", { type: "text", name: name("description"), required: true, maxlength: "200" }),
    ),
    el(
      "div",
      { class: "line-figures" },
      field(
        `line-${index}-quantity`,
        "cart.quantity",
        el("input", { type: "number", name: name("quantity"), required: true, min: "1", max: "9999", value: "1" }),
      ),
      field(
        `line-${index}-price`,
        "cart.unit",
        el("input", { type: "text", name: name("unit_price"), inputmode: "decimal", required: true, pattern: AMOUNT }),
      ),
      field(
        `line-${index}-tax`,
        "console.tax_percent",
        el("input", {
          type: "text",
          name: name("tax_rate"),
          inputmode: "decimal",
          value: "0",
          required: true,
          pattern: "[0-9]{1,3}([.,][0-9]{1,2})?",
        }),
      ),
    ),
  );
}

// New invoice: lines of description, quantity, unit price and tax rate; a due date.
function invoiceForm(customerId, currency, refresh) {
  const problems = alertRegion();
  const result = el("div", { class: "action-result" });
  const lines = el("div", { class: "stack" }, invoiceLine(0));
  const due = el("input", { type: "date", name: "due_date" });
  const currencyInput = el("input", {
    type: "text",
    name: "currency",
    maxlength: "3",
    minlength: "3",
    required: true,
    pattern: "[A-Za-z]{3}",
    value: currency || "EUR",
  });
  let key = formKey();
  const addLine = button("console.invoice.add_line", {
    kind: "secondary",
    icon: "plus",
    onclick: () => {
      const line = invoiceLine(lines.children.length);
      lines.append(line);
      line.querySelector("input").focus();
    },
  });
  const form = el(
    "form",
    { class: "card stack" },
    el("h3", { text: t("console.invoice.new") }),
    problems,
    lines,
    addLine,
    el(
      "div",
      { class: "line-figures" },
      field("invoice-currency", "console.currency", currencyInput),
      field("invoice-due", "invoice.due", due),
    ),
    el("div", { class: "actions" }, button("console.invoice.issue", { kind: "primary", type: "submit" })),
    result,
  );
  onSubmit(
    form,
    problems,
    () => {
      const code = currencyInput.value.trim().toUpperCase();
      const body = {
        customer_id: customerId,
        currency: code,
        lines: [...lines.querySelectorAll("fieldset")].map((set) => {
          const part = (name) => set.querySelector(`[name$=".${name}"]`).value.trim();
          return {
            description: part("description"),
            quantity: Number(part("quantity")),
            unit_price: minorUnits(part("unit_price"), code),
            tax_rate: Math.round(Number(part("tax_rate").replace(",", ".")) * 100),
          };
        }),
      };
      if (due.value) body.due_date = due.value;
      return api("POST", "/payments/operator/invoices", body, { "Idempotency-Key": key });
    },
    async (invoice) => {
      key = formKey(); // the next invoice is a new one
      form.reset();
      lines.replaceChildren(invoiceLine(0));
      await refresh();
      showResult(
        result,
        "success",
        t("console.invoice.issued_as", {
          number: invoice.invoice_number,
          amount: money(invoice.total, invoice.currency),
        }),
      );
    },
  );
  return form;
}

function paymentForm(customerId, currency, refresh) {
  const problems = alertRegion();
  const result = el("div", { class: "action-result" });
  const amount = el("input", { type: "text", name: "amount", inputmode: "decimal", required: true, pattern: AMOUNT });
  const method = el(
    "select",
    { name: "method" },
    el("option", { value: "bank_transfer", text: t("payment.method.bank_transfer") }),
    el("option", { value: "cash", text: t("payment.method.cash") }),
  );
  const reference = el("input", { type: "text", name: "reference", maxlength: "140" });
  let key = formKey();
  const code = currency || "EUR";
  const form = el(
    "form",
    { class: "card stack" },
    el("h3", { text: t("console.payment.record") }),
    el("p", { class: "hint", text: t("console.payment.hint") }),
    problems,
    field("payment-amount", "billing.amount", amount),
    field("payment-method", "payment.method", method),
    field("payment-reference", "console.payment.reference", reference),
    el("div", { class: "actions" }, button("console.payment.save", { kind: "primary", type: "submit" })),
    result,
  );
  onSubmit(
    form,
    problems,
    () =>
      api(
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
      ),
    async (payment) => {
      key = formKey(); // the next payment is a new one
      form.reset();
      await refresh();
      showResult(
        result,
        "success",
        t("console.payment.saved_as", {
          number: payment.payment_number,
          amount: money(payment.amount, payment.currency),
        }),
      );
    },
  );
  return form;
}

// Void, asked in the invoice's own row: the reason (the customer sees it), then the button.
function voidAction(invoice, result, refresh) {
  const cell = el("div", { class: "row-action" });
  const open = button("console.invoice.void", { kind: "danger" });
  function ask() {
    const problems = alertRegion();
    const reason = el("input", { type: "text", name: "reason", required: true, maxlength: "500" });
    const form = el(
      "form",
      { class: "stack" },
      problems,
      field(`void-${invoice.invoice_id}`, "console.invoice.void_reason", reason),
      el(
        "div",
        { class: "actions" },
        button("console.invoice.void_confirm", { kind: "danger", type: "submit" }),
        button("confirm.no", { kind: "quiet", onclick: () => cell.replaceChildren(open) }),
      ),
    );
    onSubmit(
      form,
      problems,
      () => api("POST", `/payments/operator/invoices/${invoice.invoice_id}/void`, { reason: reason.value.trim() }),
      async () => {
        await refresh();
        showResult(result, "success", t("console.invoice.voided_number", { number: invoice.invoice_number }));
      },
    );
    cell.replaceChildren(form);
    reason.focus();
  }
  open.addEventListener("click", ask);
  cell.append(open);
  return cell;
}

// Refund, asked in the payment's own row: how much (all of it by default), then a confirmation.
function refundAction(payment, keys, result, refresh) {
  const cell = el("div", { class: "row-action" });
  const most = payment.amount - payment.refunded;
  const open = button("console.payment.refund", { kind: "secondary" });
  function ask() {
    const problems = alertRegion();
    const amount = el("input", {
      type: "text",
      name: "amount",
      inputmode: "decimal",
      required: true,
      pattern: AMOUNT,
      value: majorUnits(most, payment.currency),
    });
    const form = el(
      "form",
      { class: "stack" },
      problems,
      field(`refund-${payment.payment_id}`, "console.payment.refund_amount", amount),
      el(
        "div",
        { class: "actions" },
        button("console.payment.refund_send", { kind: "danger", type: "submit" }),
        button("confirm.no", { kind: "quiet", onclick: () => cell.replaceChildren(open) }),
      ),
    );
    onSubmit(
      form,
      problems,
      async () => {
        const minor = minorUnits(amount.value, payment.currency);
        if (!(minor <= most)) {
          throw {
            code: "invalid_fields",
            details: [{ field: "amount", reason: "too_large", limit: money(most, payment.currency) }],
          };
        }
        const sure = await confirmAction("console.payment.refund_question", {
          values: { amount: money(minor, payment.currency), number: payment.payment_number },
        });
        if (!sure) return null;
        // One key per refund until it is made: a retry after a lost reply refunds once.
        const key = keys.get(payment.payment_id) || formKey();
        keys.set(payment.payment_id, key);
        const refunded = await api(
          "POST",
          `/payments/operator/payments/${payment.payment_id}/refund`,
          { amount: minor },
          { "Idempotency-Key": key },
        );
        keys.delete(payment.payment_id);
        return { minor, refunded };
      },
      async (made) => {
        if (!made) return;
        await refresh();
        showResult(
          result,
          "success",
          t("console.payment.refunded_amount", {
            amount: money(made.minor, payment.currency),
            number: payment.payment_number,
          }),
        );
      },
    );
    cell.replaceChildren(form);
    amount.focus();
  }
  open.addEventListener("click", ask);
  cell.append(open);
  return cell;
}

// The billing section of one customer's console page.
export async function customerBilling(customerId) {
  const id = encodeURIComponent(customerId);
  const refundKeys = new Map(); // payment id -> the key of the refund being asked for
  const summary = el("p", { "data-testid": "console-balance" });
  const invoiceResult = el("div", { class: "action-result" });
  const paymentResult = el("div", { class: "action-result" });
  const invoiceList = el("div");
  const paymentList = el("div");

  async function refresh() {
    const [account, invoices, payments] = await Promise.all([
      api("GET", `/payments/operator/customers/${id}/account`),
      api("GET", `/payments/operator/customers/${id}/invoices?limit=50`),
      api("GET", `/payments/operator/customers/${id}/payments?limit=50`),
    ]);
    const currency = account.currency || "EUR";
    summary.textContent = t("console.billing.summary", {
      balance: money(account.balance, currency),
      due: money(account.amount_due, currency),
      overdue: money(account.overdue_amount, currency),
    });
    invoiceList.replaceChildren(
      invoices.items.length
        ? dataTable(
            "billing.invoices",
            ["invoice.number", "invoice.due", "orders.status", "cart.total", "invoice.remaining", "console.actions"],
            el(
              "tbody",
              {},
              ...invoices.items.map((invoice) =>
                invoiceRow(
                  invoice,
                  invoice.status === "open" && invoice.paid === 0 ? [voidAction(invoice, invoiceResult, refresh)] : [],
                ),
              ),
            ),
          )
        : emptyState("document", "console.billing.no_invoices"),
    );
    paymentList.replaceChildren(
      payments.items.length
        ? dataTable(
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
                  el("td", { class: "amount-cell", text: money(payment.amount, payment.currency) }),
                  el(
                    "td",
                    {},
                    payment.status === "succeeded" ? refundAction(payment, refundKeys, paymentResult, refresh) : null,
                  ),
                ),
              ),
            ),
          )
        : emptyState("card", "console.billing.no_payments"),
    );
    return account;
  }

  const account = await refresh();
  return el(
    "section",
    { class: "stack console-billing", "aria-labelledby": "billing-heading" },
    el("h2", { id: "billing-heading", text: t("billing.heading") }),
    summary,
    invoiceResult,
    invoiceList,
    paymentResult,
    paymentList,
    el(
      "div",
      { class: "console-billing-forms" },
      invoiceForm(customerId, account.currency, refresh),
      paymentForm(customerId, account.currency, refresh),
    ),
  );
}

// All open invoices, the earliest due first.
export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");
  const table = dataTable(
    "console.invoices",
    ["invoice.number", "invoice.due", "orders.status", "cart.total", "invoice.remaining", "console.actions"],
    rows,
  );
  const empty = el("div");
  const more = button("console.more", { kind: "secondary", class: "button secondary list-more", hidden: true });
  let cursor = null;
  async function load() {
    const query = new URLSearchParams({ status: "open", limit: "50" });
    if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `/payments/operator/invoices?${query}`);
    rows.append(
      ...page.items.map((invoice) =>
        invoiceRow(invoice, [
          el("a", {
            class: "button secondary",
            href: `/console/customers/${invoice.customer_id}`,
            text: t("console.invoice.customer"),
          }),
        ]),
      ),
    );
    table.hidden = !rows.children.length;
    empty.replaceChildren(...(rows.children.length ? [] : [emptyState("check", "billing.console_nothing_due")]));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }
  more.addEventListener("click", () => load().catch((error) => showError(problems, error)));
  await load();
  main.replaceChildren(
    heading("console.invoices"),
    problems,
    el("div", { class: "console-billing" }, table, empty, more),
  );
}
