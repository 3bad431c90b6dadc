// Home: who runs this portal, whether its service is reachable, and for a customer what is new.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { session } from "../session.js";
import { el } from "../ui.js";
import { newBadge } from "./documents.js";

// The latest documents, the new ones marked, and how many are new in all.
async function documentsCard() {
  const page = await api("GET", "/documents?limit=5");
  return el(
    "section",
    { class: "card stack", "aria-labelledby": "home-documents", "data-testid": "home-documents" },
    el("h2", { id: "home-documents", text: t("documents.heading") }),
    el("p", { text: t("documents.new_count", { count: page.new_count }) }),
    page.items.length
      ? el("ul", {}, ...page.items.map((document) => el("li", {}, el("span", { text: document.title }), document.new ? newBadge() : null)))
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
  if (session.person?.kind === "customer") main.append(await documentsCard());
  main.querySelector("#status-heading").textContent = t("home.status.heading");
  const status = main.querySelector("#service-status");
  status.textContent = t("home.status.checking");
  try {
    const response = await fetch("/api/health", { headers: { Accept: "application/json" } });
    const health = await response.json();
    status.textContent = response.ok && health.status === "ok" ? t("home.status.ok") : t("home.status.down");
  } catch {
    status.textContent = t("home.status.down");
  }
}
