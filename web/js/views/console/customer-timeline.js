// The console's customer page: what happened on the customer's account, newest first, as its
// admins see it on /activity (the same entries and sentences), with "Show more".
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, button, el, showError } from "../../ui.js";
import { timelineEntry } from "../activity.js";

// Where the console opens an entry's item; payments and documents are on this page already.
function consoleLink(entry, customerId) {
  if (entry.kind === "ticket" && entry.item_id) return `/console/tickets/${encodeURIComponent(entry.item_id)}`;
  if (entry.kind === "message") {
    return entry.event_type.startsWith("chat.") ? "/console/chats" : `/console/inbox/${encodeURIComponent(customerId)}`;
  }
  return { order: "/console/orders", invoice: "/console/invoices", booking: "/console/bookings" }[entry.kind] || null;
}

export async function customerTimeline(customerId) {
  const path = `/notifications/operator/customers/${encodeURIComponent(customerId)}/timeline`;
  const problems = alertRegion();
  const list = el("ol", { class: "activity-list", "data-testid": "customer-timeline" });
  const none = el("p", { class: "hint", text: t("activity.none") });
  const more = button("console.more", { kind: "secondary", hidden: true });
  let cursor = null;

  async function load() {
    const query = new URLSearchParams({ limit: "10" });
    if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `${path}?${query}`);
    list.append(
      ...page.items.map((entry) => timelineEntry(entry, { withDay: true, href: consoleLink(entry, customerId) })),
    );
    none.hidden = list.children.length > 0;
    list.hidden = !none.hidden;
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  more.addEventListener("click", () => load().catch((error) => showError(problems, error)));
  await load();
  return el(
    "section",
    { class: "card stack", "aria-labelledby": "customer-timeline-heading" },
    el("h2", { id: "customer-timeline-heading", text: t("console.timeline") }),
    problems,
    none,
    list,
    more,
  );
}
