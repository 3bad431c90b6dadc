// Operator console: the order queue by status, oldest first; move each order along.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dateTime, el, field, heading, money, showError } from "../../ui.js";

const STATUSES = ["submitted", "confirmed", "shipped"];

export async function render(main) {
  const problems = alertRegion();
  const status = el("select", {}, ...STATUSES.map((s) => el("option", { value: s, text: t(`order.status.${s}`) })));
  const list = el("ul", { class: "queue" });

  function actions(order) {
    const act = async (path, body) => {
      showError(problems, null);
      try {
        await api("POST", `/orders/operator/orders/${order.order_id}/${path}`, body);
        await load();
      } catch (error) {
        showError(problems, error);
      }
    };
    const cancel = el("button", {
      type: "button",
      class: "danger",
      text: t("order.cancel"),
      onclick: () => {
        const reason = window.prompt(t("order.cancel.reason"));
        if (reason && reason.trim()) act("cancel", { reason: reason.trim() });
      },
    });
    if (order.status === "submitted") {
      return [
        el("button", { type: "button", class: "primary", text: t("queue.confirm"), onclick: () => act("confirm") }),
        cancel,
      ];
    }
    // An order is invoiced once it is confirmed; a second try is refused and says so.
    const invoice = el("button", {
      type: "button",
      class: "secondary",
      text: t("queue.invoice"),
      onclick: async () => {
        showError(problems, null);
        try {
          const issued = await api("POST", "/payments/operator/invoices/from-order", { order_id: order.order_id });
          invoice.replaceWith(
            el("p", { role: "status", text: t("queue.invoiced", { number: issued.invoice_number }) }),
          );
        } catch (error) {
          showError(problems, error);
        }
      },
    });
    if (order.status === "confirmed") {
      const carrier = el("input", { type: "text", maxlength: "80" });
      const tracking = el("input", { type: "text", maxlength: "120" });
      const form = el(
        "form",
        { class: "inline", novalidate: true },
        field(`carrier-${order.order_id}`, "queue.carrier", carrier),
        field(`tracking-${order.order_id}`, "queue.tracking", tracking),
        el("button", { type: "submit", class: "primary", text: t("queue.ship") }),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        act("ship", { carrier: carrier.value.trim(), tracking: tracking.value.trim() });
      });
      return [form, invoice, cancel];
    }
    return [
      el("button", { type: "button", class: "primary", text: t("queue.deliver"), onclick: () => act("deliver") }),
      invoice,
    ];
  }

  // Only the latest load draws: an earlier one answering late (a move's reload racing a
  // change of the status filter) would replace the cards under the operator's typing.
  let latest = 0;
  async function load() {
    const ticket = ++latest;
    const page = await api("GET", `/orders/operator/orders?status=${status.value}&limit=50`);
    if (ticket !== latest) return;
    list.replaceChildren(
      ...page.items.map((order) =>
        el(
          "li",
          { class: "card" },
          el("h2", { text: `${order.order_number} · ${money(order.total, order.currency)}` }),
          el("p", { text: dateTime(order.submitted_at) }),
          el("p", { text: order.lines.map((line) => `${line.quantity} × ${line.name}`).join(", ") }),
          ...actions(order),
        ),
      ),
    );
    if (!list.children.length) list.append(el("li", { text: t("orders.none") }));
  }

  status.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(heading("queue.heading"), problems, field("queue-status", "orders.filter", status), list);
  await load();
}
