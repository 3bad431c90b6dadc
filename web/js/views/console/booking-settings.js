// Operator console: what customers can book (services) and when (opening hours in the
// business's time zone, closed dates, confirmation, notice period, how far ahead).
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, el, field, heading, showError } from "../../ui.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function spansText(spans) {
  return (spans || []).map((s) => `${s.opens}-${s.closes}`).join(", ");
}

function spansOf(text) {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [opens, closes] = part.split("-").map((x) => x.trim());
      return { opens, closes };
    });
}

export async function render(main) {
  const problems = alertRegion();
  const done = el("p", { role: "status" });
  let policy = await api("GET", "/bookings/operator/bookings/settings");
  const zone = el("input", { type: "text", required: true, value: policy.time_zone });
  const confirm = el("input", { type: "checkbox", id: "booking-confirm", checked: policy.needs_confirmation });
  const notice = el("input", { type: "number", min: "0", max: "336", value: String(policy.notice_hours) });
  const horizon = el("input", { type: "number", min: "1", max: "180", value: String(policy.horizon_days) });
  const hours = Object.fromEntries(
    DAYS.map((d) => [
      d,
      el("input", { type: "text", placeholder: "09:00-12:00, 13:00-17:00", value: spansText(policy.opening_hours[d]) }),
    ]),
  );
  const closed = el("textarea", { rows: "3" });
  closed.value = policy.closed_dates.join("\n");
  const form = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("bookset.when") }),
    field("booking-zone", "bookset.zone", zone),
    el(
      "div",
      { class: "field check" },
      confirm,
      el("label", { for: "booking-confirm", text: t("bookset.needs_confirmation") }),
    ),
    field("booking-notice", "bookset.notice", notice),
    field("booking-horizon", "bookset.horizon", horizon),
    el(
      "fieldset",
      {},
      el("legend", { text: t("bookset.hours") }),
      ...DAYS.map((d) => field(`hours-${d}`, `bookset.day.${d}`, hours[d])),
    ),
    field("booking-closed", "bookset.closed", closed),
    el("button", { type: "submit", text: t("bookset.save") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      policy = await api("PUT", "/bookings/operator/bookings/settings", {
        version: policy.version,
        time_zone: zone.value.trim(),
        needs_confirmation: confirm.checked,
        notice_hours: Number(notice.value),
        horizon_days: Number(horizon.value),
        opening_hours: Object.fromEntries(
          DAYS.map((d) => [d, spansOf(hours[d].value)]).filter(([, spans]) => spans.length),
        ),
        closed_dates: closed.value.split(/\s+/).filter(Boolean),
      });
      done.textContent = t("bookset.saved");
    } catch (error) {
      showError(problems, error);
    }
  });

  const rows = el("tbody");
  async function loadServices() {
    const { items } = await api("GET", "/bookings/operator/services");
    rows.replaceChildren(
      ...items.map((s) =>
        el(
          "tr",
          {},
          el("th", { scope: "row", text: s.name }),
          el("td", { text: t("bookset.minutes", { duration: s.duration_minutes, buffer: s.buffer_minutes }) }),
          el(
            "td",
            {},
            el("button", {
              type: "button",
              class: "secondary",
              text: t(s.active ? "bookset.withdraw" : "bookset.offer", { name: s.name }),
              onclick: async () => {
                await api("PATCH", `/bookings/operator/services/${s.service_id}`, { active: !s.active });
                await loadServices();
              },
            }),
          ),
        ),
      ),
    );
  }
  const name = el("input", { type: "text", required: true, maxlength: "120" });
  const duration = el("input", { type: "number", min: "5", max: "480", step: "5", required: true, value: "60" });
  const buffer = el("input", { type: "number", min: "0", max: "240", step: "5", value: "0" });
  const add = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("bookset.add") }),
    field("service-name", "bookset.service_name", name),
    field("service-duration", "bookset.duration", duration),
    field("service-buffer", "bookset.buffer", buffer),
    el("button", { type: "submit", text: t("bookset.add_button") }),
  );
  add.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("POST", "/bookings/operator/services", {
        name: name.value.trim(),
        duration_minutes: Number(duration.value),
        buffer_minutes: Number(buffer.value),
      });
      name.value = "";
      done.textContent = t("bookset.added");
      await loadServices();
    } catch (error) {
      showError(problems, error);
    }
  });
  main.replaceChildren(
    heading("bookset.heading"),
    problems,
    done,
    form,
    dataTable("bookset.services", ["bookset.service_name", "bookset.duration", "calendar.actions"], rows),
    add,
  );
  await loadServices();
}
