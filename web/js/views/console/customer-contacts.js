// Operator console: an account's contacts, the people who sign in for it, each with a role
// (what they may do) and a scope (the whole account's items, or only their own). The
// business adds contacts (active at once), changes their role, removes them, and approves
// the ones an account admin invited while the portal asks for its approval. A buyer may have a
// spending limit per order, above which an admin of the account approves the order first.
import { api, formKey } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dataTable,
  el,
  emptyState,
  field,
  icon,
  languageSelect,
  onSubmit,
  pill,
  showError,
  showResult,
} from "../../ui.js";
import { limitField, limitText, shopCurrency } from "../spending-limit.js";

// As functions/core/roles.py names them, most powerful first.
const ROLES = ["admin", "billing", "buyer", "support", "viewer"];
const SCOPES = ["all", "mine"];
const STATUS_TONES = { active: "success", invited: "warning" };

// The names the customer side uses too (role.*), so both sides say the same word.
const roleName = (role) => t(`role.${role}`);
const scopeName = (scope) => t(`console.contacts.scope.${scope}`);

function resultSlot() {
  return el("div", { class: "result-slot" });
}

function select(name, values, label, selected) {
  return el(
    "select",
    { name },
    ...values.map((value) => el("option", { value, selected: value === selected, text: label(value) })),
  );
}

// The role, scope and (for a buyer) spending limit fields, named as the API names them, so a
// refusal lands beside its field. The limit shows while the role chosen is buyer.
function accessFields(prefix, currency, contact = {}) {
  const role = select("role", ROLES, roleName, contact.role || "viewer");
  const scope = select("scope", SCOPES, (value) => t(`console.contacts.scope.${value}.long`), contact.scope || "all");
  const limit = limitField(`${prefix}-limit`, { currency, limit: contact.spending_limit || null });
  const follow = () => limit.show(role.value === "buyer");
  role.addEventListener("change", follow);
  follow();
  return {
    role,
    scope,
    limit,
    follow,
    fields: [
      field(`${prefix}-role`, "console.contacts.role", role, "console.contacts.role.hint"),
      field(`${prefix}-scope`, "console.contacts.scope", scope),
      limit.element,
    ],
  };
}

// A new contact is told in the account's language unless the operator chooses another.
function addForm(base, language, currency, done) {
  const inputs = {
    name: el("input", { type: "text", required: true, maxlength: "120", autocomplete: "off" }),
    email: el("input", { type: "email", maxlength: "254", autocomplete: "off" }),
    mobile: el("input", { type: "tel", maxlength: "20", pattern: "\\+[0-9][0-9 ]{5,18}", autocomplete: "off" }),
    language: languageSelect(language),
  };
  const hints = { email: "console.contacts.email.hint", mobile: "customer.mobile.hint" };
  const personFields = Object.entries(inputs).map(([name, input]) => {
    input.name = name;
    return field(`contact-${name}`, `customer.${name}`, input, hints[name]);
  });
  const access = accessFields("contact", currency);
  const region = alertRegion();
  const result = resultSlot();
  let key = formKey();
  const form = el(
    "form",
    { class: "card stack contact-form", "aria-labelledby": "contact-add-heading" },
    el("h3", { id: "contact-add-heading", text: t("console.contacts.add") }),
    ...personFields,
    ...access.fields,
    region,
    el(
      "div",
      { class: "actions" },
      button("console.contacts.add.go", { kind: "primary", type: "submit", icon: "plus" }),
    ),
    result,
  );
  onSubmit(
    form,
    region,
    () => {
      result.replaceChildren();
      // An e-mail, a mobile or both: what is left empty is not sent (neither: the API says so).
      const body = {
        name: inputs.name.value.trim(),
        language: inputs.language.value,
        role: access.role.value,
        scope: access.scope.value,
      };
      if (inputs.email.value.trim()) body.email = inputs.email.value.trim();
      if (inputs.mobile.value.trim()) body.mobile = inputs.mobile.value.trim();
      const spendingLimit = access.limit.read();
      if (spendingLimit) body.spending_limit = spendingLimit;
      return api("POST", base, body, { "Idempotency-Key": key });
    },
    async (added) => {
      key = formKey(); // the next contact is another one
      form.reset();
      access.follow(); // reset chose the first role again, without a change event
      await done();
      const said = added.status === "active" ? "console.contacts.added" : "console.contacts.added_waiting";
      const identifier = added.email || added.mobile;
      showResult(result, "success", t(said, { name: added.name, role: roleName(added.role), identifier }));
    },
  );
  return form;
}

// Changing one contact's role and scope: drawn under the list when its row asks for it.
function changeForm(base, contact, currency, close, done) {
  const access = accessFields("contact-change", currency, contact);
  const region = alertRegion();
  const cancel = button("console.contacts.change.cancel", { kind: "quiet" });
  const form = el(
    "form",
    { class: "card stack contact-change", "aria-labelledby": "contact-change-heading" },
    el("h3", { id: "contact-change-heading", text: t("console.contacts.change.heading", { name: contact.name }) }),
    ...access.fields,
    region,
    el(
      "div",
      { class: "actions" },
      button("console.contacts.change.save", { kind: "primary", type: "submit" }),
      cancel,
    ),
  );
  cancel.addEventListener("click", close);
  onSubmit(
    form,
    region,
    () =>
      api("PATCH", `${base}/${encodeURIComponent(contact.contact_id)}`, {
        role: access.role.value,
        scope: access.scope.value,
        spending_limit: access.limit.read(), // none for a role other than buyer
      }),
    (changed) =>
      done(
        contact.contact_id,
        t("console.contacts.changed", {
          name: changed.name,
          role: roleName(changed.role),
          scope: scopeName(changed.scope),
        }),
      ),
  );
  return { form, focus: () => access.role.focus() };
}

