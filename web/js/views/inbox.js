// Messages with the business: the thread (opening it marks it read) and a new message.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dateTime, el, field, heading, showError } from "../ui.js";

export function messageList(thread) {
  if (!thread.messages.length) return el("p", { text: t("inbox.empty") });
  return el(
    "ol",
    { class: "thread", "aria-label": t("inbox.messages") },
    ...thread.messages.map((message) =>
      el(
        "li",
        { class: `thread-entry ${message.author_kind}` },
        el("p", { class: "meta", text: `${message.author_name} · ${dateTime(message.created_at)}` }),
        el("p", { class: "body", text: message.body }),
      ),
    ),
  );
}

// A form that posts one message to `path`, then calls done().
export function messageForm(path, problems, done) {
  const body = el("textarea", { rows: "3", maxlength: "5000" });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    field("message-body", "inbox.write", body),
    el("button", { type: "submit", class: "primary", text: t("inbox.send") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("POST", path, { body: body.value.trim() });
      await done();
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

export async function render(main) {
  const problems = alertRegion();
  const thread = await api("GET", "/tickets/inbox");
  main.replaceChildren(
    heading("inbox.heading"),
    problems,
    thread.unread_by_customer
      ? el("p", { role: "status", text: t("inbox.unread", { count: thread.unread_by_customer }) })
      : null,
    messageList(thread),
    messageForm("/tickets/inbox/messages", problems, () => render(main)),
  );
}
