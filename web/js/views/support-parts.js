// Pieces the customer's and the operator's support pages share: a ticket's labels and pills,
// the answer promise, the thread and message bubbles, and a chat's messages drawn from polls.
import { poll } from "../api.js";
import { language, t } from "../i18n.js";
import { mayRead, session } from "../session.js";
import { alertRegion, button, dateTime, el, errorText, icon, onSubmit, pill, toneOf } from "../ui.js";

export const KINDS = ["complaint", "concern", "question", "request"];
export const PRIORITIES = ["low", "normal", "high", "urgent"];
export const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"];
// The tags a portal starts with (functions/tickets/policy.py, DEFAULT): each has a label per
// language in the catalogue (tickets.tag.<tag>), which the business may override.
export const DEFAULT_TAGS = ["delivery", "billing", "product", "account", "website"];
const CHAT_POLL_MS = 1000; // each side sees the other's message within about a second

// Priority is not a status: low is quiet, urgent is loud.
const PRIORITY_TONES = { low: "neutral", normal: "info", high: "warning", urgent: "danger" };

// What the business calls its tags, per language (the support settings' tag_labels): set by
// each page that shows tags, from the settings it read, before it draws them.
let tagNames = {};

export function useTagLabels(settings) {
  tagNames = settings?.tag_labels || {};
}

// A tag in the reader's language: the business's label in it, else the catalogue's (a
// default tag), else the business's English, else the code as it is.
export function tagLabel(tag) {
  const names = (Object.hasOwn(tagNames, tag) && tagNames[tag]) || {};
  if (names[language()]) return names[language()];
  if (DEFAULT_TAGS.includes(tag)) return t(`tickets.tag.${tag}`);
  return names.en || tag;
}

export function tagList(tags) {
  if (!tags.length) return el("span", { text: "—" });
  return el("ul", { class: "tags" }, ...tags.map((tag) => el("li", { class: "tag", text: tagLabel(tag) })));
}

// "Waiting on the customer" is the reader's turn on the customer side, the customer's in the console.
export function statusLabel(status, staff = false) {
  return t(
    staff && status === "waiting_on_customer" ? "support.status.waiting_on_customer.staff" : `support.status.${status}`,
  );
}

export function statusPill(status, staff = false) {
  const tone = status === "waiting_on_customer" ? "warning" : toneOf(status);
  return pill(statusLabel(status, staff), tone);
}

export function priorityPill(priority) {
  return pill(t(`support.priority.${priority}`), PRIORITY_TONES[priority] || "neutral");
}

// The first-reply promise as a sentence: expected by …, answered in time, late, overdue.
export function firstReply(ticket) {
  const promise = ticket.first_reply;
  if (promise.met === true) return t("support.first_reply.met", { at: dateTime(promise.answered_at) });
  if (promise.met === false)
    return promise.answered_at
      ? t("support.first_reply.late", { at: dateTime(promise.answered_at) })
      : t("support.first_reply.overdue", { due: dateTime(promise.due) });
  return t("support.first_reply.due", { due: dateTime(promise.due) });
}

// The order or invoice a ticket is about; the customer can open it when their role reads it
// (the console has no page per order or invoice).
function linkTo(link, staff) {
  const label = t(link.type === "order" ? "support.about.order" : "support.about.invoice");
  if (staff || !mayRead(link.type === "order" ? "buying" : "billing")) return el("span", { text: label });
  return el("a", { href: link.type === "order" ? `/orders/${link.id}` : `/invoices/${link.id}`, text: label });
}

export function ticketFacts(ticket, staff = false) {
  const fact = (labelKey, value, testId) => [
    el("dt", { text: t(labelKey) }),
    el("dd", { "data-testid": testId }, value),
  ];
  return el(
    "dl",
    { class: "facts ticket-facts" },
    ...fact("support.status", statusPill(ticket.status, staff), "ticket-status"),
    ...fact("support.priority", priorityPill(ticket.priority)),
    ...fact("support.kind", t(`support.kind.${ticket.kind}`)),
    ...fact("support.tags", tagList(ticket.tags)),
    ...(ticket.link ? fact("support.link", linkTo(ticket.link, staff)) : []),
    ...fact("support.first_reply", firstReply(ticket), "ticket-promise"),
    ...(ticket.assignee_name ? fact("support.assignee", ticket.assignee_name) : []),
  );
}

