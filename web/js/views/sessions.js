// The signed-in person's devices: one card a session (browser and system, where it signed in
// from, first and last seen), this one marked. Another device can be signed out here, or all
// of them at once; the device that is signed out finds itself at the sign-in page on its next
// request. A remembered session ("this is my device" at sign-in) says until when it lasts.
import { api } from "../api.js";
import { language, t } from "../i18n.js";
import { alertRegion, button, confirmAction, dateTime, el, heading, pill, showError, showResult } from "../ui.js";

// "Lyon, France" from CloudFront's country code and city; locally there is none.
function place(session) {
  if (!session.country) return t("sessions.place.unknown");
  let country = session.country;
  try {
    country = new Intl.DisplayNames([language()], { type: "region" }).of(session.country) || country;
  } catch {
    // An unknown code is shown as it came.
  }
  return session.city ? `${session.city}, ${country}` : country;
}

function deviceName(session) {
  return session.device || t("sessions.device.unknown");
}

function fact(labelKey, value) {
  return [el("dt", { text: t(labelKey) }), el("dd", { text: value })];
}

function sessionCard(session, index, { problems, redraw }) {
  const id = `session-${index}`;
  const ends = session.remembered
    ? t("sessions.remembered", { until: dateTime(session.expires_at) })
    : t("sessions.until", { until: dateTime(session.expires_at) });
  const parts = [
    el("h2", { id, text: deviceName(session) }),
    session.current ? el("p", {}, pill(t("sessions.this_device"), "success")) : null,
    el(
      "dl",
      { class: "facts" },
      ...fact("sessions.place", place(session)),
      ...fact("sessions.address", session.address),
      ...fact("sessions.first_seen", dateTime(session.first_seen)),
      ...fact("sessions.last_seen", dateTime(session.last_seen)),
      ...fact("sessions.ends", ends),
    ),
  ];
  if (!session.current) {
    const revoke = button("sessions.revoke", {
      kind: "danger",
      "aria-label": t("sessions.revoke_named", { device: deviceName(session) }),
      onclick: async () => {
        const sure = await confirmAction("sessions.revoke.confirm", {
          confirmKey: "sessions.revoke.yes",
          values: { device: deviceName(session) },
        });
        if (!sure) return revoke.focus();
        showError(problems, null);
        try {
          await api("DELETE", `/auth/sessions/${encodeURIComponent(session.session_id)}`);
          await redraw(t("sessions.revoked", { device: deviceName(session) }));
        } catch (error) {
          showError(problems, error);
        }
      },
    });
    parts.push(el("div", { class: "actions" }, revoke));
  }
  return el("section", { class: "card stack", "aria-labelledby": id, "data-testid": "session" }, ...parts);
}

export async function render(main) {
  const { items: sessions } = await api("GET", "/auth/sessions");
  const problems = alertRegion();
  const outcome = el("div", { class: "result-slot sessions-outcome" });

  // After a change the list is read again; what was done is said at the top.
  async function redraw(text) {
    await render(main);
    showResult(main.querySelector(".sessions-outcome"), "success", text);
  }

  const others = sessions.filter((session) => !session.current).length;
  const everywhereElse = others
    ? button("sessions.others", {
        kind: "secondary",
        icon: "globe",
        onclick: async () => {
          if (!(await confirmAction("sessions.others.confirm", { confirmKey: "sessions.others.yes" }))) return;
          showError(problems, null);
          try {
            const { ended } = await api("POST", "/auth/sessions/sign-out-others");
            await redraw(t("sessions.others.done", { count: ended }));
          } catch (error) {
            showError(problems, error);
          }
        },
      })
    : null;
  const parts = [
    heading("sessions.heading"),
    el("p", { class: "lead", text: t("sessions.lead") }),
    outcome,
    problems,
    everywhereElse ? el("div", { class: "actions" }, everywhereElse) : null,
    ...sessions.map((session, index) => sessionCard(session, index, { problems, redraw })),
  ];
  main.replaceChildren(...parts.filter(Boolean));
}
