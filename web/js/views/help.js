// The help centre (docs/help.md): answers customers find themselves. The index searches as
// one types (and on Enter), the words kept in the address (?q=) so Back comes back to them;
// categories with their counts (?category=); the articles with their excerpts. An article:
// its body as the server rendered it, its files, "Was this helpful?", and the way to a ticket
// after all.
// Readable before sign-in when the business says so (nav.js: `guests`).
import { language, t } from "../i18n.js";
import { isOn } from "../portal.js";
import { mayChange, session } from "../session.js";
import { fileSize } from "../upload.js";
import { alertRegion, button, el, emptyState, heading, icon, showError } from "../ui.js";
import { articleBody, findArticles, readArticle, rememberVote, updatedText, vote, voteGiven } from "./help-parts.js";

const SEARCH_AFTER_MS = 250;
// The list last shown, query and all: an article's "Back to the articles" returns to it.
let lastList = "/help";

export async function render(main, _config, _navigate, articleId) {
  if (articleId) return renderArticle(main, articleId);
  return renderIndex(main);
}

function buttonLink(href, key, iconName, kind = "secondary") {
  return el("a", { href, class: `button ${kind}` }, icon(iconName), el("span", { text: t(key) }));
}

// Where someone goes when the help centre has no answer: a customer who may open tickets to the
// ticket form, a guest to sign in; else nowhere (the footer has the business's contact).
function askUs() {
  const person = session.person;
  if (!person) return buttonLink("/signin", "help.ask_signin", "user");
  if (person.kind === "customer" && isOn("tickets") && mayChange("support")) {
    return buttonLink("/support", "help.ask", "support");
  }
  return null;
}

function listAddress(q, category) {
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (category) query.set("category", category);
  const search = query.toString();
  return search ? `/help?${search}` : "/help";
}

function articleItem(article) {
  const lang = article.language === language() ? null : article.language;
  return el(
    "li",
    { class: "help-article" },
    el("h3", {}, el("a", { href: `/help/${article.article_id}`, lang, text: article.title })),
    el("p", { class: "help-excerpt", lang, text: article.excerpt }),
    el(
      "p",
      { class: "help-meta" },
      el("span", { class: "help-category-name", text: article.category }),
      el("span", { "aria-hidden": "true", text: " · " }),
      el("span", { text: updatedText(article.updated_at) }),
    ),
  );
}

async function renderIndex(main) {
  const params = new URLSearchParams(location.search);
  let q = (params.get("q") || "").trim();
  const category = params.get("category") || "";
  const first = await findArticles({ q, category });
  const problems = alertRegion();
  const input = el("input", {
    type: "search",
    id: "help-q",
    name: "q",
    value: q,
    maxlength: "200",
    autocomplete: "off",
    enterkeyhint: "search",
  });
  const search = el(
    "form",
    { class: "card help-search", role: "search", "aria-label": t("help.search.label") },
    el("label", { for: input.id, text: t("help.search.label") }),
    el(
      "div",
      { class: "help-search-row" },
      input,
      button("help.search.submit", { kind: "primary", type: "submit", icon: "search" }),
    ),
  );
  const categories = el("nav", { class: "help-categories", "aria-labelledby": "help-categories-heading" });
  const count = el("p", { class: "hint help-count", role: "status", "data-testid": "help-count" });
  const list = el("div", { class: "help-list" });
  const results = el(
    "section",
    { class: "help-results", "aria-labelledby": "help-results-heading" },
    el("h2", { id: "help-results-heading" }),
    count,
    list,
  );

  function drawCategories(found) {
    const total = found.categories.reduce((sum, entry) => sum + entry.articles, 0);
    const entry = (href, name, articles, current) =>
      el(
        "li",
        {},
        el(
          "a",
          { href, "aria-current": current ? "page" : null },
          el("span", { class: "help-category-label", text: name }),
          el("span", { class: "badge", text: String(articles) }),
        ),
      );
    categories.replaceChildren(
      el("h2", { id: "help-categories-heading", text: t("help.categories") }),
      el(
        "ul",
        { "data-scrolls": "" },
        entry(listAddress(q, ""), t("help.all"), total, !category),
        ...found.categories.map((c) =>
          entry(listAddress("", c.name), c.name, c.articles, c.name.toLowerCase() === category.toLowerCase()),
        ),
      ),
    );
  }

  function drawResults(found) {
    const named = found.categories.find((c) => c.name.toLowerCase() === category.toLowerCase())?.name || category;
    results.querySelector("h2").textContent = q
      ? t("help.results_for", { query: q })
      : category
        ? named
        : t("help.all");
    count.textContent = t("help.count", { count: found.articles.length });
    if (found.articles.length) {
      list.replaceChildren(el("ul", { class: "help-articles" }, ...found.articles.map(articleItem)));
      return;
    }
    list.replaceChildren(
      el(
        "div",
        { class: "empty-state", "data-testid": "empty-state" },
        icon("search"),
        el("p", { text: q ? t("help.none_found", { query: q }) : t("help.none_yet") }),
        askUs(),
      ),
    );
  }

  function draw(found) {
    lastList = listAddress(q, category);
    drawCategories(found);
    drawResults(found);
  }

  // Each keystroke's search waits for a pause; a reply to an earlier one that arrives later
  // is dropped. The address follows the words (replaced, not pushed: Back leaves the help
  // centre rather than stepping back through every letter typed).
  let timer = null;
  let asked = 0;
  async function searchNow(again = false) {
    clearTimeout(timer);
    const typed = input.value.trim();
    if (typed === q && !again) return;
    q = typed;
    history.replaceState(history.state, "", listAddress(q, category));
    const mine = ++asked;
    try {
      const found = await findArticles({ q, category });
      if (mine !== asked) return;
      showError(problems, null);
      draw(found);
    } catch (error) {
      if (mine === asked) showError(problems, error);
    }
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(searchNow, SEARCH_AFTER_MS);
  });
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow(true); // Enter searches at once, even the words already shown
  });

  draw(first);
  main.replaceChildren(
    heading("help.heading"),
    el("p", { class: "lead", text: t("help.lead") }),
    search,
    problems,
    el("div", { class: "help-layout" }, categories, results),
  );
  return () => clearTimeout(timer);
}

