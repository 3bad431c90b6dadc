// What a contact whose role reads an area but may not change it (a viewer) is told where the
// controls would be: that they can read it, and which roles can change it. Each area's
// sentence names its roles in the catalogue (readonly.<area>), each role by its own word.
import { t } from "../i18n.js";
import { el, icon } from "../ui.js";

const ROLES = ["admin", "billing", "buyer", "support", "viewer"];

export function readOnlyNote(area) {
  const roles = Object.fromEntries(ROLES.map((role) => [role, t(`role.${role}`)]));
  return el(
    "p",
    { class: "read-only-note", "data-testid": "read-only" },
    icon("info"),
    el("span", { text: t(`readonly.${area}`, roles) }),
  );
}
