// One order: its status, the history of its moves, its lines and totals with VAT per rate,
// the delivery note; order again; cancel (asked first) while it is still submitted. An order
// above its buyer's spending limit waits for an admin of the account, who approves or declines
// it here; the buyer reads that it waits.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange, session } from "../session.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dataTable,
  dateTime,
  el,
  field,
  icon,
  money,
  onSubmit,
  percent,
  showError,
  showResult,
} from "../ui.js";
import { statusPill } from "./orders.js";
import { readOnlyNote } from "./read-only.js";

function timeline(order) {
  return el(
    "ol",
    { class: "timeline" },
    ...order.timeline.map((change) =>
      el(
        "li",
        {},
        statusPill(change.status),
        " ",
        el("time", { datetime: change.at, text: dateTime(change.at) }),
        change.carrier
          ? el("p", { text: t("order.shipped.with", { carrier: change.carrier, tracking: change.tracking }) })
          : null,
        change.reason ? el("p", { text: t("order.reason", { reason: change.reason }) }) : null,
      ),
    ),
  );
}

function lines(order) {
  const currency = order.currency;
  return dataTable(
    "order.lines",
    ["cart.product", "cart.quantity", "cart.unit", "cart.taxrate", "cart.linetotal"],
    el(
      "tbody",
      {},
      ...order.lines.map((line) =>
        el(
          "tr",
          {},
          el("th", { scope: "row", text: line.name }),
          el("td", { text: String(line.quantity) }),
          el("td", { text: money(line.unit_price, currency) }),
          el("td", { text: percent(line.tax_rate) }),
          el("td", { class: "amount-cell", text: money(line.line_total, currency) }),
        ),
      ),
    ),
  );
}

// Subtotal, VAT per rate (summed from the lines, as the cart showed it) and the total.
function totals(order) {
  const byRate = new Map();
  for (const line of order.lines) byRate.set(line.tax_rate, (byRate.get(line.tax_rate) || 0) + line.line_tax);
  const rates = [...byRate.keys()].sort((a, b) => a - b);
  return el(
    "dl",
    { class: "totals" },
    el("dt", { text: t("cart.subtotal") }),
    el("dd", { text: money(order.subtotal, order.currency) }),
    ...rates.flatMap((rate) => [
      el("dt", { text: t("cart.taxline", { rate: percent(rate) }) }),
      el("dd", { text: money(byRate.get(rate), order.currency) }),
    ]),
    el("dt", { class: "total", text: t("cart.total") }),
    el("dd", { class: "total", text: money(order.total, order.currency) }),
  );
}

