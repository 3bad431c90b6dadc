// Message catalogues: every visible string comes from /i18n/<lang>.json.
// The customer's choice is remembered in this browser; signed-in customers will also keep
// it on their profile.

export const LANGUAGES = ["en", "fr", "pl", "fi"];
const STORAGE_KEY = "portal.language";
let catalogue = {};
let current = "en";

// This browser's last choice; else its language if the portal speaks it; else the business's
// default language (set in its portal editor).
export function preferredLanguage(businessDefault = "en") {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  const browser = (navigator.language || "").slice(0, 2).toLowerCase();
  if (LANGUAGES.includes(browser)) return browser;
  return LANGUAGES.includes(businessDefault) ? businessDefault : "en";
}

export async function setLanguage(language) {
  const chosen = LANGUAGES.includes(language) ? language : "en";
  const response = await fetch(`/i18n/${chosen}.json`);
  if (!response.ok) throw new Error(`missing catalogue ${chosen}`);
  catalogue = await response.json();
  current = chosen;
  localStorage.setItem(STORAGE_KEY, chosen);
  document.documentElement.lang = chosen;
  const select = document.getElementById("language-select");
  if (select) select.value = chosen;
  translate(document);
}

export function language() {
  return current;
}

// t("home.heading", {business: "Northwind"}) -> the catalogue's text with {business} filled in.
// A message that depends on a number is an object of the language's plural forms,
// {"one": "{count} line", "other": "{count} lines"} (Polish adds "few" and "many"), chosen
// by values.count with Intl's plural rules; a form the language does not list falls back to "other".
export function t(key, values = {}) {
  const entry = catalogue[key];
  if (entry === undefined) {
    console.warn(`missing message ${key} in ${current}`);
    return key;
  }
  const text = typeof entry === "string" ? entry : (entry[plurals().select(Number(values.count ?? 0))] ?? entry.other);
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

let pluralRules = null;
function plurals() {
  if (pluralRules?.resolvedOptions().locale !== current) pluralRules = new Intl.PluralRules(current);
  return pluralRules;
}

// Whether the catalogue has `key`: for texts that have a label only sometimes (a default tag).
export function has(key) {
  return key in catalogue;
}

export function translate(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll("[data-i18n-aria-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
  }
}
