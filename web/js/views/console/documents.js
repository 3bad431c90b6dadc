// Operator console: a customer's documents. Share a file (or a new version of one), see
// whether the customer opened it, every version, unshare; ask for documents and fetch them.
import { api, formKey } from "../../api.js";
import { t } from "../../i18n.js";
import { fileField, fileSize, progressBar, sendFile, uploadFile } from "../../upload.js";
import {
  alertRegion,
  busy,
  button,
  confirmAction,
  dataTable,
  dateTime,
  day,
  downloadButton,
  el,
  emptyState,
  field,
  onSubmit,
  pill,
  showError,
  showResult,
  toneOf,
} from "../../ui.js";
import { DOCUMENT_TYPES } from "../documents.js";

const confirmShare = (id) => `/documents/operator/uploads/${id}/confirm`;

// Said beside the action that did it: a result slot at the end of a form or a row.
function resultSlot() {
  return el("div", { class: "result-slot" });
}

function shareForm(customerId, done) {
  const title = el("input", { type: "text", name: "title", maxlength: "500" });
  const type = el(
    "select",
    { name: "doc_type" },
    ...DOCUMENT_TYPES.map((value) => el("option", { value, text: t(`documents.type.${value}`) })),
  );
  const chooser = fileField("share-file", "documents.file");
  const progress = progressBar("share-progress");
  const region = alertRegion();
  const result = resultSlot();
  const form = el(
    "form",
    { class: "card stack share-form" },
    el("h3", { text: t("console.documents.new") }),
    field("share-title", "documents.title", title, "console.documents.title_hint"),
    field("share-type", "documents.type", type),
    chooser.element,
    progress.element,
    region,
    button("console.documents.share", { kind: "primary", icon: "upload", type: "submit" }),
    result,
  );
  sendFile(
    form,
    chooser.input,
    region,
    (file) => {
      result.replaceChildren();
      const extra = { customer_id: customerId, title: title.value.trim() || file.name, doc_type: type.value };
      return uploadFile(file, "/documents/operator/documents/uploads", confirmShare, progress, extra);
    },
    async (_shared, file) => {
      const named = title.value.trim() || file.name;
      form.reset();
      chooser.reset();
      progress.hide();
      await done();
      showResult(result, "success", t("console.documents.shared_named", { title: named }));
    },
  );
  return form;
}

