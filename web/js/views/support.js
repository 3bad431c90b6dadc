// Support: my tickets (cards on a phone), and a new one: kind, subject (with the help centre's
// articles that may answer it), what happened, tags, priority with the business's promise, a
// link to one of my orders or invoices, attachments.
// A role that reads tickets but may not open one (a viewer) sees the list only.
import { api, formKey } from "../api.js";
import { t } from "../i18n.js";
import { isOn } from "../portal.js";
import { mayChange, mayRead } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import { fileField, progressBar, uploadFile } from "../upload.js";
import {
  alertRegion,
  button,
  dataTable,
  dateTime,
  el,
  emptyState,
  field,
  heading,
  icon,
  onSubmit,
  showResult,
} from "../ui.js";
import { articleSuggestions } from "./help-parts.js";
import { KINDS, PRIORITIES, firstReply, priorityPill, statusPill, tagLabel, useTagLabels } from "./support-parts.js";

function ticketTable(items) {
  return dataTable(
    "support.mine",
    ["support.ticket", "support.status", "support.priority", "support.created", "support.first_reply"],
    el(
      "tbody",
      {},
      ...items.map((ticket) =>
        el(
          "tr",
          {},
          el(
            "th",
            { scope: "row" },
            el(
              "a",
              { href: `/support/${ticket.ticket_id}` },
              el("span", { class: "number", text: ticket.number }),
              " ",
              ticket.subject,
            ),
          ),
          el("td", {}, statusPill(ticket.status)),
          el("td", {}, priorityPill(ticket.priority)),
          el("td", { text: dateTime(ticket.created_at) }),
          el("td", { text: firstReply(ticket) }),
        ),
      ),
    ),
  );
}

