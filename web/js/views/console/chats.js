// Operator console: chats waiting for someone (oldest first) and mine; pick one up and talk.
// Picking or ending says its result beside the chat; the message field stays on screen.
// The list is read again when a pushed move changes it (a chat started, picked up, ended), and
// the open chat's lines and the customer's typing are pushed (live.js); both poll only while
// no socket can be opened.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { CHAT_MOVE, say, subscribe } from "../../live.js";
import { alertRegion, busy, button, dateTime, el, emptyState, heading, pill, showError } from "../../ui.js";
import { chatComposer, chatMessages, liveLine, pollTrouble, typingLine } from "../support-parts.js";

const LIST_POLL_MS = 2000;
const STATUS_TONES = { waiting: "warning", active: "success", ended: "neutral", converted: "neutral" };

export async function render(main) {
  const problems = alertRegion();
  const trouble = alertRegion();
  const waiting = el("ul", { class: "chat-queue", "aria-label": t("chat.waiting") });
  const talk = el("section", { class: "chat-panel", "aria-label": t("chat.conversation"), hidden: true });
  let chats = [];
  let stopTalk = null;
  let openChat = null;
  let timer = null;
  let reading = null;
  let readAgain = false;

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

  function drawList() {
    waiting.replaceChildren(...chats.map(card));
    empty.hidden = chats.length > 0;
  }

  // One read at a time; pushes that come during it make one more read after it, not one each.
  function refresh() {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        try {
          chats = (await api("GET", "/tickets/operator/chats")).items;
          drawList();
          pollTrouble(trouble)(null);
        } catch (error) {
          pollTrouble(trouble)(error);
        }
      } while (readAgain);
      reading = null;
    })();
    return reading;
  }

  // Whether a chat's move changes the list (waiting ones, then mine): a new chat waiting, or
  // one listed that moved (picked up, by me or another; ended; made a ticket). A line said
  // in a chat moves its last_seq only, and another operator's chat is not listed.
  function changesList(chat) {
    const listed = chats.find((other) => other.chat_id === chat.chat_id);
    return listed ? listed.status !== chat.status : chat.status === "waiting";
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
    drawList();
    const talkTrouble = alertRegion();
    const state = el("p", { role: "status", class: "chat-state" });
    const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite", tabindex: "0" });
    const typing = typingLine();
    const connection = liveLine();
    let messages = null;
    const composer = chatComposer(
      async (body) => messages.show(await api("POST", `/tickets/operator/chats/${picked.chat_id}/messages`, { body })),
      { typing: () => say("typing", { chat_id: picked.chat_id }), above: typing.line },
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
      connection.line,
      state,
      talkTrouble,
      list,
      composer,
    );
    talk.querySelector("#chat-heading").focus();
    messages = chatMessages(list, {
      chatId: picked.chat_id,
      path: `/tickets/operator/chats/${picked.chat_id}/messages`,
      me: "staff",
      onChat: (current) => {
        state.textContent = t(`chat.status.${current.status}`);
        composer.hidden = current.status !== "active";
        end.hidden = current.status === "ended" || current.status === "converted";
        if (current.status !== "active") typing.show(null);
      },
      onError: pollTrouble(talkTrouble),
      onTyping: typing.show,
    });
    stopTalk = () => {
      messages.stop();
      typing.stop();
      connection.stop();
    };
  }

  const empty = emptyState("chat", "chat.none_waiting");
  main.replaceChildren(
    heading("chat.console"),
    problems,
    trouble,
    el("div", { class: "chat-desk" }, el("div", { class: "chat-list" }, empty, waiting), talk),
  );
  const stops = [
    subscribe(CHAT_MOVE, (push) => changesList(push.chat) && refresh()),
    subscribe("resumed", refresh),
    subscribe("state", (state) => {
      clearInterval(timer);
      timer = state === "unavailable" ? setInterval(refresh, LIST_POLL_MS) : null;
    }),
  ];
  await refresh();
  return () => {
    for (const stop of stops) stop();
    clearInterval(timer);
    if (stopTalk) stopTalk();
  };
}
