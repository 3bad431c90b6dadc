// Pieces the help centre's pages share (docs/help.md): the readers' requests, always in the
// page's language; an article's rendered body; the reader's voter id; and the articles the
// ticket form offers while its subject is typed, with "This solved it".
import { api } from "../api.js";
import { language, t } from "../i18n.js";
import { isOn } from "../portal.js";
import { alertRegion, busy, button, day, el, icon, showError } from "../ui.js";

export const ARTICLES = "/tickets/help/articles";
const VOTER_KEY = "portal.help.voter";
const VOTES_KEY = "portal.help.votes";
const SUGGEST_AFTER_MS = 300; // a pause in the typing, not every keystroke
const SUGGEST_FROM = 3; // characters: fewer match too much to be worth showing
const SUGGESTED = 3;

// The readers' list: searched (q), one category, or everything; in the page's language.
export function findArticles({ q = "", category = "", count } = {}) {
  const query = new URLSearchParams({ lang: language() });
  if (q) query.set("q", q);
  if (category) query.set("category", category);
  if (count) query.set("count", String(count));
  return api("GET", `${ARTICLES}?${query}`);
}

export function readArticle(articleId) {
  return api("GET", `${ARTICLES}/${encodeURIComponent(articleId)}?lang=${language()}`);
}

// The server renders the Markdown with raw HTML off and checks every link (docs/help.md,
// "Markdown, safely"): its html is parsed on its own, as a template's content, never joined
// with another string, and inserted as it came.
export function articleBody(html, lang) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return el("div", { class: "help-body", lang }, template.content);
}

// "Updated 3 Mar 2025", in the page's language.
export function updatedText(iso) {
  return t("help.updated", { date: day(iso) });
}

// The reader's random id for votes, kept in this browser: one vote per reader, which they may
// change (16-64 of A-Za-z0-9_-, as the API asks).
export function voterId() {
  let voter = localStorage.getItem(VOTER_KEY);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(voter || "")) {
    voter = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem(VOTER_KEY, voter);
  }
  return voter;
}

// How this browser voted on each article, so the page shows the choice again on a later visit.
function votesGiven() {
  try {
    return JSON.parse(localStorage.getItem(VOTES_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

export function voteGiven(articleId) {
  const vote = votesGiven()[articleId];
  return typeof vote === "boolean" ? vote : null;
}

export function rememberVote(articleId, helpful) {
  localStorage.setItem(VOTES_KEY, JSON.stringify({ ...votesGiven(), [articleId]: helpful }));
}

export function vote(articleId, helpful) {
  return api("POST", `${ARTICLES}/${encodeURIComponent(articleId)}/votes`, { helpful, voter: voterId() });
}

// --- the ticket form ---------------------------------------------------------------------

// Under the ticket form's subject: the three articles that best match it, in a polite live
// region, each opening inline (fetched when first opened, so the draft stays as it is) with
// "This solved it". `formKey()` is the ticket form's current Idempotency-Key: the article is
// credited once per form, with the key the ticket would have been opened with. `solved()`
// clears the draft. Nothing is shown while the help centre is off.
export function articleSuggestions(subject, { formKey, solved }) {
  const region = el("div", { class: "help-suggestions", "aria-live": "polite", "data-testid": "help-suggestions" });
  if (!isOn("help")) return { element: region, clear() {} };
  let timer = null;
  let asked = 0; // the latest search; an earlier reply that comes later is dropped
  let shown = "";

  function clear() {
    clearTimeout(timer);
    asked += 1;
    shown = "";
    region.replaceChildren();
  }

  async function suggest(text) {
    const mine = ++asked;
    let found;
    try {
      found = await findArticles({ q: text, count: SUGGESTED });
    } catch {
      found = { articles: [] }; // a help centre out of reach: the ticket form goes on without it
    }
    if (mine !== asked) return;
    const articles = found.articles.slice(0, SUGGESTED);
    const ids = articles.map((article) => article.article_id).join(" ");
    if (ids === shown) return; // the same articles: what the reader opened stays open
    shown = ids;
    if (!articles.length) return region.replaceChildren();
    const problems = alertRegion();
    region.replaceChildren(
      el("p", { class: "help-suggestions-intro", id: "help-suggestions-intro" }, icon("help"), t("help.suggest.intro")),
      el(
        "ul",
        { class: "help-suggestion-list", "aria-labelledby": "help-suggestions-intro" },
        ...articles.map((article) => suggestion(article, problems)),
      ),
      problems,
    );
  }

  function suggestion(article, problems) {
    const panelId = `help-suggestion-${article.article_id}`;
    const panel = el("div", { class: "help-suggestion-body", id: panelId, hidden: true });
    const toggle = el(
      "button",
      {
        type: "button",
        class: "link help-suggestion-title",
        "aria-expanded": "false",
        "aria-controls": panelId,
        lang: article.language,
      },
      el("span", { text: article.title }),
    );
    toggle.addEventListener("click", async () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
      if (!open || panel.dataset.loaded) return;
      try {
        const full = await busy(toggle, () => readArticle(article.article_id));
        panel.dataset.loaded = "true";
        panel.replaceChildren(
          articleBody(full.html, full.language),
          el(
            "p",
            {},
            // Another tab: the draft in this one stays as it is.
            el("a", {
              href: `/help/${article.article_id}`,
              target: "_blank",
              rel: "noopener",
              text: t("help.suggest.open"),
            }),
          ),
        );
      } catch (error) {
        toggle.setAttribute("aria-expanded", "false");
        panel.hidden = true;
        showError(problems, error);
      }
    });
    const solvedIt = button("help.suggest.solved", {
      kind: "secondary",
      icon: "check",
      "aria-label": t("help.suggest.solved_of", { title: article.title }),
    });
    solvedIt.addEventListener("click", async () => {
      showError(problems, null);
      try {
        await busy(solvedIt, () =>
          api("POST", `${ARTICLES}/${encodeURIComponent(article.article_id)}/solved`, undefined, {
            "Idempotency-Key": formKey(),
          }),
        );
      } catch (error) {
        return showError(problems, error);
      }
      clear();
      await solved(article);
    });
    return el(
      "li",
      { class: "help-suggestion" },
      el("div", { class: "help-suggestion-head" }, toggle, el("p", { class: "hint", text: article.excerpt })),
      panel,
      el("div", { class: "actions" }, solvedIt),
    );
  }

  subject.addEventListener("input", () => {
    clearTimeout(timer);
    const text = subject.value.trim();
    if (text.length < SUGGEST_FROM) return clear();
    timer = setTimeout(() => suggest(text), SUGGEST_AFTER_MS);
  });
  return { element: region, clear };
}
