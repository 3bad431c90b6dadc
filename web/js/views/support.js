// Support: my tickets, and a new one (kind, subject, description, tags, priority with the
// business's promise, a link to one of my orders or invoices, attachments).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { fileInput, progressBar, uploadFile } from "../upload.js";
import { alertRegion, dataTable, dateTime, el, field, heading, showError } from "../ui.js";
import { KINDS, PRIORITIES, firstReply } from "./support-parts.js";

function ticketRows(page) {
  if (!page.items.length) return [el("tr", {}, el("td", { colspan: "5", text: t("support.none") }))];
  return page.items.map((ticket) =>
    el(
      "tr",
      {},
      el(
        "th",
        { scope: "row" },
        el("a", { href: `/support/${ticket.ticket_id}`, text: `${ticket.number} · ${ticket.subject}` }),
      ),
      el("td", { text: t(`support.status.${ticket.status}`) }),
      el("td", { text: t(`support.priority.${ticket.priority}`) }),
      el("td", { text: dateTime(ticket.created_at) }),
      el("td", { text: firstReply(ticket) }),
    ),
  );
}

async function linkChoices() {
  const [orders, invoices] = await Promise.all([
    api("GET", "/orders?limit=10"),
    api("GET", "/payments/invoices?limit=10"),
  ]);
  return [
    el("option", { value: "", text: t("support.link.none") }),
    ...orders.items.map((order) =>
      el("option", { value: `order:${order.order_id}`, text: t("support.link.order", { number: order.order_number }) }),
    ),
    ...invoices.items.map((invoice) =>
      el("option", {
        value: `invoice:${invoice.invoice_id}`,
        text: t("support.link.invoice", { number: invoice.invoice_number }),
      }),
    ),
  ];
}

function newTicketForm(settings, links, problems, navigate) {
  const kind = el("select", {}, ...KINDS.map((value) => el("option", { value, text: t(`support.kind.${value}`) })));
  const subject = el("input", { type: "text", maxlength: "200", required: true });
  const description = el("textarea", { rows: "5", maxlength: "5000", required: true });
  const priority = el(
    "select",
    {},
    ...PRIORITIES.map((value) =>
      el("option", {
        value,
        selected: value === "normal",
        text: t("support.priority.promise", {
          priority: t(`support.priority.${value}`),
          hours: settings.first_reply_hours[value],
        }),
      }),
    ),
  );
  const tagBoxes = settings.tags.map((tag) => el("input", { type: "checkbox", value: tag, id: `tag-${tag}` }));
  const freeTags = el("input", { type: "text", maxlength: "200" });
  const link = el("select", {}, ...links);
  const files = fileInput("ticket-files");
  files.multiple = true;
  const progress = progressBar("ticket-progress");
  const send = el("button", { type: "submit", class: "primary", text: t("support.open") });
  const key = crypto.randomUUID(); // one form, one ticket, however often it is sent
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("support.new") }),
    field("ticket-kind", "support.kind", kind),
    field("ticket-subject", "support.subject", subject),
    field("ticket-description", "support.description", description),
    field("ticket-priority", "support.priority", priority),
    el(
      "fieldset",
      { class: "inline" },
      el("legend", { text: t("support.tags") }),
      ...tagBoxes.map((box) => el("label", { class: "choice" }, box, ` ${box.value}`)),
    ),
    field("ticket-free-tags", "support.more_tags", freeTags),
    field("ticket-link", "support.link", link),
    el("div", { class: "field" }, el("label", { for: files.id, text: t("support.attachments") }), files),
    progress.element,
    send,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    send.disabled = true;
    try {
      const attachmentIds = [];
      for (const file of files.files) {
        const confirmed = await uploadFile(
          file,
          "/documents/attachments/uploads",
          (id) => `/documents/uploads/${id}/confirm`,
          progress,
        );
        attachmentIds.push(confirmed.attachment.attachment_id);
      }
      const tags = [
        ...tagBoxes.filter((box) => box.checked).map((box) => box.value),
        ...freeTags.value
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean),
      ];
      const body = {
        kind: kind.value,
        subject: subject.value.trim(),
        description: description.value.trim(),
        priority: priority.value,
        tags,
        attachment_ids: attachmentIds,
      };
      if (link.value) {
        const [type, id] = link.value.split(":");
        body.link = { type, id };
      }
      const ticket = await api("POST", "/tickets", body, { "Idempotency-Key": key });
      await navigate(`/support/${ticket.ticket_id}`);
    } catch (error) {
      showError(problems, error);
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

export async function render(main, _config, navigate) {
  const problems = alertRegion();
  const [settings, page, links] = await Promise.all([
    api("GET", "/tickets/support/settings"),
    api("GET", "/tickets?limit=50"),
    linkChoices(),
  ]);
  main.replaceChildren(
    heading("support.heading"),
    el(
      "p",
      {},
      el("a", { href: "/inbox", text: t("nav.inbox") }),
      " · ",
      el("a", { href: "/chat", text: t("nav.chat") }),
    ),
    problems,
    dataTable(
      "support.mine",
      ["support.ticket", "support.status", "support.priority", "support.created", "support.first_reply"],
      el("tbody", {}, ...ticketRows(page)),
    ),
    newTicketForm(settings, links, problems, navigate),
  );
}
