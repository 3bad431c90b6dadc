// Operator console: one customer; their details, edit, deactivate (asked first); the
// contacts who sign in for them; their billing and documents. Every result shows beside
// the action that made it.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../languages.js";
import { alertRegion, busy, button, confirmAction, el, onSubmit, showError, showResult } from "../../ui.js";
import { customerBilling } from "./billing.js";
import { customerContacts } from "./customer-contacts.js";
import { customerTimeline } from "./customer-timeline.js";
import { customerFields, kindName, statusPill } from "./customers.js";
import { customerDocuments } from "./documents.js";

function facts(customer) {
  const rows = [
    ["customer.kind", kindName(customer.kind)],
    ["customer.email", customer.email],
    ["customer.mobile", customer.mobile || "—"],
    ["customer.language", LANGUAGE_NAMES[customer.language] || customer.language],
  ];
  return el(
    "dl",
    { class: "facts" },
    ...rows.flatMap(([key, value]) => [el("dt", { text: t(key) }), el("dd", { class: "wrap", text: value })]),
  );
}

export async function render(main, config, navigate, customerId) {
  const path = `/customers/operator/customers/${encodeURIComponent(customerId)}`;
  // A first load that fails throws: the shell says why, with Try again.
  const customer = await api("GET", path);
  const active = customer.status === "active";

  // Drawn afresh after a change, the result shown at the top of the card it came from.
  async function redraw(cardId, text) {
    await render(main, config, navigate, customerId);
    const slot = main.querySelector(`[data-result="${cardId}"]`);
    if (slot) showResult(slot, "success", text);
  }

  const { fields, values } = customerFields(customer);
  const editProblems = alertRegion();
  const edit = el(
    "form",
    { class: "stack" },
    ...fields,
    active ? el("div", { class: "actions" }, button("profile.save", { kind: "primary", type: "submit" })) : null,
  );
  if (active) {
    onSubmit(
      edit,
      editProblems,
      () => api("PATCH", path, values()),
      () => redraw("edit", t("profile.saved")),
    );
  } else {
    for (const control of edit.elements) control.disabled = true;
  }

  const status = el("p", { role: "status", class: "status" });
  const deactivateProblems = alertRegion();
  const deactivate = button("console.deactivate", { kind: "danger" });
  deactivate.addEventListener("click", async () => {
    if (!(await confirmAction("console.deactivate.confirm", { values: { name: customer.name } }))) return;
    showError(deactivateProblems, null);
    try {
      await busy(deactivate, () => api("POST", `${path}/deactivate`));
      await redraw("status", t("console.deactivated"));
    } catch (error) {
      showError(deactivateProblems, error);
    }
  });

  // Drawn once everything is read, so the page never shows half-loaded.
  const [contacts, billing, documents, timeline] = await Promise.all([
    customerContacts(customer),
    customerBilling(customerId, status),
    customerDocuments(customerId, status),
    customerTimeline(customerId),
  ]);
  main.replaceChildren(
    el("p", { class: "back" }, el("a", { href: "/console/customers", text: t("console.back") })),
    el("div", { class: "row customer-title" }, el("h1", { text: customer.name }), statusPill(customer.status)),
    el("div", { "data-result": "status" }),
    el(
      "section",
      { class: "card stack", "aria-labelledby": "customer-details" },
      el("h2", { id: "customer-details", text: t("console.edit") }),
      facts(customer),
      el("div", { "data-result": "edit" }),
      editProblems,
      edit,
    ),
    contacts,
    active
      ? el(
          "section",
          { class: "card stack", "aria-labelledby": "customer-deactivate" },
          el("h2", { id: "customer-deactivate", text: t("console.deactivate") }),
          el("p", { text: t("console.deactivate.hint") }),
          deactivateProblems,
          el("div", { class: "actions" }, deactivate),
        )
      : null,
    status,
    billing,
    documents,
    timeline,
  );
}