// --- an article ----------------------------------------------------------------------------

function voteBox(article) {
  const problems = alertRegion();
  const given = voteGiven(article.article_id);
  const thanks = el("p", { class: "help-vote-thanks", role: "status", "data-testid": "help-vote-thanks" });
  const tally = el("p", { class: "hint", "data-testid": "help-vote-tally" });
  const yes = button("help.vote.yes", { kind: "secondary", icon: "check", "aria-pressed": String(given === true) });
  const no = button("help.vote.no", { kind: "secondary", icon: "close", "aria-pressed": String(given === false) });
  function show(counts, chosen) {
    tally.textContent = t("help.vote.tally", { helpful: counts.helpful, not_helpful: counts.not_helpful });
    yes.setAttribute("aria-pressed", String(chosen === true));
    no.setAttribute("aria-pressed", String(chosen === false));
    if (chosen !== null) thanks.textContent = t(chosen ? "help.vote.thanks_yes" : "help.vote.thanks_no");
  }
  async function choose(helpful, control) {
    showError(problems, null);
    control.disabled = true;
    control.setAttribute("aria-busy", "true");
    try {
      const counts = await vote(article.article_id, helpful);
      rememberVote(article.article_id, helpful);
      show(counts, helpful);
    } catch (error) {
      showError(problems, error);
    } finally {
      control.disabled = false;
      control.removeAttribute("aria-busy");
    }
  }
  yes.addEventListener("click", () => choose(true, yes));
  no.addEventListener("click", () => choose(false, no));
  show(article, given);
  return el(
    "section",
    { class: "card help-vote", "aria-labelledby": "help-vote-heading" },
    el("h2", { id: "help-vote-heading", text: t("help.vote.question") }),
    el("div", { class: "actions", role: "group", "aria-labelledby": "help-vote-heading" }, yes, no),
    thanks,
    tally,
    problems,
  );
}

// The article's files (a form, a price list), each a plain link: the API answers it with a
// short-lived link to the file, saved under its own name. Nothing when it has none.
function articleFiles(files) {
  if (!files?.length) return null;
  return el(
    "section",
    { class: "help-files", "aria-labelledby": "help-files-heading" },
    el("h2", { id: "help-files-heading", text: t("help.files.heading") }),
    el(
      "ul",
      { class: "help-file-list" },
      ...files.map((file) =>
        el(
          "li",
          {},
          el(
            "a",
            { href: file.url, class: "help-file" },
            icon("download"),
            el("span", { class: "help-file-name", text: file.file_name }),
            el("span", { class: "help-file-size", text: fileSize(file.size) }),
          ),
        ),
      ),
    ),
  );
}

// A customer who may open tickets: the ticket form, when the article did not answer.
function stillNeedHelp() {
  const person = session.person;
  if (person?.kind !== "customer" || !isOn("tickets") || !mayChange("support")) return null;
  return el(
    "section",
    { class: "help-more", "aria-labelledby": "help-more-heading" },
    el("h2", { id: "help-more-heading", text: t("help.more.heading") }),
    buttonLink("/support", "help.more.ticket", "support"),
  );
}

async function renderArticle(main, articleId) {
  const back = el("p", { class: "back" }, el("a", { href: lastList, text: t("help.back") }));
  let article;
  try {
    article = await readArticle(articleId);
  } catch (error) {
    if (error.status !== 404 || error.code === "part_turned_off") throw error;
    // A draft, an article taken back, or a mistyped address: said as such, with the way back.
    main.replaceChildren(back, heading("help.gone.heading"), emptyState("help", "help.gone.body"));
    return;
  }
  const other = article.language !== language();
  const lang = other ? article.language : null;
  main.replaceChildren(
    back,
    el(
      "article",
      { class: "help-page", "aria-labelledby": "help-article-title" },
      el("p", { class: "help-category-name", lang, text: article.category }),
      el("h1", { id: "help-article-title", lang, text: article.title }),
      other ? el("p", { class: "help-language-note" }, icon("globe"), t(`help.written_in.${article.language}`)) : null,
      articleBody(article.html, article.language),
      articleFiles(article.files),
      el("p", { class: "help-meta", text: updatedText(article.updated_at) }),
    ),
    voteBox(article),
    stillNeedHelp() || "",
  );
}
