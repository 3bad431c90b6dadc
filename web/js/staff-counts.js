// The console menu's badges beside Tickets, Chats and Inbox (new tickets, chats waiting,
// unread customer messages), as unread.js does for the customer's badge: pushed over the
// socket as they change, read once whenever a page is shown and when the socket (re)opens,
// and every 30 seconds only while no socket can be opened.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { liveState, subscribe } from "./live.js";
import { el } from "./ui.js";

const EVERY_MS = 30000;
// menu link -> the count beside it and its spoken label
const BADGES = [
  { href: "/console/tickets", count: "new_tickets", label: "console.counts.new_tickets" },
  { href: "/console/chats", count: "waiting_chats", label: "console.counts.waiting_chats" },
  { href: "/console/inbox", count: "unread_messages", label: "console.counts.unread_messages" },
];
let following = null;

function shownBadges() {
  return BADGES.map((badge) => ({
    ...badge,
    link: document.querySelector(`#nav-list a[href="${badge.href}"]`),
  })).filter((badge) => badge.link);
}

function drawCounts(counts) {
  for (const { link, count, label } of shownBadges()) {
    link.querySelector(".badge")?.remove();
    const value = counts[count];
    if (value > 0) {
      link.append(
        " ",
        el("span", {
          class: "badge",
          "data-testid": `staff-count-${count}`,
          text: String(value),
          "aria-label": t(label, { count: value }),
        }),
      );
    }
  }
}

export async function refreshStaffCounts() {
  if (!shownBadges().length) return;
  let counts;
  try {
    counts = await api("GET", "/tickets/operator/counts");
  } catch {
    return; // signed out meanwhile, or offline: the next refresh tries again
  }
  drawCounts(counts);
}

function follow() {
  let timer = null;
  const stops = [
    subscribe("counts", (push) => drawCounts(push.counts)),
    subscribe("resumed", refreshStaffCounts),
    subscribe("state", (state) => {
      clearInterval(timer);
      timer = null;
      if (state !== "unavailable") return;
      timer = setInterval(refreshStaffCounts, EVERY_MS);
      refreshStaffCounts();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    clearInterval(timer);
  };
}

// Called as each page is drawn: the new subscription is made before the old one ends, so the
// socket stays open from page to page (it closes when nothing follows it: signed out).
export function keepStaffCountsFresh(on) {
  const before = following;
  following = on ? follow() : null;
  if (before) before();
  // While the socket opens, its "resumed" reads; while it is unavailable, the poll just did.
  if (on && liveState() === "open") refreshStaffCounts();
}
