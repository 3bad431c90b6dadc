// The contact's accounts: which one they act for. A contact of several picks one here after
// signing in, and comes back from the header to switch; then the page they were on is drawn
// again for the account chosen, so every list is that account's.
import { t } from "../i18n.js";
import { chooseAccount, session } from "../session.js";
import { alertRegion, busy, el, emptyState, heading, icon, pill, showError } from "../ui.js";

// Only a path of this portal: ?next= is typed into links, never a way off the site.
function nextPath() {
  const next = new URLSearchParams(location.search).get("next") || "/";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/accounts") ? next : "/";
}

function accountButton(account, active, problems, navigate) {
  const choose = el(
    "button",
    {
      type: "button",
      class: "account-choice",
      "aria-current": active ? "true" : null,
      "data-testid": "account-choice",
    },
    icon("users"),
    el(
      "span",
      { class: "account-choice-text" },
      el("span", { class: "account-choice-name", text: account.name }),
      el("span", {
        class: "account-choice-role",
        text: t("accounts.role_line", {
          role: t(`role.${account.role}`),
          scope: t(`contacts.scope.${account.scope}`),
        }),
      }),
    ),
    active ? pill(t("accounts.active"), "success") : icon("next"),
  );
  choose.addEventListener("click", async () => {
    showError(problems, null);
    try {
      await busy(choose, () => chooseAccount(account.account_id));
      await navigate(nextPath());
    } catch (error) {
      showError(problems, error);
    }
  });
  return el("li", {}, choose);
}

export async function render(main, _config, navigate) {
  const person = session.person;
  const accounts = person?.accounts || [];
  const problems = alertRegion();
  if (!accounts.length) {
    main.replaceChildren(heading("accounts.heading"), emptyState("users", "accounts.none"));
    return;
  }
  const activeId = person.account?.account_id;
  main.replaceChildren(
    heading("accounts.heading"),
    el("p", { class: "lead", text: t(activeId ? "accounts.lead_switch" : "accounts.lead_choose") }),
    problems,
    el(
      "ul",
      { class: "account-choices", "aria-label": t("accounts.list") },
      ...accounts.map((account) => accountButton(account, account.account_id === activeId, problems, navigate)),
    ),
  );
}
