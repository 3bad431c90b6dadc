// Operator console: the ticket queue of a status, what is due first; filter by priority, tag, assignee.
import { api } from "../../api.js";
import { session } from "../../session.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, dateTime, el, heading, showError } from "../../ui.js";
import { PRIORITIES, STATUSES, firstReply } from "../support-parts.js";

export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");
  const status = el(
    "select",
    { id: "queue-status" },
    ...STATUSES.map((value) => el("option", { value, text: t(`support.status.${value}`) })),
  );
  const priority = el(
    "select",
    { id: "queue-priority" },
    el("option", { value: "", text: t("support.any") }),
    ...PRIORITIES.map((value) => el("option", { value, text: t(`support.priority.${value}`) })),
  );
  const tag = el("input", { type: "text", id: "queue-tag", maxlength: "40" });
  const mine = el("input", { type: "checkbox", id: "queue-mine" });
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
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
      ...(page.items.length || !reset || cursor
        ? page.items.map((item) =>
            el(
              "tr",
              {},
              el(
                "th",
                { scope: "row" },
                el("a", { href: `/console/tickets/${item.ticket_id}`, text: `${item.number} · ${item.subject}` }),
              ),
              el("td", { text: item.customer_name }),
              el("td", { text: t(`support.priority.${item.priority}`) }),
              el("td", { text: item.tags.join(", ") }),
              el("td", { text: item.assignee_name || "—" }),
              el("td", { text: item.due_at.startsWith("9999") ? "—" : dateTime(item.due_at) }),
              el("td", { text: firstReply(item) }),
            ),
          )
        : [el("tr", {}, el("td", { colspan: "7", text: t("support.queue.empty") }))]),
    );
  }
  for (const control of [status, priority, mine])
    control.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  tag.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("support.queue"),
    problems,
    el(
      "div",
      { class: "actions filters" },
      el("label", { for: status.id, text: t("support.status") }),
      status,
      el("label", { for: priority.id, text: t("support.priority") }),
      priority,
      el("label", { for: tag.id, text: t("support.tag") }),
      tag,
      el("label", { class: "choice" }, mine, ` ${t("support.mine_only")}`),
    ),
    dataTable(
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
    ),
    more,
  );
  await load();
}
