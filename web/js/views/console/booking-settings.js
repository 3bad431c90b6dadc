// Operator console: what customers can book (services) and when (opening hours in the
// business's time zone, closed dates, confirmation, notice period, how far ahead). Each
// field is checked before sending; a refusal is said beside the field it is about.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  dataTable,
  el,
  field,
  heading,
  onSubmit,
  pill,
  showError,
  showResult,
} from "../../ui.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MAX_SPANS = 4; // functions/bookings/schemas.py
const SPAN = /^([01]\d|2[0-3]):[0-5]\d$/;

function spansText(spans) {
  return (spans || []).map((s) => `${s.opens}-${s.closes}`).join(", ");
}

// "09:00-12:00, 13:00-17:00" -> the spans, or the reason it cannot be read (as the API says it).
function spansOf(text) {
  const spans = [];
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [opens, closes, extra] = part.split("-").map((x) => x.trim());
    if (extra !== undefined || !SPAN.test(opens || "") || !SPAN.test(closes || "")) return { reason: "wrong_format" };
    if (closes <= opens) return { reason: "ends_before_start" };
    spans.push({ opens, closes });
  }
  if (spans.length > MAX_SPANS) return { reason: "too_many", limit: MAX_SPANS };
  const ordered = [...spans].sort((a, b) => a.opens.localeCompare(b.opens));
  if (ordered.some((s, i) => i && ordered[i - 1].closes > s.opens)) return { reason: "overlapping" };
  return { spans };
}

function isDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

// A refusal of "opening_hours.mon.0.closes" or "closed_dates.3" is said beside the control
// named by the longest part of that path the form has ("opening_hours.mon", "closed_dates").
function nearestFields(form, error) {
  if (!Array.isArray(error?.details)) return error;
  const details = error.details.map((detail) => {
    const parts = String(detail.field || "").split(".");
    for (let n = parts.length; n > 0; n -= 1) {
      const name = parts.slice(0, n).join(".");
      if (form.querySelector(`[name="${CSS.escape(name)}"]`)) return { ...detail, field: name };
    }
    return detail;
  });
  error.details = details;
  return error;
}

function policyForm(policy) {
  let current = policy;
  const zone = el("input", {
    type: "text",
    name: "time_zone",
    required: true,
    maxlength: "64",
    pattern: "[A-Za-z][A-Za-z0-9_+/\\-]*",
    autocomplete: "off",
    value: policy.time_zone,
  });
  const confirm = el("input", {
    type: "checkbox",
    id: "booking-confirm",
    name: "needs_confirmation",
    checked: policy.needs_confirmation,
  });
  const notice = el("input", {
    type: "number",
    name: "notice_hours",
    required: true,
    min: "0",
    max: "336",
    step: "1",
    inputmode: "numeric",
    value: String(policy.notice_hours),
  });
  const horizon = el("input", {
    type: "number",
    name: "horizon_days",
    required: true,
    min: "1",
    max: "180",
    step: "1",
    inputmode: "numeric",
    value: String(policy.horizon_days),
  });
  const hours = Object.fromEntries(
    DAYS.map((d) => [
      d,
      el("input", {
        type: "text",
        name: `opening_hours.${d}`,
        placeholder: "09:00-12:00, 13:00-17:00",
        value: spansText(policy.opening_hours[d]),
      }),
    ]),
  );
  const closed = el("textarea", { rows: "3", name: "closed_dates" });
  closed.value = policy.closed_dates.join("\n");
  const region = alertRegion();
  const result = el("div", { class: "result-slot" });
  const form = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("bookset.when") }),
    field("booking-zone", "bookset.zone", zone, "bookset.zone_hint"),
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
      { class: "stack" },
      el("legend", { text: t("bookset.hours") }),
      el("p", { class: "hint", text: t("bookset.hours_hint") }),
      ...DAYS.map((d) => field(`hours-${d}`, `bookset.day.${d}`, hours[d])),
    ),
    field("booking-closed", "bookset.closed", closed),
    region,
    button("bookset.save", { kind: "primary", type: "submit" }),
    result,
  );

  // What the browser cannot check itself: the spans of each day and the closed dates, said
  // as the API would refuse them, so they are shown the same way, beside their fields.
  function body() {
    const opening = {};
    const details = [];
    for (const d of DAYS) {
      const read = spansOf(hours[d].value);
      if (read.reason) details.push({ field: `opening_hours.${d}`, reason: read.reason, limit: read.limit });
      else if (read.spans.length) opening[d] = read.spans;
    }
    const dates = closed.value.split(/[\s,]+/).filter(Boolean);
    if (dates.some((d) => !isDay(d))) details.push({ field: "closed_dates", reason: "not_a_date" });
    if (details.length) throw { code: "invalid_fields", details };
    return {
      version: current.version,
      time_zone: zone.value.trim(),
      needs_confirmation: confirm.checked,
      notice_hours: Number(notice.value),
      horizon_days: Number(horizon.value),
      opening_hours: opening,
      closed_dates: dates,
    };
  }

  onSubmit(
    form,
    region,
    async () => {
      result.replaceChildren();
      const change = body();
      try {
        return await api("PUT", "/bookings/operator/bookings/settings", change);
      } catch (error) {
        throw nearestFields(form, error);
      }
    },
    (saved) => {
      current = saved;
      showResult(result, "success", t("bookset.saved"));
    },
  );
  return form;
}

