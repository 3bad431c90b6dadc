// The portal shell: runtime config, session, language, navigation, and one view at a time.
import { api } from "./api.js";
import { language as pageLanguage, preferredLanguage, setLanguage, t } from "./i18n.js";
import { AREA_CHECKS, GROUPS, PAGES, SHORTCUTS, allowed, listed, readable } from "./nav.js";
import { loadPortal, portal } from "./portal.js";
import { loadSession, mustChooseAccount, session, signOut } from "./session.js";
import { keepStaffCountsFresh } from "./staff-counts.js";
import { LANGUAGE_CHOSEN, el, icon, showFailure, showLoading } from "./ui.js";
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
}

// The menu: its sections in GROUPS order, each page with its icon; who is signed in and the
// way out at its foot. On a phone it opens over the page and closes on the next navigation.
function navLink(page) {
  const link = el(
    "a",
    { href: page.href },
    icon(page.icon),
    el("span", { "data-i18n": page.label, text: t(page.label) }),
  );
  // The page itself, or a page inside its section (an order of "My orders", an invoice of "Billing").
  if (page.path.test(location.pathname)) link.setAttribute("aria-current", "page");
  else if (sectionOf(location.pathname) === page.href) link.setAttribute("aria-current", "true");
  return link;
}

function sectionOf(path) {
  const page = PAGES.find((entry) => entry.path.test(path));
  if (page?.under) return page.under;
  const entry = PAGES.find(
    (candidate) => candidate.href && candidate.href !== "/" && path.startsWith(`${candidate.href}/`),
  );
  return entry?.href;
}

// Only what the person may open and their role on the active account reads.
function menuPages() {
  return PAGES.filter((page) => listed(page, session.person));
}

function renderNav() {
  const pages = menuPages();
  const sections = GROUPS.map((group) => [group, pages.filter((page) => page.group === group)])
    .filter(([, entries]) => entries.length)
    .map(([group, entries]) =>
      el(
        "section",
        { class: "nav-group", "aria-labelledby": `nav-group-${group}` },
        el("h2", { id: `nav-group-${group}`, text: t(`nav.group.${group}`) }),
        el("ul", {}, ...entries.map((page) => el("li", {}, navLink(page)))),
      ),
    );
  if (session.person) {
    sections.push(
      el(
        "div",
        { class: "nav-person" },
        el("span", { class: "who", text: session.person.name }),
        accountLine(),
        el(
          "button",
          {
            type: "button",
            class: "button quiet nav-button",
            onclick: async () => {
              await signOut();
              go("/");
            },
          },
          icon("signout"),
          el("span", { "data-i18n": "nav.signout", text: t("nav.signout") }),
        ),
      ),
    );
  }
  document.getElementById("nav-list").replaceChildren(...sections);
  // Who is signed in, for styles and tests: "customer", "staff" or none.
  if (session.person) document.body.dataset.person = session.person.kind;
  else delete document.body.dataset.person;
  renderTabBar(pages);
  renderAccount();
  renderContact();
  keepUnreadFresh(session.person?.kind === "customer");
  keepStaffCountsFresh(session.person?.kind === "staff");
}

// A phone's bottom bar: four shortcuts and the menu.
function renderTabBar(pages) {
  const bar = document.getElementById("tab-bar");
  const shortcuts = SHORTCUTS.map((href) => pages.find((page) => page.href === href))
    .filter(Boolean)
    .slice(0, 4);
  bar.hidden = !session.person;
  bar.replaceChildren(el("ul", {}, ...shortcuts.map((page) => el("li", {}, navLink(page)))));
}

// The active account and the person's role on it, under their name at the menu's foot.
function accountLine() {
  const account = session.person?.account;
  if (!account) return null;
  return el("span", {
    class: "nav-account",
    text: t("accounts.acting_as", { account: account.name, role: t(`role.${account.role}`) }),
  });
}

