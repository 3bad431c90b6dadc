// The portal shell: runtime config, session, language, navigation, and one view at a time.
import { api } from "./api.js";
import { preferredLanguage, setLanguage, t, translate } from "./i18n.js";
import { PAGES, allowed } from "./nav.js";
import { loadPortal, portal } from "./portal.js";
import { loadSession, session, signOut } from "./session.js";
import { el } from "./ui.js";
import { keepUnreadFresh } from "./unread.js";

let config = { businessName: "" };
let leaveView = null;

async function loadConfig() {
  const response = await fetch("/config.json");
  if (response.ok) config = await response.json();
  const settings = await loadPortal();
  // The name the business set in its portal editor wins over the one given at deploy time.
  if (settings.business_name) config.businessName = settings.business_name;
  for (const element of document.querySelectorAll("#business-name, .footer-business")) {
    element.textContent = config.businessName;
  }
  const contact = [settings.support_email, settings.support_phone].filter(Boolean);
  const footer = document.getElementById("support-contact");
  if (footer) {
    footer.hidden = !contact.length;
    footer.querySelector("span:last-child").textContent = contact.join(" · ");
  }
}

function renderNav() {
  const items = PAGES.filter((page) => page.menu && allowed(page, session.person)).map((page) => {
    const link = el("a", { href: page.href, "data-i18n": page.label, text: t(page.label) });
    if (page.path.test(location.pathname)) link.setAttribute("aria-current", "page");
    return el("li", {}, link);
  });
  if (session.person) {
    items.push(el("li", { class: "who" }, el("span", { text: session.person.name })));
    items.push(
      el(
        "li",
        {},
        el("button", {
          type: "button",
          class: "link nav-button",
          "data-i18n": "nav.signout",
          text: t("nav.signout"),
          onclick: async () => {
            await signOut();
            go("/");
          },
        }),
      ),
    );
  }
  document.getElementById("nav-list").replaceChildren(...items);
  keepUnreadFresh(session.person?.kind === "customer");
}

async function renderView() {
  if (leaveView) leaveView();
  leaveView = null;
  const main = document.getElementById("main");
  const path = location.pathname;
  const page = PAGES.find((p) => p.path.test(path));
  if (!page) {
    main.innerHTML = `<h1 data-i18n="notfound.heading"></h1><p data-i18n="notfound.body"></p><p><a href="/" data-i18n="notfound.home"></a></p>`;
    translate(main);
  } else if (!allowed(page, session.person)) {
    if (!session.person) return go("/signin");
    main.replaceChildren(el("h1", { text: t("forbidden.heading") }), el("p", { text: t("forbidden.body") }));
  } else {
    const view = await page.view();
    const params = path.match(page.path).slice(1).map(decodeURIComponent);
    try {
      leaveView = (await view.render(main, config, go, ...params)) || null;
    } catch (error) {
      if (error.status === 401) return go("/signin");
      main.replaceChildren(el("h1", { text: t("error.heading") }), el("p", { role: "alert", text: error.message }));
    }
  }
  document.title = `${t("app.title")} · ${config.businessName}`;
  renderNav();
}

async function go(path) {
  history.pushState({}, "", path);
  await loadSession();
  await renderView();
  document.getElementById("main").focus();
}

function wireShell() {
  const select = document.getElementById("language-select");
  select.addEventListener("change", async () => {
    await setLanguage(select.value);
    // A customer's choice follows them to every device (and to their e-mails and texts).
    if (session.person?.kind === "customer") await api("PATCH", "/customers/profile", { language: select.value });
    await renderView();
  });
  const toggle = document.querySelector(".menu-toggle");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("nav-open", open);
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='/']");
    if (!link || link.target || event.metaKey || event.ctrlKey) return;
    if (link.getAttribute("href").startsWith("/dev/")) return;
    event.preventDefault();
    go(link.getAttribute("href"));
  });
  window.addEventListener("popstate", async () => {
    await loadSession();
    await renderView();
  });
}

async function start() {
  await loadConfig();
  await loadSession();
  // A signed-in person's own language wins over this browser's last choice.
  const language = session.person?.language || preferredLanguage(portal.default_language);
  document.getElementById("language-select").value = language;
  await setLanguage(language);
  wireShell();
  await renderView();
  document.body.dataset.ready = "true";
}

start();
