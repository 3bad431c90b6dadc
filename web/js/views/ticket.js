// One of my tickets: its facts and the promise, the thread (answers and status moves), reply,
// close (after asking), and a rating once it is resolved. Each action's result is shown
// where it was taken. A role that reads tickets but may not answer them (a viewer) reads the
// thread only.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import {
  alertRegion,
  button,
  busy,
  confirmAction,
  downloadButton,
  el,
  field,
  onSubmit,
  showError,
  showResult,
} from "../ui.js";
import { thread, ticketFacts, useTagLabels } from "./support-parts.js";

function ratingForm(ticket, done) {
  const problems = alertRegion();
  const score = el(
    "select",
    { name: "score" },
    ...[5, 4, 3, 2, 1].map((value) =>
      el("option", { value: String(value), text: t("support.rate.score", { score: value }) }),
    ),
  );
  const comment = el("textarea", { name: "comment", rows: "2", maxlength: "1000" });
  const form = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("support.rate") }),
    problems,
    field("rating-score", "support.rate.how", score),
    field("rating-comment", "support.rate.comment", comment),
    el("div", { class: "actions" }, button("support.rate.send", { kind: "primary", type: "submit" })),
  );
  onSubmit(
    form,
    problems,
    () =>
      api("POST", `/tickets/${ticket.ticket_id}/rating`, {
        score: Number(score.value),
        comment: comment.value.trim(),
      }),
    done,
  );
  return form;
}

function replyForm(ticket, done) {
  const problems = alertRegion();
  const outcome = el("div", { class: "outcome", "data-testid": "reply-result" });
  const body = el("textarea", { name: "body", rows: "4", maxlength: "5000", required: true });
  const form = el(
    "form",
    { class: "card stack reply-form" },
    problems,
    field("reply-body", "support.reply", body, ticket.status === "resolved" ? "support.reply.reopens" : null),
    el("div", { class: "actions" }, button("support.reply.send", { kind: "primary", type: "submit", icon: "next" })),
    outcome,
  );
  onSubmit(
    form,
    problems,
    () => {
      outcome.replaceChildren();
      return api("POST", `/tickets/${ticket.ticket_id}/replies`, { body: body.value.trim() });
    },
    async (answer) => {
      form.reset();
      await done(answer);
      showResult(outcome, "success", t("support.replied"));
    },
  );
  return { form, outcome };
}

export async function render(main, config, navigate, ticketId) {
  const answering = mayChange("support");
  const [first, settings] = await Promise.all([
    api("GET", `/tickets/${encodeURIComponent(ticketId)}`),
    api("GET", "/tickets/support/settings"), // the business's names for the tags
  ]);
  useTagLabels(settings);
  const problems = alertRegion();
  const facts = el("div");
  const conversation = el("section", { class: "conversation", "aria-labelledby": "ticket-thread" });
  const after = el("div");
  const download = (file) =>
    downloadButton(
      "documents.download_named",
      `/documents/attachments/${file.attachment_id}/download`,
      (error) => showError(problems, error),
      { title: file.file_name },
    );

  // Draws the ticket as the API last gave it; the reply form stays where the reader is.
  let reply = null;
  function draw({ ticket, entries }, { keepReply = false } = {}) {
    facts.replaceChildren(ticketFacts(ticket));
    conversation.replaceChildren(
      el("h2", { id: "ticket-thread", text: t("support.thread") }),
      thread(ticket, entries, { downloadFor: download }),
    );
    const parts = [];
    if (!answering) {
      reply = null;
      parts.push(
        ticket.status === "closed"
          ? el("div", { class: "outcome-closed" }, el("p", { class: "lead", text: t("support.closed_note") }))
          : readOnlyNote("support"),
      );
    } else if (ticket.status !== "closed") {
      if (!keepReply || !reply) reply = replyForm(ticket, (answer) => draw(answer, { keepReply: true }));
      parts.push(reply.form, closeAction(ticket));
    } else {
      reply = null;
      parts.push(el("div", { class: "outcome-closed" }, el("p", { class: "lead", text: t("support.closed_note") })));
    }
    if (answering && ticket.resolved_at && ticket.rating === null) {
      parts.push(
        ratingForm(ticket, async (rated) => {
          draw(await api("GET", `/tickets/${ticket.ticket_id}`));
          showResult(after.querySelector(".outcome-rated"), "success", t("support.rated", { score: rated.rating }));
        }),
      );
    }
    parts.push(
      el(
        "div",
        { class: "outcome-rated" },
        ticket.rating !== null ? el("p", { class: "lead", text: t("support.rated", { score: ticket.rating }) }) : null,
      ),
    );
    after.replaceChildren(...parts);
  }

  function closeAction(ticket) {
    const close = button("support.close", { kind: "secondary", icon: "check" });
    close.addEventListener("click", async () => {
      if (!(await confirmAction("support.close.confirm", { confirmKey: "support.close" }))) return;
      try {
        await busy(close, () => api("POST", `/tickets/${ticket.ticket_id}/close`));
        draw(await api("GET", `/tickets/${ticket.ticket_id}`));
        showResult(after.querySelector(".outcome-closed"), "info", t("support.closed_note"));
      } catch (error) {
        showError(problems, error);
      }
    });
    return el("div", { class: "actions close-ticket" }, close);
  }

  main.replaceChildren(
    el("p", { class: "back" }, el("a", { href: "/support", text: t("support.back") })),
    el("h1", {}, el("span", { class: "number", text: first.ticket.number }), " ", first.ticket.subject),
    problems,
    facts,
    conversation,
    after,
  );
  draw(first);
}
