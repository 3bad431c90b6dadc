// Files go from the browser straight to S3: the API signs a POST for one key, size range and
// type; the file is posted there with a progress bar; then the API checks what S3 holds.
import { api } from "./api.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

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

export function fileInput(id) {
  return el("input", { type: "file", id, name: id, accept: Object.keys(TYPES).join(",") });
}

function contentType(file) {
  const extension = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".")).toLowerCase() : "";
  return TYPES[extension] || file.type || "application/octet-stream";
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
  };
}

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
    request.addEventListener("load", () => (request.status < 300 ? resolve() : reject(new Error(t("upload.refused")))));
    request.addEventListener("error", () => reject(new Error(t("upload.failed"))));
    request.send(data);
  });
}

// A form that sends one chosen file: nothing chosen is said so, and its button waits while
// send(file) runs.
export function sendOnSubmit(form, input, button, onError, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    onError(null);
    if (!input.files.length) return onError({ message: t("upload.no_file") });
    button.disabled = true;
    try {
      await send(input.files[0]);
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
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
  await post(started.form, file, (fraction) => progress.show(fraction));
  progress.show(1);
  return api("POST", confirmPath(started.upload_id));
}
