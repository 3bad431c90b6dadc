// Live chat: start one, talk with the operator who picks it up; if nobody does in time,
// turn it into a ticket with the transcript.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, el, field, heading, showError } from "../ui.js";
import { chatMessages } from "./support-parts.js";

export async function render(main, _config, navigate) {
  const problems = alertRegion();
  const start = el("button", { type: "button", class: "primary", text: t("chat.start") });
  main.replaceChildren(heading("chat.heading"), problems, el("p", { text: t("chat.lead") }), start);
  let stop = null;
  start.addEventListener("click", async () => {
    try {
      const chat = await api("POST", "/tickets/chats");
      stop = conversation(main, chat, problems, navigate);
    } catch (error) {
      showError(problems, error);
    }
  });
  return () => stop && stop();
}

function conversation(main, chat, problems, navigate) {
  const status = el("p", { role: "status", "data-testid": "chat-status" });
  const list = el("ol", { class: "chat", "aria-label": t("chat.messages"), "aria-live": "polite" });
  const text = el("input", { type: "text", maxlength: "2000", autocomplete: "off" });
  const form = el(
    "form",
    { class: "inline", novalidate: true },
    field("chat-text", "chat.say", text),
    el("button", { type: "submit", class: "primary", text: t("chat.send") }),
  );
  const offer = el(
    "div",
    { class: "card", hidden: true },
    el("p", { text: t("chat.offer") }),
    el("button", { type: "button", class: "secondary", text: t("chat.to_ticket"), onclick: toTicket }),
  );
  const end = el("button", { type: "button", class: "secondary", text: t("chat.end") });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    try {
      await api("POST", `/tickets/chats/${chat.chat_id}/messages`, { body: text.value.trim() });
      text.value = "";
    } catch (error) {
      showError(problems, error);
    }
  });
  end.addEventListener("click", () =>
    api("POST", `/tickets/chats/${chat.chat_id}/end`).catch((error) => showError(problems, error)),
  );
  async function toTicket() {
    try {
      const ticket = await api("POST", `/tickets/chats/${chat.chat_id}/ticket`);
      await navigate(`/support/${ticket.ticket_id}`);
    } catch (error) {
      showError(problems, error);
    }
  }
  main.replaceChildren(
    heading("chat.heading"),
    problems,
    status,
    list,
    form,
    offer,
    el("div", { class: "actions" }, end),
  );
  return chatMessages(
    list,
    () => `/tickets/chats/${chat.chat_id}/messages`,
    (current) => {
      status.textContent =
        current.status === "active"
          ? t("chat.with", { name: current.operator_name })
          : t(`chat.status.${current.status}`);
      offer.hidden = !current.offer_ticket;
      form.hidden = current.status === "ended" || current.status === "converted";
    },
    (error) => showError(problems, error),
  );
}
