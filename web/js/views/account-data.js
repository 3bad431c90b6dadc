// The account's data: an admin asks for an export (a zip of every list, printout and file of
// the account), follows its steps while the server builds it, and downloads it once ready.
// The zip is kept 7 days. While an export is being built the list is read again every 2 s.
import { api, formKey } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { fileSize } from "../upload.js";
import {
  alertRegion,
  button,
  dateTime,
  downloadButton,
  el,
  emptyState,
  heading,
  pill,
  showError,
  showResult,
} from "../ui.js";

const POLL_MS = 2000;
const TONES = { requested: "info", working: "info", ready: "success", failed: "danger" };
const BUILDING = new Set(["requested", "working"]);

function exportCard(item, problems) {
  const done = item.status === "ready" ? item.total_steps : item.done_steps;
  const label = `export-${item.export_id}`;
  const steps = t("account_data.progress", { done, total: item.total_steps });
  let body = null;
  if (BUILDING.has(item.status)) {
    body = el(
      "div",
      { class: "export-progress" },
      // Named by its card, read out as "step 3 of 22" rather than a bare percentage.
      el("progress", {
        max: String(item.total_steps),
        value: String(done),
        "aria-labelledby": label,
        "aria-valuetext": steps,
      }),
      el("span", { text: steps }),
    );
  } else if (item.status === "ready") {
    const download = downloadButton("account_data.download", `/documents/exports/${item.export_id}/download`, (error) =>
      showError(problems, error),
    );
    // Several ready exports each have a "Download": the card's heading tells them apart.
    download.setAttribute("aria-describedby", label);
    body = [
      el(
        "p",
        { class: "hint export-facts" },
        el("span", { text: fileSize(item.size) }),
        el("span", { text: t("account_data.expires", { when: dateTime(item.expires_at) }) }),
      ),
      el("div", { class: "actions" }, download),
    ];
  } else if (item.status === "failed") {
    body = el("p", { class: "hint", text: t("account_data.failed") });
  }
  return el(
    "li",
    { class: "card export-card", "aria-labelledby": label, "data-testid": "export" },
    el(
      "div",
      { class: "export-head" },
      el("h2", { id: label, text: t("account_data.asked", { when: dateTime(item.created_at) }) }),
      pill(t(`account_data.status.${item.status}`), TONES[item.status]),
    ),
    ...[body].flat().filter(Boolean),
  );
}

// How an export's end is said: the result's tone and its sentence.
function ending(item) {
  const when = dateTime(item.created_at);
  return item.status === "ready"
    ? ["success", t("account_data.now_ready", { when })]
    : ["danger", t("account_data.now_failed", { when })];
}

export async function render(main) {
  const problems = alertRegion();
  const outcome = el("div", { class: "result-slot" });
  // The list is drawn again every poll; only an export's end is announced, never the redraw.
  const news = el("p", { class: "visually-hidden", role: "status", "data-testid": "export-news" });
  const shelf = el("div", { class: "export-shelf" });
  const seen = new Map(); // export id -> the status last drawn
  let timer = null;
  let left = false;

  function draw(items) {
    const finished = items.filter((item) => BUILDING.has(seen.get(item.export_id)) && !BUILDING.has(item.status));
    for (const item of finished) {
      // "Being prepared" no longer holds. Where the reader still is on it, it says so in its
      // place (focus stays there); else it goes, and the end is only announced.
      if (outcome.contains(document.activeElement)) {
        showResult(outcome, ...ending(item));
      } else {
        outcome.replaceChildren();
        news.textContent = ending(item)[1];
      }
    }
    for (const item of items) seen.set(item.export_id, item.status);
    shelf.replaceChildren(
      items.length
        ? el(
            "ul",
            { class: "export-list", "aria-label": t("account_data.list") },
            ...items.map((item) => exportCard(item, problems)),
          )
        : emptyState("download", "account_data.none"),
    );
    clearTimeout(timer); // one poll at a time, however many reads were in flight
    if (items.some((item) => BUILDING.has(item.status))) {
      timer = setTimeout(() => refresh().catch((error) => showError(problems, error)), POLL_MS);
    }
  }

  async function refresh() {
    clearTimeout(timer);
    const { items } = await api("GET", "/documents/exports");
    if (!left) draw(items); // an answer arriving after the page was left draws nothing
  }

  const ask = mayChange("contacts")
    ? button("account_data.ask", {
        kind: "primary",
        icon: "download",
        onclick: async (event) => {
          const control = event.currentTarget;
          control.disabled = true;
          showError(problems, null);
          try {
            const asked = await api("POST", "/documents/exports", undefined, { "Idempotency-Key": formKey() });
            await refresh();
            // A quick worker may have finished it already: then that is what is said.
            const status = seen.get(asked.export_id) || asked.status;
            if (BUILDING.has(status)) showResult(outcome, "info", t("account_data.started"));
            else showResult(outcome, ...ending({ ...asked, status }));
          } catch (error) {
            showError(problems, error);
          } finally {
            control.disabled = false;
          }
        },
      })
    : null;

  const { items } = await api("GET", "/documents/exports");
  draw(items);
  main.replaceChildren(
    ...[
      heading("account_data.heading"),
      el("p", { class: "lead", text: t("account_data.lead") }),
      outcome,
      problems,
      ask ? el("div", { class: "actions" }, ask) : null,
      news,
      shelf,
    ].filter(Boolean),
  );
  return () => {
    left = true;
    clearTimeout(timer);
  };
}
