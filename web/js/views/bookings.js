// My bookings: book a service at a free time (one day at a time, in the business's time
// zone), see what is coming and what is waiting for the business, reschedule or cancel until
// the notice period (and read why not after it), history. A role that reads bookings but may
// not make them (a viewer) sees what is coming and what was, nothing to book or change.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  el,
  emptyState,
  heading,
  money,
  showError,
  showResult,
} from "../ui.js";
import { bookingWhen, dayStrip, statusPill, whenText } from "./bookings-parts.js";

const HOUR = 3600 * 1000;

function serviceLine(service) {
  const text = t("booking.service_line", { name: service.name, minutes: service.duration_minutes });
  return service.price === null ? text : `${text} · ${money(service.price, service.currency)}`;
}

export async function render(main) {
  const mayBook = mayChange("buying");
  const problems = alertRegion();
  const services = (await api("GET", "/bookings/services")).items;
  // The services as choices, each whole on a phone (a select would cut the longer ones off).
  const serviceField = el(
    "fieldset",
    { class: "service-choices" },
    el("legend", { text: t("booking.service") }),
    ...services.map((s, index) =>
      el(
        "label",
        { class: "choice service-choice" },
        el("input", { type: "radio", name: "service_id", value: s.service_id, checked: index === 0 }),
        el("span", { text: serviceLine(s) }),
      ),
    ),
  );
  const service = {
    get value() {
      return serviceField.querySelector("input:checked")?.value || "";
    },
  };
  const listResult = el("div", { class: "result-slot" });
  const upcoming = el("div", { class: "booking-list", "data-testid": "upcoming" });
  const past = el("div", { class: "booking-list", "data-testid": "past" });
  const bookHeading = el("h2", { id: "book-heading", tabindex: "-1", text: t("booking.choose") });
  const moveNote = el("div", {});
  const picker = el("div", {});
  const panel = el("div", { class: "booking-panel", "data-testid": "booking-panel" });
  let moving = null; // the booking being rescheduled, or null when booking anew

  function changes(booking) {
    // A cancelled or declined booking still to come is listed with its status, nothing to change.
    if (!["pending", "confirmed"].includes(booking.status)) return [];
    if (!mayBook) return [];
    const until = whenText(booking.change_until, booking.time_zone);
    if (!booking.can_change) return [el("p", { class: "hint", text: t("booking.too_late", { until }) })];
    const reschedule = button("booking.reschedule", { icon: "calendar" });
    const cancel = button("booking.cancel", { kind: "danger" });
    reschedule.addEventListener("click", () => startMove(booking));
    cancel.addEventListener("click", () => cancelBooking(booking, cancel));
    return [
      el("p", { class: "hint", text: t("booking.change_until", { until }) }),
      el("div", { class: "actions booking-actions" }, reschedule, cancel),
    ];
  }

  function card(booking, actions) {
    return el(
      "article",
      { class: "card booking", "data-testid": "booking", "data-booking": booking.booking_id },
      el("div", { class: "booking-head" }, el("h3", { text: booking.service_name }), statusPill(booking)),
      el("p", { class: "booking-when", text: bookingWhen(booking) }),
      booking.reason ? el("p", { class: "hint", text: t("booking.reason", { reason: booking.reason }) }) : null,
      ...actions,
    );
  }

  async function cancelBooking(booking, control) {
    const sure = await confirmCancel(booking);
    if (!sure) return control.focus();
    listResult.replaceChildren();
    try {
      await busy(control, () => api("POST", `/bookings/${booking.booking_id}/cancel`, {}));
      if (moving?.booking_id === booking.booking_id) stopMove();
      await refresh();
      showResult(
        listResult,
        "info",
        t("booking.cancelled", { service: booking.service_name, when: bookingWhen(booking) }),
      );
    } catch (error) {
      const region = alertRegion();
      listResult.replaceChildren(region);
      showError(region, error);
    }
  }

  function confirmCancel(booking) {
    return confirmAction("booking.cancel_confirm", {
      confirmKey: "booking.cancel_yes",
      cancelKey: "booking.cancel_no",
      values: { service: booking.service_name, when: bookingWhen(booking) },
    });
  }

  function startMove(booking) {
    moving = booking;
    shownDate = null;
    panel.replaceChildren();
    moveNote.replaceChildren(
      el(
        "div",
        { class: "move-note" },
        el("p", { text: t("booking.moving", { service: booking.service_name, when: bookingWhen(booking) }) }),
        button("booking.keep_time", { kind: "quiet", onclick: () => stopMove(true) }),
      ),
    );
    bookHeading.textContent = t("booking.choose_new", { service: booking.service_name });
    serviceField.hidden = true;
    showSlots().then(
      () => bookHeading.focus(),
      (error) => showError(problems, error),
    );
  }

  function stopMove(redraw) {
    moving = null;
    moveNote.replaceChildren();
    bookHeading.textContent = t("booking.choose");
    serviceField.hidden = false;
    if (redraw)
      showSlots().then(
        () => bookHeading.focus(),
        (error) => showError(problems, error),
      );
  }

  // What is about to be booked, said before it is: the service, day and time in the business's
  // zone, and, inside the notice period, that it cannot be changed or cancelled online after.
  function review(slot, found) {
    const chosen = moving || services.find((s) => s.service_id === service.value);
    const name = moving ? moving.service_name : chosen.name;
    // The free times say the business's notice period (`notice_hours`).
    const hours = found.notice_hours;
    const inside = new Date(slot.starts_at) - Date.now() < hours * HOUR;
    const go = button(moving ? "booking.move_here" : "booking.book_this", { kind: "primary", icon: "check" });
    const other = button("booking.other_time", { kind: "quiet" });
    const title = el("h3", { tabindex: "-1", text: t(moving ? "booking.review_move" : "booking.review") });
    panel.replaceChildren(
      el(
        "div",
        { class: "card review", "data-testid": "review" },
        title,
        el("p", { class: "review-what", text: name }),
        el("p", { class: "review-when", text: whenText(slot.starts_at, found.time_zone) }),
        inside
          ? el("p", {
              class: "notice-warning",
              "data-testid": "notice-warning",
              text: t("booking.inside_notice", { count: hours }),
            })
          : null,
        el("div", { class: "actions" }, go, other),
      ),
    );
    other.addEventListener("click", () => {
      panel.replaceChildren();
      picker.querySelector(`[data-starts="${slot.starts_at}"]`)?.focus();
    });
    go.addEventListener("click", () => book(slot, found, go));
    title.focus();
    title.scrollIntoView?.({ block: "nearest" });
  }

  async function book(slot, found, control) {
    showError(problems, null);
    const wasMoving = moving;
    try {
      const booking = await busy(control, () =>
        wasMoving
          ? api("POST", `/bookings/${wasMoving.booking_id}/reschedule`, { starts_at: slot.starts_at })
          : api("POST", "/bookings", { service_id: service.value, starts_at: slot.starts_at }),
      );
      if (wasMoving) stopMove(false);
      await refresh();
      const key = booking.status === "pending" ? "booking.requested" : wasMoving ? "booking.moved" : "booking.booked";
      showResult(
        panel,
        booking.status === "pending" ? "info" : "success",
        t(key, { service: booking.service_name, when: bookingWhen(booking) }),
        el("p", {}, statusPill(booking)),
        el("p", {
          class: "hint",
          text: booking.can_change
            ? t("booking.change_until", { until: whenText(booking.change_until, booking.time_zone) })
            : t("booking.no_changes"),
        }),
      );
    } catch (error) {
      // Said where the person is looking (taken meanwhile, inside the notice): with the times
      // still free drawn again above it.
      const region = alertRegion();
      panel.replaceChildren(region);
      showError(region, error);
      await showSlots();
    }
  }

  let latestSlots = 0;
  let shownDate = null; // the day the strip shows, kept when the times are drawn again
  async function showSlots() {
    const serviceId = moving ? moving.service_id : service.value;
    if (!serviceId) return picker.replaceChildren(emptyState("calendar", "booking.no_services"));
    const ticket = ++latestSlots;
    // Moving a booking: its own time is not offered as free, so the two lists differ.
    const found = await api("GET", `/bookings/services/${serviceId}/slots`);
    // A slower earlier load must not replace the times of a later one.
    if (ticket !== latestSlots) return;
    const onDay = (date) => (shownDate = date);
    picker.replaceChildren(dayStrip(found, (slot) => review(slot, found), { selected: shownDate, onDay }));
  }

  async function refresh() {
    const [coming, gone] = await Promise.all([
      api("GET", "/bookings?when=upcoming&limit=50"),
      api("GET", "/bookings?when=past&limit=20"),
    ]);
    upcoming.replaceChildren(
      ...(coming.items.length
        ? coming.items.map((b) => card(b, changes(b)))
        : [emptyState("calendar", mayBook ? "booking.none_upcoming_next" : "booking.none_upcoming")]),
    );
    past.replaceChildren(
      ...(gone.items.length
        ? gone.items.map((b) => card(b, []))
        : [el("p", { class: "hint", text: t("booking.none_past") })]),
    );
    if (mayBook) await showSlots();
  }

  serviceField.addEventListener("change", () => {
    panel.replaceChildren();
    showSlots().catch((error) => showError(problems, error));
  });
  main.replaceChildren(
    heading("booking.heading"),
    problems,
    el(
      "section",
      { class: "stack", "aria-labelledby": "upcoming-heading" },
      el("h2", { id: "upcoming-heading", text: t("booking.upcoming") }),
      listResult,
      upcoming,
    ),
    mayBook
      ? el(
          "section",
          { class: "card stack book", "aria-labelledby": "book-heading" },
          bookHeading,
          moveNote,
          services.length > 1 ? serviceField : null,
          picker,
          panel,
        )
      : readOnlyNote("buying"),
    el(
      "section",
      { class: "stack", "aria-labelledby": "past-heading" },
      el("h2", { id: "past-heading", text: t("booking.past") }),
      past,
    ),
  );
  await refresh();
}
