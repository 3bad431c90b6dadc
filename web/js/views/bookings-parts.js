// Shared by the customer's and the operator's booking pages: free times by day, as buttons.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { day, el } from "../ui.js";

export const STATUSES = ["pending", "confirmed", "declined", "cancelled", "no_show"];

export function statusText(booking) {
  return t(`booking.status.${booking.status}`);
}

// Buttons for the free times of `path` (a Slots reply); `choose(slot, dayText)` on a click.
export async function slotPicker(path, choose) {
  const found = await api("GET", path);
  if (!found.days.length) return el("p", { text: t("booking.no_slots") });
  return el(
    "div",
    { class: "slot-days", "data-testid": "slots" },
    el("p", { class: "hint", text: t("booking.time_zone", { zone: found.time_zone }) }),
    ...found.days.map((slotDay) =>
      el(
        "section",
        { class: "slot-day", "aria-label": day(slotDay.date) },
        el("h3", { text: day(slotDay.date) }),
        el(
          "div",
          { class: "slot-times" },
          ...slotDay.slots.map((slot) =>
            el("button", {
              type: "button",
              class: "secondary slot",
              text: slot.local_time,
              "aria-label": t("booking.slot", { date: day(slotDay.date), time: slot.local_time }),
              onclick: () => choose(slot, day(slotDay.date)),
            }),
          ),
        ),
      ),
    ),
  );
}
