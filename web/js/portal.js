// What the business set for its portal (GET /api/portal): its name, colour, contact, default
// language and which parts are on. Read once per page load; the console's editor saves it.
export const portal = {
  business_name: "",
  primary_colour: null,
  support_email: null,
  support_phone: null,
  default_language: "en",
  actions: { orders: true, payments: true, documents: true, bookings: true, tickets: true, inbox: true, chat: true },
};

export async function loadPortal() {
  const response = await fetch("/api/portal", { headers: { Accept: "application/json" } });
  if (response.ok) Object.assign(portal, await response.json());
  const logo = document.getElementById("business-logo");
  if (logo) {
    // Decorative (alt=""): the business's name stands beside it. A new logo has a new URL.
    if (portal.logo_url) logo.src = portal.logo_url;
    logo.hidden = !portal.logo_url;
  }
  if (portal.primary_colour) {
    // Links and buttons take the business's colour (checked for WCAG AA contrast on white when saved).
    document.documentElement.style.setProperty("--accent", portal.primary_colour);
  }
  return portal;
}

export function isOn(action) {
  return !action || portal.actions[action] !== false;
}
