// Operator console: every customer's thread (with what staff has not read yet), one thread with
// an answer box, and "make a ticket" on a customer's message, its result beside it.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, busy, button, dataTable, dateTime, el, emptyState, heading, pill, showError } from "../../ui.js";
import { messageBubble, messageForm, messageList, olderButton } from "../inbox.js";

function threads(page) {
  if (!page.items.length) return emptyState("inbox", "inbox.console_empty");
  const table = dataTable(
    "inbox.console",
    ["support.customer", "inbox.last", "inbox.unread_label"],
    el(
      "tbody",
      {},
      ...page.items.map((item) =>
        el(
          "tr",
          { class: item.unread_by_staff ? "unread" : null },
          el("th", { scope: "row" }, el("a", { href: `/console/inbox/${item.customer_id}`, text: item.customer_name })),
          el("td", { text: dateTime(item.last_message_at) }),
          el(
            "td",
            {},
            item.unread_by_staff
              ? pill(t("inbox.unread_count", { count: item.unread_by_staff }), "info")
              : el("span", { text: t("inbox.all_read") }),
          ),
        ),
      ),
    ),
  );
  table.classList.add("inbox-threads");
  return table;
}

// A customer's message becomes a ticket; then its link takes the button's place.
function ticketAction(customerId, message, problems) {
  if (message.ticket_id)
    return el("a", { href: `/console/tickets/${message.ticket_id}`, text: t("inbox.ticket_made") });
  if (message.author_kind !== "customer") return null;
  const make = button("inbox.make_ticket", { kind: "secondary", icon: "support" });
  make.addEventListener("click", async () => {
    showError(problems, null);
    try {
      const ticket = await busy(make, () =>
        api("POST", `/tickets/operator/inbox/${customerId}/messages/${message.message_id}/ticket`),
      );
      const link = el("a", {
        href: `/console/tickets/${ticket.ticket_id}`,
        text: t("inbox.ticket_opened", { number: ticket.number }),
      });
      make.replaceWith(el("p", { class: "result result-success", role: "status", tabindex: "-1" }, link));
      link.focus();
    } catch (error) {
      showError(problems, error);
    }
  });
  return make;
}

export async function render(main, config, navigate, customerId) {
  if (!customerId) {
    const page = await api("GET", "/tickets/operator/inbox?limit=50");
    main.replaceChildren(heading("inbox.console"), threads(page));
    return;
  }
  const path = `/tickets/operator/inbox/${encodeURIComponent(customerId)}`;
  const thread = await api("GET", path);
  const problems = alertRegion();
  const extraFor = (message) => [ticketAction(customerId, message, problems)].filter(Boolean);
  const list = messageList(thread.messages, "staff", thread.unread_by_staff, extraFor);
  main.replaceChildren(
    el("p", { class: "back" }, el("a", { href: "/console/inbox", text: t("inbox.back") })),
    el("h1", { text: thread.customer_name }),
    problems,
    el(
      "section",
      { class: "conversation", "aria-label": t("inbox.messages") },
      olderButton(path, thread.older_cursor, list, "staff", extraFor),
      list,
    ),
    messageForm(`${path}/messages`, (message) => list.append(messageBubble(message, "staff")), "inbox.sent_staff"),
  );
}
