// Operator console: the ticket queue of a status, what is due first; filter by priority, tag,
// assignee. On a phone each ticket is a card with its priority pill.
import { api } from "../../api.js";
import { session } from "../../session.js";
import { t } from "../../i18n.js";
import { alertRegion, button, dataTable, dateTime, el, emptyState, field, heading, showError } from "../../ui.js";
import {
  PRIORITIES,
  STATUSES,
  firstReply,
  priorityPill,
  statusLabel,
  tagLabel,
  tagList,
  useTagLabels,
} from "../support-parts.js";

export async function render(main) {
  const problems = alertRegion();
  const settings = await api("GET", "/tickets/operator/support/settings");
  useTagLabels(settings);
  const rows = el("tbody");
  const status = el("select", {}, ...STATUSES.map((value) => el("option", { value, text: statusLabel(value, true) })));
  const priority = el(
    "select",
    {},
    el("option", { value: "", text: t("support.any") }),
    ...PRIORITIES.map((value) => el("option", { value, text: t(`support.priority.${value}`) })),
  );
  const tag = el(
    "select",
    {},
    el("option", { value: "", text: t("support.any") }),
    ...settings.tags.map((value) => el("option", { value, text: tagLabel(value) })),
  );
  const mine = el("input", { type: "checkbox", id: "queue-mine" });
  const more = button("console.more", { kind: "secondary", hidden: true });
  const table = dataTable(
    "support.queue",
    [
      "support.ticket",
      "support.customer",
      "support.priority",
      "support.tags",
      "support.assignee",
      "support.due",
      "support.first_reply",
    ],
    rows,
  );
  table.classList.add("ticket-queue");
  const empty = emptyState("support", "support.queue.empty");
  let latest = 0;
  let cursor = null;

  // A filtered page is one read of the status's queue: it shows the matches among 50 tickets
  // and, when there are more to look through, "Show more" reads on.
  let listed = "";
  async function load(reset = true) {
    const query = new URLSearchParams(reset ? { status: status.value, limit: "50" } : listed);
    if (reset) {
      if (priority.value) query.set("priority", priority.value);
      if (tag.value.trim()) query.set("tag", tag.value.trim());
      if (mine.checked) query.set("assignee", session.person.principal_id);
      listed = query.toString(); // "Show more" goes on with these filters, whatever the boxes hold now
    } else if (cursor) query.set("cursor", cursor);
    const ticket = ++latest;
    const page = await api("GET", `/tickets/operator/tickets?${query}`);
    if (ticket !== latest) return; // a later filter is drawing
    cursor = page.next_cursor;
    more.hidden = !cursor;
    if (reset) rows.replaceChildren();
    rows.append(
      ...page.items.map((item) =>
        el(
          "tr",
          {},
          el(
            "th",
            { scope: "row" },
            el(
              "a",
              { href: `/console/tickets/${item.ticket_id}` },
              el("span", { class: "number", text: item.number }),
              " ",
              item.subject,
            ),
          ),
          el("td", { text: item.customer_name }),
          el("td", {}, priorityPill(item.priority)),
          el("td", {}, tagList(item.tags)),
          el("td", { text: item.assignee_name || "—" }),
          el("td", { text: item.due_at.startsWith("9999") ? "—" : dateTime(item.due_at) }),
          el("td", { text: firstReply(item) }),
        ),
      ),
    );
    // Nothing among the first 50 but more to read: the table stays, "Show more" reads on.
    const nothing = reset && !page.items.length && !cursor;
    table.hidden = nothing;
    empty.hidden = !nothing;
  }
  for (const control of [status, priority, mine])
    control.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  tag.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("support.queue"),
    el(
      "div",
      { class: "card queue-filters", role: "group", "aria-label": t("support.filters") },
      field("queue-status", "support.status", status),
      field("queue-priority", "support.priority", priority),
      field("queue-tag", "support.tag", tag),
      el("label", { class: "choice" }, mine, el("span", { text: t("support.mine_only") })),
    ),
    problems,
    table,
    empty,
    more,
  );
  await load();
}
