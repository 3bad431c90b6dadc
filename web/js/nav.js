import { isOn } from "./portal.js";

// The portal's pages. Each domain adds its entries here as it lands; `who` says who sees a
// page: "anyone", "guest" (not signed in), "customer" or "staff". `menu` puts it in the header.
// `action`: the part of the portal it belongs to; when the business turns that off, the page
// is gone for customers (and its API answers 404).
export const PAGES = [
  { path: /^\/$/, href: "/", label: "nav.home", who: "anyone", menu: true, view: () => import("./views/home.js") },
  { path: /^\/signin$/, href: "/signin", label: "nav.signin", who: "guest", menu: true, view: () => import("./views/signin.js") },
  { path: /^\/catalogue$/, action: "orders", href: "/catalogue", label: "nav.catalogue", who: "customer", menu: true, view: () => import("./views/catalogue.js") },
  { path: /^\/cart$/, action: "orders", href: "/cart", label: "nav.cart", who: "customer", menu: true, view: () => import("./views/cart.js") },
  { path: /^\/orders$/, action: "orders", href: "/orders", label: "nav.orders", who: "customer", menu: true, view: () => import("./views/orders.js") },
  { path: /^\/orders\/([^/]+)$/, action: "orders", who: "customer", view: () => import("./views/order.js") },
  { path: /^\/billing$/, action: "payments", href: "/billing", label: "nav.billing", who: "customer", menu: true, view: () => import("./views/billing.js") },
  { path: /^\/invoices\/([^/]+)$/, action: "payments", who: "customer", view: () => import("./views/invoice.js") },
  { path: /^\/statement$/, action: "payments", who: "customer", view: () => import("./views/statement.js") },
  { path: /^\/documents$/, action: "documents", href: "/documents", label: "nav.documents", who: "customer", menu: true, view: () => import("./views/documents.js") },
  { path: /^\/support$/, action: "tickets", href: "/support", label: "nav.support", who: "customer", menu: true, view: () => import("./views/support.js") },
  { path: /^\/support\/([^/]+)$/, action: "tickets", who: "customer", view: () => import("./views/ticket.js") },
  { path: /^\/inbox$/, action: "inbox", href: "/inbox", label: "nav.inbox", who: "customer", menu: true, view: () => import("./views/inbox.js") },
  { path: /^\/chat$/, action: "chat", href: "/chat", label: "nav.chat", who: "customer", menu: true, view: () => import("./views/chat.js") },
  { path: /^\/bookings$/, action: "bookings", href: "/bookings", label: "nav.bookings", who: "customer", menu: true, view: () => import("./views/bookings.js") },
  { path: /^\/notifications$/, href: "/notifications", label: "nav.notifications", who: "customer", menu: true, view: () => import("./views/notifications.js") },
  { path: /^\/profile$/, href: "/profile", label: "nav.profile", who: "customer", menu: true, view: () => import("./views/profile.js") },
  {
    path: /^\/console\/customers$/,
    href: "/console/customers",
    label: "nav.customers",
    who: "staff",
    menu: true,
    view: () => import("./views/console/customers.js"),
  },
  { path: /^\/console\/customers\/([^/]+)$/, who: "staff", view: () => import("./views/console/customer.js") },
  { path: /^\/console\/orders$/, href: "/console/orders", label: "nav.queue", who: "staff", menu: true, view: () => import("./views/console/orders.js") },
  { path: /^\/console\/invoices$/, href: "/console/invoices", label: "nav.invoices", who: "staff", menu: true, view: () => import("./views/console/billing.js") },
  { path: /^\/console\/tickets$/, href: "/console/tickets", label: "nav.tickets", who: "staff", menu: true, view: () => import("./views/console/tickets.js") },
  { path: /^\/console\/tickets\/([^/]+)$/, who: "staff", view: () => import("./views/console/ticket.js") },
  { path: /^\/console\/inbox$/, href: "/console/inbox", label: "nav.inbox", who: "staff", menu: true, view: () => import("./views/console/inbox.js") },
  { path: /^\/console\/inbox\/([^/]+)$/, who: "staff", view: () => import("./views/console/inbox.js") },
  { path: /^\/console\/chats$/, href: "/console/chats", label: "nav.chat", who: "staff", menu: true, view: () => import("./views/console/chats.js") },
  { path: /^\/console\/bookings$/, href: "/console/bookings", label: "nav.calendar", who: "staff", menu: true, view: () => import("./views/console/bookings.js") },
  { path: /^\/console\/booking-settings$/, who: "staff", view: () => import("./views/console/booking-settings.js") },
  { path: /^\/console\/portal$/, href: "/console/portal", label: "nav.portal", who: "staff", menu: true, view: () => import("./views/console/portal.js") },
  { path: /^\/console\/notifications$/, href: "/console/notifications", label: "nav.undelivered", who: "staff", menu: true, view: () => import("./views/console/notifications.js") },
  { path: /^\/console\/products$/, href: "/console/products", label: "nav.products", who: "staff", menu: true, view: () => import("./views/console/products.js") },
];

export function allowed(page, person) {
  if (person?.kind === "customer" && !isOn(page.action)) return false;
  if (page.who === "anyone") return true;
  if (page.who === "guest") return !person;
  return Boolean(person) && person.kind === page.who;
}
