// Live chat: start one, talk with the operator who picks it up; if nobody does in time, turn
// it into a ticket with the transcript. On a phone the message field and Send stay on screen.
// A role that reads support but may not write (a viewer) is told so instead of Start.
// Lines, the chat's moves and the operator's typing are pushed over the socket (live.js); the
// page says under its heading whether an operator is online now, before a chat starts too.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { say } from "../live.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import { alertRegion, busy, button, el, heading, icon, showError } from "../ui.js";
import { chatComposer, chatMessages, liveLine, pollTrouble, typingLine } from "./support-parts.js";

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
  const presence = liveLine({ presence: true });
  const problems = alertRegion();
  const start = button("chat.start", { kind: "primary", icon: "chat" });
  main.replaceChildren(
    heading("chat.heading"),
    presence.line,
    el("div", { class: "card chat-start" }, el("p", { class: "lead", text: t("chat.lead") }), problems, start),
  );
  let stop = null;
  start.addEventListener("click", async () => {
    try {
      const chat = await busy(start, () => api("POST", "/tickets/chats"));
      stop = conversation(main, chat, navigate, presence.line);
    } catch (error) {
      showError(problems, error);
    }
  });
  return () => {
    presence.stop();
    if (stop) stop();
  };
}

// Where the chat stands, in words: waiting (with a spinner), with whom ("an operator joined",
// read out politely by the status role), ended, a ticket now.
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

// The offer to make a ticket shows once nobody has answered by the chat's offer_ticket_at: a
// timer on the page, not a poll (the answer that fixed the time came with the chat).
function offerWhenDue(offer) {
  let timer = null;
  return {
    follow(chat) {
      clearTimeout(timer);
      const due = Date.parse(chat.offer_ticket_at) - Date.now();
      const waiting = chat.status === "waiting";
      offer.hidden = !(waiting && (chat.offer_ticket || due <= 0));
      if (waiting && offer.hidden && Number.isFinite(due)) timer = setTimeout(() => (offer.hidden = false), due);
    },
    stop: () => clearTimeout(timer),
  };
}

function conversation(main, chat, navigate, presenceLine) {
  const problems = alertRegion();
  const state = el("p", { role: "status", "data-testid": "chat-status" });
  const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite", tabindex: "0" });
  const trouble = alertRegion();
  const typing = typingLine();
  let messages = null;
  const composer = chatComposer(
    async (body) => messages.show(await api("POST", `/tickets/chats/${chat.chat_id}/messages`, { body })),
    { typing: () => say("typing", { chat_id: chat.chat_id }), above: typing.line },
  );
  const toTicket = button("chat.to_ticket", { kind: "primary", icon: "support" });
  const offer = el(
    "div",
    { class: "result result-warning", hidden: true },
    icon("clock"),
    el("div", {}, el("p", { text: t("chat.offer") }), toTicket),
  );
  const offering = offerWhenDue(offer);
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
    presenceLine,
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
  function follow(current) {
    describe(state, current);
    offering.follow(current);
    const over = current.status === "ended" || current.status === "converted";
    composer.hidden = over;
    end.hidden = over;
    if (over) typing.show(null);
  }
  follow(chat);
  messages = chatMessages(list, {
    chatId: chat.chat_id,
    path: `/tickets/chats/${chat.chat_id}/messages`,
    me: "customer",
    onChat: follow,
    onError: pollTrouble(trouble),
    onTyping: typing.show,
  });
  return () => {
    messages.stop();
    offering.stop();
    typing.stop();
  };
}
