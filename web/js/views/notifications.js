// My notifications, newest first, paged; mark one or all read; choose channels per kind.
// Unread ones say so in words (a pill) as well as in style.
import { api } from "../api.js";
import { t } from "../i18n.js";
import {
  alertRegion,
  busy,
  button,
  dateTime,
  el,
  emptyState,
  heading,
  onSubmit,
  pill,
  showError,
  showResult,
} from "../ui.js";
import { refreshUnread } from "../unread.js";

const CATEGORIES = ["orders", "billing", "documents", "support", "bookings", "reminders"];
const CHANNELS = ["in_app", "email", "sms"];

function entry(notification, onRead) {
  const titleId = `notification-${notification.notification_id}`;
  const unreadPill = pill(t("notifications.new"), "info");
  const read = button("notifications.mark_read", { kind: "secondary", icon: "check" });
  const item = el(
    "li",
    {
      class: notification.read ? "notification card" : "notification card unread",
      "data-testid": "notification",
      "aria-labelledby": titleId,
    },
    el(
      "div",
      { class: "notification-head" },
      notification.read ? null : unreadPill,
      el(
        "h2",
        { id: titleId },
        notification.link ? el("a", { href: notification.link, text: notification.title }) : notification.title,
      ),
    ),
    el("p", { text: notification.body }),
    el(
      "p",
      { class: "hint" },
      el("time", { datetime: notification.created_at, text: dateTime(notification.created_at) }),
    ),
    notification.read ? null : el("div", { class: "actions" }, read),
  );
  read.addEventListener("click", async () => {
    const done = await busy(read, () => onRead(notification.notification_id));
    if (!done) return;
    item.classList.remove("unread");
    unreadPill.remove();
    read.parentElement.remove();
    item.querySelector("h2").setAttribute("tabindex", "-1");
    item.querySelector("h2").focus();
  });
  return item;
}

// Per kind of news, which channels bring it: a fieldset of three checkboxes each, which
// reads as a list of cards on a phone and a grid of them on a desktop.
async function preferencesForm() {
  const { channels } = await api("GET", "/notifications/preferences");
  const problems = alertRegion();
  const result = el("div", { class: "result-slot" });
  const groups = CATEGORIES.map((category) =>
    el(
      "fieldset",
      { class: "preference" },
      el("legend", { text: t(`notifications.category.${category}`) }),
      ...CHANNELS.map((channel) => {
        const id = `preference-${category}-${channel}`;
        return el(
          "label",
          { class: "choice", for: id },
          el("input", {
            type: "checkbox",
            id,
            name: `${category}:${channel}`,
            checked: (channels[category] || []).includes(channel),
          }),
          el("span", { text: t(`notifications.channel.${channel}`) }),
        );
      }),
    ),
  );
  const form = el(
    "form",
    { class: "stack" },
    el("div", { class: "preferences" }, ...groups),
    el("div", { class: "actions" }, button("notifications.save", { kind: "primary", type: "submit" })),
  );
  onSubmit(
    form,
    problems,
    () =>
      api(
        "PUT",
        "/notifications/preferences",
        Object.fromEntries(
          CATEGORIES.map((category) => [
            category,
            CHANNELS.filter((channel) => form.elements[`${category}:${channel}`].checked),
          ]),
        ),
      ),
    () => showResult(result, "success", t("notifications.saved")),
  );
  return el(
    "section",
    { class: "card stack", "aria-labelledby": "preferences-heading" },
    el("h2", { id: "preferences-heading", text: t("notifications.preferences") }),
    el("p", { class: "hint", text: t("notifications.always") }),
    problems,
    form,
    result,
  );
}

export async function render(main) {
  const problems = alertRegion();
  const list = el("ol", { class: "notifications", "data-testid": "notifications" });
  const summary = el("p", { role: "status", class: "unread-count" });
  const more = button("console.more", { kind: "secondary", hidden: true });
  const allRead = button("notifications.mark_all_read", { kind: "secondary", icon: "check" });
  let cursor = null;

  function count(unread) {
    summary.textContent = t("notifications.unread", { count: unread });
    allRead.hidden = unread === 0;
  }

  // True once marked; a refusal is said above the list.
  async function markRead(id) {
    try {
      await api("POST", `/notifications/${encodeURIComponent(id)}/read`);
      count((await api("GET", "/notifications/unread")).unread);
      await refreshUnread();
      return true;
    } catch (error) {
      showError(problems, error);
      return false;
    }
  }

  async function load(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (!reset && cursor) query.set("cursor", cursor);
    const page = await api("GET", `/notifications?${query}`);
    if (reset) list.replaceChildren();
    list.append(...page.items.map((n) => entry(n, markRead)));
    const empty = !list.children.length;
    list.hidden = empty;
    // Put in or taken out, not hidden: the empty state's display would override [hidden].
    emptySlot.replaceChildren(...(empty ? [emptyState("bell", "notifications.none")] : []));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    count(page.unread);
  }

  const emptySlot = el("div");
  more.addEventListener("click", () => busy(more, () => load(false)).catch((error) => showError(problems, error)));
  allRead.addEventListener("click", async () => {
    showError(problems, null);
    try {
      await busy(allRead, async () => {
        await api("POST", "/notifications/read-all");
        await load(true);
        await refreshUnread();
      });
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    } catch (error) {
      showError(problems, error);
    }
  });
  await load(true);
  const preferences = await preferencesForm();
  main.replaceChildren(
    heading("notifications.heading"),
    el("div", { class: "row notifications-bar" }, summary, allRead),
    problems,
    emptySlot,
    list,
    more,
    preferences,
  );
}
