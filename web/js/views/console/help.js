// Operator console: the help centre's articles (docs/help.md). The list: each article with its
// languages (draft or published), its views, votes and the tickets it avoided; a new article
// (its first language, a draft). An article: one tab per language, each with its category,
// title and Markdown body, Save, Publish or Unpublish, and the page as readers will see it; and
// its files (a form, a price list), added through the documents path and removed here.
import { api, formKey } from "../../api.js";
import { LANGUAGES, t } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../languages.js";
import { portal } from "../../portal.js";
import { fileField, fileSize, progressBar, sendFile, uploadFile } from "../../upload.js";
import {
  alertRegion,
  busy,
  button,
  checkForm,
  confirmAction,
  dataTable,
  dateTime,
  day,
  downloadButton,
  el,
  emptyState,
  field,
  heading,
  icon,
  languageSelect,
  number,
  onSubmit,
  pill,
  showError,
  showResult,
} from "../../ui.js";
import { articleBody } from "../help-parts.js";

const STAFF = "/tickets/operator/help/articles";
// The most files an article takes (functions/tickets/help_files.py MOST_FILES): a full article
// offers no upload, rather than one the API refuses.
const MOST_FILES = 10;
const STATUS_TONES = { published: "success", draft: "neutral", missing: "neutral" };

export async function render(main, _config, navigate, articleId) {
  if (articleId) return renderArticle(main, articleId);
  return renderList(main, navigate);
}

// The version an article goes by in the console: the one in the business's language, else its
// first.
function shownVersion(versions) {
  return versions.find((v) => v.language === portal.default_language) || versions[0];
}

function titleOf(versions) {
  return shownVersion(versions)?.title || "—";
}

function statusPill(status) {
  return pill(t(`help.console.status.${status}`), STATUS_TONES[status]);
}

// The three fields every version has, named as the API names them (its refusals land beside
// them); `prefix` keeps each language's ids apart on the article page.
function versionFields(prefix, { version = {}, categories = [], lang = null } = {}) {
  const listId = `${prefix}-categories`;
  const category = el("input", {
    lang,
    type: "text",
    name: "category",
    maxlength: "60",
    required: true,
    autocomplete: "off",
    value: version.category || "",
    list: categories.length ? listId : null,
  });
  const title = el("input", {
    lang,
    type: "text",
    name: "title",
    maxlength: "200",
    required: true,
    autocomplete: "off",
    value: version.title || "",
  });
  const body = el("textarea", { lang, name: "body", rows: "12", maxlength: "5000", required: true });
  body.value = version.body || "";
  return {
    controls: { category, title, body },
    elements: [
      field(`${prefix}-category`, "help.console.category", category, "help.console.category_hint"),
      categories.length
        ? el("datalist", { id: listId }, ...categories.map((name) => el("option", { value: name })))
        : null,
      field(`${prefix}-title`, "help.console.title", title),
      field(`${prefix}-body`, "help.console.body", body, "help.console.body_hint"),
    ],
    text: () => ({ category: category.value.trim(), title: title.value.trim(), body: body.value.trim() }),
  };
}

// --- the list --------------------------------------------------------------------------------

function languagesCell(versions) {
  return el(
    "ul",
    { class: "help-versions" },
    ...versions.map((version) =>
      el(
        "li",
        {},
        el("span", { class: "help-version-code", "aria-hidden": "true", text: version.language.toUpperCase() }),
        el("span", { class: "visually-hidden", text: `${LANGUAGE_NAMES[version.language]}:` }),
        statusPill(version.status),
      ),
    ),
  );
}

function articleRow(article) {
  const shown = shownVersion(article.versions);
  return el(
    "tr",
    { "data-article": article.article_id },
    el(
      "th",
      { scope: "row" },
      el("a", {
        href: `/console/help/${article.article_id}`,
        lang: shown?.language || null,
        text: shown?.title || "—",
      }),
    ),
    el("td", {}, languagesCell(article.versions)),
    el("td", { class: "figure-cell", text: number(article.views) }),
    el("td", { class: "figure-cell", text: number(article.helpful) }),
    el("td", { class: "figure-cell", text: number(article.not_helpful) }),
    el("td", { class: "figure-cell", "data-testid": "help-avoided", text: number(article.avoided) }),
    el("td", { text: day(article.updated_at) }),
  );
}

