// Operator console: what the notifications pipeline gave up on (the dead-letter queue): events
// that could not be told after three tries, each with a retry that sends it through the
// notifications queue again, and batches of table changes the stream relay gave up on, whose
// retry relays their events again from the table's stream (while it still holds them).
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  dataTable,
  dateTime,
  el,
  emptyState,
  heading,
  showError,
  showResult,
} from "../../ui.js";

// Lambda's reasons for giving a stream batch up, in the operator's words.
const CONDITIONS = {
  RetryAttemptsExhausted: "undelivered.condition.retries",
  RecordAgeExceeded: "undelivered.condition.age",
};

function relayFailureCells(failed) {
  const relay = failed.relay;
  const why = CONDITIONS[relay.condition];
  return [
    el(
      "td",
      {},
      t("undelivered.relay_failure"),
      el("p", {
        class: "hint",
        text: why
          ? t(why, { tries: relay.invocations ?? "" })
          : t("undelivered.condition.other", { condition: relay.condition }),
      }),
    ),
    el("td", { text: "" }),
    el("td", { text: String(failed.receive_count) }),
    el(
      "td",
      {},
      t("undelivered.relay_records", { records: relay.records, shard: relay.shard_id }),
      el(
        "p",
        {},
        el("code", { class: "wrap", text: `${relay.first_sequence_number} – ${relay.last_sequence_number}` }),
      ),
    ),
  ];
}

function eventCells(failed) {
  return [
    el(
      "td",
      {},
      failed.event_type ? el("code", { text: failed.event_type }) : t("undelivered.unreadable"),
      // The consumer's own words for what failed: a developer's detail, shown as code.
      failed.reason ? el("p", { class: "hint" }, el("code", { class: "wrap", text: failed.reason })) : null,
    ),
    el(
      "td",
      {},
      failed.customer_id ? el("a", { href: `/console/customers/${failed.customer_id}`, text: failed.customer_id }) : "",
    ),
    el("td", { text: String(failed.receive_count) }),
    el("td", {}, el("code", { class: "wrap", text: failed.body.slice(0, 200) })),
  ];
}

export async function render(main) {
  const problems = alertRegion();
  const done = el("div", { class: "result-slot" });
  const rows = el("tbody");
  const none = el("div");

  // A retry's result shows above the list, where focus moves; the list is read again.
  async function retry(failed, control) {
    showError(problems, null);
    try {
      const retried = await busy(control, () =>
        api("POST", `/notifications/operator/notifications/failed/${encodeURIComponent(failed.message_id)}/retry`),
      );
      await load();
      showResult(
        done,
        "success",
        retried.relayed === null || retried.relayed === undefined
          ? t("undelivered.retried")
          : t("undelivered.relayed", { count: retried.relayed }),
      );
    } catch (error) {
      showError(problems, error);
    }
  }

  function row(failed) {
    const again = button("undelivered.retry", { kind: "secondary", icon: "retry" });
    again.addEventListener("click", () => retry(failed, again));
    return el(
      "tr",
      { "data-testid": "undelivered", "data-kind": failed.kind },
      el("td", { text: failed.occurred_at ? dateTime(failed.occurred_at) : "—" }),
      ...(failed.kind === "relay_failure" && failed.relay ? relayFailureCells(failed) : eventCells(failed)),
      el("td", {}, again),
    );
  }

  const table = dataTable(
    "undelivered.heading",
    [
      "undelivered.when",
      "undelivered.event",
      "support.customer",
      "undelivered.tries",
      "undelivered.message",
      "undelivered.action",
    ],
    rows,
  );

  async function load() {
    const { items } = await api("GET", "/notifications/operator/notifications/failed");
    rows.replaceChildren(...items.map(row));
    table.hidden = !items.length;
    // Put in or taken out, not hidden: the empty state's display would override [hidden].
    none.replaceChildren(...(items.length ? [] : [emptyState("check", "undelivered.none")]));
  }

  await load();
  main.replaceChildren(
    heading("undelivered.heading"),
    el("p", { class: "hint", text: t("undelivered.lead") }),
    problems,
    done,
    none,
    table,
  );
}