function serviceRow(service, reload) {
  const slot = el("div", { class: "row-result" });
  const toggle = button(service.active ? "bookset.withdraw" : "bookset.offer", { values: { name: service.name } });
  toggle.addEventListener("click", async () => {
    try {
      const changed = await busy(toggle, () =>
        api("PATCH", `/bookings/operator/services/${service.service_id}`, { active: !service.active }),
      );
      const row = await reload(changed.service_id);
      showResult(
        row.querySelector(".row-result"),
        "success",
        t(changed.active ? "bookset.offered" : "bookset.withdrawn", { name: changed.name }),
      );
    } catch (error) {
      slot.replaceChildren(alertRegion());
      showError(slot.firstElementChild, error);
    }
  });
  return el(
    "tr",
    { "data-service": service.service_id },
    el("th", { scope: "row", text: service.name }),
    el("td", { text: t("bookset.minutes", { duration: service.duration_minutes, buffer: service.buffer_minutes }) }),
    el(
      "td",
      {},
      pill(t(service.active ? "bookset.active" : "bookset.inactive"), service.active ? "success" : "neutral"),
    ),
    el("td", {}, toggle, slot),
  );
}

function serviceForm(reload) {
  const name = el("input", { type: "text", name: "name", required: true, maxlength: "120" });
  const duration = el("input", {
    type: "number",
    name: "duration_minutes",
    min: "5",
    max: "480",
    step: "5",
    required: true,
    value: "60",
  });
  const buffer = el("input", { type: "number", name: "buffer_minutes", min: "0", max: "240", step: "5", value: "0" });
  const region = alertRegion();
  const result = el("div", { class: "result-slot" });
  const form = el(
    "form",
    { class: "card stack" },
    el("h2", { text: t("bookset.add") }),
    field("service-name", "bookset.service_name", name),
    field("service-duration", "bookset.duration", duration),
    field("service-buffer", "bookset.buffer", buffer),
    region,
    button("bookset.add_button", { kind: "primary", type: "submit", icon: "plus" }),
    result,
  );
  onSubmit(
    form,
    region,
    () => {
      result.replaceChildren();
      return api("POST", "/bookings/operator/services", {
        name: name.value.trim(),
        duration_minutes: Number(duration.value),
        buffer_minutes: Number(buffer.value || 0),
      });
    },
    async (added) => {
      form.reset();
      await reload();
      showResult(result, "success", t("bookset.added_named", { name: added.name }));
    },
  );
  return form;
}

export async function render(main) {
  const policy = await api("GET", "/bookings/operator/bookings/settings");
  const rows = el("tbody");
  // Draws the services again; the row of `serviceId` (just changed) is returned.
  async function loadServices(serviceId) {
    const { items } = await api("GET", "/bookings/operator/services");
    rows.replaceChildren(...items.map((s) => serviceRow(s, loadServices)));
    return serviceId ? rows.querySelector(`[data-service="${CSS.escape(serviceId)}"]`) : null;
  }
  main.replaceChildren(
    heading("bookset.heading"),
    el("p", {}, el("a", { href: "/console/bookings", text: t("bookset.back") })),
    policyForm(policy),
    el(
      "section",
      { class: "stack", "aria-labelledby": "services-heading" },
      el("h2", { id: "services-heading", text: t("bookset.services") }),
      dataTable(
        "bookset.services",
        ["bookset.service_name", "bookset.duration", "bookset.status", "calendar.actions"],
        rows,
      ),
    ),
    serviceForm(loadServices),
  );
  await loadServices();
}
