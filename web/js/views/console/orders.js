// Operator console: the order queue by status, oldest first. Each card says who ordered, what,
// and their delivery note; a move is answered on the card itself, which then offers the next one.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dateTime,
  el,
  emptyState,
  field,
  heading,
  money,
  onSubmit,
  showError,
  showResult,
} from "../../ui.js";
import { statusPill } from "../orders.js";

const STATUSES = ["submitted", "confirmed", "shipped"];

// Each order carries the customer's name as it was when they ordered; one stored before names
// were kept has none, and links to the customer all the same.
function customerLink(order) {
  return el("a", {
    href: `/console/customers/${encodeURIComponent(order.customer_id)}`,
    text: order.customer_name || t("queue.customer_unnamed"),
  });
}

function orderCard(order) {
  const card = el("li", { class: "card queue-card", "data-order": order.order_number });
  const problems = alertRegion();
  const result = el("div", { class: "queue-result" });

  // A move's reply is the order as it is now: the card is drawn again with it, and says so.
  // The API's refusal is thrown to the caller: a form's onSubmit says it beside its fields.
  async function move(path, body) {
    const moved = await api("POST", `/orders/operator/orders/${encodeURIComponent(order.order_id)}/${path}`, body);
    const next = orderCard(moved);
    card.replaceWith(next);
    showResult(
      next.querySelector(".queue-result"),
      "success",
      t(`queue.moved.${moved.status}`, { number: moved.order_number }),
    );
    return moved;
  }

  card.append(
    el(
      "div",
      { class: "queue-head" },
      el("h2", { text: order.order_number }),
      statusPill(order.status),
      el("span", { class: "total", text: money(order.total, order.currency) }),
    ),
    el(
      "dl",
      { class: "facts" },
      el("dt", { text: t("queue.customer") }),
      el("dd", {}, customerLink(order)),
      // A company's orders: which of its contacts placed it (an order over their limit came
      // here once an admin of theirs approved it).
      order.placed_by?.name ? el("dt", { text: t("order.placed_by") }) : null,
      order.placed_by?.name ? el("dd", { text: order.placed_by.name }) : null,
      el("dt", { text: t("order.placed") }),
      el("dd", { text: dateTime(order.submitted_at) }),
      el("dt", { text: t("order.lines") }),
      el(
        "dd",
        {},
        el(
          "ul",
          { class: "queue-lines" },
          ...order.lines.map((line) => el("li", { text: `${line.quantity} × ${line.name}` })),
        ),
      ),
      el("dt", { text: t("order.note") }),
      order.note
        ? el("dd", { class: "order-note", text: order.note })
        : el("dd", { class: "hint", text: t("queue.no_note") }),
    ),
    result,
    problems,
    actions(order, move, problems, result),
  );
  return card;
}

function actions(order, move, problems, result) {
  const bar = el("div", { class: "actions queue-actions" });
  if (order.status === "submitted") {
    const confirm = button("queue.confirm", { kind: "primary", icon: "check" });
    confirm.addEventListener("click", () => moveBy(confirm, () => move("confirm"), problems));
    bar.append(confirm, cancelToggle(order, move, problems));
  } else if (order.status === "confirmed") {
    bar.append(
      shipForm(order, move, problems),
      invoiceButton(order, problems, result),
      cancelToggle(order, move, problems),
    );
  } else if (order.status === "shipped") {
    const deliver = button("queue.deliver", { kind: "primary", icon: "check" });
    deliver.addEventListener("click", () => moveBy(deliver, () => move("deliver"), problems));
    bar.append(deliver, invoiceButton(order, problems, result));
  }
  return bar;
}

// A move by one button: busy meanwhile, a refusal said on the card.
async function moveBy(control, work, problems) {
  showError(problems, null);
  try {
    await busy(control, work);
  } catch (error) {
    showError(problems, error);
  }
}

function shipForm(order, move, problems) {
  const carrier = el("input", { type: "text", name: "carrier", maxlength: "80", required: true });
  const tracking = el("input", { type: "text", name: "tracking", maxlength: "120", required: true });
  const form = el(
    "form",
    { class: "inline ship-form" },
    field(`carrier-${order.order_id}`, "queue.carrier", carrier),
    field(`tracking-${order.order_id}`, "queue.tracking", tracking),
    button("queue.ship", { kind: "primary", type: "submit" }),
  );
  onSubmit(form, problems, () => move("ship", { carrier: carrier.value.trim(), tracking: tracking.value.trim() }));
  return form;
}

// An order is invoiced once it is confirmed; a second try is refused and says so.
function invoiceButton(order, problems, result) {
  const invoice = button("queue.invoice", { kind: "secondary", icon: "document" });
  invoice.addEventListener("click", async () => {
    showError(problems, null);
    try {
      const issued = await busy(invoice, () =>
        api("POST", "/payments/operator/invoices/from-order", { order_id: order.order_id }),
      );
      invoice.remove();
      showResult(result, "success", t("queue.invoiced", { number: issued.invoice_number }));
    } catch (error) {
      showError(problems, error);
    }
  });
  return invoice;
}

// Cancelling needs a reason and is asked once more before it is sent.
function cancelToggle(order, move, problems) {
  const id = `cancel-${order.order_id}`;
  const reason = el("input", { type: "text", name: "reason", maxlength: "500", required: true });
  const form = el(
    "form",
    { class: "inline cancel-form", id, hidden: true },
    field(`reason-${order.order_id}`, "order.cancel.reason.staff", reason),
    button("order.cancel", { kind: "danger", type: "submit" }),
  );
  onSubmit(form, problems, async () => {
    const sure = await confirmAction("order.cancel.question", {
      confirmKey: "order.cancel.yes",
      cancelKey: "order.cancel.keep",
      values: { number: order.order_number },
    });
    if (!sure) return null;
    return move("cancel", { reason: reason.value.trim() });
  });
  const toggle = button("order.cancel", { kind: "quiet", "aria-expanded": "false", "aria-controls": id });
  toggle.addEventListener("click", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) reason.focus();
  });
  return el("div", { class: "cancel-order" }, toggle, form);
}

export async function render(main) {
  const problems = alertRegion();
  const status = el(
    "select",
    { name: "status" },
    ...STATUSES.map((s) => el("option", { value: s, text: t(`order.status.${s}`) })),
  );
  const list = el("ul", { class: "queue" });

  // Only the latest load draws: an earlier one answering late (racing a change of the status
  // filter) would replace the cards under the operator's typing.
  let latest = 0;
  async function load() {
    const ticket = ++latest;
    const page = await api("GET", `/orders/operator/orders?status=${status.value}&limit=50`);
    if (ticket !== latest) return;
    list.replaceChildren(...page.items.map(orderCard));
    if (!list.children.length) list.append(el("li", {}, emptyState("order", "queue.none")));
  }

  status.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("queue.heading"),
    problems,
    el("div", { class: "filters" }, field("queue-status", "orders.filter", status)),
    list,
  );
  await load();
}
