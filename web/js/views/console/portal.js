// Operator console: the portal editor. Which parts customers get, how the portal looks and
// whom they contact, when reminders go, and support's first-reply promise per priority.
// Saved settings reach every page within seconds, with no redeploy.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { loadPortal } from "../../portal.js";
import { alertRegion, el, field, heading, languageSelect, showError } from "../../ui.js";
import { progressBar, sendOnSubmit, uploadFile } from "../../upload.js";

const ACTIONS = ["orders", "payments", "documents", "bookings", "tickets", "inbox", "chat"];
const PRIORITIES = ["urgent", "high", "normal", "low"];

function checkbox(id, labelKey, checked) {
  const input = el("input", { type: "checkbox", id, name: id, checked });
  return el("div", { class: "field check" }, input, el("label", { for: id, text: t(labelKey) }));
}

function number(value, min, max) {
  return el("input", {
    type: "number",
    min: String(min),
    max: String(max),
    step: "1",
    required: true,
    value: String(value),
  });
}

export async function render(main) {
  const problems = alertRegion();
  const saved = el("p", { role: "status" });
  const [settings, support] = await Promise.all([
    api("GET", "/portal/operator/portal/settings"),
    api("GET", "/tickets/operator/support/settings"),
  ]);
  let version = settings.version;
  const { branding, reminders } = settings;

  const actions = el(
    "fieldset",
    {},
    el("legend", { text: t("editor.actions") }),
    el("p", { class: "hint", text: t("editor.actions_hint") }),
    ...ACTIONS.map((action) => checkbox(`action-${action}`, `editor.action.${action}`, settings.actions[action])),
  );
  const name = el("input", { type: "text", required: true, maxlength: "120", value: branding.business_name });
  const colour = el("input", { type: "color", value: branding.primary_colour });
  const email = el("input", { type: "email", value: branding.support_email || "" });
  const phone = el("input", { type: "tel", value: branding.support_phone || "" });
  const language = languageSelect(branding.default_language);
  const look = el(
    "fieldset",
    {},
    el("legend", { text: t("editor.branding") }),
    field("portal-name", "editor.business_name", name),
    field("portal-colour", "editor.colour", colour),
    el("p", { class: "hint", text: t("editor.colour_hint") }),
    field("portal-email", "editor.support_email", email),
    field("portal-phone", "editor.support_phone", phone),
    field("portal-language", "editor.default_language", language),
  );
  const dueSoon = number(reminders.due_soon_days, 1, 14);
  const overdue = el("input", {
    type: "text",
    required: true,
    pattern: "\\d+(,\\s*\\d+){0,2}",
    value: reminders.overdue_days.join(", "),
  });
  const timing = el(
    "fieldset",
    {},
    el("legend", { text: t("editor.reminders") }),
    field("portal-due-soon", "editor.due_soon_days", dueSoon),
    field("portal-overdue", "editor.overdue_days", overdue),
  );
  const hours = Object.fromEntries(PRIORITIES.map((p) => [p, number(support.first_reply_hours[p], 1, 720)]));
  const promise = el(
    "fieldset",
    {},
    el("legend", { text: t("editor.first_reply") }),
    ...PRIORITIES.map((p) => field(`portal-reply-${p}`, `support.priority.${p}`, hours[p])),
  );
  const form = el(
    "form",
    { class: "card stack" },
    actions,
    look,
    timing,
    promise,
    el("button", { type: "submit", text: t("editor.save") }),
    saved,
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.textContent = "";
    try {
      const changed = await api("PATCH", "/portal/operator/portal/settings", {
        version,
        actions: Object.fromEntries(ACTIONS.map((action) => [action, form.elements[`action-${action}`].checked])),
        branding: {
          business_name: name.value,
          primary_colour: colour.value,
          support_email: email.value.trim() || null,
          support_phone: phone.value.trim() || null,
          default_language: language.value,
        },
        reminders: {
          due_soon_days: Number(dueSoon.value),
          overdue_days: overdue.value.split(",").map((d) => Number(d.trim())),
        },
      });
      version = changed.version;
      await api("PUT", "/tickets/operator/support/settings", {
        ...support,
        first_reply_hours: Object.fromEntries(PRIORITIES.map((p) => [p, Number(hours[p].value)])),
      });
      showError(problems, null);
      await loadPortal(); // this page takes the new colour at once
      saved.textContent = t("editor.saved");
    } catch (error) {
      showError(problems, error);
    }
  });
  main.replaceChildren(heading("editor.heading"), problems, form, logoForm(problems));
}

// The logo goes the way every file does: a presigned POST to S3, then the API checks it.
function logoForm(problems) {
  const input = el("input", {
    type: "file",
    id: "portal-logo",
    name: "portal-logo",
    accept: "image/png,image/jpeg,image/webp",
  });
  const progress = progressBar("portal-logo-progress");
  const send = el("button", { type: "submit", text: t("editor.logo_upload") });
  const done = el("p", { role: "status" });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("editor.logo") }),
    el("p", { class: "hint", text: t("editor.logo_hint") }),
    el("label", { for: input.id, text: t("editor.logo_choose") }),
    input,
    progress.element,
    send,
    done,
  );
  sendOnSubmit(
    form,
    input,
    send,
    (error) => showError(problems, error),
    async (file) => {
      await uploadFile(
        file,
        "/portal/operator/portal/logo/uploads",
        (id) => `/portal/operator/portal/logo/uploads/${id}/confirm`,
        progress,
      );
      await loadPortal();
      done.textContent = t("editor.logo_done");
    },
  );
  return form;
}