// The header says which account the contact acts for; a contact of several switches there
// (the list of their accounts, then back to the page they were on).
function renderAccount() {
  const slot = document.getElementById("active-account");
  const person = session.person?.kind === "customer" ? session.person : null;
  slot.hidden = !person;
  if (!person) return slot.replaceChildren();
  const several = person.accounts.length > 1;
  const name = person.account?.name ?? t("accounts.none_chosen");
  const parts = [
    icon("users"),
    el(
      "span",
      { class: "account-text" },
      el("span", { class: "account-label", text: t("accounts.header.label") }),
      el("span", { class: "account-name", "data-testid": "active-account", text: name }),
    ),
  ];
  if (!several) return slot.replaceChildren(el("span", { class: "account-switch" }, ...parts));
  const here = location.pathname === "/accounts" ? "" : `${location.pathname}${location.search}`;
  const href = here && here !== "/" ? `/accounts?next=${encodeURIComponent(here)}` : "/accounts";
  slot.replaceChildren(
    el(
      "a",
      { class: "account-switch", href },
      ...parts,
      el("span", { class: "account-action", text: t("accounts.header.switch") }),
    ),
  );
}

function renderContact() {
  const contact = [portal.support_email, portal.support_phone].filter(Boolean);
  const footer = document.getElementById("support-contact");
  footer.hidden = !contact.length;
  footer.replaceChildren(t("footer.contact_line", { contact: contact.join(" · ") }));
}

