// Messages with the business: the thread (opening it marks it read; what was new says so) and
// a new message, whose result shows beside the Send button (to a role that may write: a viewer
// reads the thread only).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import { alertRegion, button, el, emptyState, field, heading, onSubmit, pill, showResult } from "../ui.js";
import { bubble, writtenByMe } from "./support-parts.js";

// One message of a thread; `me` is the reader's side, `fresh` marks one not read before.
export function messageBubble(message, me, { fresh = false, extra = [] } = {}) {
  const mine = writtenByMe(message, me);
  return bubble({
    side: mine ? "mine" : "theirs",
    author: mine ? t("support.you") : message.author_name,
    at: message.created_at,
    body: message.body,
    extra: [fresh ? pill(t("inbox.new"), "info") : null, ...extra].filter(Boolean),
  });
}

// The thread's messages, oldest first: the last `unread` of the other side's are the new ones.
export function messageList(messages, me, unread = 0, extraFor = () => []) {
  let left = unread;
  const fresh = new Set();
  for (const message of [...messages].reverse()) {
    if (left <= 0) break;
    if (message.author_kind !== me) {
      fresh.add(message.message_id);
      left -= 1;
    }
  }
  return el(
    "ol",
    { class: "thread", "aria-label": t("inbox.messages") },
    ...messages.map((message) =>
      messageBubble(message, me, { fresh: fresh.has(message.message_id), extra: extraFor(message) }),
    ),
  );
}

// A form that posts one message to `path`; `sent(message)` shows it, then the result
// (`sentKey`) is said beside the Send button.
export function messageForm(path, sent, sentKey = "inbox.sent") {
  const problems = alertRegion();
  const outcome = el("div", { class: "outcome", "data-testid": "message-result" });
  const body = el("textarea", { name: "body", rows: "4", maxlength: "5000", required: true });
  const form = el(
    "form",
    { class: "card stack message-form" },
    problems,
    field("message-body", "inbox.write", body),
    el("div", { class: "actions" }, button("inbox.send", { kind: "primary", type: "submit", icon: "next" })),
    outcome,
  );
  onSubmit(
    form,
    problems,
    () => {
      outcome.replaceChildren();
      return api("POST", path, { body: body.value.trim() });
    },
    async (message) => {
      form.reset();
      await sent(message);
      showResult(outcome, "success", t(sentKey));
    },
  );
  return form;
}

// The earlier page of a thread, before what is shown, when there is one.
export function olderButton(path, firstCursor, list, me, extraFor = () => []) {
  let cursor = firstCursor;
  const older = button("inbox.older", { kind: "quiet", hidden: !cursor });
  older.addEventListener("click", async () => {
    const page = await api("GET", `${path}?cursor=${encodeURIComponent(cursor)}`);
    list.prepend(...page.messages.map((message) => messageBubble(message, me, { extra: extraFor(message) })));
    cursor = page.older_cursor;
    older.hidden = !cursor;
  });
  return older;
}

export async function render(main) {
  const thread = await api("GET", "/tickets/inbox");
  const list = messageList(thread.messages, "customer", thread.unread_by_customer);
  const writing = mayChange("support");
  const empty = emptyState("mail", writing ? "inbox.empty" : "inbox.empty.read");
  const conversation = el(
    "section",
    { class: "conversation", "aria-label": t("inbox.messages") },
    thread.unread_by_customer
      ? el("p", { role: "status", class: "unread-note", text: t("inbox.unread", { count: thread.unread_by_customer }) })
      : null,
    olderButton("/tickets/inbox", thread.older_cursor, list, "customer"),
    thread.messages.length ? list : empty,
  );
  main.replaceChildren(
    heading("inbox.heading"),
    el("p", { class: "lead", text: t("inbox.lead") }),
    conversation,
    writing
      ? messageForm("/tickets/inbox/messages", (message) => {
          empty.replaceWith(list); // the first message: the list takes the empty state's place
          list.append(messageBubble(message, "customer"));
        })
      : readOnlyNote("support"),
  );
}
