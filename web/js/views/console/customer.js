// Operator console: one customer; edit or deactivate; their billing and documents.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, el, heading, showError } from "../../ui.js";
import { customerBilling } from "./billing.js";
import { customerFields } from "./customers.js";
import { customerDocuments } from "./documents.js";

export async function render(main, _config, _navigate, customerId) {
  const problems = alertRegion();
  const status = el("p", { role: "status", class: "status" });
  let customer;
  try {
    customer = await api("GET", `/customers/operator/customers/${encodeURIComponent(customerId)}`);
  } catch (error) {
    main.replaceChildren(heading("console.customer"), problems);
    showError(problems, error);
    return;
  }
  const { fields, values } = customerFields(customer);
  const active = customer.status === "active";
  const edit = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("console.edit") }),
    el("p", { text: `${t("customer.status")}: ${t(`customer.status.${customer.status}`)}` }),
    ...fields,
    active ? el("button", { type: "submit", class: "primary", text: t("profile.save") }) : null,
  );
  edit.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("PATCH", `/customers/operator/customers/${encodeURIComponent(customerId)}`, values());
      status.textContent = t("profile.saved");
    } catch (error) {
      showError(problems, error);
    }
  });
  const deactivate = el("button", { type: "button", class: "danger", text: t("console.deactivate") });
  deactivate.addEventListener("click", async () => {
    if (!window.confirm(t("console.deactivate.confirm", { name: customer.name }))) return;
    showError(problems, null);
    try {
      await api("POST", `/customers/operator/customers/${encodeURIComponent(customerId)}/deactivate`);
      await render(main, _config, _navigate, customerId);
      main.querySelector(".status").textContent = t("console.deactivated");
    } catch (error) {
      showError(problems, error);
    }
  });
  main.replaceChildren(
    el("p", {}, el("a", { href: "/console/customers", text: t("console.back") })),
    el("h1", { text: customer.name }),
    problems,
    status,
    edit,
    active ? el("div", { class: "card" }, el("p", { text: t("console.deactivate.hint") }), deactivate) : null,
  );
  main.append(await customerBilling(customerId, status), await customerDocuments(customerId, status));
}