// One message as a bubble: the reader's own on one side, the other side's on the other, an
// internal note marked in words as well as in colour.
export function bubble({ side, author, at, body, note = false, extra = [] }) {
  return el(
    "li",
    { class: `bubble ${note ? "note" : side}` },
    el(
      "p",
      { class: "meta" },
      note ? el("span", { class: "note-label" }, icon("info"), el("span", { text: t("support.note") })) : null,
      el("span", { class: "author", text: author }),
      el("time", { datetime: at, text: dateTime(at) }),
    ),
    el("p", { class: "body", text: body }),
    ...extra,
  );
}

// Whether the reader wrote it: an operator, any operator's words; a contact, their own words
// only, not a colleague's on the same account (words written before authors were recorded,
// with no author_id, were the account's one person's: the reader's).
export function writtenByMe(entry, me) {
  if (entry.author_kind !== me) return false;
  return me === "staff" || !entry.author_id || entry.author_id === session.person?.principal_id;
}

// Who wrote it, for the reader: "You" for one's own words, else the name.
function authorOf(entry, staff) {
  const mine = writtenByMe(entry, staff ? "staff" : "customer");
  return { side: mine ? "mine" : "theirs", author: !staff && mine ? t("support.you") : entry.author_name };
}

// The thread, oldest first, the ticket's own description as its first message; attachments
// download through `downloadFor(file)` when given.
export function thread(ticket, entries, { staff = false, downloadFor } = {}) {
  const opening = {
    kind: "reply",
    author_kind: "customer",
    author_id: ticket.created_by,
    author_name: ticket.customer_name || "",
    body: ticket.description,
    attachments: ticket.attachments,
    created_at: ticket.created_at,
  };
  return el(
    "ol",
    { class: "thread", "aria-label": t("support.thread") },
    ...[opening, ...entries].map((entry) => {
      if (entry.kind === "status") {
        return el(
          "li",
          { class: "thread-status" },
          el("span", {
            text: t("support.moved", { name: entry.author_name, status: statusLabel(entry.status, staff) }),
          }),
          el("time", { datetime: entry.created_at, text: dateTime(entry.created_at) }),
        );
      }
      return bubble({
        ...authorOf(entry, staff),
        at: entry.created_at,
        body: entry.body,
        note: entry.kind === "note",
        extra: (entry.attachments || []).map((file) =>
          downloadFor ? downloadFor(file) : el("p", { class: "file", text: file.file_name }),
        ),
      });
    }),
  );
}

export function chatBubble(message, me) {
  const mine = writtenByMe(message, me);
  return bubble({
    side: mine ? "mine" : "theirs",
    author: mine ? t("support.you") : message.author_name,
    at: message.sent_at,
    body: message.body,
  });
}

// What a failing poll says in `region` (an alertRegion), once, without taking the reader's
// focus from the message they are typing; cleared when the next poll gets through.
export function pollTrouble(region) {
  return (error) => {
    const text = error ? errorText(error) : "";
    if (region.textContent === text) return;
    region.replaceChildren(...(text ? [el("p", { text })] : []));
  };
}

// A chat's messages, polled with the last sequence number and the last ETag; `me` is the
// reader's side ("customer" or "staff"); returns stop().
export function chatMessages(list, pathFor, onChat, onError, me) {
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
          list.append(chatBubble(message, me));
          since = Math.max(since, message.seq);
        }
        // The list scrolls inside itself; the page, and the message field, stay where they are.
        if (result.data.messages.length) list.scrollTop = list.scrollHeight;
        onChat(result.data.chat);
      }
      onError(null);
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

// The box a chat is written in: the field and Send side by side, kept on screen (support.css).
// `say(text)` sends one message; the poll then shows it in the list.
export function chatComposer(say) {
  const problems = alertRegion();
  const text = el("input", { type: "text", name: "body", maxlength: "2000", autocomplete: "off", required: true });
  text.id = "chat-text";
  const form = el(
    "form",
    { class: "chat-composer" },
    problems,
    el("label", { for: text.id, text: t("chat.say") }),
    el("div", { class: "composer-row" }, text, button("chat.send", { kind: "primary", type: "submit", icon: "next" })),
    el("p", { class: "field-error", id: "chat-text-error" }),
  );
  onSubmit(
    form,
    problems,
    () => say(text.value.trim()),
    () => {
      text.value = "";
      text.focus(); // the next message is typed at once, with the keyboard still open
    },
  );
  return form;
}
