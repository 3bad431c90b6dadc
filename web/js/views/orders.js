// My orders, newest first, paged and filtered by status: a table on a wide screen, one card
// per order on a phone (number, date, total, status).
import { api } from "../api.js";
import { t } from "../i18n.js";
import {
  alertRegion,
  button,
  dataTable,
  dateTime,
  el,
  emptyState,
  field,
  heading,
  icon,
  money,
  pill,
  showError,
  toneOf,
} from "../ui.js";

// awaiting_approval: a buyer's order above their spending limit, until an admin of the account
// approves it (then submitted) or declines it.
export const STATUSES = [
  "awaiting_approval",
  "submitted",
  "confirmed",
  "shipped",
  "delivered",
  "cancelled",
  "declined",
];

// Statuses in the words toneOf knows: an order waiting for its admin is as "pending" as a booking.
const TONE_WORD = { awaiting_approval: "pending" };

export function statusPill(status) {
  return pill(t(`order.status.${status}`), toneOf(TONE_WORD[status] || status));
}

function orderRow(order) {
  return el(
    "tr",
    {},
    el(
      "th",
      { scope: "row" },
      el("a", { href: `/orders/${encodeURIComponent(order.order_id)}`, text: order.order_number }),
    ),
    el("td", { text: dateTime(order.submitted_at) }),
    el("td", { class: "amount-cell", text: money(order.total, order.currency) }),
    el("td", {}, statusPill(order.status)),
  );
}

export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");
  const more = button("console.more", { kind: "secondary", hidden: true });
  const status = el(
    "select",
    { name: "status" },
    el("option", { value: "", text: t("orders.all") }),
    ...STATUSES.map((s) => el("option", { value: s, text: t(`order.status.${s}`) })),
  );
  const table = dataTable("orders.heading", ["orders.number", "orders.date", "cart.total", "orders.status"], rows);
  const listing = el("div", { class: "orders-listing" });
  let cursor = null;

  async function load(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (status.value) query.set("status", status.value);
    if (!reset && cursor) query.set("cursor", cursor);
    const page = await api("GET", `/orders?${query}`);
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map(orderRow));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    if (rows.children.length) listing.replaceChildren(table, more);
    else if (status.value) listing.replaceChildren(emptyState("order", "orders.none_with_status"));
    else {
      const shop = el(
        "a",
        { href: "/catalogue", class: "button primary" },
        icon("shop"),
        el("span", { text: t("cart.to_shop") }),
      );
      listing.replaceChildren(emptyState("order", "orders.none", shop));
    }
  }

  status.addEventListener("change", () => load(true).catch((error) => showError(problems, error)));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("orders.heading"),
    problems,
    el("div", { class: "filters" }, field("order-status", "orders.filter", status)),
    listing,
  );
  await load(true);
}
