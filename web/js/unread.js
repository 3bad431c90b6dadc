// The header's unread badge on "Notifications": one small read of the customer's summary,
// again whenever a page is shown and every 30 seconds while one is open.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

const EVERY_MS = 30000;
let timer = null;

export async function refreshUnread() {
  const link = document.querySelector('#nav-list a[href="/notifications"]');
  if (!link) return;
  let unread;
  try {
    unread = (await api("GET", "/notifications/unread")).unread;
  } catch {
    return; // signed out meanwhile, or offline: the next refresh tries again
  }
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

export function keepUnreadFresh(on) {
  clearInterval(timer);
  timer = on ? setInterval(refreshUnread, EVERY_MS) : null;
  if (on) refreshUnread();
}
