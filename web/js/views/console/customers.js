// Operator console: the business's customers (people and companies), by name; search;
// create. On a phone each customer is a card (dataTable), the name its title.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  dataTable,
  el,
  emptyState,
  field,
  heading,
  languageSelect,
  onSubmit,
  pill,
  showError,
} from "../../ui.js";

const STATUS_TONES = { active: "success", deactivated: "danger", creating: "info" };

export function statusPill(status) {
  return pill(t(`customer.status.${status}`), STATUS_TONES[status] || "neutral");
}

function customerRow(customer) {
  return el(
    "tr",
    {},
    el(
      "th",
      { scope: "row" },
      el("a", { href: `/console/customers/${encodeURIComponent(customer.customer_id)}`, text: customer.name }),
    ),
    el("td", { text: kindName(customer.kind) }),
    el("td", { class: "wrap", text: customer.email }),
    el("td", { text: customer.mobile || "—" }),
    el("td", {}, statusPill(customer.status)),
  );
}

// A person, or a company whose contacts sign in for it.
export function kindName(kind) {
  return t(`customer.kind.${kind || "person"}`);
}

// The fields of a customer, named as the API names them, so a refusal lands beside its field.
// A company's own name is `company`; its e-mail, mobile and language are its main contact's.
export function customerFields(customer = {}) {
  const company = customer.kind === "company";
  const inputs = {
    [company ? "company" : "name"]: el("input", {
      type: "text",
      required: true,
      maxlength: "120",
      autocomplete: "off",
      value: customer.name || "",
    }),
    email: el("input", {
      type: "email",
      required: true,
      maxlength: "254",
      autocomplete: "off",
      value: customer.email || "",
    }),
    mobile: el("input", {
      type: "tel",
      maxlength: "20",
      pattern: "\\+[0-9][0-9 ]{5,18}",
      autocomplete: "off",
      value: customer.mobile || "",
    }),
    language: languageSelect(customer.language || "en"),
    notes: el("textarea", { rows: "3", maxlength: "2000" }),
  };
  inputs.notes.value = customer.notes || "";
  const labels = { company: "customer.company" };
  const hints = { mobile: "customer.mobile.hint", email: company ? "customer.main_contact.hint" : null };
  const fields = Object.entries(inputs).map(([name, input]) => {
    input.name = name;
    return field(`customer-${name}`, labels[name] || `customer.${name}`, input, hints[name]);
  });
  const values = () => ({
    ...(company ? { company: inputs.company.value.trim() } : { name: inputs.name.value.trim() }),
    email: inputs.email.value.trim(),
    mobile: inputs.mobile.value.trim() || null,
    language: inputs.language.value,
    notes: inputs.notes.value,
  });
  return { fields, values };
}

// A new customer: a person, or a company with its first contact (then `name` is that
// person's, and the company's name is sent as `company`).
function createForm(navigate) {
  const { fields, values } = customerFields();
  const company = el("input", { type: "text", name: "company", maxlength: "120", autocomplete: "off" });
  const companyField = field("customer-company", "customer.company", company, "console.create.company_hint");
  companyField.hidden = true;
  const kinds = ["person", "company"].map((kind) =>
    el("input", { type: "radio", name: "kind", id: `create-kind-${kind}`, value: kind, checked: kind === "person" }),
  );
  const kindChoice = el(
    "fieldset",
    { class: "choices" },
    el("legend", { text: t("console.create.kind") }),
    ...kinds.map((input) =>
      el(
        "label",
        { class: "choice", for: input.id },
        input,
        el("span", { text: t(`console.create.kind.${input.value}`) }),
      ),
    ),
  );
  const nameLabel = fields[0].querySelector("label");
  const isCompany = () => kinds[1].checked;
  // The name field stays the person's; for a company it says whose it is.
  function showKind() {
    companyField.hidden = !isCompany();
    company.required = isCompany();
    nameLabel.textContent = t(isCompany() ? "console.create.contact_name" : "customer.name");
  }
  for (const input of kinds) input.addEventListener("change", showKind);
  const problems = alertRegion();
  const form = el(
    "form",
    { class: "stack" },
    kindChoice,
    companyField,
    ...fields,
    el("div", { class: "actions" }, button("console.create.go", { kind: "primary", type: "submit", icon: "plus" })),
  );
  onSubmit(
    form,
    problems,
    () =>
      api("POST", "/customers/operator/customers", {
        ...values(),
        ...(isCompany() ? { company: company.value.trim() } : {}),
      }),
    (created) => navigate(`/console/customers/${encodeURIComponent(created.customer_id)}`),
  );
  return { form, problems };
}

export async function render(main, _config, navigate) {
  const problems = alertRegion();
  const search = el("input", { type: "search", name: "search", maxlength: "120" });
  const rows = el("tbody");
  const none = el("div");
  const more = button("console.more", { kind: "secondary", hidden: true });
  let cursor = null;

  let listed = "";
  // "Show more" goes on with the search the list was made with (a cursor is bound to it),
  // not with whatever the box holds now.
  async function load(reset) {
    const query = new URLSearchParams(reset ? { limit: "25" } : listed);
    if (reset && search.value.trim()) query.set("search", search.value.trim());
    if (reset) listed = query.toString();
    else if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `/customers/operator/customers?${query}`);
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map(customerRow));
    const found = rows.children.length > 0;
    // Put in or taken out, not hidden: the empty state's display would override [hidden].
    none.replaceChildren(...(found ? [] : [emptyState("users", "console.none")]));
    table.hidden = !found;
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  const searchForm = el(
    "form",
    { class: "inline", role: "search" },
    field("customer-search", "console.search", search),
    button("console.search.go", { kind: "secondary", type: "submit", icon: "users" }),
  );
  onSubmit(searchForm, problems, () => load(true));
  more.addEventListener("click", () => busy(more, () => load(false)).catch((error) => showError(problems, error)));

  const create = createForm(navigate);

  const table = dataTable(
    "console.customers",
    ["customer.name", "customer.kind", "customer.email", "customer.mobile", "customer.status"],
    rows,
  );
  table.classList.add("customers-list");
  await load(true);
  main.replaceChildren(
    heading("console.customers"),
    searchForm,
    problems,
    none,
    table,
    more,
    el(
      "section",
      { class: "card stack", "aria-labelledby": "create-heading" },
      el("h2", { id: "create-heading", text: t("console.create") }),
      create.problems,
      create.form,
    ),
  );
}
