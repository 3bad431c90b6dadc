// Operator console: the booking calendar for a day or a week; confirm or decline requests,
// move, cancel, mark a no-show.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, el, field, heading, showError } from "../../ui.js";
import { slotPicker, statusText } from "../bookings-parts.js";

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export async function render(main) {
  const problems = alertRegion();
  const done = el("p", { role: "status" });
  const from = el("input", { type: "date", value: isoDay(new Date()) });
  const span = el(
    "select",
    {},
    el("option", { value: "1", text: t("calendar.day") }),
    el("option", { value: "7", text: t("calendar.week") }),
  );
  const rows = el("tbody");
  const mover = el("div", {});

  async function act(path, body, message) {
    showError(problems, null);
    try {
      await api("POST", path, body);
      done.textContent = t(message);
      mover.replaceChildren();
      await load();
    } catch (error) {
      showError(problems, error);
    }
  }

  function actions(booking) {
    const id = booking.booking_id;
    const buttons = [];
    const button = (label, onclick) =>
      buttons.push(
        el("button", { type: "button", class: "secondary", text: t(label, { name: booking.customer_name }), onclick }),
      );
    if (booking.status === "pending") {
      button("calendar.confirm", () =>
        act(`/bookings/operator/bookings/${id}/confirm`, undefined, "calendar.confirmed"),
      );
      const reason = el("input", {
        type: "text",
        maxlength: "500",
        "aria-label": t("calendar.reason_for", { name: booking.customer_name }),
      });
      buttons.push(reason);
      button("calendar.decline", () =>
        act(`/bookings/operator/bookings/${id}/decline`, { reason: reason.value.trim() }, "calendar.declined"),
      );
    }
    if (booking.status === "pending" || booking.status === "confirmed") {
      button("calendar.reschedule", async () => {
        mover.replaceChildren(
          el("h2", { text: t("calendar.move", { name: booking.customer_name, when: booking.local_start }) }),
          await slotPicker(`/bookings/operator/services/${booking.service_id}/slots?except=${id}`, (slot) =>
            act(`/bookings/operator/bookings/${id}/reschedule`, { starts_at: slot.starts_at }, "calendar.moved"),
          ),
        );
      });
      button("calendar.cancel", () => act(`/bookings/operator/bookings/${id}/cancel`, {}, "calendar.cancelled"));
    }
    if (booking.status === "confirmed" && new Date(booking.starts_at) <= new Date()) {
      button("calendar.no_show", () => act(`/bookings/operator/bookings/${id}/no-show`, undefined, "calendar.marked"));
    }
    return el("div", { class: "row" }, ...buttons);
  }

  async function load() {
    const calendar = await api("GET", `/bookings/operator/bookings?from=${from.value}&days=${span.value}`);
    rows.replaceChildren(
      ...(calendar.items.length
        ? calendar.items.map((b) =>
            el(
              "tr",
              { "data-testid": "calendar-booking" },
              el("th", { scope: "row", text: b.local_start }),
              el("td", { text: b.customer_name }),
              el("td", { text: b.service_name }),
              el("td", { text: statusText(b) }),
              el("td", {}, actions(b)),
            ),
          )
        : [el("tr", {}, el("td", { colspan: "5", text: t("calendar.empty") }))]),
    );
  }

  for (const control of [from, span])
    control.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("calendar.heading"),
    el("p", {}, el("a", { href: "/console/booking-settings", text: t("calendar.settings") })),
    problems,
    done,
    el(
      "div",
      { class: "row" },
      field("calendar-from", "calendar.from", from),
      field("calendar-span", "calendar.span", span),
    ),
    dataTable(
      "calendar.heading",
      ["calendar.when", "support.customer", "calendar.service", "calendar.status", "calendar.actions"],
      rows,
    ),
    mover,
  );
  await load();
}
