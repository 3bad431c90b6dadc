// Operator console: one ticket with its internal notes; answer or note; status, priority, tags,
// assignee. Each action's result shows beside it, and the facts and thread redraw in place.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, busy, button, el, field, onSubmit, showError, showResult } from "../../ui.js";
import { PRIORITIES, STATUSES, statusLabel, thread, ticketFacts, useTagLabels } from "../support-parts.js";

function replyForm(ticket, redraw) {
  const problems = alertRegion();
  const outcome = el("div", { class: "outcome", "data-testid": "reply-result" });
  const body = el("textarea", { name: "body", rows: "4", maxlength: "5000", required: true });
  const internal = el("input", { type: "checkbox", name: "internal", id: "reply-internal" });
  const moveTo = el(
    "select",
    { name: "status" },
    el("option", { value: "", text: t("support.keep_status") }),
    ...STATUSES.map((value) => el("option", { value, text: statusLabel(value, true) })),
  );
  const form = el(
    "form",
    { class: "card stack reply-form", "aria-labelledby": "staff-reply-heading" },
    el("h2", { id: "staff-reply-heading", text: t("support.answer_heading") }),
    problems,
    field("staff-reply", "support.answer", body),
    el("label", { class: "choice" }, internal, el("span", { text: t("support.internal") })),
    field("reply-status", "support.then", moveTo),
    el("div", { class: "actions" }, button("support.reply.send", { kind: "primary", type: "submit", icon: "next" })),
    outcome,
  );
  onSubmit(
    form,
    problems,
    () => {
      outcome.replaceChildren();
      const request = { body: body.value.trim(), internal: internal.checked };
      if (moveTo.value) request.status = moveTo.value;
      return api("POST", `/tickets/operator/tickets/${ticket.ticket_id}/replies`, request);
    },
    (answer) => {
      const noted = internal.checked;
      form.reset();
      redraw(answer);
      showResult(outcome, "success", t(noted ? "support.noted" : "support.answered"));
    },
  );
  return form;
}

function changeForm(ticket, redraw) {
  const problems = alertRegion();
  const outcome = el("div", { class: "outcome", "data-testid": "change-result" });
  const newStatus = el(
    "select",
    { name: "status" },
    ...STATUSES.map((value) =>
      el("option", { value, selected: value === ticket.status, text: statusLabel(value, true) }),
    ),
  );
  const newPriority = el(
    "select",
    { name: "priority" },
    ...PRIORITIES.map((value) =>
      el("option", { value, selected: value === ticket.priority, text: t(`support.priority.${value}`) }),
    ),
  );
  const tags = el("input", { type: "text", name: "tags", value: ticket.tags.join(", "), maxlength: "400" });
  const take = button("support.take", { kind: "secondary", icon: "user" });
  const form = el(
    "form",
    { class: "card stack", "aria-labelledby": "change-heading" },
    el("h2", { id: "change-heading", text: t("support.change") }),
    problems,
    field("change-status", "support.status", newStatus),
    field("change-priority", "support.priority", newPriority),
    field("change-tags", "support.tags", tags, "support.tags.staff_hint"),
    el("div", { class: "actions" }, button("profile.save", { kind: "primary", type: "submit" }), take),
    outcome,
  );
  let current = ticket;
  const reread = async (message) => {
    const fresh = await api("GET", `/tickets/operator/tickets/${ticket.ticket_id}`);
    redraw(fresh);
    showResult(outcome, "success", message);
  };
  onSubmit(
    form,
    problems,
    () => {
      outcome.replaceChildren();
      const request = {
        tags: tags.value
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean),
      };
      if (newStatus.value !== current.status) request.status = newStatus.value;
      if (newPriority.value !== current.priority) request.priority = newPriority.value;
      return api("PATCH", `/tickets/operator/tickets/${ticket.ticket_id}`, request);
    },
    () => reread(t("profile.saved")),
  );
  take.addEventListener("click", async () => {
    showError(problems, null);
    outcome.replaceChildren();
    try {
      await busy(take, () => api("PATCH", `/tickets/operator/tickets/${ticket.ticket_id}`, { take: true }));
      await reread(t("support.taken"));
    } catch (error) {
      showError(problems, error);
    }
  });
  // After an answer or a change elsewhere on the page, the choices show the ticket as it is now.
  const update = (now) => {
    current = now;
    newStatus.value = now.status;
    newPriority.value = now.priority;
    tags.value = now.tags.join(", ");
  };
  return { form, update };
}

export async function render(main, config, navigate, ticketId) {
  const [first, settings] = await Promise.all([
    api("GET", `/tickets/operator/tickets/${encodeURIComponent(ticketId)}`),
    api("GET", "/tickets/operator/support/settings"), // the business's names for the tags
  ]);
  useTagLabels(settings);
  const { ticket } = first;
  const facts = el("div");
  const conversation = el("section", { class: "conversation", "aria-labelledby": "ticket-thread" });
  let change = null;
  const redraw = ({ ticket: now, entries }) => {
    change?.update(now);
    facts.replaceChildren(ticketFacts(now, true));
    conversation.replaceChildren(
      el("h2", { id: "ticket-thread", text: t("support.thread") }),
      thread(now, entries, { staff: true }),
    );
  };
  change = changeForm(ticket, redraw);
  redraw(first);
  main.replaceChildren(
    el("p", { class: "back" }, el("a", { href: "/console/tickets", text: t("support.back_queue") })),
    el("h1", {}, el("span", { class: "number", text: ticket.number }), " ", ticket.subject),
    el(
      "p",
      {},
      el("span", { class: "label", text: t("support.customer_line") }),
      " ",
      el("a", { href: `/console/customers/${ticket.customer_id}`, text: ticket.customer_name }),
    ),
    facts,
    conversation,
    ticket.status !== "closed" ? replyForm(ticket, redraw) : "",
    change.form,
  );
}
