// Operator console: the booking calendar for a day or a week; confirm or decline requests,
// move, cancel, mark a no-show, each said done beside the booking it was done to.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dataTable,
  el,
  emptyState,
  field,
  heading,
  onSubmit,
  showError,
  showResult,
} from "../../ui.js";
import { bookingWhen, slotPicker, statusPill, zoneLabel } from "../bookings-parts.js";

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export async function render(main) {
  const problems = alertRegion();
  const from = el("input", { type: "date", name: "from", required: true, value: isoDay(new Date()) });
  const span = el(
    "select",
    { name: "days" },
    el("option", { value: "1", text: t("calendar.day") }),
    el("option", { value: "7", text: t("calendar.week") }),
  );
  const rows = el("tbody");
  const zone = el("p", { class: "zone-label" });
  const empty = el("div", {});
  const mover = el("section", { class: "mover", "aria-live": "polite" });
  const table = dataTable(
    "calendar.heading",
    ["calendar.when", "support.customer", "calendar.service", "calendar.status", "calendar.actions"],
    rows,
  );

  // One booking's change: the row drawn again from the reply, the result said in its cell.
  async function act(row, control, path, body, message) {
    const slot = row.querySelector(".row-result");
    showError(slot, null);
    try {
      redraw(row, await busy(control, () => api("POST", path, body)), message);
    } catch (error) {
      slot.replaceChildren(alertRegion());
      showError(slot.firstElementChild, error);
    }
  }

  function redraw(row, booking, message) {
    const fresh = bookingRow(booking);
    row.replaceWith(fresh);
    showResult(fresh.querySelector(".row-result"), "success", t(message, { name: booking.customer_name }));
  }

  function declineForm(row, booking) {
    const reason = el("input", { type: "text", required: true, maxlength: "500" });
    const region = alertRegion();
    const form = el(
      "form",
      { class: "decline stack" },
      field(`decline-${booking.booking_id}`, "calendar.reason", reason),
      region,
      button("calendar.decline", { kind: "secondary", type: "submit", values: { name: booking.customer_name } }),
    );
    reason.name = "reason";
    onSubmit(
      form,
      region,
      () => api("POST", `/bookings/operator/bookings/${booking.booking_id}/decline`, { reason: reason.value.trim() }),
      (declined) => redraw(row, declined, "calendar.declined"),
    );
    return form;
  }

  function actions(row, booking) {
    const id = booking.booking_id;
    const name = booking.customer_name;
    const cell = [];
    const make = (key, kind, work) => {
      const control = button(key, { kind, values: { name } });
      control.addEventListener("click", () => work(control));
      cell.push(control);
    };
    if (booking.status === "pending") {
      make("calendar.confirm", "primary", (c) =>
        act(row, c, `/bookings/operator/bookings/${id}/confirm`, undefined, "calendar.confirmed"),
      );
    }
    if (booking.status === "pending" || booking.status === "confirmed") {
      make("calendar.reschedule", "secondary", (c) => move(booking, c));
      make("calendar.cancel", "danger", async (c) => {
        const sure = await confirmAction("calendar.cancel_confirm", {
          values: { name, when: bookingWhen(booking) },
          confirmKey: "booking.cancel_yes",
          cancelKey: "booking.cancel_no",
        });
        if (sure) await act(row, c, `/bookings/operator/bookings/${id}/cancel`, {}, "calendar.cancelled");
        else c.focus();
      });
    }
    if (booking.status === "confirmed" && new Date(booking.starts_at) <= new Date()) {
      make("calendar.no_show", "secondary", (c) =>
        act(row, c, `/bookings/operator/bookings/${id}/no-show`, undefined, "calendar.marked"),
      );
    }
    const parts = [el("div", { class: "actions" }, ...cell)];
    if (booking.status === "pending") parts.push(declineForm(row, booking));
    parts.push(el("div", { class: "row-result" }));
    return parts;
  }

  function bookingRow(booking) {
    const row = el("tr", { "data-testid": "calendar-booking", "data-booking": booking.booking_id });
    row.append(
      el("th", { scope: "row", class: "booking-when", text: bookingWhen(booking) }),
      el("td", { text: booking.customer_name }),
      el("td", { text: booking.service_name }),
      el("td", {}, statusPill(booking)),
      el("td", {}, ...actions(row, booking)),
    );
    return row;
  }

  async function move(booking, control) {
    const picker = await busy(control, () =>
      slotPicker(`/bookings/operator/services/${booking.service_id}/slots?except=${booking.booking_id}`, (slot) =>
        moveTo(booking, slot),
      ),
    );
    const title = el("h2", {
      tabindex: "-1",
      text: t("calendar.move", { name: booking.customer_name, when: bookingWhen(booking) }),
    });
    mover.replaceChildren(
      el(
        "div",
        { class: "card stack" },
        title,
        picker,
        button("booking.keep_time", { kind: "quiet", onclick: () => mover.replaceChildren() }),
      ),
    );
    title.focus();
  }

  async function moveTo(booking, slot) {
    showError(problems, null);
    try {
      const moved = await api("POST", `/bookings/operator/bookings/${booking.booking_id}/reschedule`, {
        starts_at: slot.starts_at,
      });
      await load();
      showResult(mover, "success", t("calendar.moved_to", { name: moved.customer_name, when: bookingWhen(moved) }));
    } catch (error) {
      mover.replaceChildren(alertRegion());
      showError(mover.firstElementChild, error);
    }
  }

  async function load() {
    if (!from.checkValidity()) return;
    const calendar = await api("GET", `/bookings/operator/bookings?from=${from.value}&days=${span.value}`);
    zone.textContent = zoneLabel(calendar.time_zone);
    rows.replaceChildren(...calendar.items.map((b) => bookingRow(b)));
    table.hidden = !calendar.items.length;
    empty.replaceChildren(...(calendar.items.length ? [] : [emptyState("calendar", "calendar.empty")]));
  }

  for (const control of [from, span])
    control.addEventListener("change", () => load().catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("calendar.heading"),
    el("p", {}, el("a", { href: "/console/booking-settings", text: t("calendar.settings") })),
    problems,
    el(
      "div",
      { class: "row calendar-filters" },
      field("calendar-from", "calendar.from", from),
      field("calendar-span", "calendar.span", span),
    ),
    zone,
    table,
    empty,
    mover,
  );
  await load();
}
