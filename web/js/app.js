// The portal shell: runtime config, language, navigation, and one view at a time.
import { preferredLanguage, setLanguage, t, translate } from "./i18n.js";
import { SECTIONS } from "./nav.js";

let config = { businessName: "" };

async function loadConfig() {
  const response = await fetch("/config.json");
  if (response.ok) config = await response.json();
  for (const element of document.querySelectorAll("#business-name, .footer-business")) {
    element.textContent = config.businessName;
  }
}

function renderNav() {
  const list = document.getElementById("nav-list");
  list.replaceChildren(
    ...SECTIONS.map((section) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = section.path;
      link.dataset.i18n = section.label;
      link.textContent = t(section.label);
      if (section.path === location.pathname) link.setAttribute("aria-current", "page");
      item.append(link);
      return item;
    }),
  );
}

async function renderView() {
  const main = document.getElementById("main");
  const section = SECTIONS.find((s) => s.path === location.pathname);
  if (!section) {
    main.innerHTML = `<h1 data-i18n="notfound.heading"></h1><p data-i18n="notfound.body"></p><p><a href="/" data-i18n="notfound.home"></a></p>`;
    translate(main);
  } else {
    const view = await section.view();
    await view.render(main, config);
  }
  document.title = `${t("app.title")} · ${config.businessName}`;
  renderNav();
}

function go(path) {
  history.pushState({}, "", path);
  renderView();
  document.getElementById("main").focus();
}

function wireShell() {
  const select = document.getElementById("language-select");
  select.addEventListener("change", async () => {
    await setLanguage(select.value);
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
  window.addEventListener("popstate", renderView);
}

async function start() {
  await loadConfig();
  const language = preferredLanguage();
  document.getElementById("language-select").value = language;
  await setLanguage(language);
  wireShell();
  await renderView();
  document.body.dataset.ready = "true";
}

start();
