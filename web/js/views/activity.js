// The account's timeline: everything that happened on it, newest first, grouped by day, each
// entry a sentence in the reader's language with its time and a link to its item. The kind
// filter offers only the kinds of the areas the contact's role reads (the server refuses the
// others); "Show more" follows the cursor. The dashboard shows the latest entries (home.js).
import { api } from "../api.js";
import { has, t } from "../i18n.js";
import { mayRead } from "../session.js";
import { alertRegion, button, el, emptyState, field, heading, icon, money, showError } from "../ui.js";

// The area of the portal each kind's items are in (core.roles, as the server files them).
const KIND_AREA = {
  order: "buying",
  booking: "buying",
  invoice: "billing",
  payment: "billing",
  document: "billing",
  ticket: "support",
  message: "support",
};
const KIND_ICON = {
  order: "order",
  booking: "calendar",
  invoice: "tag",
  payment: "card",
  document: "document",
  ticket: "support",
  message: "mail",
};

// The kinds a filter may offer: those of the areas the contact's role reads.
export function readableKinds() {
  return Object.keys(KIND_AREA).filter((kind) => mayRead(KIND_AREA[kind]));
}

// The message key of an entry: its event's, told apart by who acted where the reader made the
// item ("You placed order …") or the event says who wrote ("New message from …").
function messageKey(entry) {
  const base = `activity.${entry.event_type}`;
  if (entry.actor && has(`${base}.${entry.actor}`)) return `${base}.${entry.actor}`;
  if (entry.yours && has(`${base}.yours`)) return `${base}.yours`;
  return has(base) ? base : "activity.other";
}

function statusText(entry) {
  const key = `support.status.${entry.status}`;
  return entry.kind === "ticket" && has(key) ? t(key) : entry.status || "";
}

// What happened, as a sentence: "Order ORD-000012 shipped", "Invoice INV-000003 issued: €120.00".
export function sentence(entry) {
  return t(messageKey(entry), {
    label: entry.label || "",
    amount: entry.amount !== null && entry.currency ? money(entry.amount, entry.currency) : "",
    status: statusText(entry),
  });
}

function time(iso) {
  return new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: "short" }).format(new Date(iso));
}

// One entry: its kind's icon, the sentence linking to its item (`href` says where another
// side of the portal opens it: the console's pages), when.
export function timelineEntry(entry, { withDay = false, href = entry.link } = {}) {
  const when = withDay
    ? new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(entry.occurred_at),
      )
    : time(entry.occurred_at);
  return el(
    "li",
    { class: `activity-entry kind-${entry.kind}`, "data-testid": "timeline-entry", "data-kind": entry.kind },
    el("span", { class: "activity-icon" }, icon(KIND_ICON[entry.kind] || "info")),
    el(
      "div",
      { class: "activity-text" },
      href ? el("a", { href, text: sentence(entry) }) : el("span", { text: sentence(entry) }),
      el("time", { datetime: entry.occurred_at, text: when }),
    ),
  );
}

// The local day an entry happened on, as a key ("2026-11-24") and as its heading.
function dayKey(iso) {
  const at = new Date(iso);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;
}

function dayHeading(iso) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(iso) === dayKey(today.toISOString())) return t("activity.today");
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return t("activity.yesterday");
  return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "full" }).format(new Date(iso));
}

export async function render(main) {
  const problems = alertRegion();
  const kinds = readableKinds();
  const kind = el(
    "select",
    { name: "kind" },
    el("option", { value: "", text: t("activity.kind.all") }),
    ...kinds.map((k) => el("option", { value: k, text: t(`activity.kind.${k}`) })),
  );
  const days = el("div", { class: "activity-days", "data-testid": "timeline" });
  const emptySlot = el("div");
  const more = button("console.more", { kind: "secondary", hidden: true });
  let cursor = null;
  let lastDay = null;
  let lastList = null;

  // Entries go under their day's heading; a page that goes on with the same day adds to it.
  function append(entries) {
    for (const entry of entries) {
      const key = dayKey(entry.occurred_at);
      if (key !== lastDay) {
        const headingId = `activity-day-${key}`;
        lastList = el("ol", { class: "activity-list", "aria-labelledby": headingId });
        days.append(
          el(
            "section",
            { class: "activity-day" },
            el("h2", { id: headingId, text: dayHeading(entry.occurred_at) }),
            lastList,
          ),
        );
        lastDay = key;
      }
      lastList.append(timelineEntry(entry));
    }
  }

  async function load(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (kind.value) query.set("kind", kind.value);
    if (!reset && cursor) query.set("cursor", cursor);
    const page = await api("GET", `/notifications/timeline?${query}`);
    if (reset) {
      days.replaceChildren();
      lastDay = lastList = null;
    }
    append(page.items);
    const empty = !days.children.length;
    days.hidden = empty;
    emptySlot.replaceChildren(
      ...(empty ? [emptyState("clock", kind.value ? "activity.none_of_kind" : "activity.none")] : []),
    );
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  kind.addEventListener("change", () => load(true).catch((error) => showError(problems, error)));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  await load(true);
  main.replaceChildren(
    heading("activity.heading"),
    el("p", { class: "lead", text: t("activity.lead") }),
    problems,
    el("div", { class: "filters" }, field("activity-kind", "activity.filter", kind)),
    emptySlot,
    days,
    more,
  );
}
