// The design gallery at /dev/design: every component, rendered by the code the pages use.
import { setLanguage } from "/js/i18n.js";
import { ICON_NAMES } from "/js/icons.js";
import * as ui from "/js/ui.js";

const colour = new URLSearchParams(location.search).get("colour");
if (colour) document.documentElement.style.setProperty("--accent", colour);
await setLanguage(new URLSearchParams(location.search).get("lang") || "en");
const { el } = ui;
const gallery = document.getElementById("gallery");
// Styles set through the CSSOM: the portal's CSP refuses style attributes.
const styled = (element, property, value) => {
  element.style.setProperty(property, value);
  return element;
};
const section = (id, title, ...children) =>
  el(
    "section",
    { class: "card stack", id, "aria-labelledby": `${id}-h` },
    el("h2", { id: `${id}-h`, text: title }),
    ...children,
  );

const tokens = [
  "--accent",
  "--accent-strong",
  "--accent-soft",
  "--accent-line",
  "--text",
  "--muted",
  "--background",
  "--border",
  "--success",
  "--warning",
  "--danger",
  "--info",
];
gallery.append(
  section(
    "colours",
    "Colours",
    el(
      "div",
      { class: "swatches" },
      ...tokens.map((name) =>
        el("div", { class: "swatch" }, styled(el("span"), "background", `var(${name})`), el("code", { text: name })),
      ),
    ),
  ),
  section(
    "type",
    "Type scale",
    ...["--text-2xl", "--text-xl", "--text-lg", "--text-md", "--text-sm", "--text-xs"].map((size) =>
      styled(el("p", { text: `${size}: Invoices and payments` }), "font-size", `var(${size})`),
    ),
  ),
  section(
    "buttons",
    "Buttons",
    el(
      "div",
      { class: "actions" },
      ui.button("billing.review", { kind: "primary", icon: "card" }),
      ui.button("documents.download", { kind: "secondary", icon: "download" }),
      ui.button("confirm.yes", { kind: "danger" }),
      ui.button("error.retry", { kind: "quiet", icon: "retry" }),
      el(
        "button",
        { type: "button", class: "button primary", "aria-busy": "true", disabled: true },
        el("span", { text: "Busy" }),
      ),
    ),
  ),
  section(
    "pills",
    "Badges and status pills",
    el(
      "div",
      { class: "actions" },
      el("span", { class: "badge", text: "3" }),
      ...["paid", "overdue", "cancelled", "submitted", "draft"].map((status) => ui.pill(status, ui.toneOf(status))),
    ),
  ),
  section(
    "fields",
    "Form fields",
    (() => {
      const form = el(
        "form",
        { class: "stack" },
        ui.field(
          "design-name",
          "profile.name",
          el("input", { type: "text", required: true, minlength: "2" }),
          "signin.identifier.hint",
        ),
        ui.field(
          "design-amount",
          "billing.amount",
          el("input", { type: "number", min: "1", max: "100", step: "0.01", value: "120" }),
        ),
        el(
          "label",
          { class: "choice" },
          el("input", { type: "checkbox" }),
          el("span", { text: "Remember this device" }),
        ),
        ui.button("billing.pay", { kind: "primary", type: "submit" }),
      );
      queueMicrotask(() => ui.checkForm(form));
      return form;
    })(),
  ),
  section(
    "alerts",
    "Alerts and results",
    (() => {
      const region = ui.alertRegion();
      ui.showError(region, { status: 409, code: "offline" });
      return region;
    })(),
    (() => {
      const region = el("div");
      ui.showResult(region, "success", "Payment received: 52,33 €.");
      return region;
    })(),
    (() => {
      const region = el("div");
      ui.showResult(
        region,
        "danger",
        "The card was declined.",
        ui.button("error.retry", { kind: "primary", icon: "retry" }),
      );
      return region;
    })(),
  ),
  section(
    "empty",
    "Empty state",
    ui.emptyState(
      "document",
      "documents.none",
      el("a", { class: "button primary", href: "#", text: "Upload a document" }),
    ),
  ),
  section(
    "loading",
    "Loading",
    (() => {
      const box = el("div");
      ui.showLoading(box);
      return box;
    })(),
  ),
  section(
    "failure",
    "A page that failed",
    (() => {
      const box = el("div");
      ui.showFailure(box, { status: 0 }, () => {});
      return box;
    })(),
  ),
  section(
    "table",
    "Table (cards below 40rem)",
    ui.dataTable(
      "billing.invoices",
      ["billing.invoices", "billing.next_due", "billing.amount"],
      el(
        "tbody",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "row", text: "INV-000001" }),
          el("td", { text: "15 Dec 2026" }),
          el("td", { text: "111.70 €" }),
        ),
        el(
          "tr",
          {},
          el("th", { scope: "row", text: "INV-000002" }),
          el("td", { text: "31 Dec 2026" }),
          el("td", { text: "52.33 €" }),
        ),
      ),
    ),
  ),
  section(
    "icons",
    "Icons",
    el(
      "div",
      { class: "icons" },
      ...ICON_NAMES.map((name) => el("figure", {}, ui.icon(name), el("figcaption", { text: name }))),
    ),
  ),
);
document.body.dataset.ready = "true";
