// One order: its lines, totals and status timeline; cancel while submitted; order again.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dateTime, el, field, money, showError } from "../ui.js";

export async function render(main, _config, navigate, orderId) {
  const problems = alertRegion();
  const order = await api("GET", `/orders/${encodeURIComponent(orderId)}`);
  const timeline = el(
    "ol",
    { class: "timeline" },
    ...order.timeline.map((change) =>
      el(
        "li",
        {},
        el("strong", { text: t(`order.status.${change.status}`) }),
        ` · ${dateTime(change.at)}`,
        change.carrier
          ? el("p", { text: t("order.shipped.with", { carrier: change.carrier, tracking: change.tracking }) })
          : null,
        change.reason ? el("p", { text: t("order.reason", { reason: change.reason }) }) : null,
      ),
    ),
  );
  const lines = el(
    "ul",
    {},
    ...order.lines.map((line) =>
      el("li", { text: `${line.quantity} × ${line.name} · ${money(line.line_total, order.currency)}` }),
    ),
  );
  const reorder = el("button", { type: "button", class: "secondary", text: t("order.reorder") });
  reorder.addEventListener("click", async () => {
    const result = await api("POST", `/orders/${encodeURIComponent(orderId)}/reorder`);
    if (result.unavailable.length) window.alert(t("order.reorder.missing", { names: result.unavailable.join(", ") }));
    navigate("/cart");
  });
  let cancel = null;
  if (order.status === "submitted") {
    const reason = el("input", { type: "text", maxlength: "500" });
    cancel = el(
      "form",
      { class: "card stack", novalidate: true },
      field("cancel-reason", "order.cancel.reason", reason),
      el("button", { type: "submit", class: "danger", text: t("order.cancel") }),
    );
    cancel.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(problems, null);
      try {
        await api("POST", `/orders/${encodeURIComponent(orderId)}/cancel`, { reason: reason.value.trim() });
        await render(main, _config, navigate, orderId);
      } catch (error) {
        showError(problems, error);
      }
    });
  }
  main.replaceChildren(
    el("p", {}, el("a", { href: "/orders", text: t("order.back") })),
    el("h1", { text: t("order.heading", { number: order.order_number }) }),
    problems,
    el("p", { class: "order-status", text: t(`order.status.${order.status}`) }),
    el("h2", { text: t("order.timeline") }),
    timeline,
    el("h2", { text: t("order.lines") }),
    lines,
    el("p", { class: "total", text: `${t("cart.total")}: ${money(order.total, order.currency)}` }),
    order.note ? el("p", { text: `${t("cart.note")}: ${order.note}` }) : null,
    reorder,
    cancel,
  );
}
