// Operator console: every customer's thread (unread first in mind: the counts), one thread
// with an answer box, and "make a ticket" on a customer's message.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, dateTime, el, heading, showError } from "../../ui.js";
import { messageForm } from "../inbox.js";

export async function render(main, config, navigate, customerId) {
  const problems = alertRegion();
  if (!customerId) {
    const page = await api("GET", "/tickets/operator/inbox?limit=50");
    main.replaceChildren(
      heading("inbox.console"),
      problems,
      dataTable(
        "inbox.console",
        ["support.customer", "inbox.last", "inbox.unread_label"],
        el(
          "tbody",
          {},
          ...(page.items.length
            ? page.items.map((item) =>
                el(
                  "tr",
                  {},
                  el(
                    "th",
                    { scope: "row" },
                    el("a", { href: `/console/inbox/${item.customer_id}`, text: item.customer_name }),
                  ),
                  el("td", { text: dateTime(item.last_message_at) }),
                  el("td", { text: String(item.unread_by_staff) }),
                ),
              )
            : [el("tr", {}, el("td", { colspan: "3", text: t("inbox.empty") }))]),
        ),
      ),
    );
    return;
  }
  const thread = await api("GET", `/tickets/operator/inbox/${encodeURIComponent(customerId)}`);
  const list = el(
    "ol",
    { class: "thread", "aria-label": t("inbox.messages") },
    ...thread.messages.map((message) =>
      el(
        "li",
        { class: `thread-entry ${message.author_kind}` },
        el("p", { class: "meta", text: `${message.author_name} · ${dateTime(message.created_at)}` }),
        el("p", { class: "body", text: message.body }),
        message.ticket_id
          ? el("a", { href: `/console/tickets/${message.ticket_id}`, text: t("inbox.ticket_made") })
          : message.author_kind === "customer"
            ? el("button", {
                type: "button",
                class: "secondary",
                text: t("inbox.make_ticket"),
                onclick: async () => {
                  try {
                    const ticket = await api(
                      "POST",
                      `/tickets/operator/inbox/${customerId}/messages/${message.message_id}/ticket`,
                    );
                    await navigate(`/console/tickets/${ticket.ticket_id}`);
                  } catch (error) {
                    showError(problems, error);
                  }
                },
              })
            : null,
      ),
    ),
  );
  main.replaceChildren(
    el("p", {}, el("a", { href: "/console/inbox", text: t("inbox.back") })),
    el("h1", { text: thread.customer_name }),
    problems,
    list,
    messageForm(`/tickets/operator/inbox/${customerId}/messages`, problems, () =>
      render(main, config, navigate, customerId),
    ),
  );
}
