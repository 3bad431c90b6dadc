// Operator console: the business's customers, by name; search; create. On a phone each
// customer is a card (dataTable), the name its title.
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
    el("td", { class: "wrap", text: customer.email }),
    el("td", { text: customer.mobile || "—" }),
    el("td", {}, statusPill(customer.status)),
  );
}

// The fields of a customer, named as the API names them, so a refusal lands beside its field.
export function customerFields(customer = {}) {
  const inputs = {
    name: el("input", {
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
  const hints = { mobile: "customer.mobile.hint" };
  const fields = Object.entries(inputs).map(([name, input]) => {
    input.name = name;
    return field(`customer-${name}`, `customer.${name}`, input, hints[name]);
  });
  const values = () => ({
    name: inputs.name.value.trim(),
    email: inputs.email.value.trim(),
    mobile: inputs.mobile.value.trim() || null,
    language: inputs.language.value,
    notes: inputs.notes.value,
  });
  return { fields, values };
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

  const { fields, values } = customerFields();
  const createProblems = alertRegion();
  const create = el(
    "form",
    { class: "stack" },
    ...fields,
    el("div", { class: "actions" }, button("console.create.go", { kind: "primary", type: "submit", icon: "plus" })),
  );
  onSubmit(
    create,
    createProblems,
    () => api("POST", "/customers/operator/customers", values()),
    (created) => navigate(`/console/customers/${encodeURIComponent(created.customer_id)}`),
  );

  const table = dataTable(
    "console.customers",
    ["customer.name", "customer.email", "customer.mobile", "customer.status"],
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
      createProblems,
      create,
    ),
  );
}
