// The account's contacts: who signs in for it, the role each has and whether they see the
// whole account's items or only their own. An admin invites, changes and removes; a viewer
// reads the list. The server keeps one active admin per account (409 last_admin), and the
// business may want to approve an invitation first (the contact then waits, said in words).
// A buyer may have a spending limit per order: above it, an admin approves the order first.
import { api, formKey } from "../api.js";
import { language, t } from "../i18n.js";
import { mayChange, session } from "../session.js";
import {
  alertRegion,
  button,
  confirmAction,
  dataTable,
  el,
  field,
  heading,
  languageSelect,
  onSubmit,
  pill,
  showError,
  showResult,
} from "../ui.js";
import { limitField, limitText, shopCurrency } from "./spending-limit.js";

const ROLES = ["admin", "billing", "buyer", "support", "viewer"];
const SCOPES = ["all", "mine"];

// A choice of roles or scopes as radio buttons, each named by its word and described by its
// one line (the description is read after the name, not as part of it).
function choices(name, legendKey, values, textKey, aboutKey, chosen) {
  return el(
    "fieldset",
    { class: "contact-choices" },
    el("legend", { text: t(legendKey) }),
    ...values.map((value) => {
      const id = `${name}-${value}`;
      return el(
        "label",
        { class: "choice contact-choice" },
        el("input", {
          type: "radio",
          name,
          value,
          checked: value === chosen,
          required: true,
          "aria-labelledby": `${id}-name`,
          "aria-describedby": `${id}-about`,
        }),
        el(
          "span",
          {},
          el("span", { class: "choice-name", id: `${id}-name`, text: t(textKey(value)) }),
          el("span", { class: "hint", id: `${id}-about`, text: t(aboutKey(value)) }),
        ),
      );
    }),
  );
}

function chosen(form, name) {
  return form.querySelector(`input[name="${name}"]:checked`)?.value;
}

function statusPill(contact) {
  return contact.status === "invited"
    ? pill(t("contacts.status.invited"), "warning")
    : pill(t("contacts.status.active"), "success");
}

function reaches(contact) {
  return el(
    "span",
    { class: "contact-reaches" },
    contact.email ? el("span", { text: contact.email }) : null,
    contact.mobile ? el("span", { text: contact.mobile }) : null,
  );
}

// The limit shows while the role chosen (the radio group `roleName`) is buyer.
function limitFollowsRole(form, roleName, limit) {
  const follow = () => limit.show(chosen(form, roleName) === "buyer");
  form.addEventListener("change", follow);
  follow();
}

// Change one contact's role, scope or spending limit, in a dialog: a refusal (the last admin)
// stays in it. A contact who is no longer a buyer keeps no limit.
function editContact(contact, currency, onSaved) {
  const problems = alertRegion();
  const limit = limitField("edit-limit", { currency, limit: contact.spending_limit });
  const form = el(
    "form",
    { class: "stack" },
    el("h2", { id: "edit-contact-heading", text: t("contacts.edit.heading", { name: contact.name }) }),
    problems,
    choices(
      "edit-role",
      "contacts.role",
      ROLES,
      (role) => `role.${role}`,
      (role) => `role.${role}.about`,
      contact.role,
    ),
    choices(
      "edit-scope",
      "contacts.scope",
      SCOPES,
      (scope) => `contacts.scope.${scope}`,
      (scope) => `contacts.scope.${scope}.about`,
      contact.scope,
    ),
    limit.element,
  );
  const dialog = el("dialog", { class: "confirm contact-edit", "aria-labelledby": "edit-contact-heading" }, form);
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  form.append(
    el(
      "div",
      { class: "actions" },
      button("contacts.edit.save", { kind: "primary", type: "submit" }),
      button("confirm.no", { kind: "secondary", onclick: close }),
    ),
  );
  onSubmit(
    form,
    problems,
    () =>
      api("PATCH", `/customers/contacts/${encodeURIComponent(contact.contact_id)}`, {
        role: chosen(form, "edit-role"),
        scope: chosen(form, "edit-scope"),
        spending_limit: limit.read(),
      }),
    async (saved) => {
      close();
      await onSaved(saved);
    },
  );
  dialog.addEventListener("cancel", close);
  limitFollowsRole(form, "edit-role", limit);
  document.body.append(dialog);
  dialog.showModal();
}

function contactRow(contact, admin, { problems, redraw, currency }) {
  const name = el(
    "th",
    { scope: "row" },
    el("span", { text: contact.name }),
    contact.is_me ? el("span", { class: "contact-me", text: ` ${t("contacts.you")}` }) : null,
  );
  const cells = [
    name,
    el("td", {}, reaches(contact)),
    el(
      "td",
      {},
      el("span", { text: t(`role.${contact.role}`) }),
      limitText(contact) ? el("span", { class: "hint contact-limit", text: limitText(contact) }) : null,
    ),
    el("td", { text: t(`contacts.scope.${contact.scope}`) }),
    el("td", {}, statusPill(contact)),
  ];
  if (admin) {
    const change = button("contacts.change", {
      kind: "secondary",
      "aria-label": t("contacts.change_named", { name: contact.name }),
      onclick: () =>
        editContact(contact, currency, (saved) => redraw("success", t("contacts.changed", { name: saved.name }))),
    });
    const remove = button("contacts.remove", {
      kind: "danger",
      "aria-label": t("contacts.remove_named", { name: contact.name }),
      onclick: async () => {
        const sure = await confirmAction("contacts.remove.confirm", {
          confirmKey: "contacts.remove.yes",
          values: { name: contact.name },
        });
        if (!sure) return remove.focus();
        showError(problems, null);
        try {
          await api("DELETE", `/customers/contacts/${encodeURIComponent(contact.contact_id)}`);
          await redraw("success", t("contacts.removed", { name: contact.name }));
        } catch (error) {
          showError(problems, error);
        }
      },
    });
    cells.push(el("td", {}, el("div", { class: "actions" }, change, remove)));
  }
  return el("tr", { "data-testid": "contact" }, ...cells);
}