function newArticleForm(categories, navigate) {
  const problems = alertRegion();
  const language = languageSelect(portal.default_language);
  language.name = "language";
  const fields = versionFields("help-new", { categories });
  // The words are typed in the language chosen for them.
  language.addEventListener("change", () => {
    for (const control of Object.values(fields.controls)) control.lang = language.value;
  });
  for (const control of Object.values(fields.controls)) control.lang = language.value;
  const form = el(
    "form",
    { class: "card stack help-editor", id: "help-new-form", "aria-labelledby": "help-new-heading", hidden: true },
    el("h2", { id: "help-new-heading", text: t("help.console.new") }),
    el("p", { class: "hint", text: t("help.console.new_hint") }),
    problems,
    field("help-new-language", "help.console.language", language),
    ...fields.elements,
    el("div", { class: "actions" }, button("help.console.create", { kind: "primary", type: "submit", icon: "plus" })),
  );
  const open = button("help.console.new", {
    kind: "primary",
    icon: "plus",
    "aria-expanded": "false",
    "aria-controls": form.id,
  });
  open.addEventListener("click", () => {
    const opening = form.hidden;
    form.hidden = !opening;
    open.setAttribute("aria-expanded", String(opening));
    if (opening) language.focus();
  });
  let key = formKey(); // one form, one article, however often it is sent
  onSubmit(
    form,
    problems,
    () => api("POST", STAFF, { language: language.value, ...fields.text() }, { "Idempotency-Key": key }),
    (made) => {
      key = formKey();
      navigate(`/console/help/${made.article_id}?lang=${language.value}`);
    },
  );
  return [el("div", { class: "actions help-new" }, open), form];
}

async function renderList(main, navigate) {
  const { items } = await api("GET", STAFF);
  const categories = [...new Set(items.flatMap((a) => a.versions.map((v) => v.category)))].sort();
  const rows = el("tbody", {}, ...items.map(articleRow));
  const table = dataTable(
    "help.console.articles",
    [
      "help.console.article",
      "help.console.languages",
      "help.console.views",
      "help.console.helpful",
      "help.console.not_helpful",
      "help.console.avoided",
      "help.console.updated",
    ],
    rows,
  );
  table.classList.add("help-table");
  main.replaceChildren(
    heading("help.console.heading"),
    el("p", { class: "lead", text: t("help.console.lead") }),
    ...newArticleForm(categories, navigate),
    items.length
      ? table
      : el(
          "div",
          { class: "empty-state", "data-testid": "empty-state" },
          icon("book"),
          el("p", { text: t("help.console.none") }),
        ),
  );
}

// --- an article --------------------------------------------------------------------------------

function figures(article) {
  const figure = (key, value, testId) =>
    el(
      "div",
      { class: "figure" },
      el("p", { class: "label", text: t(key) }),
      el("p", { class: "value", "data-testid": testId, text: number(value) }),
    );
  return el(
    "div",
    { class: "card figures help-figures" },
    figure("help.console.views", article.views, "help-views"),
    figure("help.console.helpful", article.helpful, "help-helpful"),
    figure("help.console.not_helpful", article.not_helpful, "help-not-helpful"),
    figure("help.console.avoided", article.avoided, "help-avoided"),
  );
}

