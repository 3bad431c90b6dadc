// Pieces the customer's and the operator's support pages share: a ticket's labels and pills,
// the answer promise, the thread and message bubbles, and a live chat's messages and lines.
import { poll } from "../api.js";
import { language, t } from "../i18n.js";
import { CHAT_LINE, CHAT_MOVE, CHAT_TYPING, subscribe } from "../live.js";
import { mayRead, session } from "../session.js";
import { alertRegion, button, dateTime, el, errorText, icon, onSubmit, pill, toneOf } from "../ui.js";

export const KINDS = ["complaint", "concern", "question", "request"];
export const PRIORITIES = ["low", "normal", "high", "urgent"];
export const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "closed"];
// The tags a portal starts with (functions/tickets/policy.py, DEFAULT): each has a label per
// language in the catalogue (tickets.tag.<tag>), which the business may override.
export const DEFAULT_TAGS = ["delivery", "billing", "product", "account", "website"];
const CHAT_POLL_MS = 1000; // without a socket, each side sees the other's message within about a second
const TYPING_EVERY_MS = 2500; // how often a typist says so
const TYPING_SHOWN_MS = 4000; // how long "… is typing" stays after the last time they said so

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

// What a failing read says in `region` (an alertRegion), once, without taking the reader's
// focus from the message they are typing; cleared when the next read gets through.
export function pollTrouble(region) {
  return (error) => {
    const text = error ? errorText(error) : "";
    if (region.textContent === text) return;
    region.replaceChildren(...(text ? [el("p", { text })] : []));
  };
}

// How far a chat has come: a reply read before a push may be newer than the push, and an older
// state must not undo a newer one ("an operator joined", then "waiting" again).
const CHAT_STAGES = { waiting: 0, active: 1, ended: 2, converted: 2 };

function newer(chat, than) {
  if (!than) return true;
  const stage = CHAT_STAGES[chat.status] - CHAT_STAGES[than.status];
  return stage > 0 || (stage === 0 && chat.last_seq >= than.last_seq);
}

// A chat's messages as they come, each drawn once and in the order they were said, whichever
// way it came: pushed over the socket (live.js), the reader's own POST's reply (`show`), the
// read a view makes when it opens the chat and again when the socket (re)opens, or, only while
// no socket can be opened, a poll with the last sequence number and ETag. `me` is the reader's
// side ("customer" or "staff"); `onChat(chat)` when the chat's state moves on; `onTyping(name)`
// when the other side types, `onTyping(null)` when their message arrives. Returns
// { stop(), show(message) }.
export function chatMessages(list, { chatId, path, me, onChat, onError, onTyping = () => {} }) {
  const drawn = new Set();
  let since = 0; // every line up to this one is drawn: what a read asks after
  let etag = null;
  let chat = null;
  let timer = null;
  let polling = 0; // the current poll loop; a loop from before stops itself
  let stopped = false;

  function show(message) {
    if (stopped || drawn.has(message.seq)) return;
    drawn.add(message.seq);
    while (drawn.has(since + 1)) since += 1;
    const line = chatBubble(message, me);
    line.dataset.seq = String(message.seq);
    let after = null;
    for (let other = list.lastElementChild; other && Number(other.dataset.seq) > message.seq; ) {
      after = other;
      other = other.previousElementSibling;
    }
    list.insertBefore(line, after);
    // The list scrolls inside itself; the page, and the message field, stay where they are.
    if (!after) list.scrollTop = list.scrollHeight;
  }

  function moved(current) {
    if (stopped || !newer(current, chat)) return;
    chat = current;
    onChat(current);
  }

  async function read() {
    try {
      // One read, more only to catch up past a page of missed lines.
      for (let pages = 0; pages < 10 && !stopped; pages += 1) {
        const before = since;
        const result = await poll(`${path}?since=${since}`, etag);
        if (!result.changed || stopped) break;
        result.data.messages.forEach(show);
        moved(result.data.chat);
        // The ETag names the chat as it is, not the page of lines read: kept only once every
        // line is drawn, or the next poll would be told "nothing new" with lines still missing.
        const complete = since >= result.data.chat.last_seq;
        etag = complete ? result.etag : null;
        if (complete || since === before) break;
      }
      onError(null);
    } catch (error) {
      onError(error);
    }
  }

  function pollEvery(on) {
    polling += 1;
    clearTimeout(timer);
    if (!on) return;
    const loop = polling;
    const tick = async () => {
      await read();
      if (!stopped && loop === polling) timer = setTimeout(tick, CHAT_POLL_MS);
    };
    timer = setTimeout(tick, CHAT_POLL_MS);
  }

  const theirs = me === "staff" ? "customer" : "business";
  const stops = [
    subscribe(CHAT_LINE, (push) => {
      if (push.chat_id !== chatId) return;
      show(push.message);
      if (!writtenByMe(push.message, me)) onTyping(null);
    }),
    subscribe(CHAT_MOVE, (push) => push.chat.chat_id === chatId && moved(push.chat)),
    subscribe(CHAT_TYPING, (push) => push.chat_id === chatId && push.by === theirs && onTyping(push.name)),
    subscribe("resumed", read),
    subscribe("state", (state) => pollEvery(state === "unavailable")),
  ];
  read();
  return {
    show,
    stop() {
      stopped = true;
      pollEvery(false);
      for (const stop of stops) stop();
    },
  };
}