function contactRow(base, contact, actions) {
  const result = resultSlot();
  const failed = (error) => {
    result.replaceChildren(alertRegion());
    showError(result.firstElementChild, error);
  };
  const path = `${base}/${encodeURIComponent(contact.contact_id)}`;
  const buttons = [];
  if (contact.status === "invited") {
    const approve = button("console.contacts.approve", {
      kind: "secondary",
      icon: "check",
      "aria-label": t("console.contacts.approve.label", { name: contact.name }),
    });
    approve.addEventListener("click", async () => {
      try {
        await busy(approve, () => api("POST", `${path}/approve`));
        await actions.done(contact.contact_id, t("console.contacts.approved", { name: contact.name }));
      } catch (error) {
        failed(error);
      }
    });
    buttons.push(approve);
  }
  const change = button("console.contacts.change", {
    kind: "secondary",
    "aria-expanded": "false",
    "aria-label": t("console.contacts.change.label", { name: contact.name }),
  });
  change.addEventListener("click", () => actions.change(contact, change));
  const remove = button("console.contacts.remove", {
    kind: "danger",
    "aria-label": t("console.contacts.remove.label", { name: contact.name }),
  });
  remove.addEventListener("click", async () => {
    const sure = await confirmAction("console.contacts.remove.confirm", {
      values: { name: contact.name },
      confirmKey: "console.contacts.remove.yes",
    });
    if (!sure) return remove.focus();
    try {
      await busy(remove, () => api("DELETE", path));
      await actions.done(null, t("console.contacts.removed", { name: contact.name }));
    } catch (error) {
      failed(error);
    }
  });
  buttons.push(change, remove);
  return el(
    "tr",
    { "data-contact": contact.contact_id },
    el("th", { scope: "row", text: contact.name }),
    el(
      "td",
      { class: "wrap" },
      contact.email ? el("span", { text: contact.email }) : null,
      contact.email && contact.mobile ? el("br") : null,
      contact.mobile ? el("span", { text: contact.mobile }) : null,
    ),
    // The role and, under it, what of the account it reaches: one column, so the table fits.
    el(
      "td",
      {},
      el("span", { text: roleName(contact.role) }),
      el("br"),
      el("span", { class: "hint", text: scopeName(contact.scope) }),
      limitText(contact) ? el("br") : null,
      limitText(contact) ? el("span", { class: "hint", text: limitText(contact) }) : null,
    ),
    el("td", {}, pill(t(`console.contacts.status.${contact.status}`), STATUS_TONES[contact.status] || "neutral")),
    actions.allowed ? el("td", {}, el("div", { class: "actions" }, ...buttons), result) : null,
  );
}

// The customer page's contacts part: the list, then adding one. A deactivated account's
// contacts are shown, not changed.
export async function customerContacts(customer) {
  const customerId = customer.customer_id;
  const active = customer.status === "active";
  const base = `/customers/operator/customers/${encodeURIComponent(customerId)}/contacts`;
  const rows = el("tbody");
  const table = dataTable(
    "console.contacts.table",
    [
      "customer.name",
      "console.contacts.reach",
      "console.contacts.role",
      "customer.status",
      active && "console.actions",
    ].filter(Boolean),
    rows,
  );
  const none = el("div");
  const waiting = el("div");
  const listResult = resultSlot();
  const changeSlot = el("div");
  let opened = null; // the row button whose change form is open, to give focus back

  function closeChange() {
    changeSlot.replaceChildren();
    if (!opened) return;
    opened.setAttribute("aria-expanded", "false");
    opened.focus();
    opened = null;
  }

  const actions = {
    allowed: active,
    currency: active ? await shopCurrency("/orders/operator/products") : "EUR",
    change(contact, opener) {
      if (opened) opened.setAttribute("aria-expanded", "false");
      opened = opener;
      opener.setAttribute("aria-expanded", "true");
      const { form, focus } = changeForm(base, contact, actions.currency, closeChange, actions.done);
      changeSlot.replaceChildren(form);
      focus();
    },
    // After a change: the list drawn again, the message said in the changed row or, when
    // the row is gone, above the list.
    async done(contactId, message) {
      changeSlot.replaceChildren();
      opened = null;
      await load();
      if (!message) return;
      const row = contactId && rows.querySelector(`[data-contact="${CSS.escape(contactId)}"]`);
      showResult(row ? row.querySelector("td:last-child .result-slot") : listResult, "success", message);
    },
  };

  async function load() {
    const reply = await api("GET", base);
    const contacts = reply.items;
    rows.replaceChildren(...contacts.map((contact) => contactRow(base, contact, actions)));
    table.hidden = !contacts.length;
    none.replaceChildren(...(contacts.length ? [] : [emptyState("users", "console.contacts.none")]));
    const invited = contacts.filter((contact) => contact.status === "invited").length;
    // Drawn as a result is, without taking focus: it is news when the page opens, not a reply.
    const notice = el(
      "div",
      { class: "result result-warning" },
      icon("alert"),
      el("div", {}, el("p", { text: t("console.contacts.waiting", { count: invited }) })),
    );
    waiting.replaceChildren(...(invited ? [notice] : []));
  }

  await load();
  return el(
    "section",
    { class: "stack", "aria-labelledby": "contacts-heading" },
    el("h2", { id: "contacts-heading", text: t("console.contacts") }),
    el("p", { class: "hint", text: t("console.contacts.hint") }),
    waiting,
    listResult,
    table,
    none,
    changeSlot,
    active ? addForm(base, customer.language, actions.currency, actions.done) : null,
  );
}
