// My notifications, newest first, paged; mark one or all read; choose channels per category.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, dateTime, el, heading, showError } from "../ui.js";
import { refreshUnread } from "../unread.js";

const CATEGORIES = ["orders", "billing", "documents", "support", "bookings", "reminders"];
const CHANNELS = ["in_app", "email", "sms"];

function entry(notification, onRead) {
  const read = el("button", {
    type: "button",
    class: "secondary",
    text: t("notifications.mark_read"),
    hidden: notification.read,
  });
  const item = el(
    "li",
    { class: notification.read ? "notification" : "notification unread", "data-testid": "notification" },
    el(
      "h2",
      {},
      notification.link ? el("a", { href: notification.link, text: notification.title }) : notification.title,
    ),
    el("p", { text: notification.body }),
    el(
      "p",
      { class: "hint" },
      el("time", { datetime: notification.created_at, text: dateTime(notification.created_at) }),
    ),
    read,
  );
  read.addEventListener("click", async () => {
    await onRead(notification.notification_id);
    item.classList.remove("unread");
    read.hidden = true;
  });
  return item;
}

async function preferencesForm(problems) {
  const { channels } = await api("GET", "/notifications/preferences");
  const saved = el("p", { role: "status", class: "hint" });
  const rows = CATEGORIES.map((category) =>
    el(
      "tr",
      {},
      el("th", { scope: "row", text: t(`notifications.category.${category}`) }),
      ...CHANNELS.map((channel) =>
        el(
          "td",
          {},
          el("input", {
            type: "checkbox",
            name: `${category}:${channel}`,
            checked: channels[category].includes(channel),
            "aria-label": `${t(`notifications.category.${category}`)}: ${t(`notifications.channel.${channel}`)}`,
          }),
        ),
      ),
    ),
  );
  const form = el(
    "form",
    { class: "card stack", "aria-labelledby": "preferences-heading" },
    el("h2", { id: "preferences-heading", text: t("notifications.preferences") }),
    el("p", { class: "hint", text: t("notifications.always") }),
    el(
      "table",
      {},
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col", text: t("notifications.category") }),
          ...CHANNELS.map((c) => el("th", { scope: "col", text: t(`notifications.channel.${c}`) })),
        ),
      ),
      el("tbody", {}, ...rows),
    ),
    el("button", { type: "submit", text: t("notifications.save") }),
    saved,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      CATEGORIES.map((category) => [
        category,
        CHANNELS.filter((channel) => form.elements[`${category}:${channel}`].checked),
      ]),
    );
    try {
      await api("PUT", "/notifications/preferences", chosen);
      saved.textContent = t("notifications.saved");
    } catch (error) {
      showError(problems, error);
    }
  });
  return form;
}

export async function render(main) {
  const problems = alertRegion();
  const list = el("ol", { class: "notifications", "data-testid": "notifications" });
  const summary = el("p", { role: "status" });
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  const allRead = el("button", { type: "button", text: t("notifications.mark_all_read") });
  let cursor = null;

  function count(unread) {
    summary.textContent = t("notifications.unread", { count: unread });
    allRead.disabled = unread === 0;
  }

  async function markRead(id) {
    await api("POST", `/notifications/${encodeURIComponent(id)}/read`);
    count((await api("GET", "/notifications/unread")).unread);
    await refreshUnread();
  }

  async function load(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (!reset && cursor) query.set("cursor", cursor);
    const page = await api("GET", `/notifications?${query}`);
    if (reset) list.replaceChildren();
    list.append(...page.items.map((n) => entry(n, (id) => markRead(id).catch((error) => showError(problems, error)))));
    if (!list.children.length) list.append(el("li", { text: t("notifications.none") }));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    count(page.unread);
  }

  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  allRead.addEventListener("click", async () => {
    try {
      await api("POST", "/notifications/read-all");
      await load(true);
      await refreshUnread();
    } catch (error) {
      showError(problems, error);
    }
  });
  main.replaceChildren(
    heading("notifications.heading"),
    problems,
    el("div", { class: "row" }, summary, allRead),
    list,
    more,
  );
  await load(true);
  main.append(await preferencesForm(problems));
}
