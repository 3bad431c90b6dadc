// Operator console: the portal editor. Which parts customers get (and whether the help centre
// is read before sign-in), whether the business approves the contacts account admins invite,
// how the portal looks and whom customers contact, when reminders go, and support's
// first-reply promise per priority.
// Saved settings reach every page within seconds, with no redeploy.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { markField } from "../../forms.js";
import { LANGUAGES } from "../../i18n.js";
import { LANGUAGE_NAMES } from "../../languages.js";
import { loadPortal } from "../../portal.js";
import {
  alertRegion,
  button,
  checkForm,
  el,
  field,
  heading,
  languageSelect,
  number,
  onSubmit,
  showError,
  showResult,
} from "../../ui.js";
import { progressBar, sendOnSubmit, uploadFile } from "../../upload.js";
import { DEFAULT_TAGS } from "../support-parts.js";

const ACTIONS = ["orders", "payments", "documents", "bookings", "tickets", "inbox", "chat", "help"];
const PRIORITIES = ["urgent", "high", "normal", "low"];
// WCAG AA for body text; the API refuses a colour below it (functions/portal/contrast.py).
const AA_TEXT = 4.5;

// WCAG 2.x contrast of a #rrggbb colour against white, as the API computes it.
export function contrastOnWhite(hex) {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

function ratioText(ratio) {
  return number(Math.floor(ratio * 10) / 10);
}

function checkbox(action, checked) {
  const id = `action-${action}`;
  return el(
    "label",
    { class: "choice", for: id },
    el("input", { type: "checkbox", id, name: `actions.${action}`, checked }),
    el("span", { text: t(`editor.action.${action}`) }),
  );
}

function whole(value, min, max) {
  return el("input", {
    type: "number",
    inputmode: "numeric",
    min: String(min),
    max: String(max),
    step: "1",
    required: true,
    value: String(value),
  });
}

// The chosen colour on a button and a link, as customers will see it, before it is saved;
// its contrast against white said in words, with whether it will be accepted.
function colourPreview(colour) {
  const sample = el(
    "div",
    { class: "colour-preview", "aria-hidden": "true" },
    el("span", { class: "preview-button", text: t("editor.preview.button") }),
    el("span", { class: "preview-link", text: t("editor.preview.link") }),
  );
  const verdict = el("p", { class: "hint", id: "portal-colour-contrast", "aria-live": "polite" });
  function show() {
    // The CSP refuses style attributes; a custom property set through the CSSOM is allowed.
    sample.style.setProperty("--preview-accent", colour.value);
    const ratio = contrastOnWhite(colour.value);
    const enough = ratio >= AA_TEXT;
    verdict.textContent = t(enough ? "editor.colour.contrast_ok" : "editor.colour.contrast_low", {
      ratio: ratioText(ratio),
    });
    verdict.classList.toggle("warning", !enough);
  }
  colour.addEventListener("input", show);
  show();
  return el("div", { class: "stack" }, sample, verdict);
}

export async function render(main) {
  const [settings, support] = await Promise.all([
    api("GET", "/portal/operator/portal/settings"),
    api("GET", "/tickets/operator/support/settings"),
  ]);
  let version = settings.version;
  const { branding, reminders } = settings;
  const problems = alertRegion();
  const result = el("div", { class: "result-slot" });

  // Whether the help centre is read before sign-in: beside the switch that turns it on.
  const helpPublic = el("input", {
    type: "checkbox",
    id: "portal-help-public",
    name: "help_public",
    checked: settings.help_public !== false,
    "aria-describedby": "portal-help-public-hint",
  });
  const actions = el(
    "fieldset",
    { class: "choices" },
    el("legend", { text: t("editor.actions") }),
    el("p", { class: "hint", text: t("editor.actions_hint") }),
    ...ACTIONS.map((action) => checkbox(action, settings.actions[action])),
    el(
      "div",
      { class: "help-public" },
      el("label", { class: "choice", for: helpPublic.id }, helpPublic, el("span", { text: t("editor.help_public") })),
      el("p", { class: "hint", id: "portal-help-public-hint", text: t("editor.help_public_hint") }),
    ),
  );
  const approval = el("input", {
    type: "checkbox",
    id: "portal-invites-approval",
    name: "invites_need_approval",
    checked: settings.invites_need_approval,
    "aria-describedby": "portal-invites-approval-hint",
  });
  const contacts = el(
    "fieldset",
    { class: "stack" },
    el("legend", { text: t("editor.contacts") }),
    el(
      "label",
      { class: "choice", for: approval.id },
      approval,
      el("span", { text: t("editor.invites_need_approval") }),
    ),
    el("p", { class: "hint", id: "portal-invites-approval-hint", text: t("editor.invites_need_approval_hint") }),
  );
  const named = (control, name) => Object.assign(control, { name });
  const name = named(
    el("input", { type: "text", required: true, maxlength: "120", value: branding.business_name }),
    "business_name",
  );
  const colour = named(el("input", { type: "color", value: branding.primary_colour }), "primary_colour");
  const email = named(
    el("input", { type: "email", maxlength: "254", value: branding.support_email || "" }),
    "support_email",
  );
  const phone = named(
    el("input", { type: "tel", maxlength: "40", value: branding.support_phone || "" }),
    "support_phone",
  );
  const language = named(languageSelect(branding.default_language), "default_language");
  const colourField = field("portal-colour", "editor.colour", colour, "editor.colour_hint");
  colourField.querySelector(".field-error").before(colourPreview(colour));
  // field() pointed the colour at its hint alone; the contrast verdict is read with it.
  colour.setAttribute("aria-describedby", "portal-colour-hint portal-colour-contrast");
  const look = el(
    "fieldset",
    { class: "stack" },
    el("legend", { text: t("editor.branding") }),
    field("portal-name", "editor.business_name", name),
    colourField,
    field("portal-email", "editor.support_email", email),
    field("portal-phone", "editor.support_phone", phone),
    field("portal-language", "editor.default_language", language),
  );
  const dueSoon = named(whole(reminders.due_soon_days, 1, 14), "due_soon_days");
  const overdue = named(
    el("input", {
      type: "text",
      inputmode: "numeric",
      required: true,
      pattern: "\\d+(,\\s*\\d+){0,2}",
      value: reminders.overdue_days.join(", "),
    }),
    "overdue_days",
  );
  const timing = el(
    "fieldset",
    { class: "stack" },
    el("legend", { text: t("editor.reminders") }),
    field("portal-due-soon", "editor.due_soon_days", dueSoon),
    field("portal-overdue", "editor.overdue_days", overdue),
  );
  const hours = Object.fromEntries(
    PRIORITIES.map((p) => [p, named(whole(support.first_reply_hours[p], 1, 720), `first_reply_hours.${p}`)]),
  );
  const promise = el(
    "fieldset",
    { class: "stack" },
    el("legend", { text: t("editor.first_reply") }),
    el(
      "div",
      { class: "hours" },
      ...PRIORITIES.map((p) => field(`portal-reply-${p}`, `support.priority.${p}`, hours[p])),
    ),
  );
  const form = el(
    "form",
    { class: "card stack editor" },
    actions,
    contacts,
    look,
    timing,
    promise,
    problems,
    el("div", { class: "actions" }, button("editor.save", { kind: "primary", type: "submit" })),
    result,
  );

  onSubmit(
    form,
    problems,
    async () => {
      result.replaceChildren();
      try {
        const changed = await api("PATCH", "/portal/operator/portal/settings", {
          version,
          actions: Object.fromEntries(ACTIONS.map((action) => [action, form.elements[`actions.${action}`].checked])),
          invites_need_approval: approval.checked,
          help_public: helpPublic.checked,
          branding: {
            business_name: name.value.trim(),
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
      } catch (error) {
        explainContrast(error);
        throw error;
      }
      await api("PUT", "/tickets/operator/support/settings", {
        ...support,
        first_reply_hours: Object.fromEntries(PRIORITIES.map((p) => [p, Number(hours[p].value)])),
      });
    },
    async () => {
      await loadPortal(); // this page takes the new colour at once
      showResult(result, "success", t("editor.saved"));
    },
  );

  // The contrast refusal is said beside the colour, with its ratio (from the refusal's values
  // when the API gives it, else worked out here the way the API does).
  function explainContrast(error) {
    if (error?.code !== "colour_contrast_too_low") return;
    const refused = error.values?.colour || colour.value;
    const ratio = error.values?.ratio ?? contrastOnWhite(refused);
    // Once showError has marked the field with the general reason, say it with the numbers.
    setTimeout(() =>
      markField(colour, t("editor.colour.refused", { colour: refused, ratio: ratioText(Number(ratio)) })),
    );
  }

  main.replaceChildren(heading("editor.heading"), form, tagsForm(support), logoForm());
}

// The ticket tags customers choose from, one row per tag: its code, then its name in each
// language. English is needed once any other is given; an empty language reads the English
// (a default tag left empty keeps the portal's own label). Saving updates `support` in
// place, so the settings form above sends the tags as they are now.
function tagsForm(support) {
  const problems = alertRegion();
  const result = el("div", { class: "result-slot" });
  const rows = el("div", { class: "stack tag-rows" });
  const inputsOf = new Map(); // each row (a fieldset) -> its field per language
  let made = 0;

  function row(tag) {
    const names = support.tag_labels?.[tag] || {};
    const n = ++made;
    const inputs = Object.fromEntries(
      LANGUAGES.map((code) => [
        code,
        el("input", {
          type: "text",
          id: `tag-${n}-${code}`,
          name: `tag_labels.${tag}.${code}`,
          lang: code,
          maxlength: "40",
          autocomplete: "off",
          value: names[code] || "",
        }),
      ]),
    );
    // English is needed as soon as the tag has a name in another language.
    const others = LANGUAGES.filter((code) => code !== "en").map((code) => inputs[code]);
    const needEnglish = () => (inputs.en.required = others.some((input) => input.value.trim()));
    for (const input of others) input.addEventListener("input", needEnglish);
    needEnglish();
    const remove = button("editor.tag_remove", { kind: "quiet", icon: "close", values: { tag } });
    const line = el(
      "fieldset",
      { class: "stack tag-row", "data-tag": tag },
      el("legend", { text: tag }),
      DEFAULT_TAGS.includes(tag)
        ? el("p", { class: "hint", text: t("editor.tag_default", { label: t(`tickets.tag.${tag}`) }) })
        : null,
      el(
        "div",
        { class: "hours" },
        ...LANGUAGES.map((code) =>
          el(
            "div",
            { class: "field" },
            el("label", { for: inputs[code].id, lang: code, text: LANGUAGE_NAMES[code] }),
            inputs[code],
            el("p", { class: "field-error", id: `${inputs[code].id}-error` }),
          ),
        ),
      ),
      el("div", { class: "actions" }, remove),
    );
    inputsOf.set(line, inputs);
    remove.addEventListener("click", () => {
      const next = line.nextElementSibling || line.previousElementSibling;
      line.remove();
      inputsOf.delete(line);
      (next?.querySelector("input") || newTag).focus();
    });
    return line;
  }

  const newTag = el("input", { type: "text", maxlength: "40", autocomplete: "off" });
  const add = button("editor.tag_add", { kind: "secondary", icon: "plus" });
  const addField = field("tag-new", "editor.tag_new", newTag, "editor.tag_new_hint");
  add.addEventListener("click", () => {
    showError(problems, null, form);
    const tag = newTag.value.trim().toLowerCase();
    const known = [...inputsOf.keys()].some((line) => line.dataset.tag === tag);
    if (!tag || known) {
      markField(newTag, t(tag ? "editor.tag_exists" : "reason.required"));
      newTag.focus();
      return;
    }
    const line = row(tag);
    rows.append(line);
    newTag.value = "";
    inputsOf.get(line).en.focus();
  });
  newTag.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter here adds the tag; it does not save the form
    add.click();
  });
  rows.append(...support.tags.map(row));

  const form = el(
    "form",
    { class: "card stack editor", "aria-labelledby": "tags-heading" },
    el("h2", { id: "tags-heading", text: t("editor.tags") }),
    el("p", { class: "hint", text: t("editor.tags_hint") }),
    rows,
    el("div", { class: "stack tag-add" }, addField, el("div", { class: "actions" }, add)),
    problems,
    el("div", { class: "actions" }, button("editor.tags_save", { kind: "primary", type: "submit" })),
    result,
  );
  onSubmit(
    form,
    problems,
    () => {
      result.replaceChildren();
      const lines = [...inputsOf.keys()]; // in the order they were drawn and added
      const labels = {};
      for (const line of lines) {
        const given = Object.entries(inputsOf.get(line))
          .map(([language, input]) => [language, input.value.trim()])
          .filter(([, text]) => text);
        if (given.length) labels[line.dataset.tag] = Object.fromEntries(given);
      }
      return api("PUT", "/tickets/operator/support/settings", {
        ...support,
        tags: lines.map((line) => line.dataset.tag),
        tag_labels: labels,
      });
    },
    (saved) => {
      Object.assign(support, saved);
      showResult(result, "success", t("editor.tags_saved"));
    },
  );
  return form;
}

// The logo goes the way every file does: a presigned POST to S3, then the API checks it.
function logoForm() {
  const problems = alertRegion();
  const input = el("input", {
    type: "file",
    id: "portal-logo",
    name: "portal-logo",
    accept: "image/png,image/jpeg,image/webp",
    required: true,
  });
  const progress = progressBar("portal-logo-progress");
  const send = button("editor.logo_upload", { kind: "secondary", type: "submit", icon: "upload" });
  const done = el("div", { class: "result-slot" });
  const form = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("editor.logo") }),
    field("portal-logo", "editor.logo_choose", input, "editor.logo_hint"),
    progress.element,
    problems,
    el("div", { class: "actions" }, send),
    done,
  );
  // No file chosen is said beside the field, before the upload's own handler runs.
  form.addEventListener("submit", (event) => {
    if (checkForm(form)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  });
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
      showResult(done, "success", t("editor.logo_done"));
    },
  );
  return form;
}
