// Operator console: what the notifications pipeline gave up on (the dead-letter queue): events
// that could not be told after three tries, each with a retry that sends it through the
// notifications queue again, and batches of table changes the stream relay gave up on, whose
// retry relays their events again from the table's stream (while it still holds them).
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, dateTime, el, heading, showError } from "../../ui.js";

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
      el("p", {}, el("code", { text: `${relay.first_sequence_number} – ${relay.last_sequence_number}` })),
    ),
  ];
}

function eventCells(failed) {
  return [
    el(
      "td",
      {},
      failed.event_type || t("undelivered.unreadable"),
      failed.reason ? el("p", { class: "hint", text: failed.reason }) : null,
    ),
    el(
      "td",
      {},
      failed.customer_id ? el("a", { href: `/console/customers/${failed.customer_id}`, text: failed.customer_id }) : "",
    ),
    el("td", { text: String(failed.receive_count) }),
    el("td", {}, el("code", { text: failed.body.slice(0, 200) })),
  ];
}

export async function render(main) {
  const problems = alertRegion();
  const done = el("p", { role: "status" });
  const rows = el("tbody");

  async function load() {
    const { items } = await api("GET", "/notifications/operator/notifications/failed");
    rows.replaceChildren(
      ...(items.length
        ? items.map((failed) => {
            const retry = el("button", { type: "button", class: "secondary", text: t("undelivered.retry") });
            retry.addEventListener("click", async () => {
              try {
                const retried = await api(
                  "POST",
                  `/notifications/operator/notifications/failed/${encodeURIComponent(failed.message_id)}/retry`,
                );
                problems.replaceChildren();
                done.textContent =
                  retried.relayed === null || retried.relayed === undefined
                    ? t("undelivered.retried")
                    : t("undelivered.relayed", { count: retried.relayed });
                await load();
              } catch (error) {
                showError(problems, error);
              }
            });
            return el(
              "tr",
              { "data-testid": "undelivered", "data-kind": failed.kind },
              el("td", { text: failed.occurred_at ? dateTime(failed.occurred_at) : "" }),
              ...(failed.kind === "relay_failure" && failed.relay ? relayFailureCells(failed) : eventCells(failed)),
              el("td", {}, retry),
            );
          })
        : [el("tr", {}, el("td", { colspan: "6", text: t("undelivered.none") }))]),
    );
  }

  main.replaceChildren(
    heading("undelivered.heading"),
    el("p", { class: "hint", text: t("undelivered.lead") }),
    problems,
    done,
    dataTable(
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
    ),
  );
  await load();
}
