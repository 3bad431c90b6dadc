// Home: who runs this portal, and whether its service is reachable right now.
import { t } from "../i18n.js";
import { session } from "../session.js";

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
