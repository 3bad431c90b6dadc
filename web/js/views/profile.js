// The customer's own profile: name, language, and two contacts confirmed by a code sent to
// them: the e-mail notifications and invoices go to, and the mobile number codes come by;
// last, the request to be forgotten.
// Each card shows its result inside itself, where the person is looking.
import { api } from "../api.js";
import { setLanguage, t } from "../i18n.js";
import { session } from "../session.js";
import { alertRegion, button, el, field, heading, languageSelect, onSubmit, showError, showResult } from "../ui.js";
import { erasureCard } from "./profile-erasure.js";

function card(id, headingKey, ...children) {
  return el(
    "section",
    { class: "card stack", "aria-labelledby": id },
    el("h2", { id, text: t(headingKey) }),
    ...children,
  );
}

function codeInput() {
  return el("input", {
    type: "text",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9]{6}",
    minlength: "6",
    maxlength: "6",
    required: true,
  });
}

// The details: the sign-in e-mail (staff change it), name and language. A new language is
// the page's at once, as it is everywhere the customer reads.
function detailsCard(profile, redraw) {
  const name = el("input", {
    type: "text",
    value: profile.name,
    required: true,
    maxlength: "120",
    autocomplete: "name",
  });
  const language = languageSelect(profile.language);
  const problems = alertRegion();
  const form = el(
    "form",
    { class: "stack" },
    field("name", "profile.name", name),
    field("language", "profile.language", language),
    el("div", { class: "actions" }, button("profile.save", { kind: "primary", type: "submit" })),
  );
  onSubmit(
    form,
    problems,
    () => api("PATCH", "/customers/profile", { name: name.value.trim(), language: language.value }),
    async (saved) => {
      if (session.person) Object.assign(session.person, { name: saved.name, language: saved.language });
      if (saved.language !== document.documentElement.lang) await setLanguage(saved.language);
      await redraw({ card: "profile-details", text: t("profile.saved") });
    },
  );
  return card(
    "profile-details",
    "profile.details",
    el(
      "dl",
      { class: "facts profile-facts" },
      el("dt", { text: t("profile.email") }),
      el("dd", { text: profile.email || t("profile.email.none") }),
    ),
    el("p", { class: "hint", text: t("profile.email.hint") }),
    problems,
    form,
  );
}

// A contact that changes only once the code sent to it comes back: first the new address,
// then, in the same card, its code.
function contactCard({ id, headingKey, current, input, inputField, sendKey, start, confirm, extra, redraw }) {
  const problems = alertRegion();
  const body = el("div", { class: "stack" });
  const section = card(id, headingKey, el("p", { "data-testid": `${id}-current`, text: current }), problems, body);

  function askForNew() {
    const form = el(
      "form",
      { class: "stack" },
      inputField,
      el("div", { class: "actions" }, button(sendKey, { kind: "secondary", type: "submit", icon: "mail" }), extra),
    );
    onSubmit(form, problems, start, (pending) => askForCode(pending));
    body.replaceChildren(form);
  }

  function askForCode(pending) {
    const code = codeInput();
    code.name = "code";
    const result = el("div", { class: "result-slot" });
    const form = el(
      "form",
      { class: "stack" },
      field(`${id}-code`, "signin.code", code),
      el(
        "div",
        { class: "actions" },
        button(confirm.key, { kind: "primary", type: "submit" }),
        el("button", { type: "button", class: "link", text: t("profile.code.other"), onclick: askForNew }),
      ),
    );
    onSubmit(
      form,
      problems,
      () => api("POST", confirm.path, { code: code.value.trim() }),
      () => redraw({ card: id, text: confirm.done(pending) }),
    );
    body.replaceChildren(result, form);
    showResult(result, "info", confirm.sent(pending));
    code.focus();
  }

  input.value = "";
  askForNew();
  return section;
}

export async function render(main) {
  const profile = await api("GET", "/customers/profile");

  // After a change the cards are drawn afresh from the profile, and the result shows at the
  // top of the card it came from.
  async function redraw(outcome) {
    await render(main);
    const region = main.querySelector(`#${outcome.card}`)?.closest("section")?.querySelector(".result-top");
    if (region) showResult(region, "success", outcome.text);
  }

  const contact = el("input", { type: "email", autocomplete: "email", maxlength: "254", required: true });
  const resetProblems = alertRegion();
  const reset = profile.contact_email
    ? button("profile.contact.reset", {
        kind: "quiet",
        onclick: async (event) => {
          showError(resetProblems, null);
          try {
            await api("DELETE", "/customers/profile/contact-email");
            await redraw({ card: "profile-contact", text: t("profile.contact.reset.saved") });
          } catch (error) {
            showError(resetProblems, error);
            event.currentTarget?.focus();
          }
        },
      })
    : null;
  const contactSection = contactCard({
    id: "profile-contact",
    headingKey: "profile.contact",
    current: profile.contact_email
      ? t("profile.contact.current", { email: profile.contact_email })
      : profile.email
        ? t("profile.contact.signin", { email: profile.email })
        : t("profile.contact.none"),
    input: contact,
    inputField: field("contact_email", "profile.contact.new", contact),
    sendKey: "profile.contact.send",
    start: () => api("POST", "/customers/profile/contact-email", { contact_email: contact.value.trim() }),
    confirm: {
      key: "profile.contact.confirm",
      path: "/customers/profile/contact-email/confirm",
      sent: (pending) => t("profile.contact.sent", { email: pending.pending_contact_email }),
      done: (pending) => t("profile.contact.saved", { email: pending.pending_contact_email }),
    },
    extra: reset,
    redraw,
  });
  if (reset) contactSection.append(resetProblems);

  const mobile = el("input", {
    type: "tel",
    autocomplete: "tel",
    required: true,
    minlength: "8",
    maxlength: "20",
    // International form, as the label asks: a plus, then digits (spaces allowed).
    pattern: "\\+[0-9][0-9 ]{5,18}",
  });
  const mobileSection = contactCard({
    id: "profile-mobile",
    headingKey: "profile.mobile",
    current: profile.mobile ? t("profile.mobile.current", { mobile: profile.mobile }) : t("profile.mobile.none"),
    input: mobile,
    inputField: field("mobile", "profile.mobile.new", mobile),
    sendKey: "profile.mobile.send",
    start: () => api("POST", "/customers/profile/mobile", { mobile: mobile.value.trim() }),
    confirm: {
      key: "profile.mobile.confirm",
      path: "/customers/profile/mobile/confirm",
      sent: (pending) => t("profile.mobile.sent", { mobile: pending.pending_mobile }),
      done: () => t("profile.mobile.saved"),
    },
    redraw,
  });

  const sections = [detailsCard(profile, redraw), contactSection, mobileSection, await erasureCard()];
  // Each card keeps a slot under its heading for the result of the change it made.
  for (const section of sections) section.querySelector("h2").after(el("div", { class: "result-top" }));
  main.replaceChildren(heading("profile.heading"), ...sections);
}
