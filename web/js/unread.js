// The header's unread badge on "Notifications": the count is pushed over the socket (live.js)
// as it changes, and read once whenever a page is shown (the menu is drawn anew) and when the
// socket (re)opens; every 30 seconds only while no socket can be opened.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { liveState, subscribe } from "./live.js";
import { el } from "./ui.js";

const EVERY_MS = 30000;
let following = null;

function badgeLink() {
  return document.querySelector('#nav-list a[href="/notifications"]');
}

function drawUnread(unread) {
  const link = badgeLink();
  if (!link) return;
  link.querySelector(".badge")?.remove();
  if (unread > 0) {
    link.append(
      " ",
      el("span", {
        class: "badge",
        "data-testid": "unread-badge",
        text: String(unread),
        "aria-label": t("notifications.unread", { count: unread }),
      }),
    );
  }
}

export async function refreshUnread() {
  if (!badgeLink()) return;
  let unread;
  try {
    unread = (await api("GET", "/notifications/unread")).unread;
  } catch {
    return; // signed out meanwhile, or offline: the next refresh tries again
  }
  drawUnread(unread);
}

function follow() {
  let timer = null;
  const stops = [
    subscribe("unread", (push) => drawUnread(push.unread)),
    subscribe("resumed", refreshUnread),
    subscribe("state", (state) => {
      clearInterval(timer);
      timer = null;
      if (state !== "unavailable") return;
      timer = setInterval(refreshUnread, EVERY_MS);
      refreshUnread();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    clearInterval(timer);
  };
}

// Called as each page is drawn: the new subscription is made before the old one ends, so the
// socket stays open from page to page (it closes when nothing follows it: signed out).
export function keepUnreadFresh(on) {
  const before = following;
  following = on ? follow() : null;
  if (before) before();
  // While the socket opens, its "resumed" reads; while it is unavailable, the poll just did.
  if (on && liveState() === "open") refreshUnread();
}
