// Operator console: the catalogue; publish, and take products off sale.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { alertRegion, dataTable, el, field, heading, percent, showError } from "../../ui.js";

export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");

  function priceEditor(product) {
    const input = el("input", {
      type: "number",
      min: "0",
      step: "0.01",
      value: (product.price / 100).toFixed(2),
      class: "quantity",
      "aria-label": t("products.price.of", { name: product.name }),
    });
    input.addEventListener("change", async () => {
      showError(problems, null);
      try {
        await api("PATCH", `/operator/products/${product.product_id}`, { price: Math.round(Number(input.value) * 100) });
      } catch (error) {
        showError(problems, error);
      }
    });
    return el("span", {}, input, ` ${product.currency}`);
  }

  async function load() {
    const page = await api("GET", "/operator/products?limit=100");
    rows.replaceChildren(
      ...page.items.map((product) =>
        el(
          "tr",
          {},
          el("th", { scope: "row", text: product.name }),
          el("td", {}, priceEditor(product)),
          el("td", { text: percent(product.tax_rate) }),
          el(
            "td",
            {},
            el("button", {
              type: "button",
              class: "secondary",
              text: t("products.deactivate"),
              "aria-label": t("products.deactivate.of", { name: product.name }),
              onclick: async () => {
                await api("POST", `/operator/products/${product.product_id}/deactivate`);
                await load();
              },
            }),
          ),
        ),
      ),
    );
  }

  const inputs = {
    name: el("input", { type: "text", maxlength: "120" }),
    price: el("input", { type: "number", min: "0", step: "0.01" }),
    currency: el("input", { type: "text", value: "EUR", maxlength: "3" }),
    tax: el("input", { type: "number", min: "0", max: "100", step: "0.01", value: "24" }),
    description: el("textarea", { rows: "2", maxlength: "2000" }),
  };
  const create = el(
    "form",
    { class: "card stack", novalidate: true },
    el("h2", { text: t("products.create") }),
    ...Object.entries(inputs).map(([name, input]) => field(`product-${name}`, `products.${name}`, input)),
    el("button", { type: "submit", class: "primary", text: t("products.create.go") }),
  );
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("POST", "/operator/products", {
        name: inputs.name.value.trim(),
        description: inputs.description.value,
        price: Math.round(Number(inputs.price.value) * 100),
        currency: inputs.currency.value.trim().toUpperCase(),
        tax_rate: Math.round(Number(inputs.tax.value) * 100),
      });
      create.reset();
      await load();
    } catch (error) {
      showError(problems, error);
    }
  });
  const table = dataTable("products.heading", ["products.name", "products.price", "products.tax", "products.actions"], rows);
  main.replaceChildren(heading("products.heading"), problems, table, create);
  await load();
}
