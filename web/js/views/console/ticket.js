// Operator console: one ticket with its internal notes; answer or note; status, priority, tags, assignee.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, el, field, showError } from "../../ui.js";
import { PRIORITIES, STATUSES, thread, ticketFacts } from "../support-parts.js";

export async function render(main, config, navigate, ticketId) {
  const problems = alertRegion();
  const status = el("p", { role: "status", class: "status" });
  const reload = async (message) => {
    await render(main, config, navigate, ticketId);
    if (message) main.querySelector(".status").textContent = message;
  };
  const { ticket, entries } = await api("GET", `/tickets/operator/tickets/${encodeURIComponent(ticketId)}`);
  const act = async (request, message) => {
    showError(problems, null);
    try {
      await request();
      await reload(message);
    } catch (error) {
      showError(problems, error);
    }
  };

  const body = el("textarea", { rows: "4", maxlength: "5000" });
  const internal = el("input", { type: "checkbox", id: "reply-internal" });
  const moveTo = el(
    "select",
    {},
    el("option", { value: "", text: t("support.keep_status") }),
    ...STATUSES.map((value) => el("option", { value, text: t(`support.status.${value}`) })),
  );
  const reply = el(
    "form",
    { class: "card stack", novalidate: true },
    field("staff-reply", "support.answer", body),
    el("label", { class: "choice" }, internal, ` ${t("support.internal")}`),
    field("reply-status", "support.then", moveTo),
    el("button", { type: "submit", class: "primary", text: t("support.reply.send") }),
  );
  reply.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = { body: body.value.trim(), internal: internal.checked };
    if (moveTo.value) request.status = moveTo.value;
    act(
      () => api("POST", `/tickets/operator/tickets/${ticket.ticket_id}/replies`, request),
      t(internal.checked ? "support.noted" : "support.answered"),
    );
  });

  const newStatus = el(
    "select",
    {},
    ...STATUSES.map((value) =>
      el("option", { value, selected: value === ticket.status, text: t(`support.status.${value}`) }),
    ),
  );
  const newPriority = el(
    "select",
    {},
    ...PRIORITIES.map((value) =>
      el("option", { value, selected: value === ticket.priority, text: t(`support.priority.${value}`) }),
    ),
  );
  const tags = el("input", { type: "text", value: ticket.tags.join(", "), maxlength: "400" });
  const change = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("support.change") }),
    field("change-status", "support.status", newStatus),
    field("change-priority", "support.priority", newPriority),
    field("change-tags", "support.tags", tags),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit", class: "primary", text: t("profile.save") }),
      el("button", {
        type: "button",
        class: "secondary",
        text: t("support.take"),
        onclick: () =>
          act(() => api("PATCH", `/tickets/operator/tickets/${ticket.ticket_id}`, { take: true }), t("support.taken")),
      }),
    ),
  );
  change.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = {
      tags: tags.value
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    if (newStatus.value !== ticket.status) request.status = newStatus.value;
    if (newPriority.value !== ticket.priority) request.priority = newPriority.value;
    act(() => api("PATCH", `/tickets/operator/tickets/${ticket.ticket_id}`, request), t("profile.saved"));
  });

  main.replaceChildren(
    el("p", {}, el("a", { href: "/console/tickets", text: t("support.back_queue") })),
    el("h1", { text: `${ticket.number} · ${ticket.subject}` }),
    el(
      "p",
      {},
      `${t("support.customer")}: `,
      el("a", { href: `/console/customers/${ticket.customer_id}`, text: ticket.customer_name }),
    ),
    problems,
    status,
    ticketFacts(ticket, true),
    thread(ticket, entries),
    ticket.status !== "closed" ? reply : null,
    change,
  );
}
