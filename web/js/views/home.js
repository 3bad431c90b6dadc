// Home: who runs this portal, whether its service is reachable, and for a customer the
// dashboard (what is due, what is new, what is open) and the latest documents.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { isOn } from "../portal.js";
import { session } from "../session.js";
import { dateTime, day, el, money } from "../ui.js";
import { newBadge } from "./documents.js";

function card(id, headingKey, ...children) {
  return el(
    "section",
    { class: "card stack", "aria-labelledby": id, "data-testid": id },
    el("h2", { id, text: t(headingKey) }),
    ...children,
  );
}

function link(href, key, values) {
  return el("p", {}, el("a", { href, text: t(key, values) }));
}

// GET /dashboard: one reply, two DynamoDB round trips, whatever the customer's history.
async function dashboard() {
  const board = await api("GET", "/notifications/dashboard");
  const currency = board.currency || "EUR";
  const billing = card(
    "dashboard-billing",
    "dashboard.billing",
    el("p", { class: "figure", "data-testid": "amount-due", text: money(board.amount_due, currency) }),
    board.amount_overdue > 0
      ? el("p", {
          class: "warning",
          text: t("dashboard.overdue", {
            amount: money(board.amount_overdue, currency),
            count: board.overdue_invoices,
          }),
        })
      : null,
    board.next_due_date
      ? el("p", {
          text: t("dashboard.next_due", {
            date: day(board.next_due_date),
            amount: money(board.next_due_amount, currency),
          }),
        })
      : null,
    link("/billing", "dashboard.to_billing"),
  );
  const news = card(
    "dashboard-news",
    "dashboard.news",
    link("/notifications", "dashboard.unread", { count: board.unread_notifications }),
    isOn("documents") ? link("/documents", "documents.new_count", { count: board.new_documents }) : null,
    isOn("tickets") ? link("/support", "dashboard.open_tickets", { count: board.open_tickets }) : null,
  );
  const orders = card(
    "dashboard-orders",
    "dashboard.orders",
    board.recent_orders.length
      ? el(
          "ul",
          {},
          ...board.recent_orders.map((order) =>
            el(
              "li",
              {},
              el("a", { href: `/orders/${order.order_id}`, text: order.order_number }),
              ` · ${t(`order.status.${order.status}`)} · ${money(order.total, order.currency)}`,
            ),
          ),
        )
      : el("p", { text: t("orders.none") }),
    link("/orders", "dashboard.to_orders"),
  );
  const bookings = card(
    "dashboard-bookings",
    "dashboard.bookings",
    board.upcoming_bookings.length
      ? el(
          "ul",
          {},
          ...board.upcoming_bookings.map((booking) =>
            el(
              "li",
              {},
              `${dateTime(booking.starts_at)} · ${booking.service_name} · ${t(`booking.status.${booking.status}`)}`,
            ),
          ),
        )
      : el("p", { text: t("booking.none_upcoming") }),
    link("/bookings", "dashboard.to_bookings"),
  );
  // What the business turned off is not shown (its API would answer 404 anyway).
  return el(
    "div",
    { class: "dashboard" },
    isOn("payments") ? billing : null,
    news,
    isOn("bookings") ? bookings : null,
    isOn("orders") ? orders : null,
  );
}

// The latest documents, the new ones marked, and how many are new in all.
async function documentsCard() {
  const page = await api("GET", "/documents?limit=5");
  return el(
    "section",
    { class: "card stack", "aria-labelledby": "home-documents", "data-testid": "home-documents" },
    el("h2", { id: "home-documents", text: t("documents.heading") }),
    el("p", { text: t("documents.new_count", { count: page.new_count }) }),
    page.items.length
      ? el(
          "ul",
          {},
          ...page.items.map((document) =>
            el("li", {}, el("span", { text: document.title }), document.new ? newBadge() : null),
          ),
        )
      : el("p", { text: t("documents.none") }),
    el("p", {}, el("a", { href: "/documents", text: t("home.documents.all") })),
  );
}

export async function render(main, config) {
  main.innerHTML = `
    <h1></h1>
    <p class="greeting" hidden></p>
    <p class="lead"></p>
    <section class="card" aria-labelledby="status-heading">
      <h2 id="status-heading"></h2>
      <p id="service-status" role="status"></p>
    </section>`;
  main.querySelector("h1").textContent = t("home.heading", { business: config.businessName });
  main.querySelector(".lead").textContent = t("home.lead");
  if (session.person) {
    const greeting = main.querySelector(".greeting");
    greeting.textContent = t("home.greeting", { name: session.person.name });
    greeting.hidden = false;
  }
  if (session.person?.kind === "customer") {
    // What is due and new comes first; whether the service is up, after it.
    const status = main.querySelector("section[aria-labelledby='status-heading']");
    status.before(await dashboard());
    if (isOn("documents")) status.before(await documentsCard());
  }
  main.querySelector("#status-heading").textContent = t("home.status.heading");
  const status = main.querySelector("#service-status");
  status.textContent = t("home.status.checking");
  try {
    const response = await fetch("/api/portal/health", { headers: { Accept: "application/json" } });
    const health = await response.json();
    status.textContent = response.ok && health.status === "ok" ? t("home.status.ok") : t("home.status.down");
  } catch {
    status.textContent = t("home.status.down");
  }
}
