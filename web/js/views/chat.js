// Live chat: start one, talk with the operator who picks it up; if nobody does in time, turn
// it into a ticket with the transcript. On a phone the message field and Send stay on screen.
// A role that reads support but may not write (a viewer) is told so instead of Start.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import { alertRegion, busy, button, el, heading, icon, showError } from "../ui.js";
import { chatComposer, chatMessages, pollTrouble } from "./support-parts.js";

export async function render(main, _config, navigate) {
  if (!mayChange("support")) {
    main.replaceChildren(
      heading("chat.heading"),
      el(
        "div",
        { class: "card chat-start" },
        el("p", { class: "lead", text: t("chat.lead") }),
        readOnlyNote("support"),
      ),
    );
    return null;
  }
  const problems = alertRegion();
  const start = button("chat.start", { kind: "primary", icon: "chat" });
  main.replaceChildren(
    heading("chat.heading"),
    el("div", { class: "card chat-start" }, el("p", { class: "lead", text: t("chat.lead") }), problems, start),
  );
  let stop = null;
  start.addEventListener("click", async () => {
    try {
      const chat = await busy(start, () => api("POST", "/tickets/chats"));
      stop = conversation(main, chat, navigate);
    } catch (error) {
      showError(problems, error);
    }
  });
  return () => stop && stop();
}

// Where the chat stands, in words: waiting (with a spinner), with whom, ended, a ticket now.
function describe(state, chat) {
  const spinner = chat.status === "waiting" ? el("span", { class: "spinner", "aria-hidden": "true" }) : null;
  const words =
    chat.status === "active" ? t("chat.with", { name: chat.operator_name }) : t(`chat.status.${chat.status}`);
  state.className = `chat-state chat-state-${chat.status}`;
  state.replaceChildren(spinner || icon(chat.status === "active" ? "user" : "info"), el("span", { text: words }));
  if (chat.status === "converted" && chat.ticket_id) {
    state.append(el("a", { href: `/support/${chat.ticket_id}`, text: t("chat.see_ticket") }));
  }
}

function conversation(main, chat, navigate) {
  const problems = alertRegion();
  const state = el("p", { role: "status", "data-testid": "chat-status" });
  const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite", tabindex: "0" });
  const trouble = alertRegion();
  const composer = chatComposer((body) => api("POST", `/tickets/chats/${chat.chat_id}/messages`, { body }));
  const toTicket = button("chat.to_ticket", { kind: "primary", icon: "support" });
  const offer = el(
    "div",
    { class: "result result-warning", hidden: true },
    icon("clock"),
    el("div", {}, el("p", { text: t("chat.offer") }), toTicket),
  );
  const end = button("chat.end", { kind: "quiet", icon: "close" });
  toTicket.addEventListener("click", async () => {
    try {
      const ticket = await busy(toTicket, () => api("POST", `/tickets/chats/${chat.chat_id}/ticket`));
      await navigate(`/support/${ticket.ticket_id}`);
    } catch (error) {
      showError(problems, error);
    }
  });
  end.addEventListener("click", () =>
    busy(end, () => api("POST", `/tickets/chats/${chat.chat_id}/end`)).catch((error) => showError(problems, error)),
  );
  main.replaceChildren(
    el("div", { class: "chat-head" }, heading("chat.heading"), end),
    el(
      "section",
      { class: "chat-panel", "aria-label": t("chat.heading") },
      state,
      trouble,
      offer,
      list,
      problems,
      composer,
    ),
  );
  describe(state, chat);
  return chatMessages(
    list,
    () => `/tickets/chats/${chat.chat_id}/messages`,
    (current) => {
      describe(state, current);
      offer.hidden = !current.offer_ticket;
      const over = current.status === "ended" || current.status === "converted";
      composer.hidden = over;
      end.hidden = over;
    },
    pollTrouble(trouble),
    "customer",
  );
}
