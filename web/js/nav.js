// The portal's pages. Each domain adds its entries here as it lands; `who` says who sees a
// page: "anyone", "guest" (not signed in), "customer" or "staff". `menu` puts it in the header.
export const PAGES = [
  { path: /^\/$/, href: "/", label: "nav.home", who: "anyone", menu: true, view: () => import("./views/home.js") },
  { path: /^\/signin$/, href: "/signin", label: "nav.signin", who: "guest", menu: true, view: () => import("./views/signin.js") },
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
];

export function allowed(page, person) {
  if (page.who === "anyone") return true;
  if (page.who === "guest") return !person;
  return Boolean(person) && person.kind === page.who;
}
