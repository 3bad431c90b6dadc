// The customer's own profile: name, language, and two contacts confirmed by a code sent to
// them: the e-mail notifications and invoices go to, and the mobile number codes come by.
import { api } from "../api.js";
import { setLanguage, t } from "../i18n.js";
import { alertRegion, el, field, heading, languageSelect, showError } from "../ui.js";

// Conflicts the API names by field and reason, said in the page's language.
const CONFLICTS = {
  "mobile.unchanged": "profile.mobile.unchanged",
  "mobile.taken": "profile.mobile.taken",
  "contact_email.unchanged": "profile.contact.unchanged",
};

function explained(error) {
  const details = error && error.details;
  const key = details && !Array.isArray(details) ? CONFLICTS[`${details.field}.${details.reason}`] : null;
  return key ? { message: t(key) } : error;
}

export async function render(main) {
  const profile = await api("GET", "/customers/profile");
  const problems = alertRegion();
  const status = el("p", { role: "status", class: "status" });
  // Each action starts without the last one's error or confirmation.
  function begin() {
    showError(problems, null);
    status.textContent = "";
  }

  const name = el("input", {
    type: "text",
    value: profile.name,
    required: true,
    maxlength: "120",
    autocomplete: "name",
  });
  const language = languageSelect(profile.language);
  const details = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("profile.details") }),
    el("p", {}, el("span", { class: "label", text: `${t("profile.email")}: ` }), el("strong", { text: profile.email })),
    el("p", { class: "hint", text: t("profile.email.hint") }),
    field("name", "profile.name", name),
    field("language", "profile.language", language),
    el("button", { type: "submit", class: "primary", text: t("profile.save") }),
  );
  details.addEventListener("submit", async (event) => {
    event.preventDefault();
    begin();
    try {
      const saved = await api("PATCH", "/customers/profile", { name: name.value.trim(), language: language.value });
      await setLanguage(saved.language);
      status.textContent = t("profile.saved");
    } catch (error) {
      showError(problems, error);
    }
  });

  // Where notifications go changes only once the code sent to the new address comes back.
  const contact = el("input", { type: "email", autocomplete: "email", maxlength: "254", value: "" });
  const contactForm = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("profile.contact") }),
    el("p", {
      text: profile.contact_email
        ? t("profile.contact.current", { email: profile.contact_email })
        : t("profile.contact.signin", { email: profile.email }),
    }),
    field("contact_email", "profile.contact.new", contact),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit", class: "secondary", text: t("profile.contact.send") }),
      profile.contact_email
        ? el("button", { type: "button", class: "link", text: t("profile.contact.reset"), onclick: useSignInEmail })
        : null,
    ),
  );
  contactForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    begin();
    try {
      const pending = await api("POST", "/customers/profile/contact-email", { contact_email: contact.value.trim() });
      const email = pending.pending_contact_email;
      confirmByCode(contactForm, {
        id: "contact_code",
        headingKey: "profile.contact",
        sent: t("profile.contact.sent", { email }),
        confirmKey: "profile.contact.confirm",
        path: "/customers/profile/contact-email/confirm",
        done: t("profile.contact.saved", { email }),
      });
    } catch (error) {
      showError(problems, explained(error));
    }
  });

  async function useSignInEmail() {
    begin();
    try {
      await api("DELETE", "/customers/profile/contact-email");
      await render(main);
      main.querySelector(".status").textContent = t("profile.contact.reset.saved");
    } catch (error) {
      showError(problems, explained(error));
    }
  }

  const mobile = el("input", { type: "tel", autocomplete: "tel", value: "" });
  const mobileForm = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("profile.mobile") }),
    el("p", {
      text: profile.mobile ? t("profile.mobile.current", { mobile: profile.mobile }) : t("profile.mobile.none"),
    }),
    field("mobile", "profile.mobile.new", mobile),
    el("button", { type: "submit", class: "secondary", text: t("profile.mobile.send") }),
  );
  mobileForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    begin();
    try {
      const pending = await api("POST", "/customers/profile/mobile", { mobile: mobile.value });
      confirmByCode(mobileForm, {
        id: "mobile_code",
        headingKey: "profile.mobile",
        sent: t("profile.mobile.sent", { mobile: pending.pending_mobile }),
        confirmKey: "profile.mobile.confirm",
        path: "/customers/profile/mobile/confirm",
        done: t("profile.mobile.saved"),
      });
    } catch (error) {
      showError(problems, explained(error));
    }
  });

  // A code sent to a new contact, typed back in place of the card that asked for it.
  function confirmByCode(card, { id, headingKey, sent, confirmKey, path, done }) {
    const code = el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" });
    const form = el(
      "form",
      { class: "card stack", novalidate: true },
      el("h2", { text: t(headingKey) }),
      el("p", { role: "status", text: sent }),
      field(id, "signin.code", code),
      el("button", { type: "submit", class: "primary", text: t(confirmKey) }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      begin();
      try {
        await api("POST", path, { code: code.value.trim() });
        await render(main);
        main.querySelector(".status").textContent = done;
      } catch (error) {
        showError(problems, explained(error));
      }
    });
    card.replaceWith(form);
    code.focus();
  }

  main.replaceChildren(heading("profile.heading"), problems, status, details, contactForm, mobileForm);
}
