// Operator console: chats waiting for someone (oldest first) and mine; pick one up and talk.
// Picking or ending says its result beside the chat; the message field stays on screen.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, busy, button, dateTime, el, emptyState, heading, pill, showError } from "../../ui.js";
import { chatComposer, chatMessages, pollTrouble } from "../support-parts.js";

const LIST_POLL_MS = 2000;
const STATUS_TONES = { waiting: "warning", active: "success", ended: "neutral", converted: "neutral" };

export async function render(main) {
  const problems = alertRegion();
  const trouble = alertRegion();
  const waiting = el("ul", { class: "chat-queue", "aria-label": t("chat.waiting") });
  const talk = el("section", { class: "chat-panel", "aria-label": t("chat.conversation"), hidden: true });
  let stopTalk = null;
  let timer = null;
  let openChat = null;

  function card(chat) {
    const action = button(chat.status === "waiting" ? "chat.pick" : "chat.open", {
      kind: chat.status === "waiting" ? "primary" : "secondary",
      values: { name: chat.customer_name },
      icon: "chat",
    });
    action.addEventListener("click", () => open(chat, action));
    return el(
      "li",
      { class: `card chat-card${chat.chat_id === openChat ? " current" : ""}` },
      el(
        "p",
        { class: "row" },
        el("strong", { text: chat.customer_name }),
        pill(t(`chat.card.${chat.status}`), STATUS_TONES[chat.status]),
      ),
      el("p", { class: "hint", text: t("chat.started", { at: dateTime(chat.started_at) }) }),
      action,
    );
  }

  async function refresh() {
    try {
      const chats = (await api("GET", "/tickets/operator/chats")).items;
      waiting.replaceChildren(...chats.map(card));
      empty.hidden = chats.length > 0;
      pollTrouble(trouble)(null);
    } catch (error) {
      pollTrouble(trouble)(error);
    }
    timer = setTimeout(refresh, LIST_POLL_MS);
  }

  async function open(chat, action) {
    showError(problems, null);
    let picked;
    try {
      picked =
        chat.status === "waiting"
          ? await busy(action, () => api("POST", `/tickets/operator/chats/${chat.chat_id}/pick`))
          : chat;
    } catch (error) {
      showError(problems, error); // another operator was quicker: said here, the list moves on
      return;
    }
    if (stopTalk) stopTalk();
    openChat = picked.chat_id;
    const talkTrouble = alertRegion();
    const state = el("p", { role: "status", class: "chat-state" });
    const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite", tabindex: "0" });
    const composer = chatComposer((body) =>
      api("POST", `/tickets/operator/chats/${picked.chat_id}/messages`, { body }),
    );
    const end = button("chat.end", { kind: "quiet", icon: "close" });
    end.addEventListener("click", () =>
      busy(end, () => api("POST", `/tickets/operator/chats/${picked.chat_id}/end`)).catch((error) =>
        showError(talkTrouble, error),
      ),
    );
    talk.hidden = false;
    talk.replaceChildren(
      el(
        "div",
        { class: "chat-head" },
        el("h2", { id: "chat-heading", tabindex: "-1", text: t("chat.with_customer", { name: picked.customer_name }) }),
        end,
      ),
      state,
      talkTrouble,
      list,
      composer,
    );
    talk.querySelector("#chat-heading").focus();
    stopTalk = chatMessages(
      list,
      () => `/tickets/operator/chats/${picked.chat_id}/messages`,
      (current) => {
        state.textContent = t(`chat.status.${current.status}`);
        composer.hidden = current.status !== "active";
        end.hidden = current.status === "ended" || current.status === "converted";
      },
      pollTrouble(talkTrouble),
      "staff",
    );
  }

  const empty = emptyState("chat", "chat.none_waiting");
  main.replaceChildren(
    heading("chat.console"),
    problems,
    trouble,
    el("div", { class: "chat-desk" }, el("div", { class: "chat-list" }, empty, waiting), talk),
  );
  await refresh();
  return () => {
    clearTimeout(timer);
    if (stopTalk) stopTalk();
  };
}
