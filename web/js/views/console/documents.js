// Operator console: a customer's documents. Share a file (or a new version of one), see
// whether the customer opened it, every version, unshare; ask for documents and fetch them.
import { api, formKey } from "../../api.js";
import { t } from "../../i18n.js";
import { fileInput, fileSize, progressBar, sendOnSubmit, uploadFile } from "../../upload.js";
import { alertRegion, dataTable, dateTime, day, downloadButton, el, field, showError } from "../../ui.js";
import { DOCUMENT_TYPES } from "../documents.js";

const confirmShare = (id) => `/documents/operator/uploads/${id}/confirm`;

function shareForm(customerId, onError, done) {
  const title = el("input", { type: "text", maxlength: "500" });
  const type = el(
    "select",
    {},
    ...DOCUMENT_TYPES.map((value) => el("option", { value, text: t(`documents.type.${value}`) })),
  );
  const input = fileInput("share-file");
  const progress = progressBar("share-progress");
  const send = el("button", { type: "submit", class: "primary", text: t("console.documents.share") });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h3", { text: t("console.documents.new") }),
    field("share-title", "documents.title", title),
    field("share-type", "documents.type", type),
    el("div", { class: "field" }, el("label", { for: input.id, text: t("documents.file") }), input),
    progress.element,
    send,
  );
  sendOnSubmit(form, input, send, onError, async (file) => {
    const extra = { customer_id: customerId, title: title.value.trim() || file.name, doc_type: type.value };
    await uploadFile(file, "/documents/operator/documents/uploads", confirmShare, progress, extra);
    await done(t("console.documents.shared"));
  });
  return form;
}

function versionForm(document, onError, done) {
  const input = fileInput(`version-${document.document_id}`);
  input.setAttribute("aria-label", t("console.documents.version_file", { title: document.title }));
  const progress = progressBar(`version-progress-${document.document_id}`);
  const send = el("button", { type: "submit", class: "secondary", text: t("console.documents.replace") });
  const form = el("form", { class: "inline", novalidate: true }, input, send, progress.element);
  sendOnSubmit(form, input, send, onError, async (file) => {
    await uploadFile(file, `/documents/operator/documents/${document.document_id}/uploads`, confirmShare, progress);
    await done(t("console.documents.replaced"));
  });
  return form;
}

async function versionsList(document, onError) {
  const history = await api("GET", `/documents/operator/documents/${document.document_id}`);
  return el(
    "ul",
    { class: "versions" },
    ...history.versions.map((version) =>
      el(
        "li",
        {},
        el("span", {
          text: `${t("console.documents.version", { n: version.version })} · ${version.file_name} · ${fileSize(version.size)} · ${dateTime(version.shared_at)} `,
        }),
        downloadButton(
          "documents.download",
          `/documents/operator/documents/${document.document_id}/versions/${version.version}/download`,
          onError,
        ),
      ),
    ),
  );
}

function documentRow(document, onError, done) {
  const versions = el("div");
  const showVersions = el("button", {
    type: "button",
    class: "link",
    text: t("console.documents.versions", { n: document.version }),
  });
  showVersions.addEventListener("click", async () => {
    try {
      versions.replaceChildren(await versionsList(document, onError));
    } catch (error) {
      onError(error);
    }
  });
  const unshare = el("button", { type: "button", class: "danger", text: t("console.documents.unshare") });
  unshare.addEventListener("click", async () => {
    if (!window.confirm(t("console.documents.unshare.confirm", { title: document.title }))) return;
    try {
      await api("DELETE", `/documents/operator/documents/${document.document_id}`);
      await done(t("console.documents.unshared"));
    } catch (error) {
      onError(error);
    }
  });
  return el(
    "tr",
    { "data-document": document.document_id },
    el("th", { scope: "row", text: document.title }),
    el("td", { text: t(`documents.type.${document.doc_type}`) }),
    el(
      "td",
      {},
      el("span", { text: `${document.file_name} · ${fileSize(document.size)}` }),
      el("br"),
      showVersions,
      versions,
    ),
    el("td", { text: dateTime(document.shared_at) }),
    el("td", { text: document.opened_at ? dateTime(document.opened_at) : t("console.documents.not_opened") }),
    el("td", {}, versionForm(document, onError, done), unshare),
  );
}

function requestForm(customerId, onError, done) {
  const title = el("input", { type: "text", maxlength: "500" });
  const description = el("textarea", { maxlength: "2000", rows: "2" });
  const due = el("input", { type: "date" });
  const key = formKey();
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h3", { text: t("console.requests.new") }),
    field("request-title", "documents.title", title),
    field("request-description", "console.requests.description", description),
    field("request-due", "console.requests.due", due),
    el("button", { type: "submit", class: "primary", text: t("console.requests.ask") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    onError(null);
    const body = { customer_id: customerId, title: title.value.trim(), description: description.value.trim() };
    if (due.value) body.due_date = due.value;
    try {
      await api("POST", "/documents/operator/document-requests", body, { "Idempotency-Key": key });
      await done(t("console.requests.asked"));
    } catch (error) {
      onError(error);
    }
  });
  return form;
}

function requestRow(request, onError, done) {
  const actions = [];
  if (request.status === "received")
    actions.push(
      downloadButton(
        "documents.download",
        `/documents/operator/document-requests/${request.request_id}/download`,
        onError,
      ),
    );
  if (request.status === "requested") {
    actions.push(
      el("button", {
        type: "button",
        class: "secondary",
        text: t("console.requests.cancel"),
        onclick: async () => {
          try {
            await api("POST", `/documents/operator/document-requests/${request.request_id}/cancel`);
            await done(t("console.requests.cancelled"));
          } catch (error) {
            onError(error);
          }
        },
      }),
    );
  }
  return el(
    "tr",
    { "data-request": request.request_id },
    el("th", { scope: "row", text: request.title }),
    el("td", { text: request.due_date ? day(request.due_date) : "—" }),
    el("td", { text: t(`documents.request.${request.status}`) }),
    el("td", { text: request.file_name ? `${request.file_name} · ${fileSize(request.size)}` : "—" }),
    el("td", {}, ...actions),
  );
}

export async function customerDocuments(customerId, status) {
  const problems = alertRegion();
  const onError = (error) => showError(problems, error);
  const documentRows = el("tbody");
  const requestRows = el("tbody");
  const section = el("section", { class: "stack", "aria-labelledby": "documents-heading" });
  const base = `/documents/operator/customers/${encodeURIComponent(customerId)}`;

  async function load() {
    const [documents, requests] = await Promise.all([
      api("GET", `${base}/documents?limit=100`),
      api("GET", `${base}/document-requests?limit=100`),
    ]);
    documentRows.replaceChildren(...documents.items.map((document) => documentRow(document, onError, done)));
    requestRows.replaceChildren(...requests.items.map((request) => requestRow(request, onError, done)));
  }
  async function done(message) {
    await load();
    status.textContent = message;
  }

  section.append(
    el("h2", { id: "documents-heading", text: t("documents.heading") }),
    problems,
    shareForm(customerId, onError, done),
    dataTable(
      "console.documents.table",
      [
        "documents.title",
        "documents.type",
        "documents.file",
        "documents.shared_at",
        "console.documents.opened",
        "documents.actions",
      ],
      documentRows,
    ),
    requestForm(customerId, onError, done),
    dataTable(
      "console.requests.table",
      ["documents.title", "console.requests.due", "documents.request.status", "documents.file", "documents.actions"],
      requestRows,
    ),
  );
  await load();
  return section;
}
