// Shared by the customer's and the operator's booking pages: times in the business's time
// zone, status pills, and the day strip (one day's free times at a time).
import { api } from "../api.js";
import { t } from "../i18n.js";
import { el, emptyState, icon, pill, toneOf } from "../ui.js";

export const STATUSES = ["pending", "confirmed", "declined", "cancelled", "no_show"];

export function statusText(booking) {
  return t(`booking.status.${booking.status}`);
}

export function statusPill(booking) {
  return pill(statusText(booking), toneOf(booking.status));
}

const language = () => document.documentElement.lang;

// A moment as the business's clock shows it: every time on these pages is in one zone, the
// business's, and says so (zoneLabel), whatever zone the reader's device is in.
export function inZone(iso, zone, options) {
  return new Intl.DateTimeFormat(language(), { ...options, timeZone: zone }).format(new Date(iso));
}

export function timeOf(iso, zone) {
  return inZone(iso, zone, { hour: "numeric", minute: "2-digit" });
}

export function whenText(iso, zone) {
  return inZone(iso, zone, { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" });
}

export function bookingWhen(booking) {
  return whenText(booking.starts_at, booking.time_zone);
}

// "Times: Eastern European Time (Europe/Helsinki)", the zone's name in the reader's language.
export function zoneLabel(zone) {
  const part = new Intl.DateTimeFormat(language(), { timeZone: zone, timeZoneName: "longGeneric" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName");
  return t("booking.time_zone", { name: part ? part.value : zone, zone });
}

// A calendar date (YYYY-MM-DD) written in the reader's language; a date has no zone.
function dateText(date, options) {
  return new Intl.DateTimeFormat(language(), { ...options, timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

export function longDate(date) {
  return dateText(date, { weekday: "long", day: "numeric", month: "long" });
}

function today(zone) {
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}

function nextDate(date) {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

// Every date from today (in the business's zone) to the last one with a free time: days the
// reply leaves out (closed, fully booked) are in the strip too, said to have no free time.
function stripDates(found) {
  const last = found.days.at(-1).date;
  const dates = [];
  for (let date = today(found.time_zone); date <= last && dates.length < 200; date = nextDate(date)) dates.push(date);
  return dates;
}

// The free times of a Slots reply one day at a time: the zone they are in, a strip of days
// (scrolls sideways on a phone), the chosen day's times as buttons. choose(slot, date) on a
// time; onDay(date) when a day is shown; `selected` the day to show first.
export function dayStrip(found, choose, { selected, onDay } = {}) {
  if (!found.days.length) return emptyState("calendar", "booking.no_slots");
  const byDate = new Map(found.days.map((d) => [d.date, d.slots]));
  const dates = stripDates(found);
  let current = selected && byDate.has(selected) ? selected : found.days[0].date;
  const strip = el("div", { class: "day-strip", role: "group", "aria-label": t("booking.days") });
  const timesHeading = el("h3", { id: `times-${found.service_id}`, class: "times-heading" });
  const times = el("div", { class: "slot-times", role: "group", "aria-labelledby": timesHeading.id });
  const previous = el(
    "button",
    { type: "button", class: "quiet day-step", "aria-label": t("booking.previous_day") },
    icon("previous"),
  );
  const next = el(
    "button",
    { type: "button", class: "quiet day-step", "aria-label": t("booking.next_day") },
    icon("next"),
  );

  const buttons = dates.map((date) => {
    const count = (byDate.get(date) || []).length;
    return el(
      "button",
      {
        type: "button",
        class: count ? "day" : "day day-empty",
        "data-date": date,
        "aria-pressed": "false",
        onclick: () => show(date, true),
      },
      el("span", { class: "weekday", text: dateText(date, { weekday: "short" }) }),
      el("span", { class: "date", text: dateText(date, { day: "numeric", month: "short" }) }),
      el("span", { class: "free", text: count ? t("booking.free_count", { count }) : t("booking.day_none") }),
    );
  });
  strip.append(...buttons);

  function show(date, fromStrip) {
    current = date;
    onDay?.(date);
    const index = dates.indexOf(date);
    for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.date === date));
    buttons[index].scrollIntoView?.({ block: "nearest", inline: "center" });
    previous.disabled = index <= 0;
    next.disabled = index >= dates.length - 1;
    timesHeading.textContent = longDate(date);
    const slots = byDate.get(date) || [];
    if (!slots.length) {
      const later = dates.slice(index + 1).find((d) => byDate.has(d));
      times.replaceChildren(
        el(
          "div",
          { class: "day-none" },
          el("p", { text: t("booking.no_slots_day", { date: longDate(date) }) }),
          later
            ? el("button", {
                type: "button",
                class: "secondary",
                text: t("booking.next_free", { date: longDate(later) }),
                onclick: () => show(later, true),
              })
            : null,
        ),
      );
    } else {
      times.replaceChildren(
        ...slots.map((slot) =>
          el("button", {
            type: "button",
            class: "secondary slot",
            "data-starts": slot.starts_at,
            text: timeOf(slot.starts_at, found.time_zone),
            onclick: () => choose(slot, date),
          }),
        ),
      );
    }
    if (fromStrip) buttons[index].focus();
  }
  previous.addEventListener("click", () => show(dates[Math.max(0, dates.indexOf(current) - 1)], true));
  next.addEventListener("click", () => show(dates[Math.min(dates.length - 1, dates.indexOf(current) + 1)], true));
  const picker = el(
    "div",
    { class: "slot-picker", "data-testid": "slots" },
    el(
      "p",
      { class: "zone-label", "data-testid": "time-zone" },
      icon("clock"),
      el("span", { text: zoneLabel(found.time_zone) }),
    ),
    el("div", { class: "day-strip-row" }, previous, strip, next),
    timesHeading,
    times,
  );
  show(current, false);
  return picker;
}

// The free times at `path` as a day strip (the operator's page moves a booking with it).
export async function slotPicker(path, choose, options) {
  return dayStrip(await api("GET", path), choose, options);
}
