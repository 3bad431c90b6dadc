// Sign in with a one-time code: the identifier, then the code (with resend and a countdown).
// The language can be chosen here before anything else; the page switches at once.
// "This is my device" beside the code: the session then lasts 30 days, not 12 hours.
import { api } from "../api.js";
import { language, setLanguage, t } from "../i18n.js";
import { isOn, portal } from "../portal.js";
import { loadSession, session } from "../session.js";
import {
  LANGUAGE_CHOSEN,
  alertRegion,
  busy,
  button,
  el,
  field,
  heading,
  languageSelect,
  onSubmit,
  showError,
} from "../ui.js";

// Kept across renders: choosing a language draws the page again, and a person who was
// typing their code stays on the code step.
// A code lives 5 minutes; a step older than that starts again from the identifier.
const CODE_LIFE_MS = 5 * 60 * 1000;
const pending = { identifier: null, resendAt: 0, sentAt: 0, remember: false };
let chosenHere = null;
document.addEventListener(LANGUAGE_CHOSEN, (event) => {
  if (location.pathname === "/signin") chosenHere = event.detail;
});

function languageChoice() {
  const select = languageSelect(language(), { live: true });
  select.name = "language";
  const choice = field("signin-language", "language.label", select);
  choice.classList.add("signin-language");
  return choice;
}

// Answers without signing in, when the business opens its help centre to everyone.
function helpLink() {
  if (!isOn("help") || portal.help_public === false) return null;
  return el(
    "p",
    { class: "signin-help" },
    t("signin.help.question"),
    " ",
    el("a", { href: "/help", text: t("signin.help.link") }),
  );
}

// Signed in: a customer's language choice made here is saved on their profile, so their
// e-mails speak it too; otherwise the language they saved before is the page's.
async function afterSignIn(navigate) {
  const current = await loadSession();
  pending.identifier = null;
  pending.remember = false;
  if (chosenHere && current.person.kind === "customer" && chosenHere !== current.person.language) {
    await api("PATCH", "/customers/profile", { language: chosenHere });
    session.person.language = chosenHere;
  } else if (!chosenHere) {
    await setLanguage(current.person.language);
  }
  chosenHere = null;
  navigate(current.person.kind === "staff" ? "/console/customers" : "/");
}

export async function render(main, _config, navigate) {
  let countdown = null;
  const problems = alertRegion();

  function identifierStep() {
    pending.identifier = null;
    const input = el("input", {
      type: "text",
      autocomplete: "username",
      required: true,
      maxlength: "254",
      autocapitalize: "none",
      spellcheck: "false",
    });
    const form = el(
      "form",
      { class: "card stack signin" },
      field("identifier", "signin.identifier", input, "signin.identifier.hint"),
      button("signin.send", { kind: "primary", type: "submit", icon: "mail" }),
    );
    onSubmit(
      form,
      problems,
      () => api("POST", "/auth/start", { identifier: input.value.trim() }),
      (reply) => {
        pending.identifier = input.value.trim();
        pending.sentAt = Date.now();
        pending.resendAt = pending.sentAt + reply.resend_after_seconds * 1000;
        codeStep();
      },
    );
    main.replaceChildren(heading("signin.heading"), languageChoice(), problems, form, helpLink() || "");
    input.focus();
  }

  function codeStep() {
    const input = el("input", {
      type: "text",
      inputmode: "numeric",
      autocomplete: "one-time-code",
      pattern: "[0-9]{6}",
      minlength: "6",
      maxlength: "6",
      required: true,
    });
    const resend = el("button", { type: "button", class: "button secondary", disabled: true });
    const remember = el("input", {
      type: "checkbox",
      id: "signin-remember",
      name: "remember",
      checked: pending.remember,
      "aria-describedby": "signin-remember-hint",
      onchange: () => (pending.remember = remember.checked),
    });
    const form = el(
      "form",
      { class: "card stack signin" },
      el("p", { role: "status", class: "signin-sent", text: t("signin.sent") }),
      field("code", "signin.code", input),
      el(
        "div",
        {},
        el("label", { class: "choice", for: "signin-remember" }, remember, el("span", { text: t("signin.remember") })),
        el("p", { class: "hint", id: "signin-remember-hint", text: t("signin.remember.hint") }),
      ),
      button("signin.verify", { kind: "primary", type: "submit" }),
      el(
        "div",
        { class: "actions" },
        resend,
        el("button", { type: "button", class: "link", text: t("signin.other"), onclick: identifierStep }),
      ),
    );
    startCountdown(resend);
    resend.addEventListener("click", async () => {
      showError(problems, null, form);
      try {
        const again = await busy(resend, () => api("POST", "/auth/resend"));
        pending.sentAt = Date.now();
        pending.resendAt = pending.sentAt + again.resend_after_seconds * 1000;
        startCountdown(resend);
        input.focus();
      } catch (error) {
        showError(problems, error, form);
      }
    });
    onSubmit(
      form,
      problems,
      () => api("POST", "/auth/verify", { code: input.value.trim(), remember: remember.checked }),
      () => {
        clearInterval(countdown);
        return afterSignIn(navigate);
      },
    );
    main.replaceChildren(heading("signin.heading"), languageChoice(), problems, form);
    input.focus();
  }

  function startCountdown(control) {
    clearInterval(countdown);
    const tick = () => {
      const left = Math.max(0, Math.ceil((pending.resendAt - Date.now()) / 1000));
      if (control.getAttribute("aria-busy") !== "true") control.disabled = left > 0;
      control.textContent = left > 0 ? t("signin.resend.wait", { seconds: left }) : t("signin.resend");
      if (left === 0) clearInterval(countdown);
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  if (pending.identifier && Date.now() - pending.sentAt < CODE_LIFE_MS) codeStep();
  else identifierStep();
  return () => clearInterval(countdown);
}
