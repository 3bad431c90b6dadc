// Operator console: requests to be forgotten. Waiting ones are confirmed (the person is signed
// out at once and erased within minutes) or declined with a reason the person reads; erased
// ones say what the law kept (invoices, payments) with the name replaced.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dateTime,
  el,
  emptyState,
  field,
  heading,
  onSubmit,
  showError,
} from "../../ui.js";

const STATUSES = ["requested", "erasing", "done", "declined"];

function keptLine(kept) {
  const kinds = Object.entries(kept || {});
  if (!kinds.length) return t("erasures.kept.nothing");
  return t("erasures.kept", {
    what: kinds.map(([kind, count]) => t(`erasures.kept.${kind}`, { count })).join(", "),
  });
}

function declineForm(request, problems, reload) {
  const reason = el("textarea", { rows: "2", maxlength: "500", required: true });
  const form = el(
    "form",
    { class: "stack" },
    field(`decline-${request.contact_id}`, "erasures.decline.reason", reason),
    el("div", { class: "actions" }, button("erasures.decline", { kind: "secondary", type: "submit" })),
  );
  onSubmit(
    form,
    problems,
    () =>
      api("POST", `/customers/operator/erasures/${encodeURIComponent(request.contact_id)}/decline`, {
        reason: reason.value.trim(),
      }),
    reload,
  );
  return form;
}

function row(request, problems, reload) {
  const who = request.name || t("audit.actor.someone");
  const card = el(
    "li",
    { class: "card stack", "data-testid": "erasure-request" },
    el("h2", { text: who }),
    el("p", { class: "hint", text: t("erasures.asked", { when: dateTime(request.requested_at) }) }),
  );
  if (request.status === "requested") {
    const confirm = button("erasures.confirm", { kind: "danger" });
    confirm.addEventListener("click", async () => {
      if (!(await confirmAction("erasures.confirm.question", { confirmKey: "erasures.confirm", values: { who } }))) {
        return;
      }
      await busy(confirm, () =>
        api("POST", `/customers/operator/erasures/${encodeURIComponent(request.contact_id)}/confirm`),
      )
        .then(reload)
        .catch((error) => showError(problems, error));
    });
    card.append(el("div", { class: "actions" }, confirm), declineForm(request, problems, reload));
  } else if (request.status === "erasing") {
    card.append(el("p", { text: t("erasures.erasing", { done: request.steps_done, steps: request.steps }) }));
  } else if (request.status === "done") {
    card.append(
      el("p", { text: t("erasures.done", { when: dateTime(request.done_at) }) }),
      el("p", { "data-testid": "erasure-kept", text: keptLine(request.kept) }),
    );
  } else {
    card.append(el("p", { text: t("erasures.declined", { reason: request.declined_because || "" }) }));
  }
  return card;
}

export async function render(main) {
  const problems = alertRegion();
  const chosen = new URLSearchParams(location.search).get("status");
  const status = STATUSES.includes(chosen) ? chosen : "requested";
  const list = el("ol", { class: "audit-log", "data-testid": "erasure-requests" });
  const tabs = el(
    "nav",
    { class: "row erasure-tabs", "aria-label": t("erasures.statuses") },
    ...STATUSES.map((each) =>
      el("a", {
        href: `/console/erasures?status=${each}`,
        text: t(`erasures.status.${each}`),
        "aria-current": each === status ? "page" : null,
      }),
    ),
  );
  async function reload() {
    const { items } = await api("GET", `/customers/operator/erasures?status=${status}`);
    list.replaceChildren(...items.map((request) => row(request, problems, reload)));
    empty.replaceChildren(...(items.length ? [] : [emptyState("check", "erasures.none")]));
  }
  const empty = el("div");
  await reload();
  main.replaceChildren(
    heading("erasures.heading"),
    el("p", { class: "lead", text: t("erasures.lead") }),
    tabs,
    problems,
    empty,
    list,
  );
}
