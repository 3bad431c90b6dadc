// Operator console: events that could not be told after three tries (the dead-letter queue),
// each with a retry that sends it through the notifications queue again.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, dateTime, el, heading, showError } from "../../ui.js";

export async function render(main) {
  const problems = alertRegion();
  const done = el("p", { role: "status" });
  const rows = el("tbody");

  async function load() {
    const { items } = await api("GET", "/notifications/operator/notifications/failed");
    rows.replaceChildren(
      ...(items.length
        ? items.map((failed) => {
            const retry = el("button", { type: "button", class: "secondary", text: t("undelivered.retry") });
            retry.addEventListener("click", async () => {
              try {
                await api("POST", `/notifications/operator/notifications/failed/${encodeURIComponent(failed.message_id)}/retry`);
                done.textContent = t("undelivered.retried");
                await load();
              } catch (error) {
                showError(problems, error);
              }
            });
            return el(
              "tr",
              { "data-testid": "undelivered" },
              el("td", { text: failed.occurred_at ? dateTime(failed.occurred_at) : "" }),
              el("td", {}, failed.event_type || t("undelivered.unreadable"), failed.reason ? el("p", { class: "hint", text: failed.reason }) : null),
              el("td", {}, failed.customer_id ? el("a", { href: `/console/customers/${failed.customer_id}`, text: failed.customer_id }) : ""),
              el("td", { text: String(failed.receive_count) }),
              el("td", {}, el("code", { text: failed.body.slice(0, 200) })),
              el("td", {}, retry),
            );
          })
        : [el("tr", {}, el("td", { colspan: "6", text: t("undelivered.none") }))]),
    );
  }

  main.replaceChildren(
    heading("undelivered.heading"),
    el("p", { class: "hint", text: t("undelivered.lead") }),
    problems,
    done,
    dataTable("undelivered.heading", ["undelivered.when", "undelivered.event", "support.customer", "undelivered.tries", "undelivered.message", "undelivered.action"], rows),
  );
  await load();
}
