// Who did what on the account I act for: its admins and viewers read it (the server says
// who; the menu shows the page to those whose role reads the account's contacts).
import { t } from "../i18n.js";
import { alertRegion, el, heading } from "../ui.js";
import { auditList } from "./audit-parts.js";

export async function render(main) {
  const problems = alertRegion();
  const list = await auditList("/customers/audit", problems);
  main.replaceChildren(heading("audit.heading"), el("p", { class: "lead", text: t("audit.lead") }), problems, list);
}