// One language's version: its editor, its state and the page readers see. `apply(reply)`
// takes every reply (any language's save or publish moves the whole article).
function versionPanel(code, article, onReply) {
  const prefix = `help-${code}`;
  const problems = alertRegion();
  const result = el("div", { class: "result-slot" });
  const state = el("p", { class: "help-version-state", "data-testid": `help-state-${code}` });
  const preview = el("div", { class: "help-preview-body" });
  const previewSection = el(
    "section",
    { class: "help-preview", "aria-labelledby": `${prefix}-preview` },
    el("h3", { id: `${prefix}-preview`, text: t("help.console.preview") }),
    preview,
  );
  let saved = article.texts.find((text) => text.language === code) || null;
  // The article's version as this page last read it: a save by someone else since is a 409.
  let version = article.version;
  const fields = versionFields(prefix, { version: saved || {}, lang: code });
  const save = button("help.console.save", { kind: "primary", type: "submit" });
  const publish = button("help.console.publish", { kind: "secondary", icon: "check" });
  const unpublish = button("help.console.unpublish", { kind: "quiet", icon: "close" });
  const form = el(
    "form",
    { class: "stack help-editor" },
    problems,
    ...fields.elements,
    el("div", { class: "actions" }, save, publish, unpublish),
    result,
  );
  const panel = el(
    "div",
    { role: "tabpanel", id: `${prefix}-panel`, "aria-labelledby": `${prefix}-tab`, class: "help-panel" },
    state,
    form,
    previewSection,
  );

  function changed() {
    const typed = fields.text();
    return !saved || ["category", "title", "body"].some((name) => typed[name] !== saved[name]);
  }

  function draw() {
    const status = saved?.status || "missing";
    state.replaceChildren(
      statusPill(status),
      " ",
      saved?.status === "published"
        ? t("help.console.state.published", { date: dateTime(saved.published_at || saved.updated_at) })
        : t(`help.console.state.${status}`),
    );
    publish.hidden = saved?.status === "published";
    unpublish.hidden = saved?.status !== "published";
    previewSection.hidden = !saved;
    if (saved) preview.replaceChildren(articleBody(saved.html, code));
  }

  // Every reply is the whole article: this version as saved, and the figures and tabs with it.
  function apply(reply) {
    saved = reply.texts.find((text) => text.language === code) || null;
    version = reply.version;
    draw();
  }

  async function write() {
    return api("PUT", `${STAFF}/${article.article_id}/versions/${code}`, { ...fields.text(), version });
  }

  onSubmit(form, problems, write, (reply) => {
    onReply(reply);
    showResult(result, "success", t(saved.status === "published" ? "help.console.saved_live" : "help.console.saved"));
  });

  // Publish publishes what is typed: unsaved words are saved first.
  publish.addEventListener("click", async () => {
    showError(problems, null, form);
    result.replaceChildren();
    if (!checkForm(form)) return;
    try {
      const reply = await busy(publish, async () => {
        if (changed()) onReply(await write());
        return api("POST", `${STAFF}/${article.article_id}/versions/${code}/publish`);
      });
      onReply(reply);
      showResult(result, "success", t("help.console.published"));
    } catch (error) {
      showError(problems, error, form);
    }
  });
  unpublish.addEventListener("click", async () => {
    showError(problems, null, form);
    result.replaceChildren();
    try {
      onReply(await busy(unpublish, () => api("POST", `${STAFF}/${article.article_id}/versions/${code}/unpublish`)));
      showResult(result, "success", t("help.console.unpublished"));
    } catch (error) {
      showError(problems, error, form);
    }
  });
  draw();
  return { panel, apply, status: () => saved?.status || "missing" };
}

// The article's files, each downloaded through the staff route (a draft's too) and removable;
// a new one is posted straight to storage, then confirmed. `take(article)` draws them from any
// reply that is the whole article.
function filesCard(articleId) {
  const base = `${STAFF}/${encodeURIComponent(articleId)}/files`;
  const problems = alertRegion();
  const result = el("div", { class: "result-slot" });
  const list = el("ul", { class: "help-file-rows", "aria-labelledby": "help-files-heading" });
  const none = emptyState("document", "help.console.files.none");
  const unseen = el("p", { class: "help-files-unseen", "data-testid": "help-files-unseen" });
  unseen.append(icon("info"), el("span", { text: t("help.console.files.unpublished") }));
  const full = el("p", { class: "hint", text: t("help.console.files.full", { most: MOST_FILES }) });
  const chooser = fileField("help-file", "help.console.files.choose");
  const progress = progressBar("help-file-progress");
  const uploadProblems = alertRegion();
  const form = el(
    "form",
    { class: "stack help-file-form" },
    chooser.element,
    progress.element,
    uploadProblems,
    el("div", { class: "actions" }, button("help.console.files.upload", { type: "submit", icon: "upload" })),
  );
  const card = el(
    "section",
    { class: "card stack help-files-card", "aria-labelledby": "help-files-heading" },
    el("h2", { id: "help-files-heading", text: t("help.console.files.heading") }),
    el("p", { class: "hint", text: t("help.console.files.hint", { most: MOST_FILES }) }),
    unseen,
    problems,
    result,
    list,
    none,
    full,
    form,
  );
  let files = [];

  function draw() {
    list.replaceChildren(...files.map(fileRow));
    list.hidden = !files.length;
    none.hidden = files.length > 0;
    full.hidden = files.length < MOST_FILES;
    form.hidden = !full.hidden;
  }

  function take(article) {
    files = article.files || [];
    unseen.hidden = article.versions.some((version) => version.status === "published");
    draw();
  }

  function fileRow(file) {
    const name = file.file_name;
    const open = downloadButton(
      "documents.download_named",
      `${base}/${encodeURIComponent(file.file_id)}/download`,
      (error) => showError(problems, error),
      { title: name },
    );
    // The file's name is what is shown, "Download" and the name what is said.
    open.className = "link help-file-name";
    open.setAttribute("aria-label", t("documents.download_named", { title: name }));
    open.replaceChildren(icon("document"), el("span", { text: name }));
    const remove = button("help.console.files.remove", {
      kind: "quiet",
      icon: "close",
      "aria-label": t("help.console.files.remove_named", { name }),
    });
    remove.addEventListener("click", async () => {
      const sure = await confirmAction("help.console.files.remove_confirm", {
        values: { name },
        confirmKey: "help.console.files.remove_yes",
      });
      if (!sure) return remove.focus();
      showError(problems, null);
      result.replaceChildren();
      let gone = null;
      try {
        await busy(remove, () => api("DELETE", `${base}/${encodeURIComponent(file.file_id)}`));
      } catch (error) {
        // Removed meanwhile (another tab, a colleague): gone from the list as from the article.
        if (error.code !== "article_file_not_found") return showError(problems, error);
        gone = error;
      }
      files = files.filter((other) => other.file_id !== file.file_id);
      draw();
      if (gone) showError(problems, gone);
      else showResult(result, "success", t("help.console.files.removed", { name }));
    });
    return el(
      "li",
      { class: "help-file-row", "data-file": file.file_id },
      open,
      el(
        "span",
        { class: "help-file-facts" },
        el("span", { text: fileSize(file.size) }),
        // Kept with the size: a narrow column breaks after it, before the date.
        el("span", { "aria-hidden": "true", text: "\u00a0·" }),
        " ",
        el("span", { text: t("help.console.files.added_at", { date: day(file.added_at) }) }),
      ),
      remove,
    );
  }

  sendFile(
    form,
    chooser.input,
    uploadProblems,
    (file) => {
      showError(problems, null);
      result.replaceChildren();
      return uploadFile(file, `${base}/uploads`, (id) => `${base}/uploads/${encodeURIComponent(id)}/confirm`, progress);
    },
    (added) => {
      // A confirm sent again answers the same file: listed once.
      files = [...files.filter((other) => other.file_id !== added.file_id), added];
      chooser.reset();
      progress.hide();
      draw();
      showResult(result, "success", t("help.console.files.added", { name: added.file_name }));
    },
  );
  return { element: card, take };
}

