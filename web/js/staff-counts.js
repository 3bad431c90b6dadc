// The console menu's badges beside Tickets, Chats and Inbox (new tickets, chats waiting,
// unread customer messages): one small read of the staff counts, again whenever a page is
// shown and every 30 seconds while one is open, as unread.js does for the customer's badge.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

const EVERY_MS = 30000;
// menu link -> the count beside it and its spoken label
const BADGES = [
  { href: "/console/tickets", count: "new_tickets", label: "console.counts.new_tickets" },
  { href: "/console/chats", count: "waiting_chats", label: "console.counts.waiting_chats" },
  { href: "/console/inbox", count: "unread_messages", label: "console.counts.unread_messages" },
];
let timer = null;

export async function refreshStaffCounts() {
  const shown = BADGES.map((badge) => ({
    ...badge,
    link: document.querySelector(`#nav-list a[href="${badge.href}"]`),
  })).filter((badge) => badge.link);
  if (!shown.length) return;
  let counts;
  try {
    counts = await api("GET", "/tickets/operator/counts");
  } catch {
    return; // signed out meanwhile, or offline: the next refresh tries again
  }
  for (const { link, count, label } of shown) {
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

export function keepStaffCountsFresh(on) {
  clearInterval(timer);
  timer = on ? setInterval(refreshStaffCounts, EVERY_MS) : null;
  if (on) refreshStaffCounts();
}
