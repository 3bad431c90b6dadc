// Pieces the customer's and the operator's support pages share: a ticket's thread, its labels,
// the first-reply promise, and a chat's message list drawn from polls.
import { poll } from "../api.js";
import { t } from "../i18n.js";
import { dateTime, el } from "../ui.js";

export const KINDS = ["complaint", "concern", "question", "request"];
export const PRIORITIES = ["low", "normal", "high", "urgent"];
export const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"];
const CHAT_POLL_MS = 1000; // each side sees the other's message within about a second

export function firstReply(ticket) {
  const promise = ticket.first_reply;
  if (promise.met === true) return t("support.first_reply.met", { at: dateTime(promise.answered_at) });
  if (promise.met === false)
    return promise.answered_at
      ? t("support.first_reply.late", { at: dateTime(promise.answered_at) })
      : t("support.first_reply.overdue", { due: dateTime(promise.due) });
  return t("support.first_reply.due", { due: dateTime(promise.due) });
}

// The order or invoice a ticket is about; the customer can open it (the console has no page
// per order or invoice).
function linkTo(link, staff) {
  const label = t(link.type === "order" ? "support.about.order" : "support.about.invoice");
  if (staff) return el("span", { text: label });
  return el("a", { href: link.type === "order" ? `/orders/${link.id}` : `/invoices/${link.id}`, text: label });
}

export function ticketFacts(ticket, staff = false) {
  return el(
    "dl",
    { class: "facts" },
    el("dt", { text: t("support.status") }),
    el("dd", { "data-testid": "ticket-status", text: t(`support.status.${ticket.status}`) }),
    el("dt", { text: t("support.priority") }),
    el("dd", { text: t(`support.priority.${ticket.priority}`) }),
    el("dt", { text: t("support.kind") }),
    el("dd", { text: t(`support.kind.${ticket.kind}`) }),
    el("dt", { text: t("support.tags") }),
    el("dd", { text: ticket.tags.join(", ") || "—" }),
    ticket.link ? el("dt", { text: t("support.link") }) : null,
    ticket.link ? el("dd", {}, linkTo(ticket.link, staff)) : null,
    el("dt", { text: t("support.first_reply") }),
    el("dd", { text: firstReply(ticket) }),
    ticket.assignee_name ? el("dt", { text: t("support.assignee") }) : null,
    ticket.assignee_name ? el("dd", { text: ticket.assignee_name }) : null,
  );
}

// The thread, oldest first; attachments download through `attachmentPath(id)` when given.
export function thread(ticket, entries, downloadFor) {
  const opening = {
    kind: "reply",
    author_name: "",
    body: ticket.description,
    attachments: ticket.attachments,
    created_at: ticket.created_at,
    opening: true,
  };
  return el(
    "ol",
    { class: "thread", "aria-label": t("support.thread") },
    ...[opening, ...entries].map((entry) => {
      if (entry.kind === "status") {
        return el("li", {
          class: "thread-status",
          text: `${dateTime(entry.created_at)} · ${t("support.moved", { name: entry.author_name, status: t(`support.status.${entry.status}`) })}`,
        });
      }
      return el(
        "li",
        { class: `thread-entry ${entry.kind === "note" ? "note" : entry.author_kind || "customer"}` },
        el("p", {
          class: "meta",
          text: `${entry.opening ? t("support.opened") : entry.author_name}${entry.kind === "note" ? ` · ${t("support.note")}` : ""} · ${dateTime(entry.created_at)}`,
        }),
        el("p", { class: "body", text: entry.body }),
        ...(entry.attachments || []).map((file) =>
          downloadFor ? downloadFor(file) : el("p", { text: file.file_name }),
        ),
      );
    }),
  );
}

// A chat's messages, polled with the last sequence number and the last ETag; returns stop().
export function chatMessages(list, pathFor, onChat, onError) {
  let since = 0;
  let etag = null;
  let timer = null;
  let stopped = false;
  async function tick() {
    try {
      const result = await poll(`${pathFor()}?since=${since}`, etag);
      if (result.changed) {
        etag = result.etag;
        for (const message of result.data.messages) {
          list.append(
            el(
              "li",
              { class: `chat-message ${message.author_kind}` },
              el("span", { class: "meta", text: `${message.author_name} · ${dateTime(message.sent_at)}` }),
              el("span", { class: "body", text: message.body }),
            ),
          );
          since = Math.max(since, message.seq);
        }
        if (result.data.messages.length) list.lastElementChild.scrollIntoView({ block: "nearest" });
        onChat(result.data.chat);
      }
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(tick, CHAT_POLL_MS);
  }
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