async function renderArticle(main, articleId) {
  let article = await api("GET", `${STAFF}/${encodeURIComponent(articleId)}`);
  const asked = new URLSearchParams(location.search).get("lang");
  const written = article.texts.map((text) => text.language);
  let current = LANGUAGES.includes(asked)
    ? asked
    : written.includes(portal.default_language)
      ? portal.default_language
      : written[0];
  const title = el("h1", {});
  const figureSlot = el("div");
  const files = filesCard(article.article_id);
  const tabs = {};
  const panels = {};

  function onReply(reply) {
    article = reply;
    drawHeader();
    for (const code of LANGUAGES) {
      panels[code].apply(reply);
      tabs[code].querySelector(".help-tab-state").replaceChildren(statusPill(panels[code].status()));
    }
  }

  function drawHeader() {
    title.textContent = titleOf(article.versions);
    figureSlot.replaceChildren(figures(article));
    files.take(article); // a publish or unpublish changes who sees them
  }

  function select(code, focus = false) {
    current = code;
    for (const other of LANGUAGES) {
      const chosen = other === code;
      tabs[other].setAttribute("aria-selected", String(chosen));
      tabs[other].tabIndex = chosen ? 0 : -1;
      panels[other].panel.hidden = !chosen;
    }
    if (focus) tabs[code].focus();
    history.replaceState(history.state, "", `/console/help/${article.article_id}?lang=${code}`);
  }

  for (const code of LANGUAGES) {
    panels[code] = versionPanel(code, article, onReply);
    tabs[code] = el(
      "button",
      {
        type: "button",
        role: "tab",
        id: `help-${code}-tab`,
        class: "help-tab",
        "aria-controls": `help-${code}-panel`,
      },
      el("span", { class: "help-tab-name", lang: code, text: LANGUAGE_NAMES[code] }),
      el("span", { class: "help-tab-state" }, statusPill(panels[code].status())),
    );
    tabs[code].addEventListener("click", () => select(code));
  }
  // Arrow keys move along the tabs, as a tab list does (WAI-ARIA Authoring Practices).
  const tablist = el(
    "div",
    { role: "tablist", class: "help-tabs", "aria-label": t("help.console.languages") },
    ...LANGUAGES.map((code) => tabs[code]),
  );
  tablist.addEventListener("keydown", (event) => {
    const at = LANGUAGES.indexOf(current);
    const to = {
      ArrowRight: (at + 1) % LANGUAGES.length,
      ArrowLeft: (at + LANGUAGES.length - 1) % LANGUAGES.length,
      Home: 0,
      End: LANGUAGES.length - 1,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(LANGUAGES[to], true);
  });

  drawHeader();
  main.replaceChildren(
    el("p", { class: "back" }, el("a", { href: "/console/help", text: t("help.console.back") })),
    title,
    figureSlot,
    el("div", { class: "card help-versions-card" }, tablist, ...LANGUAGES.map((code) => panels[code].panel)),
    files.element,
  );
  select(current);
}
