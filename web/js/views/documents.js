// Documents: what the business shared (new until first opened), and what it asked for, with uploads.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { fileInput, fileSize, progressBar, sendOnSubmit, uploadFile } from "../upload.js";
import { alertRegion, dataTable, dateTime, day, downloadButton, el, heading, showError } from "../ui.js";

export const DOCUMENT_TYPES = ["contract", "report", "certificate", "manual", "statement", "other"];

export function newBadge() {
  return el("span", { class: "badge", text: t("documents.new") });
}

function documentRow(document, onError, reload) {
  // The first download clears "new": then the list is drawn again.
  const download = downloadButton(
    "documents.download",
    `/documents/${document.document_id}/download`,
    onError,
    {},
    document.new ? reload : null,
  );
  download.setAttribute("aria-label", t("documents.download_named", { title: document.title }));
  return el(
    "tr",
    { "data-document": document.document_id },
    el("th", { scope: "row" }, el("span", { text: document.title }), document.new ? newBadge() : null),
    el("td", { text: t(`documents.type.${document.doc_type}`) }),
    el("td", { text: `${document.file_name} · ${fileSize(document.size)}` }),
    el("td", { text: dateTime(document.shared_at) }),
    el("td", {}, download),
  );
}

function requestCard(request, onError, reload) {
  const parts = [
    el("h3", { text: request.title }),
    request.description ? el("p", { text: request.description }) : null,
    el("p", {
      text: `${t("documents.request.status")}: ${t(`documents.request.${request.status}`)}${request.due_date ? ` · ${t("documents.request.due", { date: day(request.due_date) })}` : ""}`,
    }),
  ];
  if (request.status === "received") {
    parts.push(
      el("p", { text: `${request.file_name} · ${fileSize(request.size)} · ${dateTime(request.received_at)}` }),
    );
    parts.push(
      downloadButton(
        "documents.request.sent_file",
        `/documents/document-requests/${request.request_id}/download`,
        onError,
      ),
    );
  }
  if (request.status === "requested") {
    const input = fileInput(`file-${request.request_id}`);
    const progress = progressBar(`progress-${request.request_id}`);
    const send = el("button", { type: "submit", class: "primary", text: t("documents.request.upload") });
    const form = el(
      "form",
      { class: "stack", novalidate: true },
      el("label", { for: input.id, text: t("documents.request.choose") }),
      input,
      progress.element,
      send,
    );
    sendOnSubmit(form, input, send, onError, async (file) => {
      await uploadFile(
        file,
        `/documents/document-requests/${request.request_id}/uploads`,
        (id) => `/documents/uploads/${id}/confirm`,
        progress,
      );
      await reload();
    });
    parts.push(form);
  }
  return el("article", { class: "card stack", "data-request": request.request_id }, ...parts);
}

export async function render(main) {
  const problems = alertRegion();
  const onError = (error) => showError(problems, error);
  const rows = el("tbody");
  const newCount = el("p", { role: "status", "data-testid": "new-documents" });
  const type = el(
    "select",
    { id: "document-type", "aria-label": t("documents.filter") },
    el("option", { value: "", text: t("documents.all_types") }),
    ...DOCUMENT_TYPES.map((value) => el("option", { value, text: t(`documents.type.${value}`) })),
  );
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  const requests = el("div", { class: "stack" });
  let cursor = null;
  let latest = 0;

  async function loadDocuments(reset) {
    const query = new URLSearchParams({ limit: "20" });
    if (type.value) query.set("type", type.value);
    if (!reset && cursor) query.set("cursor", cursor);
    const ticket = ++latest;
    const page = await api("GET", `/documents?${query}`);
    if (ticket !== latest) return; // a later load is drawing
    if (reset) rows.replaceChildren();
    rows.append(...page.items.map((document) => documentRow(document, onError, () => loadDocuments(true))));
    // A filtered page is one read: it may hold none of the type yet have more after it.
    if (reset && !page.items.length && !page.next_cursor)
      rows.append(el("tr", {}, el("td", { colspan: "5", text: t("documents.none") })));
    newCount.textContent = t("documents.new_count", { count: page.new_count });
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  async function loadRequests() {
    const page = await api("GET", "/documents/document-requests?limit=50");
    requests.replaceChildren(
      ...(page.items.length
        ? page.items.map((request) => requestCard(request, onError, loadRequests))
        : [el("p", { text: t("documents.requests.none") })]),
    );
  }

  type.addEventListener("change", () => loadDocuments(true).catch(onError));
  more.addEventListener("click", () => loadDocuments(false).catch(onError));
  main.replaceChildren(
    heading("documents.heading"),
    problems,
    newCount,
    el(
      "section",
      { class: "stack", "aria-labelledby": "requests-heading" },
      el("h2", { id: "requests-heading", text: t("documents.requests") }),
      requests,
    ),
    el(
      "section",
      { class: "stack", "aria-labelledby": "shared-heading" },
      el("h2", { id: "shared-heading", text: t("documents.shared") }),
      el("div", { class: "actions" }, type),
      dataTable(
        "documents.shared",
        ["documents.title", "documents.type", "documents.file", "documents.shared_at", "documents.actions"],
        rows,
      ),
      more,
    ),
  );
  await Promise.all([loadDocuments(true), loadRequests()]);
}
