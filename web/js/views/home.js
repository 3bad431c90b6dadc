// Home. A guest meets the business and the way in; a customer's first screen says what needs
// doing now (what is due, with Pay; the next booking; documents asked for; unread messages;
// what is new; open tickets), then their latest orders and the latest happenings on the
// account (its timeline, /activity). Two requests, side by side: GET /notifications/dashboard
// and the timeline's first five entries. A contact sees only the cards of the areas their role on the
// active account reads (a billing contact no orders, a support contact no amount due), and
// Pay only when the role may pay.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { isOn } from "../portal.js";
import { mayChange, mayRead, session } from "../session.js";
import { dateTime, day, el, emptyState, icon, money, pill, toneOf } from "../ui.js";
import { timelineEntry } from "./activity.js";
import { statusPill } from "./orders.js";

const LATEST_HAPPENINGS = 5;

// A link styled as a button: it goes somewhere rather than doing something.
function buttonLink(href, key, { kind = "primary", iconName } = {}) {
  return el("a", { href, class: `button ${kind}` }, iconName ? icon(iconName) : null, el("span", { text: t(key) }));
}

// What is due: the amount, overdue in warning tone, the next due date, and Pay; or that
// nothing is to pay.
function dueCard(board) {
  const currency = board.currency || "EUR";
  const overdue = board.amount_overdue > 0;
  const card = el(
    "section",
    {
      class: `card due${overdue ? " due-overdue" : ""}`,
      "aria-labelledby": "due-heading",
      "data-testid": "dashboard-billing",
    },
    el("h2", { id: "due-heading", text: t("dashboard.billing") }),
  );
  if (board.amount_due <= 0) {
    card.append(
      el(
        "p",
        { class: "due-none", "data-testid": "nothing-due" },
        icon("check"),
        el("span", { text: t("dashboard.nothing_due") }),
      ),
      el("p", {}, el("a", { href: "/billing", text: t("dashboard.to_billing") })),
    );
    return card;
  }
  const parts = [
    el("p", { class: "due-amount", "data-testid": "amount-due", text: money(board.amount_due, currency) }),
    overdue
      ? el(
          "p",
          { class: "due-line" },
          pill(t("dashboard.overdue.label"), toneOf("overdue")),
          el("span", {
            class: "warning",
            text: t("dashboard.overdue", {
              amount: money(board.amount_overdue, currency),
              count: board.overdue_invoices,
            }),
          }),
        )
      : null,
    board.next_due_date
      ? el("p", {
          class: "due-line",
          text: t("dashboard.next_due", {
            date: day(board.next_due_date),
            amount: money(board.next_due_amount, currency),
          }),
        })
      : null,
    mayChange("billing")
      ? el("div", { class: "actions" }, buttonLink("/billing", "dashboard.pay", { iconName: "card" }))
      : null,
  ];
  card.append(...parts.filter(Boolean));
  return card;
}

// One line of the to-do list: an icon, what it is, where to see it.
function todo(href, iconName, text, testId) {
  return el(
    "li",
    {},
    el("a", { href, class: "todo", "data-testid": testId }, icon(iconName), el("span", { text }), icon("next")),
  );
}

// What else is waiting: the next booking, documents asked for, new documents, the business's
// unread messages, unread notifications, open tickets. Only what there is; a quiet line when
// there is nothing.
function todoCard(board) {
  const next = isOn("bookings") && mayRead("buying") ? board.upcoming_bookings[0] : null;
  const documents = isOn("documents") && mayRead("billing");
  const support = mayRead("support");
  const items = [
    next
      ? todo(
          "/bookings",
          "calendar",
          t("dashboard.next_booking", { service: next.service_name, when: dateTime(next.starts_at) }),
          "next-booking",
        )
      : null,
    documents && board.requested_documents > 0
      ? todo(
          "/documents",
          "upload",
          t("dashboard.requested_documents", { count: board.requested_documents }),
          "requested-documents",
        )
      : null,
    documents && board.new_documents > 0
      ? todo("/documents", "document", t("dashboard.new_documents", { count: board.new_documents }), "new-documents")
      : null,
    support && isOn("inbox") && board.unanswered_messages > 0
      ? todo(
          "/inbox",
          "mail",
          t("dashboard.unanswered_messages", { count: board.unanswered_messages }),
          "unanswered-messages",
        )
      : null,
    board.unread_notifications > 0
      ? todo(
          "/notifications",
          "bell",
          t("dashboard.unread", { count: board.unread_notifications }),
          "unread-notifications",
        )
      : null,
    support && isOn("tickets") && board.open_tickets > 0
      ? todo("/support", "support", t("dashboard.open_tickets", { count: board.open_tickets }), "open-tickets")
      : null,
  ].filter(Boolean);
  return el(
    "section",
    { class: "card", "aria-labelledby": "todo-heading", "data-testid": "dashboard-news" },
    el("h2", { id: "todo-heading", text: t("dashboard.news") }),
    items.length
      ? el("ul", { class: "todo-list" }, ...items)
      : el("p", { class: "hint", text: t("dashboard.all_clear") }),
  );
}

