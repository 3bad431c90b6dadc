// "Forget me": the profile's last card. The person asks; the business confirms in its console;
// until then the card says the request waits (or why the business declined it, with a way to
// ask again). Once the business confirms, the person is signed out for good.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, button, confirmAction, day, el, showError } from "../ui.js";

function status(state) {
  if (state.status === "requested") return t("erasure.waiting", { date: day(state.requested_at) });
  if (state.status === "declined") {
    return t("erasure.declined", { date: day(state.decided_at), reason: state.declined_because || "" });
  }
  return "";
}

export async function erasureCard() {
  let state = await api("GET", "/customers/profile/erasure");
  const problems = alertRegion();
  const said = el("p", { role: "status", "data-testid": "erasure-status" });
  const ask = button("erasure.ask", { kind: "danger" });

  function draw() {
    said.textContent = status(state);
    said.hidden = !said.textContent;
    ask.hidden = state.status === "requested" || state.status === "erasing";
  }

  ask.addEventListener("click", async () => {
    showError(problems, null);
    if (!(await confirmAction("erasure.ask.confirm", { confirmKey: "erasure.ask" }))) return;
    try {
      state = await api("POST", "/customers/profile/erasure");
      draw();
      said.setAttribute("tabindex", "-1");
      said.focus();
    } catch (error) {
      showError(problems, error);
    }
  });
  draw();
  return el(
    "section",
    { class: "card stack", "aria-labelledby": "profile-erasure" },
    el("h2", { id: "profile-erasure", text: t("erasure.heading") }),
    el("p", { text: t("erasure.about") }),
    el("p", { class: "hint", text: t("erasure.kept") }),
    problems,
    said,
    el("div", { class: "actions" }, ask),
  );
}
