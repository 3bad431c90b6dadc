// Operator console: chats waiting for someone (oldest first) and mine; pick one up and talk.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dateTime, el, field, heading, showError } from "../../ui.js";
import { chatMessages } from "../support-parts.js";

const LIST_POLL_MS = 2000;

export async function render(main) {
  const problems = alertRegion();
  const waiting = el("ul", { class: "queue", "aria-label": t("chat.waiting") });
  const talk = el("section", { class: "stack", "aria-label": t("chat.conversation") });
  let stopTalk = null;
  let timer = null;

  async function refresh() {
    try {
      const chats = (await api("GET", "/tickets/operator/chats")).items;
      waiting.replaceChildren(
        ...(chats.length
          ? chats.map((chat) =>
              el(
                "li",
                { class: "card" },
                el("p", {
                  text: `${chat.customer_name} · ${dateTime(chat.started_at)} · ${t(`chat.status.${chat.status}`)}`,
                }),
                el("button", {
                  type: "button",
                  class: "primary",
                  text:
                    chat.status === "waiting"
                      ? t("chat.pick", { name: chat.customer_name })
                      : t("chat.open", { name: chat.customer_name }),
                  onclick: () => open(chat),
                }),
              ),
            )
          : [el("li", { text: t("chat.none_waiting") })]),
      );
    } catch (error) {
      showError(problems, error);
    }
    timer = setTimeout(refresh, LIST_POLL_MS);
  }

  async function open(chat) {
    try {
      const picked =
        chat.status === "waiting" ? await api("POST", `/tickets/operator/chats/${chat.chat_id}/pick`) : chat;
      if (stopTalk) stopTalk();
      const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite" });
      const text = el("input", { type: "text", maxlength: "2000", autocomplete: "off" });
      const form = el(
        "form",
        { class: "inline", novalidate: true },
        field("chat-text", "chat.say", text),
        el("button", { type: "submit", class: "primary", text: t("chat.send") }),
      );
      const state = el("p", { role: "status" });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (!text.value.trim()) return;
        try {
          await api("POST", `/tickets/operator/chats/${picked.chat_id}/messages`, { body: text.value.trim() });
          text.value = "";
        } catch (error) {
          showError(problems, error);
        }
      });
      const end = el("button", {
        type: "button",
        class: "secondary",
        text: t("chat.end"),
        onclick: () =>
          api("POST", `/tickets/operator/chats/${picked.chat_id}/end`).catch((error) => showError(problems, error)),
      });
      talk.replaceChildren(
        el("h2", { text: t("chat.with_customer", { name: picked.customer_name }) }),
        state,
        list,
        form,
        end,
      );
      stopTalk = chatMessages(
        list,
        () => `/tickets/operator/chats/${picked.chat_id}/messages`,
        (current) => {
          state.textContent = t(`chat.status.${current.status}`);
          form.hidden = current.status !== "active";
        },
        (error) => showError(problems, error),
      );
    } catch (error) {
      showError(problems, error);
    }
  }

  main.replaceChildren(heading("chat.console"), problems, waiting, talk);
  await refresh();
  return () => {
    clearTimeout(timer);
    if (stopTalk) stopTalk();
  };
}
