// My orders, newest first, paged; filter by status.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dateTime, dataTable, el, field, heading, money, showError } from "../ui.js";

const STATUSES = ["submitted", "confirmed", "shipped", "delivered", "cancelled"];

export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  const status = el(
    "select",
    {},
    el("option", { value: "", text: t("orders.all") }),
    ...STATUSES.map((s) => el("option", { value: s, text: t(`order.status.${s}`) })),
  );
  let cursor = null;

  async function load(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (status.value) query.set("status", status.value);
    if (!reset && cursor) query.set("cursor", cursor);
    const page = await api("GET", `/orders?${query}`);
    if (reset) rows.replaceChildren();
    rows.append(
      ...page.items.map((order) =>
        el(
          "tr",
          {},
          el("th", { scope: "row" }, el("a", { href: `/orders/${order.order_id}`, text: order.order_number })),
          el("td", { text: dateTime(order.submitted_at) }),
          el("td", { text: t(`order.status.${order.status}`) }),
          el("td", { text: money(order.total, order.currency) }),
        ),
      ),
    );
    if (!rows.children.length) rows.append(el("tr", {}, el("td", { colspan: "4", text: t("orders.none") })));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  status.addEventListener("change", () => load(true).catch((error) => showError(problems, error)));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("orders.heading"),
    problems,
    field("order-status", "orders.filter", status),
    dataTable("orders.heading", ["orders.number", "orders.date", "orders.status", "cart.total"], rows),
    more,
  );
  await load(true);
}