function ordersCard(orders) {
  return el(
    "section",
    { class: "card", "aria-labelledby": "orders-heading", "data-testid": "dashboard-orders" },
    el("h2", { id: "orders-heading", text: t("dashboard.orders") }),
    orders.length
      ? el(
          "ul",
          { class: "recent-orders" },
          ...orders.map((order) =>
            el(
              "li",
              {},
              el("a", { href: `/orders/${encodeURIComponent(order.order_id)}`, text: order.order_number }),
              statusPill(order.status),
              el("span", { class: "amount", text: money(order.total, order.currency) }),
            ),
          ),
        )
      : emptyState(
          "order",
          "orders.none",
          mayChange("buying") ? buttonLink("/catalogue", "dashboard.to_shop", { kind: "secondary" }) : null,
        ),
    orders.length ? el("p", {}, el("a", { href: "/orders", text: t("dashboard.to_orders") })) : null,
  );
}

// Every upcoming booking, below the first screen (its next one is in the to-do list).
function bookingsCard(bookings) {
  return el(
    "section",
    { class: "card", "aria-labelledby": "bookings-heading", "data-testid": "dashboard-bookings" },
    el("h2", { id: "bookings-heading", text: t("dashboard.bookings") }),
    bookings.length
      ? el(
          "ul",
          { class: "recent-orders" },
          ...bookings.map((booking) =>
            el(
              "li",
              {},
              el("span", { text: `${dateTime(booking.starts_at)} · ${booking.service_name} · ` }),
              pill(t(`booking.status.${booking.status}`), toneOf(booking.status)),
            ),
          ),
        )
      : el("p", { class: "hint", text: t("booking.none_upcoming") }),
    el("p", {}, el("a", { href: "/bookings", text: t("dashboard.to_bookings") })),
  );
}

// The latest happenings on the account, of the areas the contact's role reads, and the way to
// all of them.
function activityCard(entries) {
  return el(
    "section",
    { class: "card", "aria-labelledby": "activity-heading", "data-testid": "dashboard-activity" },
    el("h2", { id: "activity-heading", text: t("dashboard.activity") }),
    entries.length
      ? el("ol", { class: "activity-list" }, ...entries.map((entry) => timelineEntry(entry, { withDay: true })))
      : el("p", { class: "hint", text: t("activity.none") }),
    el("p", {}, el("a", { href: "/activity", text: t("dashboard.to_activity") })),
  );
}

async function customerHome(main) {
  // Let a failure throw: the shell says why in the reader's language, with Try again.
  const [board, latest] = await Promise.all([
    api("GET", "/notifications/dashboard"),
    api("GET", `/notifications/timeline?limit=${LATEST_HAPPENINGS}`),
  ]);
  main.replaceChildren(
    el("h1", { text: t("home.greeting", { name: session.person.name }) }),
    el(
      "div",
      { class: "dashboard" },
      // What the business turned off is not shown (its API would answer 404 anyway), nor what
      // the contact's role does not read (its API would answer 403).
      isOn("payments") && mayRead("billing") ? dueCard(board) : null,
      todoCard(board),
      isOn("orders") && mayRead("buying") ? ordersCard(board.recent_orders) : null,
      isOn("bookings") && mayRead("buying") ? bookingsCard(board.upcoming_bookings) : null,
      activityCard(latest.items),
    ),
  );
}

// A guest, or staff who came to the front page: the business's welcome and the way on. The
// service is checked first; when it cannot be reached the shell shows why, with Try again.
async function welcome(main, config) {
  await api("GET", "/portal/health");
  const next = session.person
    ? buttonLink("/console/customers", "nav.customers", { iconName: "users" })
    : buttonLink("/signin", "nav.signin", { iconName: "user" });
  main.replaceChildren(
    el(
      "section",
      { class: "welcome" },
      el("h1", { text: t("home.heading", { business: config.businessName }) }),
      session.person ? el("p", { class: "greeting", text: t("home.greeting", { name: session.person.name }) }) : null,
      el("p", { class: "lead", text: t("home.lead") }),
      el("div", { class: "actions" }, next),
    ),
  );
}

export async function render(main, config) {
  if (session.person?.kind === "customer") await customerHome(main);
  else await welcome(main, config);
}
