// Files go from the browser straight to S3: the API signs a POST for one key, size range and
// type; the file is posted there with a progress bar; then the API checks what S3 holds.
import { ApiError, api } from "./api.js";
import { markField } from "./forms.js";
import { t } from "./i18n.js";
import { busy, el, errorText, icon, showError } from "./ui.js";

// What the API accepts, for the file picker and for browsers that report no type.
const TYPES = {
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".odt": "application/vnd.oasis.opendocument.text",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet",
};
// The API's own ceiling (functions/core/schemas.py UPLOAD_MAX_BYTES): a larger file is said
// so before anything is sent; a business that set a lower one is answered by the API.
export const MAX_BYTES = 25 * 1024 * 1024;
const MAX_MEGABYTES = MAX_BYTES / (1024 * 1024);
// The API's names for what it checks of a file: a refusal of any is said beside the chooser.
const FILE_FIELDS = new Set(["file_name", "content_type", "size"]);
const FILE_CODES = new Set(["file_too_large", "unsupported_file_type", "payload_too_large"]);

// A file chooser: `name` is what the API's refusals of the file (size, type) are said beside.
export function fileInput(id) {
  return el("input", { type: "file", id, name: id, class: "file", accept: Object.keys(TYPES).join(",") });
}

// A labelled file chooser in the page's language (the browser's own button speaks the
// browser's): the field's label and hint, a button-like "Choose a file", the chosen file's
// name and size, and the slot its refusal is said in. The input stays the control.
export function fileField(id, labelKey, values) {
  const input = fileInput(id);
  input.classList.add("visually-hidden");
  input.setAttribute("aria-describedby", `${id}-hint`);
  const chosen = el("span", { class: "file-chosen", text: t("upload.none_chosen") });
  input.addEventListener("change", () => {
    const [file, ...more] = input.files;
    if (more.length) chosen.textContent = t("upload.chosen_many", { count: input.files.length });
    else chosen.textContent = file ? `${file.name} · ${fileSize(file.size)}` : t("upload.none_chosen");
  });
  const element = el(
    "div",
    { class: "field file-field" },
    el("label", { for: id, text: t(labelKey, values) }),
    el("p", { class: "hint", id: `${id}-hint`, text: fileHint() }),
    el(
      "div",
      { class: "file-picker" },
      input,
      // Hidden from the accessible name: the field's label names the input.
      el(
        "label",
        { for: id, class: "button secondary file-button", "aria-hidden": "true" },
        icon("document"),
        el("span", { text: t("upload.choose") }),
      ),
      chosen,
    ),
    el("p", { class: "field-error", id: `${id}-error` }),
  );
  return { element, input, reset: () => ((input.value = ""), (chosen.textContent = t("upload.none_chosen"))) };
}

// The hint under a chooser: what is accepted, up to what size.
export function fileHint() {
  return t("upload.accepted", { megabytes: MAX_MEGABYTES });
}

function extensionOf(file) {
  return file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".")).toLowerCase() : "";
}

function contentType(file) {
  return TYPES[extensionOf(file)] || file.type || "application/octet-stream";
}

export function fileSize(bytes, language = document.documentElement.lang) {
  const units = [
    ["megabyte", 1024 * 1024],
    ["kilobyte", 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size)
      return new Intl.NumberFormat(language, { style: "unit", unit, maximumFractionDigits: 1 }).format(bytes / size);
  }
  return new Intl.NumberFormat(language, { style: "unit", unit: "byte" }).format(bytes);
}

// A progress bar with its label, hidden until an upload starts.
export function progressBar(id) {
  const bar = el("progress", { id, max: "100", value: "0" });
  const wrapper = el(
    "div",
    { class: "upload-progress", hidden: true },
    el("label", { for: id, text: t("upload.progress") }),
    bar,
  );
  return {
    element: wrapper,
    show(fraction) {
      wrapper.hidden = false;
      bar.value = Math.round(fraction * 100);
      bar.textContent = `${bar.value}%`;
    },
    hide() {
      wrapper.hidden = true;
    },
  };
}

// Storage's answers are not the API's: a refusal (too large, not the type announced) and no
// connection are told as the page's own words.
class StorageRefusal extends Error {}

function post(form, file, onProgress) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", form.url);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () =>
      request.status < 300 ? resolve() : reject(new StorageRefusal("storage refused")),
    );
    request.addEventListener("error", () => reject(new ApiError(0, { error: { code: "offline" } })));
    request.send(data);
  });
}

// What the page can tell of a file before sending it, as the API would say it.
function refusalOf(file) {
  if (file.size > MAX_BYTES) return t("error.file_too_large", { megabytes: MAX_MEGABYTES });
  if (!TYPES[extensionOf(file)]) return t("reason.file_type_not_accepted");
  if (file.size === 0) return t("upload.empty");
  return null;
}

// The API's refusal of the file itself (its size, its type), said beside the chooser; true
// when it was one.
function markFileRefusal(input, error) {
  if (error instanceof StorageRefusal) {
    markField(input, t("upload.refused"));
    return true;
  }
  // The API's "too large" and "not accepted" are about the file, whatever field they name.
  if (FILE_CODES.has(error?.code)) {
    markField(input, errorText(error));
    return true;
  }
  const detail = (error?.details || []).find((d) => FILE_FIELDS.has(String(d.field).split(".").at(-1)));
  if (!detail) return false;
  const key = detail.reason === "too_large" ? "error.file_too_large" : `reason.${detail.reason}`;
  const text = t(key, { megabytes: MAX_MEGABYTES, limit: detail.limit ?? "" });
  markField(input, text === key ? t("reason.invalid") : text);
  return true;
}

// A form that sends one chosen file: nothing chosen, too large or not a type accepted is said
// beside the chooser before anything is sent; while send(file) runs the button is busy; a
// refusal of the file is said beside the chooser, any other in `region`; done(result) after.
export function sendFile(form, input, region, send, done) {
  form.noValidate = true;
  const clear = () => showError(region, null, form);
  input.addEventListener("change", clear);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const file = input.files[0];
    const refusal = file ? refusalOf(file) : t("upload.no_file");
    if (refusal) {
      markField(input, refusal);
      return input.focus();
    }
    const submit = form.querySelector("button[type=submit]");
    try {
      const result = await busy(submit, () => send(file));
      if (done) await done(result, file);
    } catch (error) {
      if (markFileRefusal(input, error)) return input.focus();
      showError(region, error, form);
    }
  });
}

// The older form of sendFile, kept for the pages that use it (the portal editor's logo):
// onError(error) is given every refusal, onError(null) before each try.
export function sendOnSubmit(form, input, control, onError, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    onError(null);
    if (!input.files.length) return markField(input, t("upload.no_file"));
    try {
      await busy(control, () => send(input.files[0]));
    } catch (error) {
      if (!markFileRefusal(input, error)) onError(error);
    }
  });
}

// Start (POST startPath with the file's facts and `extra`), send, then confirm; the confirmed result.
export async function uploadFile(file, startPath, confirmPath, progress, extra = {}) {
  const started = await api("POST", startPath, {
    file_name: file.name,
    content_type: contentType(file),
    size: file.size,
    ...extra,
  });
  progress.show(0);
  try {
    await post(started.form, file, (fraction) => progress.show(fraction));
  } catch (error) {
    progress.hide();
    throw error;
  }
  progress.show(1);
  return api("POST", confirmPath(started.upload_id));
}
