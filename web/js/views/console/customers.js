// Operator console: the business's customers, by name; search; create.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, el, field, heading, languageSelect, showError } from "../../ui.js";

function customerRow(customer) {
  return el(
    "tr",
    {},
    el("td", {}, el("a", { href: `/console/customers/${customer.customer_id}`, text: customer.name })),
    el("td", { text: customer.email }),
    el("td", { text: customer.mobile || "—" }),
    el("td", { text: t(`customer.status.${customer.status}`) }),
  );
}

export function customerFields(customer = {}) {
  const inputs = {
    name: el("input", { type: "text", required: true, maxlength: "120", value: customer.name || "" }),
    email: el("input", { type: "email", required: true, value: customer.email || "" }),
    mobile: el("input", { type: "tel", value: customer.mobile || "", placeholder: "+358401234567" }),
    language: languageSelect(customer.language || "en"),
    notes: el("textarea", { rows: "3", maxlength: "2000" }),
  };
  inputs.notes.value = customer.notes || "";
  const fields = Object.entries(inputs).map(([name, input]) => field(`customer-${name}`, `customer.${name}`, input));
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
  const search = el("input", { type: "search" });
  const rows = el("tbody");
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  let cursor = null;

  let listed = "";
  // "Show more" goes on with the search the list was made with (a cursor is bound to it),
  // not with whatever the box holds now.
  async function load(reset) {
    const query = new URLSearchParams(reset ? { limit: "25" } : listed);
    if (reset && search.value.trim()) query.set("search", search.value.trim());
    if (reset) listed = query.toString();
    else if (cursor) query.set("cursor", cursor);
    try {
      const page = await api("GET", `/customers/operator/customers?${query}`);
      if (reset) rows.replaceChildren();
      rows.append(...page.items.map(customerRow));
      if (!rows.children.length) rows.append(el("tr", {}, el("td", { colspan: "4", text: t("console.none") })));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (error) {
      showError(problems, error);
    }
  }

  const searchForm = el(
    "form",
    { class: "inline", role: "search" },
    field("customer-search", "console.search", search),
    el("button", { type: "submit", class: "secondary", text: t("console.search.go") }),
  );
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    load(true);
  });
  more.addEventListener("click", () => load(false));

  const { fields, values } = customerFields();
  const create = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("console.create") }),
    ...fields,
    el("button", { type: "submit", class: "primary", text: t("console.create.go") }),
  );
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      const created = await api("POST", "/customers/operator/customers", values());
      navigate(`/console/customers/${created.customer_id}`);
    } catch (error) {
      showError(problems, error);
    }
  });

  const table = dataTable(
    "console.customers",
    ["customer.name", "customer.email", "customer.mobile", "customer.status"],
    rows,
  );
  main.replaceChildren(heading("console.customers"), problems, searchForm, table, more, create);
  await load(true);
}