function setMenu(open) {
  const toggle = document.querySelector(".menu-toggle");
  // The menu opens just below the header, however many rows the header takes.
  const header = document.querySelector(".site-header");
  if (open) document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`);
  toggle.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("nav-open", open);
}

// One view at a time: a render asked for while another runs (a language chosen, then a link
// followed at once) waits for it, so the last one asked for is the one on screen.
let rendering = Promise.resolve();
function renderView() {
  rendering = rendering.then(drawView, drawView);
  return rendering;
}

// From inside a render: after it, since the next render waits for this one to end.
function goLater(path) {
  setTimeout(() => go(path));
}

async function drawView() {
  // The language this view is drawn in, said once it is drawn (tests wait for it before they
  // act): after sign-in the person's own language may have replaced the page's.
  const drawnIn = pageLanguage();
  if (leaveView) leaveView();
  leaveView = null;
  const main = document.getElementById("main");
  const path = location.pathname;
  const page = PAGES.find((p) => p.path.test(path));
  if (!page) {
    main.replaceChildren(
      el(
        "section",
        { class: "empty-state" },
        icon("info"),
        el("h1", { "data-i18n": "notfound.heading", text: t("notfound.heading") }),
        el("p", { "data-i18n": "notfound.body", text: t("notfound.body") }),
        el("p", {}, el("a", { href: "/", "data-i18n": "notfound.home", text: t("notfound.home") })),
      ),
    );
  } else if (!allowed(page, session.person)) {
    if (!session.person) return goLater("/signin");
    main.replaceChildren(el("h1", { text: t("forbidden.heading") }), el("p", { text: t("forbidden.body") }));
  } else if (mustChooseAccount() && page.area !== "own") {
    // A contact of several accounts picks one before anything else, then comes back here.
    const next = path === "/" ? "" : `?next=${encodeURIComponent(path + location.search)}`;
    history.replaceState({}, "", `/accounts${next}`);
    return drawView();
  } else if (!readable(page, session.person) && (await refuseForRole(main, page))) {
    // said on the page: which role would open it
  } else {
    await showView(main, page, path);
  }
  main.removeAttribute("aria-busy");
  document.title = `${t("app.title")} · ${config.businessName}`;
  renderNav();
  if (document.body.dataset.ready) document.body.dataset.language = drawnIn;
}

// A page typed or followed whose area the role does not read: the server's refusal names the
// role that would, and the page says so in the reader's language. False when the server lets
// the person read it after all (their role changed since the session was read): then the view.
async function refuseForRole(main, page) {
  const check = AREA_CHECKS[page.area];
  if (!check) return false;
  main.setAttribute("aria-busy", "true");
  let needed = null;
  try {
    await api("GET", check);
  } catch (error) {
    needed = error.code === "role_not_allowed" ? error.values?.role : null;
    if (!needed) {
      main.removeAttribute("aria-busy");
      showFailure(main, error, () => renderView());
      return true;
    }
  }
  main.removeAttribute("aria-busy");
  if (!needed) return false;
  const account = session.person.account;
  main.replaceChildren(
    el(
      "section",
      { class: "empty-state role-refusal", "data-testid": "role-refusal" },
      icon("info"),
      el("h1", { text: t("forbidden.heading") }),
      el("p", { text: t("error.role_not_allowed", { role: t(`role.${needed}`) }) }),
      el("p", { text: t("accounts.your_role", { account: account.name, role: t(`role.${account.role}`) }) }),
      el("p", {}, el("a", { href: "/", text: t("notfound.home") })),
    ),
  );
  return true;
}

// A view renders into `main`; until its first requests answer the page says it is loading,
// and a view that fails to load says why, in the reader's language, with a way to try again.
async function showView(main, page, path) {
  const params = path.match(page.path).slice(1).map(decodeURIComponent);
  // A view that draws at once keeps its own page; one still waiting after 150 ms shows a skeleton.
  const drawn = new MutationObserver(() => clearTimeout(loading));
  const loading = setTimeout(() => {
    drawn.disconnect();
    showLoading(main);
  }, 150);
  drawn.observe(main, { childList: true });
  main.setAttribute("aria-busy", "true");
  try {
    const view = await page.view();
    leaveView = (await view.render(main, config, go, ...params)) || null;
  } catch (error) {
    if (error.status === 401) return goLater("/signin");
    showFailure(main, error, () => renderView());
  } finally {
    clearTimeout(loading);
    drawn.disconnect();
    main.removeAttribute("aria-busy");
  }
}

async function go(path) {
  setMenu(false);
  history.pushState({}, "", path);
  await followPath();
  document.getElementById("main").focus();
}

// A link followed or Back pressed: the page on screen is on its way out from this moment, so it
// is marked busy before the session is read again (a reader, or a test, waiting for the page to
// settle must not take the old page for the new one). Each drawn view ends busy.
async function followPath() {
  const main = document.getElementById("main");
  main.setAttribute("aria-busy", "true");
  try {
    await loadSession();
  } catch (error) {
    showFailure(main, error, () => followPath());
    return;
  }
  await renderView();
}

function wireShell() {
  const select = document.getElementById("language-select");
  select.addEventListener("change", () => chooseLanguage(select.value));
  // A language chosen on a page (the sign-in page's choice) is the same choice.
  document.addEventListener(LANGUAGE_CHOSEN, (event) => chooseLanguage(event.detail));
  const toggle = document.querySelector(".menu-toggle");
  toggle.addEventListener("click", () => setMenu(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
      setMenu(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='/']");
    if (!link || link.target || event.metaKey || event.ctrlKey) return;
    // The API's own links (an article's file: a redirect to a download) and the local stack's
    // pages are the browser's to follow, not the shell's router's.
    if (/^\/(api|dev)\//.test(link.getAttribute("href"))) return;
    event.preventDefault();
    go(link.getAttribute("href"));
  });
  window.addEventListener("popstate", () => {
    setMenu(false);
    followPath();
  });
}

// A language chosen anywhere (the footer, the sign-in page, the profile): the page speaks it
// at once, and a customer's choice follows them to every device and to their e-mails and texts.
async function chooseLanguage(language) {
  await setLanguage(language);
  if (session.person?.kind === "customer") await api("PATCH", "/customers/profile", { language });
  await renderView();
  // The page is drawn again in the new language: say so (tests wait for it before they act).
  document.body.dataset.language = language;
}

async function start() {
  await loadConfig();
  await loadSession();
  // A signed-in person's own language wins over this browser's last choice.
  // A customer's language is on their profile; staff keep this browser's choice.
  const own = session.person?.kind === "customer" ? session.person.language : null;
  const language = own || preferredLanguage(portal.default_language);
  document.getElementById("language-select").value = language;
  await setLanguage(language);
  wireShell();
  await renderView();
  document.body.dataset.language = language;
  document.body.dataset.ready = "true";
}

start();
