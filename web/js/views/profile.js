// The customer's own profile: name, language, where notifications go, and a verified mobile.
import { api } from "../api.js";
import { setLanguage, t } from "../i18n.js";
import { alertRegion, el, field, heading, languageSelect, showError } from "../ui.js";

export async function render(main) {
  const profile = await api("GET", "/profile");
  const problems = alertRegion();
  const status = el("p", { role: "status", class: "status" });

  const name = el("input", { type: "text", value: profile.name, required: true, maxlength: "120", autocomplete: "name" });
  const contact = el("input", { type: "email", value: profile.contact_email || "", autocomplete: "email" });
  const language = languageSelect(profile.language);
  const details = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("profile.details") }),
    el("p", {}, el("span", { class: "label", text: `${t("profile.email")}: ` }), el("strong", { text: profile.email })),
    el("p", { class: "hint", text: t("profile.email.hint") }),
    field("name", "profile.name", name),
    field("language", "profile.language", language),
    field("contact_email", "profile.contact", contact),
    el("button", { type: "submit", class: "primary", text: t("profile.save") }),
  );
  details.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      const saved = await api("PATCH", "/profile", {
        name: name.value.trim(),
        language: language.value,
        contact_email: contact.value.trim() || null,
      });
      await setLanguage(saved.language);
      status.textContent = t("profile.saved");
    } catch (error) {
      showError(problems, error);
    }
  });

  const mobile = el("input", { type: "tel", autocomplete: "tel", value: "" });
  const mobileForm = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("profile.mobile") }),
    el("p", { text: profile.mobile ? t("profile.mobile.current", { mobile: profile.mobile }) : t("profile.mobile.none") }),
    field("mobile", "profile.mobile.new", mobile),
    el("button", { type: "submit", class: "secondary", text: t("profile.mobile.send") }),
  );
  mobileForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      const pending = await api("POST", "/profile/mobile", { mobile: mobile.value });
      confirmMobile(pending.pending_mobile);
    } catch (error) {
      showError(problems, error);
    }
  });

  function confirmMobile(number) {
    const code = el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" });
    const form = el(
      "form",
      { class: "card stack", novalidate: true },
      el("h2", { text: t("profile.mobile") }),
      el("p", { role: "status", text: t("profile.mobile.sent", { mobile: number }) }),
      field("mobile_code", "signin.code", code),
      el("button", { type: "submit", class: "primary", text: t("profile.mobile.confirm") }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(problems, null);
      try {
        await api("POST", "/profile/mobile/confirm", { code: code.value.trim() });
        await render(main);
        main.querySelector(".status").textContent = t("profile.mobile.saved");
      } catch (error) {
        showError(problems, error);
      }
    });
    mobileForm.replaceWith(form);
    code.focus();
  }

  main.replaceChildren(heading("profile.heading"), problems, status, details, mobileForm);
}