// The orders and invoices a ticket may be about: only those the role reads (a support
// contact's orders and invoices would be refused).
async function linkChoices() {
  const [orders, invoices] = await Promise.all([
    isOn("orders") && mayRead("buying") ? api("GET", "/orders?limit=10") : { items: [] },
    isOn("payments") && mayRead("billing") ? api("GET", "/payments/invoices?limit=10") : { items: [] },
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

function select(name, options) {
  return el("select", { name }, ...options);
}

// The business's tags as boxes a finger can hit (each label 44 px high), each by its label in
// the reader's language (the business's, else the catalogue's; tagLabel).
function tagChoices(tags) {
  const boxes = tags.map((tag) => el("input", { type: "checkbox", name: "tag", value: tag, id: `tag-${tag}` }));
  const group = el(
    "fieldset",
    { class: "tag-choices", name: "tags", id: "ticket-tags" },
    el("legend", { text: t("support.tags") }),
    el("p", { class: "hint", text: t("support.tags.hint") }),
    el(
      "div",
      { class: "choices" },
      ...boxes.map((box) => el("label", { class: "choice" }, box, el("span", { text: tagLabel(box.value) }))),
    ),
    el("p", { class: "field-error", id: "ticket-tags-error" }),
  );
  return { group, chosen: () => boxes.filter((box) => box.checked).map((box) => box.value) };
}

function newTicketForm(settings, links, onOpened) {
  const problems = alertRegion();
  const outcome = el("div", { class: "outcome", "data-testid": "ticket-result" });
  const kind = select(
    "kind",
    KINDS.map((value) => el("option", { value, text: t(`support.kind.${value}`) })),
  );
  const subject = el("input", { type: "text", name: "subject", maxlength: "200", required: true, autocomplete: "off" });
  const description = el("textarea", { name: "description", rows: "5", maxlength: "5000", required: true });
  const priority = select(
    "priority",
    PRIORITIES.map((value) =>
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
  const tags = tagChoices(settings.tags);
  const freeTags = el("input", { type: "text", name: "more_tags", maxlength: "200", autocomplete: "off" });
  const link = select("link", links);
  const chooser = fileField("ticket-files", "support.attachments");
  const files = chooser.input;
  files.multiple = true;
  const progress = progressBar("ticket-progress");
  let key = formKey(); // one form, one ticket, however often it is sent
  // The help centre's answers to the subject as it is typed; one that solves it ends the draft
  // (credited with this form's key: once, however often it is pressed).
  const suggestions = articleSuggestions(subject, {
    formKey: () => key,
    solved: () => {
      form.reset();
      chooser.reset();
      key = formKey(); // the next ticket is a new one
      progress.element.hidden = true;
      showResult(outcome, "success", t("help.solved.result"));
    },
  });
  const subjectField = field("ticket-subject", "support.subject", subject);
  subjectField.append(suggestions.element);
  const form = el(
    "form",
    { class: "card stack ticket-form", "aria-labelledby": "new-ticket" },
    el("h2", { id: "new-ticket", tabindex: "-1", text: t("support.new") }),
    outcome,
    problems,
    field("ticket-kind", "support.kind", kind),
    subjectField,
    field("ticket-description", "support.description", description, "support.description.hint"),
    tags.group,
    field("ticket-free-tags", "support.more_tags", freeTags, "support.more_tags.hint"),
    field("ticket-priority", "support.priority", priority, "support.priority.hint"),
    field("ticket-link", "support.link", link),
    chooser.element,
    progress.element,
    el("div", { class: "actions" }, button("support.open", { kind: "primary", type: "submit", icon: "plus" })),
  );

  onSubmit(
    form,
    problems,
    async () => {
      outcome.replaceChildren();
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
      const typed = freeTags.value
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean);
      const body = {
        kind: kind.value,
        subject: subject.value.trim(),
        description: description.value.trim(),
        priority: priority.value,
        tags: [...new Set([...tags.chosen(), ...typed])],
        attachment_ids: attachmentIds,
      };
      if (link.value) {
        const [type, id] = link.value.split(":");
        body.link = { type, id };
      }
      return api("POST", "/tickets", body, { "Idempotency-Key": key });
    },
    async (ticket) => {
      form.reset();
      suggestions.clear();
      chooser.reset(); // the chosen files' names go too
      key = formKey(); // the next ticket is a new one
      progress.element.hidden = true;
      showResult(
        outcome,
        "success",
        t("support.opened_result", { number: ticket.number }),
        el("p", { text: firstReply(ticket) }),
        el(
          "p",
          {},
          el("a", { href: `/support/${ticket.ticket_id}`, text: t("support.open_ticket", { number: ticket.number }) }),
        ),
      );
      await onOpened();
    },
  );
  return { form, focus: () => subject.focus() };
}

export async function render(main) {
  const opening = mayChange("support");
  const [settings, page, links] = await Promise.all([
    api("GET", "/tickets/support/settings"),
    api("GET", "/tickets?limit=50"),
    opening ? linkChoices() : [],
  ]);
  useTagLabels(settings);
  const list = el("section", { class: "ticket-list", "aria-labelledby": "my-tickets" });
  const ticketForm = opening
    ? newTicketForm(settings, links, async () => drawList((await api("GET", "/tickets?limit=50")).items))
    : null;
  function drawList(items) {
    list.replaceChildren(
      el("h2", { id: "my-tickets", text: t("support.mine") }),
      items.length
        ? ticketTable(items)
        : emptyState(
            "support",
            ticketForm ? "support.none" : "support.none.read",
            ticketForm
              ? button("support.new", { kind: "secondary", icon: "plus", onclick: () => ticketForm.focus() })
              : null,
          ),
    );
  }
  drawList(page.items);
  const elsewhere = [
    isOn("inbox")
      ? el("a", { class: "button secondary", href: "/inbox" }, icon("mail"), el("span", { text: t("nav.inbox") }))
      : null,
    isOn("chat")
      ? el("a", { class: "button secondary", href: "/chat" }, icon("chat"), el("span", { text: t("nav.chat") }))
      : null,
  ].filter(Boolean);
  main.replaceChildren(
    heading("support.heading"),
    el("p", { class: "lead", text: t("support.lead") }),
    elsewhere.length ? el("div", { class: "actions support-ways" }, ...elsewhere) : "",
    list,
    ticketForm ? ticketForm.form : readOnlyNote("support"),
  );
}
