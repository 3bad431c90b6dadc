// One of my tickets: its facts, the thread (answers and status moves), reply, close, rate.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, downloadButton, el, field, showError } from "../ui.js";
import { thread, ticketFacts } from "./support-parts.js";

function ratingForm(ticket, problems, reload) {
  const score = el(
    "select",
    {},
    ...[5, 4, 3, 2, 1].map((value) =>
      el("option", { value: String(value), text: t("support.rate.score", { score: value }) }),
    ),
  );
  const comment = el("textarea", { rows: "2", maxlength: "1000" });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("support.rate") }),
    field("rating-score", "support.rate.how", score),
    field("rating-comment", "support.rate.comment", comment),
    el("button", { type: "submit", class: "primary", text: t("support.rate.send") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", `/tickets/${ticket.ticket_id}/rating`, {
        score: Number(score.value),
        comment: comment.value.trim(),
      });
      await reload();
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

export async function render(main, config, navigate, ticketId) {
  const problems = alertRegion();
  const reload = () => render(main, config, navigate, ticketId);
  const { ticket, entries } = await api("GET", `/tickets/${encodeURIComponent(ticketId)}`);
  const download = (file) =>
    downloadButton(
      "documents.download_named",
      `/documents/attachments/${file.attachment_id}/download`,
      (error) => showError(problems, error),
      { title: file.file_name },
    );
  const parts = [
    el("p", {}, el("a", { href: "/support", text: t("support.back") })),
    el("h1", { text: `${ticket.number} · ${ticket.subject}` }),
    problems,
    ticketFacts(ticket),
    thread(ticket, entries, download),
  ];
  if (ticket.status !== "closed") {
    const body = el("textarea", { rows: "3", maxlength: "5000" });
    const reply = el(
      "form",
      { class: "card stack", novalidate: true },
      field("reply-body", "support.reply", body),
      el("button", { type: "submit", class: "primary", text: t("support.reply.send") }),
    );
    reply.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("POST", `/tickets/${ticket.ticket_id}/replies`, { body: body.value.trim() });
        await reload();
      } catch (error) {
        showError(problems, error);
      }
    });
    const close = el("button", { type: "button", class: "secondary", text: t("support.close") });
    close.addEventListener("click", async () => {
      try {
        await api("POST", `/tickets/${ticket.ticket_id}/close`);
        await reload();
      } catch (error) {
        showError(problems, error);
      }
    });
    parts.push(reply, el("div", { class: "actions" }, close));
  }
  if (ticket.resolved_at && ticket.rating === null) parts.push(ratingForm(ticket, problems, reload));
  if (ticket.rating !== null)
    parts.push(el("p", { role: "status", text: t("support.rated", { score: ticket.rating }) }));
  main.replaceChildren(...parts);
}
