// Forms and their errors: every refusal, the page's own checks and the API's, said in the
// reader's language beside the field it is about (docs/errors.md has the API's side).
import { has, t } from "./i18n.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T/;
// A value that names a role ("role", "needed_role"; "yours", the reader's own role in
// role_not_allowed) is said by the role's word (role.<value>), never its code.
const ROLE_VALUE = /(^|_)role$|^yours$/;

// The values of an API error as the page writes them: money, days, moments and roles in the
// page's language. Format helpers are passed in to keep this module free of ui.js.
export function readableValues(values, format) {
  const readable = {};
  for (const [name, value] of Object.entries(values || {})) {
    if (value && typeof value === "object" && "amount" in value && "currency" in value) {
      readable[name] = format.money(value.amount, value.currency);
    } else if (typeof value === "string" && DAY.test(value)) readable[name] = format.day(value);
    else if (typeof value === "string" && MOMENT.test(value)) readable[name] = format.dateTime(value);
    else if (typeof value === "number") readable[name] = format.number(value);
    else if (typeof value === "string" && ROLE_VALUE.test(name) && has(`role.${value}`)) {
      readable[name] = t(`role.${value}`);
    } else readable[name] = value;
  }
  return readable;
}

// What went wrong, in one sentence of the catalogue: the API's code when the catalogue knows
// it, else what the status says (no connection, our fault, refused). Never the server's English.
export function errorMessage(error, format) {
  const code = error?.code;
  if (code) {
    const known = t(`error.${code}`, readableValues(error.values, format));
    if (known !== `error.${code}`) return known;
  }
  if (!error || error.status === 0) return t("error.offline");
  if (error.status >= 500) return t("error.server_error");
  return t("error.unknown");
}

// The reason a field was refused, from the API's detail or the browser's own check.
export function reasonMessage(detail) {
  const key = `reason.${detail.reason}`;
  const text = t(key, { limit: detail.limit ?? "" });
  return text === key ? t("reason.invalid") : text;
}

// The control a detail's field path names: "lines.0.quantity" -> the control named
// "lines.0.quantity", else "quantity", else none (then the message goes in the alert region).
function controlFor(form, path) {
  if (!form || !path) return null;
  const names = [path, path.split(".").at(-1)];
  for (const name of names) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) return control;
  }
  return null;
}

function errorSlot(control) {
  const id = `${control.id || control.name}-error`;
  let slot = document.getElementById(id);
  if (!slot) {
    slot = document.createElement("p");
    slot.id = id;
    slot.className = "field-error";
    (control.closest(".field") || control.parentElement).append(slot);
  }
  return slot;
}

export function markField(control, message) {
  const slot = errorSlot(control);
  slot.textContent = message;
  control.setAttribute("aria-invalid", "true");
  const described = new Set((control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
  described.add(slot.id);
  control.setAttribute("aria-describedby", [...described].join(" "));
}

export function clearFields(form) {
  if (!form) return;
  for (const slot of form.querySelectorAll(".field-error")) slot.textContent = "";
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

// Shows `error` in `region` (an alertRegion) and, for the fields the API named, beside each
// field of `form`; focus goes to the first field named, else to the region.
export function showFormError(region, error, form, format) {
  region.replaceChildren();
  clearFields(form);
  if (!error) return;
  const message = document.createElement("p");
  message.textContent = errorMessage(error, format);
  region.append(message);
  let first = null;
  for (const detail of Array.isArray(error.details) ? error.details : []) {
    const control = controlFor(form, detail.field);
    if (control) {
      markField(control, reasonMessage(detail));
      first ??= control;
    } else {
      const line = document.createElement("p");
      line.textContent = reasonMessage(detail);
      region.append(line);
    }
  }
  (first || region).focus();
}

// The browser's own checks (required, minlength, min, max, step, type) said as the API says
// them, beside each field, before anything is sent. False when a field is refused.
const VALIDITY_REASONS = [
  ["valueMissing", "required", () => undefined],
  ["badInput", "not_a_number", () => undefined],
  ["tooShort", "too_short", (c) => c.minLength],
  ["tooLong", "too_long", (c) => c.maxLength],
  ["rangeUnderflow", "too_small", (c) => c.min],
  ["rangeOverflow", "too_large", (c) => c.max],
  ["stepMismatch", "too_precise", () => undefined],
  ["typeMismatch", "wrong_format", () => undefined],
  ["patternMismatch", "wrong_format", () => undefined],
];

export function checkForm(form) {
  clearFields(form);
  let first = null;
  for (const control of form.elements) {
    if (!control.willValidate || control.validity.valid) continue;
    const [, reason, limit] = VALIDITY_REASONS.find(([flag]) => control.validity[flag]) || [null, "invalid", () => {}];
    markField(control, reasonMessage({ reason, limit: limit(control) }));
    first ??= control;
  }
  first?.focus();
  return first === null;
}