function versionForm(document, done) {
  const chooser = fileField(`version-${document.document_id}`, "console.documents.version_file", {
    title: document.title,
  });
  const progress = progressBar(`version-progress-${document.document_id}`);
  const region = alertRegion();
  const form = el(
    "form",
    { class: "stack version-form" },
    chooser.element,
    progress.element,
    region,
    button("console.documents.replace", { type: "submit", icon: "upload" }),
  );
  sendFile(
    form,
    chooser.input,
    region,
    (file) => uploadFile(file, `/documents/operator/documents/${document.document_id}/uploads`, confirmShare, progress),
    () => done(document.document_id, t("console.documents.replaced")),
  );
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
  const result = resultSlot();
  const showVersions = el("button", {
    type: "button",
    class: "link",
    "aria-expanded": "false",
    text: t("console.documents.versions", { n: document.version }),
  });
  showVersions.addEventListener("click", async () => {
    try {
      versions.replaceChildren(await busy(showVersions, () => versionsList(document, onError)));
      showVersions.setAttribute("aria-expanded", "true");
    } catch (error) {
      onError(error);
    }
  });
  const unshare = button("console.documents.unshare", { kind: "danger" });
  unshare.addEventListener("click", async () => {
    const sure = await confirmAction("console.documents.unshare.confirm", {
      values: { title: document.title },
      confirmKey: "console.documents.unshare_yes",
    });
    if (!sure) return unshare.focus();
    try {
      await busy(unshare, () => api("DELETE", `/documents/operator/documents/${document.document_id}`));
      await done(null, t("console.documents.unshared_named", { title: document.title }));
    } catch (error) {
      result.replaceChildren(alertRegion());
      showError(result.firstElementChild, error);
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
      el("span", { class: "file-facts", text: `${document.file_name} · ${fileSize(document.size)}` }),
      el("br"),
      showVersions,
      versions,
    ),
    el("td", { text: dateTime(document.shared_at) }),
    el(
      "td",
      {},
      document.opened_at
        ? el("span", { text: dateTime(document.opened_at) })
        : pill(t("console.documents.not_opened"), "warning"),
    ),
    el("td", {}, versionForm(document, done), unshare, result),
  );
}

function requestForm(customerId, done) {
  const title = el("input", { type: "text", name: "title", required: true, maxlength: "500" });
  const description = el("textarea", { name: "description", maxlength: "2000", rows: "2" });
  const due = el("input", { type: "date", name: "due_date", min: new Date().toISOString().slice(0, 10) });
  const region = alertRegion();
  const result = resultSlot();
  let key = formKey();
  const form = el(
    "form",
    { class: "card stack" },
    el("h3", { text: t("console.requests.new") }),
    field("request-title", "documents.title", title),
    field("request-description", "console.requests.description", description),
    field("request-due", "console.requests.due", due),
    region,
    button("console.requests.ask", { kind: "primary", type: "submit" }),
    result,
  );
  onSubmit(
    form,
    region,
    () => {
      result.replaceChildren();
      const body = { customer_id: customerId, title: title.value.trim(), description: description.value.trim() };
      if (due.value) body.due_date = due.value;
      return api("POST", "/documents/operator/document-requests", body, { "Idempotency-Key": key });
    },
    async (asked) => {
      key = formKey(); // the next request is another one
      form.reset();
      await done();
      showResult(result, "success", t("console.requests.asked_named", { title: asked.title }));
    },
  );
  return form;
}

function requestRow(request, onError, done) {
  const actions = [];
  const result = resultSlot();
  if (request.status === "received")
    actions.push(
      downloadButton(
        "documents.download",
        `/documents/operator/document-requests/${request.request_id}/download`,
        onError,
      ),
    );
  if (request.status === "requested") {
    const cancel = button("console.requests.cancel");
    cancel.addEventListener("click", async () => {
      try {
        await busy(cancel, () => api("POST", `/documents/operator/document-requests/${request.request_id}/cancel`));
        await done(request.request_id, t("console.requests.cancelled"));
      } catch (error) {
        result.replaceChildren(alertRegion());
        showError(result.firstElementChild, error);
      }
    });
    actions.push(cancel);
  }
  return el(
    "tr",
    { "data-request": request.request_id },
    el("th", { scope: "row", text: request.title }),
    el("td", { text: request.due_date ? day(request.due_date) : "—" }),
    el("td", {}, pill(t(`documents.request.${request.status}`), toneOf(request.status))),
    el("td", { text: request.file_name ? `${request.file_name} · ${fileSize(request.size)}` : "—" }),
    el("td", {}, ...actions, result),
  );
}

// The customer page's documents part. `status` (the page's) is kept for the caller; results
// are said beside the action that made them.
export async function customerDocuments(customerId, status) {
  void status;
  const problems = alertRegion();
  const onError = (error) => showError(problems, error);
  const documentRows = el("tbody");
  const requestRows = el("tbody");
  const documentsTable = dataTable(
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
  );
  const requestsTable = dataTable(
    "console.requests.table",
    ["documents.title", "console.requests.due", "documents.request.status", "documents.file", "documents.actions"],
    requestRows,
  );
  const noDocuments = el("div", {});
  const noRequests = el("div", {});
  const listResult = resultSlot();
  const section = el("section", { class: "stack", "aria-labelledby": "documents-heading" });
  const base = `/documents/operator/customers/${encodeURIComponent(customerId)}`;

  async function load() {
    const [documents, requests] = await Promise.all([
      api("GET", `${base}/documents?limit=100`),
      api("GET", `${base}/document-requests?limit=100`),
    ]);
    documentRows.replaceChildren(...documents.items.map((document) => documentRow(document, onError, done)));
    requestRows.replaceChildren(...requests.items.map((request) => requestRow(request, onError, done)));
    documentsTable.hidden = !documents.items.length;
    requestsTable.hidden = !requests.items.length;
    noDocuments.replaceChildren(...(documents.items.length ? [] : [emptyState("document", "console.documents.none")]));
    noRequests.replaceChildren(...(requests.items.length ? [] : [emptyState("upload", "console.requests.none")]));
  }
  // After a change: the lists drawn again; with a message, it is said in the changed row
  // (found by its document or request id) or, when the row is gone, above the list.
  async function done(id, message) {
    await load();
    if (!message) return;
    const row = id && section.querySelector(`[data-document="${CSS.escape(id)}"], [data-request="${CSS.escape(id)}"]`);
    showResult(row ? row.querySelector("td:last-child .result-slot") : listResult, "success", message);
  }

  section.append(
    el("h2", { id: "documents-heading", text: t("documents.heading") }),
    problems,
    shareForm(customerId, done),
    listResult,
    documentsTable,
    noDocuments,
    requestForm(customerId, done),
    requestsTable,
    noRequests,
  );
  await load();
  return section;
}