// Invite a contact: who they are, how they sign in (an e-mail, a mobile or both: the server
// refuses neither, naming both fields), their language, role and scope. One Idempotency-Key
// per invitation, so a form sent twice invites once.
function inviteForm(needsApproval, currency, onInvited) {
  const problems = alertRegion();
  const limit = limitField("invite-limit", { currency });
  const outcome = el("div", { class: "result-slot" });
  let key = formKey();
  const form = el(
    "form",
    { class: "card stack contact-invite", "aria-labelledby": "invite-heading" },
    el("h2", { id: "invite-heading", text: t("contacts.invite.heading") }),
    el("p", { class: "hint", text: t(needsApproval ? "contacts.invite.approval" : "contacts.invite.at_once") }),
    outcome,
    problems,
    field(
      "invite-name",
      "contacts.name",
      el("input", { type: "text", name: "name", required: true, maxlength: "120", autocomplete: "off" }),
    ),
    field(
      "invite-email",
      "contacts.email",
      el("input", { type: "email", name: "email", maxlength: "254", autocomplete: "off" }),
      "contacts.email.hint",
    ),
    field(
      "invite-mobile",
      "contacts.mobile",
      el("input", { type: "tel", name: "mobile", maxlength: "20", autocomplete: "off" }),
      "contacts.mobile.hint",
    ),
    field("invite-language", "contacts.language", languageSelect(language())),
    choices(
      "role",
      "contacts.role",
      ROLES,
      (role) => `role.${role}`,
      (role) => `role.${role}.about`,
      "buyer",
    ),
    choices(
      "scope",
      "contacts.scope",
      SCOPES,
      (scope) => `contacts.scope.${scope}`,
      (scope) => `contacts.scope.${scope}.about`,
      "all",
    ),
    limit.element,
    el("div", { class: "actions" }, button("contacts.invite", { kind: "primary", type: "submit", icon: "plus" })),
  );
  limitFollowsRole(form, "role", limit);
  onSubmit(
    form,
    problems,
    () => {
      outcome.replaceChildren();
      const email = form.elements.email.value.trim();
      const mobile = form.elements.mobile.value.trim();
      const body = {
        name: form.elements.name.value.trim(),
        language: form.elements["invite-language"].value,
        role: chosen(form, "role"),
        scope: chosen(form, "scope"),
      };
      if (email) body.email = email;
      if (mobile) body.mobile = mobile;
      const spendingLimit = limit.read();
      if (spendingLimit) body.spending_limit = spendingLimit;
      return api("POST", "/customers/contacts", body, { "Idempotency-Key": key });
    },
    async (contact) => {
      form.reset();
      limit.show(chosen(form, "role") === "buyer"); // reset chose buyer again, without a change event
      key = formKey(); // the next invitation is another person
      const said =
        contact.status === "invited"
          ? t("contacts.invited_waiting", { name: contact.name })
          : t("contacts.invited", { name: contact.name, identifier: contact.email || contact.mobile });
      await onInvited(said);
    },
  );
  return form;
}

export async function render(main) {
  const admin = mayChange("contacts");
  const [{ items: contacts, invites_need_approval: needsApproval }, currency] = await Promise.all([
    api("GET", "/customers/contacts"),
    admin ? shopCurrency("/orders/catalogue") : "EUR",
  ]);
  const problems = alertRegion();
  const outcome = el("div", { class: "result-slot" });

  // After a change the list is read again; what was done is said at the top, where focus goes.
  async function redraw(tone, text) {
    await render(main);
    showResult(main.querySelector(".contacts-outcome"), tone, text);
  }

  const headings = ["contacts.name", "contacts.reaches", "contacts.role", "contacts.scope", "contacts.status"];
  if (admin) headings.push("contacts.actions");
  const rows = el(
    "tbody",
    {},
    ...contacts.map((contact) => contactRow(contact, admin, { problems, redraw, currency })),
  );
  outcome.classList.add("contacts-outcome");
  const parts = [
    heading("contacts.heading"),
    el("p", { class: "lead", text: t("contacts.lead", { account: session.person.account.name }) }),
    admin ? null : el("p", { class: "hint", "data-testid": "read-only", text: t("contacts.read_only") }),
    outcome,
    problems,
    dataTable("contacts.list", headings, rows),
    admin ? inviteForm(needsApproval, currency, (said) => redraw("success", said)) : null,
  ];
  main.replaceChildren(...parts.filter(Boolean));
}
