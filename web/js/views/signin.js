// Sign in with a one-time code: the identifier, then the code (with resend and a countdown).
import { api } from "../api.js";
import { setLanguage, t } from "../i18n.js";
import { loadSession } from "../session.js";
import { alertRegion, el, field, heading, showError } from "../ui.js";

export async function render(main, _config, navigate) {
  let countdown = null;
  const problems = alertRegion();

  function identifierStep() {
    const input = el("input", { type: "text", autocomplete: "username", required: true, maxlength: "254" });
    const form = el(
      "form",
      { class: "card stack", novalidate: true },
      field("identifier", "signin.identifier", input),
      el("p", { class: "hint", id: "identifier-hint", text: t("signin.identifier.hint") }),
      el("button", { type: "submit", class: "primary", text: t("signin.send") }),
    );
    input.setAttribute("aria-describedby", "identifier-hint");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(problems, null);
      try {
        const reply = await api("POST", "/auth/start", { identifier: input.value.trim() });
        codeStep(reply);
      } catch (error) {
        showError(problems, error);
      }
    });
    main.replaceChildren(heading("signin.heading"), problems, form);
    input.focus();
  }

  function codeStep(reply) {
    const input = el("input", {
      type: "text",
      inputmode: "numeric",
      autocomplete: "one-time-code",
      pattern: "[0-9]{6}",
      maxlength: "6",
      required: true,
    });
    const resend = el("button", { type: "button", class: "secondary", disabled: true });
    const form = el(
      "form",
      { class: "card stack", novalidate: true },
      el("p", { role: "status", text: t("signin.sent") }),
      field("code", "signin.code", input),
      el("button", { type: "submit", class: "primary", text: t("signin.verify") }),
      resend,
      el("button", { type: "button", class: "link", text: t("signin.other"), onclick: identifierStep }),
    );
    startCountdown(resend, reply.resend_after_seconds);
    resend.addEventListener("click", async () => {
      showError(problems, null);
      try {
        const again = await api("POST", "/auth/resend");
        startCountdown(resend, again.resend_after_seconds);
      } catch (error) {
        showError(problems, error);
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(problems, null);
      try {
        await api("POST", "/auth/verify", { code: input.value.trim() });
        clearInterval(countdown);
        const current = await loadSession();
        await setLanguage(current.person.language);
        navigate(current.person.kind === "staff" ? "/console/customers" : "/");
      } catch (error) {
        showError(problems, error);
        input.select();
      }
    });
    main.replaceChildren(heading("signin.heading"), problems, form);
    input.focus();
  }

  function startCountdown(button, seconds) {
    clearInterval(countdown);
    let left = seconds;
    const tick = () => {
      button.disabled = left > 0;
      button.textContent = left > 0 ? t("signin.resend.wait", { seconds: left }) : t("signin.resend");
      left -= 1;
      if (left < -1) clearInterval(countdown);
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  identifierStep();
  return () => clearInterval(countdown);
}