export async function render(main, _config, _navigate, orderId) {
  const buying = mayChange("buying"); // a viewer reads the order; ordering again or cancelling is not theirs
  const path = `/orders/${encodeURIComponent(orderId)}`;
  const problems = alertRegion();
  const result = el("div", { class: "order-result" });

  function reorderButton() {
    const reorder = button("order.reorder", { kind: "secondary", icon: "retry" });
    reorder.addEventListener("click", async () => {
      showError(problems, null);
      try {
        const { unavailable } = await busy(reorder, () => api("POST", `${path}/reorder`));
        const toCart = el("a", { href: "/cart", class: "button primary", text: t("shop.tocart") });
        if (unavailable.length) {
          showResult(
            result,
            "warning",
            t("order.reorder.done"),
            el("p", { text: t("order.reorder.missing", { names: unavailable.join(", ") }) }),
            toCart,
          );
        } else showResult(result, "success", t("order.reorder.done"), toCart);
      } catch (error) {
        showError(problems, error);
      }
    });
    return reorder;
  }

  // While the order is submitted: why (required, as the API asks), then the question, then the cancel.
  function cancelForm(order) {
    const reason = el("input", { type: "text", name: "reason", maxlength: "500", required: true });
    const form = el(
      "form",
      { class: "card stack cancel-order", "aria-labelledby": "cancel-title" },
      el("h2", { id: "cancel-title", text: t("order.cancel.title") }),
      field("cancel-reason", "order.cancel.reason", reason),
      button("order.cancel", { kind: "danger", type: "submit" }),
    );
    onSubmit(
      form,
      problems,
      async () => {
        const sure = await confirmAction("order.cancel.question", {
          confirmKey: "order.cancel.yes",
          cancelKey: "order.cancel.keep",
          values: { number: order.order_number },
        });
        if (!sure) return null;
        return api("POST", `${path}/cancel`, { reason: reason.value.trim() });
      },
      (cancelled) => {
        if (!cancelled) {
          form.querySelector("button[type=submit]").focus();
          return;
        }
        draw(cancelled);
        showResult(result, "success", t("order.cancelled", { number: cancelled.order_number }));
      },
    );
    return form;
  }

  // Waiting for an admin: the admin (who changes the account) approves it, sending it to the
  // business, or declines it (asked first; the reason, if given, is the buyer's to read).
  function approvalPart(order) {
    const spending = order.spending_limit;
    const limit = spending ? money(spending.amount, spending.currency) : "";
    const overKey =
      spending?.currency === order.currency ? "order.approval.over_limit" : "order.approval.other_currency";
    const why = limit ? t(overKey, { limit }) : "";
    if (!mayChange("account")) {
      return el(
        "div",
        { class: "result result-warning", "data-testid": "awaiting-approval" },
        icon("clock"),
        el(
          "div",
          {},
          el("p", { text: t("order.approval.waiting", { account: session.person.account.name }) }),
          why ? el("p", { text: why }) : null,
        ),
      );
    }
    const approve = button("order.approve", { kind: "primary", icon: "check" });
    approve.addEventListener("click", async () => {
      showError(problems, null);
      try {
        const approved = await busy(approve, () => api("POST", `${path}/approve`, {}));
        draw(approved);
        showResult(result, "success", t("order.approved", { number: approved.order_number }));
      } catch (error) {
        showError(problems, error);
      }
    });
    const reason = el("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off" });
    const decline = el(
      "form",
      { class: "stack decline-order" },
      field("decline-reason", "order.decline.reason", reason, "order.decline.reason.hint"),
      el("div", { class: "actions" }, button("order.decline", { kind: "danger", type: "submit" })),
    );
    onSubmit(
      decline,
      problems,
      async () => {
        const sure = await confirmAction("order.decline.question", {
          confirmKey: "order.decline.yes",
          cancelKey: "order.decline.keep",
          values: { number: order.order_number },
        });
        if (!sure) return null;
        const given = reason.value.trim();
        return api("POST", `${path}/decline`, given ? { reason: given } : {});
      },
      (declined) => {
        if (!declined) return decline.querySelector("button[type=submit]").focus();
        draw(declined);
        showResult(result, "info", t("order.declined", { number: declined.order_number }));
      },
    );
    const buyer = order.placed_by?.name;
    return el(
      "section",
      { class: "card stack approve-order", "aria-labelledby": "approval-title", "data-testid": "approval" },
      el("h2", { id: "approval-title", text: t("order.approval.title") }),
      el("p", { text: buyer ? t("order.approval.asks_named", { name: buyer }) : t("order.approval.asks") }),
      why ? el("p", { class: "hint", text: why }) : null,
      el("div", { class: "actions" }, approve),
      decline,
    );
  }

  function draw(order) {
    result.replaceChildren();
    main.replaceChildren(
      el("p", {}, el("a", { href: "/orders", text: t("order.back") })),
      el(
        "div",
        { class: "page-head order-head" },
        el("h1", { text: t("order.heading", { number: order.order_number }) }),
        el("span", { class: "order-status" }, statusPill(order.status)),
      ),
      el(
        "dl",
        { class: "facts" },
        el("dt", { text: t("order.placed") }),
        el("dd", { text: dateTime(order.submitted_at) }),
        order.placed_by?.name ? el("dt", { text: t("order.placed_by") }) : null,
        order.placed_by?.name ? el("dd", { text: order.placed_by.name }) : null,
        el("dt", { text: t("cart.total") }),
        el("dd", { class: "total", text: money(order.total, order.currency) }),
        // el() leaves out a null; replaceChildren would print it as "null"
        order.note ? el("dt", { text: t("order.note") }) : null,
        order.note ? el("dd", { class: "order-note", text: order.note }) : null,
      ),
      problems,
      result,
      order.status === "awaiting_approval" ? approvalPart(order) : "",
      buying ? el("div", { class: "actions" }, reorderButton()) : readOnlyNote("buying"),
      el("section", { class: "card order-lines" }, lines(order), totals(order)),
      el(
        "section",
        { class: "card", "aria-labelledby": "order-timeline" },
        el("h2", { id: "order-timeline", text: t("order.timeline") }),
        timeline(order),
      ),
      buying && order.status === "submitted" ? cancelForm(order) : "",
    );
  }

  draw(await api("GET", path));
}
