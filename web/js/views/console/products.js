// Operator console: the catalogue; publish, and take products off sale.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { knownCurrency, minorDigits } from "../../currencies.js";
import {
  alertRegion,
  dataTable,
  el,
  field,
  heading,
  majorUnits,
  minorStep,
  minorUnits,
  percent,
  showError,
} from "../../ui.js";

// A typed price in minor units, with the currency's own decimals (ISO 4217: 0 for JPY, 3 for
// KWD); throws a message the form shows when the amount has more decimals than that.
function typedPrice(typed, currency) {
  const price = minorUnits(typed, currency);
  if (Number.isNaN(price))
    throw new Error(t("products.bad_price", { currency, digits: String(minorDigits(currency)) }));
  return price;
}

export async function render(main) {
  const problems = alertRegion();
  const rows = el("tbody");

  function priceEditor(product) {
    const input = el("input", {
      type: "number",
      min: "0",
      step: minorStep(product.currency),
      value: majorUnits(product.price, product.currency),
      class: "quantity",
      "aria-label": t("products.price.of", { name: product.name }),
    });
    input.addEventListener("change", async () => {
      showError(problems, null);
      try {
        await api("PATCH", `/orders/operator/products/${product.product_id}`, {
          price: typedPrice(input.value, product.currency),
        });
      } catch (error) {
        showError(problems, error);
      }
    });
    return el("span", {}, input, ` ${product.currency}`);
  }

  async function load() {
    const page = await api("GET", "/orders/operator/products?limit=100");
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
                await api("POST", `/orders/operator/products/${product.product_id}/deactivate`);
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
  // The price takes as many decimals as the currency typed beside it has.
  const chosenCurrency = () => inputs.currency.value.trim().toUpperCase();
  inputs.currency.addEventListener("input", () => {
    if (knownCurrency(chosenCurrency())) inputs.price.step = minorStep(chosenCurrency());
  });
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(problems, null);
    try {
      await api("POST", "/orders/operator/products", {
        name: inputs.name.value.trim(),
        description: inputs.description.value,
        price: typedPrice(inputs.price.value, chosenCurrency()),
        currency: chosenCurrency(),
        tax_rate: Math.round(Number(inputs.tax.value) * 100),
      });
      create.reset();
      inputs.price.step = minorStep(chosenCurrency());
      await load();
    } catch (error) {
      showError(problems, error);
    }
  });
  const table = dataTable(
    "products.heading",
    ["products.name", "products.price", "products.tax", "products.actions"],
    rows,
  );
  main.replaceChildren(heading("products.heading"), problems, table, create);
  await load();
}
