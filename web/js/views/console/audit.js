// The business's audit log: what its staff did, on any account or on the portal's settings;
// with ?customer=<id>, everything done on that customer's account (the customer page links here).
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, el, heading } from "../../ui.js";
import { auditList } from "../audit-parts.js";

export async function render(main) {
  const problems = alertRegion();
  const customerId = new URLSearchParams(location.search).get("customer");
  if (!customerId) {
    const list = await auditList("/customers/operator/audit", problems, { showAccount: true });
    main.replaceChildren(
      heading("audit.staff.heading"),
      el("p", { class: "lead", text: t("audit.staff.lead") }),
      problems,
      list,
    );
    return;
  }
  const id = encodeURIComponent(customerId);
  const customer = await api("GET", `/customers/operator/customers/${id}`);
  const list = await auditList(`/customers/operator/customers/${id}/audit`, problems);
  main.replaceChildren(
    heading("audit.account.heading", { name: customer.name }),
    el("p", {}, el("a", { href: `/console/customers/${id}`, text: t("audit.account.back", { name: customer.name }) })),
    problems,
    list,
  );
}
