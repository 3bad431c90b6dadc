// Documents: what the business asked for (with its due date, the file chooser and the upload)
// first, since it is the customer's to do; then what it shared (new until first opened). A
// role that reads documents but may not send them (a viewer) sees the requests without uploads.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import { fileField, fileSize, progressBar, sendFile, uploadFile } from "../upload.js";
import {
  alertRegion,
  button,
  dataTable,
  dateTime,
  day,
  downloadButton,
  el,
  emptyState,
  heading,
  pill,
  showError,
  showResult,
  toneOf,
} from "../ui.js";

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
  download.classList.add("button", "download");
  download.setAttribute("aria-label", t("documents.download_named", { title: document.title }));
  return el(
    "tr",
    { "data-document": document.document_id },
    el(
      "th",
      { scope: "row" },
      el("span", { class: "document-title", text: document.title }),
      document.new ? newBadge() : null,
    ),
    el("td", { text: t(`documents.type.${document.doc_type}`) }),
    el("td", { class: "file-facts", text: `${document.file_name} · ${fileSize(document.size)}` }),
    el("td", { text: dateTime(document.shared_at) }),
    el("td", {}, download),
  );
}

function requestFacts(request) {
  return el(
    "div",
    { class: "request-head" },
    el("h3", { text: request.title }),
    pill(t(`documents.request.${request.status}`), toneOf(request.status)),
  );
}

function uploadForm(request, reload) {
  const id = request.request_id;
  const chooser = fileField(`file-${id}`, "documents.request.choose");
  const progress = progressBar(`progress-${id}`);
  const region = alertRegion();
  const form = el(
    "form",
    { class: "upload-form stack" },
    chooser.element,
    progress.element,
    region,
    button("documents.request.upload", { kind: "primary", icon: "upload", type: "submit" }),
  );
  sendFile(
    form,
    chooser.input,
    region,
    (file) =>
      uploadFile(
        file,
        `/documents/document-requests/${id}/uploads`,
        (upload) => `/documents/uploads/${upload}/confirm`,
        progress,
      ),
    async (_result, file) => {
      // The request is drawn again as received; the result is said where the form was.
      const card = await reload();
      const slot = card?.querySelector(".request-result");
      if (slot) showResult(slot, "success", t("documents.request.uploaded", { file: file.name }));
    },
  );
  return form;
}

function requestCard(request, onError, reload, uploading) {
  const due = request.due_date
    ? el("p", { class: "due", text: t("documents.request.due", { date: day(request.due_date) }) })
    : null;
  const parts = [
    requestFacts(request),
    request.description ? el("p", { text: request.description }) : null,
    request.status === "requested" ? due : null,
    el("div", { class: "request-result" }),
  ];
  if (request.status === "received") {
    parts.push(
      el("p", {
        class: "hint",
        text: t("documents.request.received_line", {
          file: request.file_name,
          size: fileSize(request.size),
          when: dateTime(request.received_at),
        }),
      }),
      downloadButton(
        "documents.request.sent_file",
        `/documents/document-requests/${request.request_id}/download`,
        onError,
      ),
    );
  }
  if (request.status === "requested" && uploading) parts.push(uploadForm(request, reload));
  return el("article", { class: "card request", "data-request": request.request_id }, ...parts);
}

export async function render(main) {
  const uploading = mayChange("billing");
  const problems = alertRegion();
  const onError = (error) => showError(problems, error);
  const rows = el("tbody");
  const newCount = el("p", { class: "lead", "data-testid": "new-documents" });
  const type = el(
    "select",
    { id: "document-type", name: "type" },
    el("option", { value: "", text: t("documents.all_types") }),
    ...DOCUMENT_TYPES.map((value) => el("option", { value, text: t(`documents.type.${value}`) })),
  );
  const more = button("console.more", { class: "button secondary more", hidden: true });
  const table = dataTable(
    "documents.shared",
    ["documents.title", "documents.type", "documents.file", "documents.shared_at", "documents.actions"],
    rows,
  );
  // The section's heading already says what the table is; its caption stays for screen readers.
  table.querySelector("caption").classList.add("visually-hidden");
  const empty = el("div", {});
  const requests = el("div", { class: "request-list" });
  let cursor = null;
  let latest = 0;

  function showEmpty() {
    const filtered = Boolean(type.value);
    empty.replaceChildren(
      filtered
        ? emptyState(
            "document",
            "documents.none_of_type",
            button("documents.show_all", {
              onclick: () => {
                type.value = "";
                loadDocuments(true).catch(onError);
              },
            }),
          )
        : emptyState("document", "documents.none"),
    );
  }

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
    const none = reset && !page.items.length && !page.next_cursor;
    table.hidden = none;
    if (none) showEmpty();
    else empty.replaceChildren();
    newCount.textContent = page.new_count ? t("documents.new_count", { count: page.new_count }) : "";
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  // Draws the requests again; the card of `requestId` (just uploaded) is returned.
  async function loadRequests(requestId) {
    const page = await api("GET", "/documents/document-requests?limit=50");
    const open = page.items.filter((r) => r.status === "requested");
    const rest = page.items.filter((r) => r.status !== "requested");
    const cards = [...open, ...rest].map((request) =>
      requestCard(request, onError, () => loadRequests(request.request_id), uploading),
    );
    requests.replaceChildren(
      ...(open.length && !uploading ? [readOnlyNote("billing")] : []),
      ...(page.items.length ? cards : [emptyState("upload", "documents.requests.none")]),
    );
    return requestId ? requests.querySelector(`[data-request="${CSS.escape(requestId)}"]`) : null;
  }

  type.addEventListener("change", () => loadDocuments(true).catch(onError));
  more.addEventListener("click", () => loadDocuments(false).catch(onError));
  main.replaceChildren(
    heading("documents.heading"),
    newCount,
    problems,
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
      el("div", { class: "field document-filter" }, el("label", { for: type.id, text: t("documents.filter") }), type),
      table,
      empty,
      more,
    ),
  );
  await Promise.all([loadDocuments(true), loadRequests()]);
}
