// My bookings: book a service at a free time, see what is coming and what is waiting for the
// business, reschedule or cancel until the notice period (and read why not after it), history.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dateTime, el, field, heading, money, showError } from "../ui.js";
import { slotPicker, statusText } from "./bookings-parts.js";

export async function render(main) {
  const problems = alertRegion();
  const done = el("p", { role: "status" });
  const services = (await api("GET", "/bookings/services")).items;
  const line = (s) => {
    const text = t("booking.service_line", { name: s.name, minutes: s.duration_minutes });
    return s.price === null ? text : `${text} · ${money(s.price, s.currency)}`;
  };
  const service = el("select", {}, ...services.map((s) => el("option", { value: s.service_id, text: line(s) })));
  const picker = el("div", {});
  const upcoming = el("ul", { class: "bookings", "data-testid": "upcoming" });
  const past = el("ul", { class: "bookings", "data-testid": "past" });
  let moving = null; // the booking being rescheduled, or null when booking anew

  async function choose(slot, dayText) {
    showError(problems, null);
    try {
      const booking = moving
        ? await api("POST", `/bookings/${moving.booking_id}/reschedule`, { starts_at: slot.starts_at })
        : await api("POST", "/bookings", { service_id: service.value, starts_at: slot.starts_at });
      done.textContent = t(
        booking.status === "pending" ? "booking.requested" : moving ? "booking.moved" : "booking.booked",
        {
          date: dayText,
          time: slot.local_time,
        },
      );
      moving = null;
      await refresh();
    } catch (error) {
      showError(problems, error);
      await showSlots(); // the times still free
    }
  }

  let latestSlots = 0;
  async function showSlots() {
    const serviceId = moving ? moving.service_id : service.value;
    if (!serviceId) return picker.replaceChildren(el("p", { text: t("booking.no_services") }));
    const heading2 = moving
      ? t("booking.choose_new", { service: moving.service_name, when: moving.local_start })
      : t("booking.choose");
    const ticket = ++latestSlots;
    const times = await slotPicker(`/bookings/services/${serviceId}/slots`, choose);
    // A slower earlier load (the page's first, for a new booking) must not replace the times
    // for moving one: the two lists differ by the times the booking itself holds.
    if (ticket !== latestSlots) return;
    picker.replaceChildren(el("h2", { text: heading2 }), times);
  }

  function entry(booking, actions) {
    return el(
      "li",
      { class: "booking", "data-testid": "booking" },
      el("strong", { text: `${booking.local_start} · ${booking.service_name}` }),
      el("span", { class: `status status-${booking.status}`, text: ` ${statusText(booking)}` }),
      booking.reason ? el("p", { class: "hint", text: booking.reason }) : null,
      ...actions,
    );
  }

  function changes(booking) {
    // A cancelled or declined booking still to come is listed with its status, nothing to change.
    if (!["pending", "confirmed"].includes(booking.status)) return [];
    if (!booking.can_change)
      return [el("p", { class: "hint", text: t("booking.too_late", { until: dateTime(booking.change_until) }) })];
    const reschedule = el("button", { type: "button", class: "secondary", text: t("booking.reschedule") });
    const cancel = el("button", { type: "button", class: "secondary", text: t("booking.cancel") });
    reschedule.addEventListener("click", async () => {
      moving = booking;
      await showSlots();
      picker.querySelector("h2").focus?.();
    });
    cancel.addEventListener("click", async () => {
      try {
        await api("POST", `/bookings/${booking.booking_id}/cancel`, {});
        done.textContent = t("booking.cancelled");
        await refresh();
      } catch (error) {
        showError(problems, error);
      }
    });
    return [
      el("p", { class: "hint", text: t("booking.change_until", { until: dateTime(booking.change_until) }) }),
      el("div", { class: "row" }, reschedule, cancel),
    ];
  }

  async function refresh() {
    const [coming, gone] = await Promise.all([
      api("GET", "/bookings?when=upcoming&limit=50"),
      api("GET", "/bookings?when=past&limit=20"),
    ]);
    upcoming.replaceChildren(
      ...(coming.items.length
        ? coming.items.map((b) => entry(b, changes(b)))
        : [el("li", { text: t("booking.none_upcoming") })]),
    );
    past.replaceChildren(
      ...(gone.items.length ? gone.items.map((b) => entry(b, [])) : [el("li", { text: t("booking.none_past") })]),
    );
    await showSlots();
  }

  service.addEventListener("change", () => {
    moving = null;
    showSlots().catch((error) => showError(problems, error));
  });
  main.replaceChildren(
    heading("booking.heading"),
    problems,
    done,
    el(
      "section",
      { class: "card stack", "aria-labelledby": "upcoming-heading" },
      el("h2", { id: "upcoming-heading", text: t("booking.upcoming") }),
      upcoming,
    ),
    el("section", { class: "card stack" }, field("booking-service", "booking.service", service), picker),
    el(
      "section",
      { class: "card stack", "aria-labelledby": "past-heading" },
      el("h2", { id: "past-heading", text: t("booking.past") }),
      past,
    ),
  );
  await refresh();
}