// "Sam is typing…" under a chat's list, for a few seconds after the other side's last typing
// was pushed (they say it at most every few seconds while they type). A polite live region: it
// is read out when the reader's screen reader is idle, and never takes focus.
export function typingLine() {
  const line = el("p", { class: "hint chat-typing", "aria-live": "polite", "data-testid": "chat-typing" });
  let timer = null;
  return {
    line,
    show(name) {
      clearTimeout(timer);
      line.textContent = name ? t("chat.typing", { name }) : "";
      if (name) timer = setTimeout(() => (line.textContent = ""), TYPING_SHOWN_MS);
    },
    stop: () => clearTimeout(timer),
  };
}

// The line under a chat's heading: how many operators are online (with `presence`: the
// customer's page, so they know whether chat is staffed now), or that the connection was lost
// and is being made again. Empty while nothing is known, and while the page polls instead.
export function liveLine({ presence = false } = {}) {
  const line = el("p", { class: "hint chat-live", role: "status", "data-testid": "chat-live" });
  const stops = [
    // Open again, the customer's page is told the count at once (the hello's answer).
    subscribe("state", (state) => {
      if (state === "reconnecting") line.textContent = t("chat.reconnecting");
      else if (state !== "open" || !presence) line.textContent = "";
    }),
  ];
  if (presence) {
    stops.push(
      subscribe("presence", ({ operators_online: online }) => {
        if (online === 1) line.textContent = t("chat.presence.one");
        else line.textContent = online ? t("chat.presence.several", { count: online }) : t("chat.presence.none");
      }),
    );
  }
  return { line, stop: () => stops.forEach((stop) => stop()) };
}

// The box a chat is written in: the field and Send side by side, kept on screen (support.css).
// `say(text)` sends one message; `typing()` tells the other side the reader is typing, at most
// every TYPING_EVERY_MS while they do (over the socket: no request). `above` (the other side's
// "… is typing") sits on top of the field, so it stays on screen with it on a phone.
export function chatComposer(say, { typing = () => {}, above = null } = {}) {
  const problems = alertRegion();
  const text = el("input", { type: "text", name: "body", maxlength: "2000", autocomplete: "off", required: true });
  text.id = "chat-text";
  let saidTyping = 0;
  text.addEventListener("input", () => {
    if (!text.value.trim() || Date.now() - saidTyping < TYPING_EVERY_MS) return;
    saidTyping = Date.now();
    typing();
  });
  const form = el(
    "form",
    { class: "chat-composer" },
    above,
    problems,
    el("label", { for: text.id, text: t("chat.say") }),
    el("div", { class: "composer-row" }, text, button("chat.send", { kind: "primary", type: "submit", icon: "next" })),
    el("p", { class: "field-error", id: "chat-text-error" }),
  );
  let sending = "";
  onSubmit(
    form,
    problems,
    () => say((sending = text.value.trim())),
    () => {
      // Typed on while it was being sent: the next message is kept.
      if (text.value.trim() === sending) text.value = "";
      saidTyping = 0; // the message ended the other side's "is typing": the next one says it again
      text.focus(); // the next message is typed at once, with the keyboard still open
    },
  );
  return form;
}
