// The audit log as a list, newest first, paged: one sentence per action (who did what to
// what), then when, from which device and address. Shared by the account's page (/audit) and
// the console's (/console/audit). Names come from the server, read when the log is read: a
// person erased or removed since shows as "someone".
import { api } from "../api.js";
import { has, t } from "../i18n.js";
import { busy, button, dateTime, el, emptyState, showError } from "../ui.js";

function actorName(actor) {
  if (actor.kind === "system") return t("audit.actor.system");
  const name = actor.name || t("audit.actor.someone");
  return actor.kind === "staff" ? t("audit.actor.staff", { name }) : name;
}

function targetName(target) {
  if (!target) return "";
  if (target.kind === "contact") return target.name || t("audit.actor.someone");
  return target.label || "";
}

// What changed, where an action has more to say than its sentence (a role from -> to).
function detailLine(entry) {
  const { details } = entry;
  if (entry.action === "contact_changed" && details.new_role) {
    return t("audit.detail.role", { from: t(`role.${details.role}`), to: t(`role.${details.new_role}`) });
  }
  if (details.remembered) return t("audit.detail.remembered");
  return "";
}

export function sentence(entry) {
  const key = `audit.action.${entry.action}`;
  const values = { actor: actorName(entry.actor), target: targetName(entry.target) };
  return has(key) ? t(key, values) : t("audit.action.other", { ...values, action: entry.action });
}

function row(entry, { showAccount }) {
  const where = [entry.device || t("audit.device.unknown"), entry.address].filter(Boolean).join(" · ");
  const detail = detailLine(entry);
  return el(
    "li",
    { class: "audit-entry card", "data-testid": "audit-entry", "data-action": entry.action },
    el("p", { class: "audit-what", text: sentence(entry) }),
    detail ? el("p", { class: "audit-detail", text: detail }) : null,
    showAccount && entry.account_name
      ? el("p", { class: "hint", text: t("audit.on_account", { account: entry.account_name }) })
      : null,
    el(
      "p",
      { class: "hint audit-when" },
      el("time", { datetime: entry.at, text: dateTime(entry.at) }),
      el("span", { text: ` · ${where}` }),
    ),
  );
}

// The list and its "Show more", loading the first page now; errors are said in `problems`.
export async function auditList(path, problems, { showAccount = false } = {}) {
  const list = el("ol", { class: "audit-log", "data-testid": "audit-log" });
  const empty = el("div");
  const more = button("console.more", { kind: "secondary", hidden: true });
  let cursor = null;

  async function load() {
    const query = new URLSearchParams({ limit: "25" });
    if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `${path}?${query}`);
    list.append(...page.items.map((entry) => row(entry, { showAccount })));
    empty.replaceChildren(...(list.children.length ? [] : [emptyState("check", "audit.none")]));
    list.hidden = !list.children.length;
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  more.addEventListener("click", () => busy(more, load).catch((error) => showError(problems, error)));
  await load();
  return el("div", { class: "stack" }, empty, list, more);
}
