// Operator console: the catalogue; change a price, take a product off sale, publish a new one.
// Each action is answered beside it; on a phone every product is a card.
import { api } from "../../api.js";
import { t } from "../../i18n.js";
import { knownCurrency, minorDigits } from "../../currencies.js";
import {
  alertRegion,
  button,
  confirmAction,
  dataTable,
  el,
  field,
  heading,
  majorUnits,
  minorStep,
  minorUnits,
  money,
  onSubmit,
  percent,
  showError,
  showResult,
} from "../../ui.js";

// A typed price in minor units, with the currency's own decimals (ISO 4217: 0 for JPY, 3 for
// KWD). The input's step refuses more decimals before this runs; this is the last guard,
// refused as the API refuses it, beside the field.
function typedPrice(typed, currency) {
  const price = minorUnits(typed, currency);
  if (Number.isNaN(price)) {
    throw Object.assign(new Error("too precise"), {
      code: "invalid_fields",
      details: [{ field: "price", reason: "too_precise" }],
    });
  }
  return price;
}

function priceHint(currency) {
  return t("products.price.hint", { currency, count: minorDigits(currency) });
}

// A product's price, saved with its own button; the result (or the refusal) beside it.
function priceForm(product, result) {
  const input = el("input", {
    type: "number",
    name: "price",
    inputmode: "decimal",
    min: "0",
    required: true,
    step: minorStep(product.currency),
    value: majorUnits(product.price, product.currency),
    class: "quantity",
    id: `price-${product.product_id}`,
    "aria-label": t("products.price.of", { name: product.name }),
  });
  const problems = alertRegion();
  const form = el(
    "form",
    { class: "price-form" },
    el("span", { class: "price-input" }, input, el("span", { class: "currency", text: product.currency })),
    button("products.save", {
      kind: "secondary",
      type: "submit",
      "aria-label": t("products.save.of", { name: product.name }),
    }),
    problems,
  );
  onSubmit(
    form,
    problems,
    () =>
      api("PATCH", `/orders/operator/products/${product.product_id}`, {
        price: typedPrice(input.value, product.currency),
      }),
    (saved) => showResult(result, "success", t("products.saved", { price: money(saved.price, saved.currency) })),
  );
  return form;
}

function productRow(product) {
  const result = el("div", { class: "row-result" });
  const off = button("products.deactivate", {
    kind: "quiet",
    "aria-label": t("products.deactivate.of", { name: product.name }),
  });
  const problems = alertRegion();
  const row = el(
    "tr",
    {},
    el("th", { scope: "row", text: product.name }),
    el("td", {}, priceForm(product, result)),
    el("td", { text: percent(product.tax_rate) }),
    el("td", { class: "line-actions" }, off, problems, result),
  );
  off.addEventListener("click", async () => {
    const sure = await confirmAction("products.deactivate.question", {
      confirmKey: "products.deactivate.yes",
      values: { name: product.name },
    });
    if (!sure) return off.focus();
    off.disabled = true;
    try {
      await api("POST", `/orders/operator/products/${product.product_id}/deactivate`);
      // The row stays until the next visit, saying what happened; nothing in it can be changed.
      for (const control of row.querySelectorAll("input, button")) control.disabled = true;
      off.remove();
      showResult(result, "success", t("products.deactivated", { name: product.name }));
    } catch (error) {
      off.disabled = false;
      showError(problems, error);
    }
  });
  return row;
}

function createForm(reload) {
  const inputs = {
    name: el("input", { type: "text", name: "name", maxlength: "120", required: true }),
    price: el("input", { type: "number", name: "price", inputmode: "decimal", min: "0", step: "0.01", required: true }),
    currency: el("input", {
      type: "text",
      name: "currency",
      value: "EUR",
      minlength: "3",
      maxlength: "3",
      pattern: "[A-Za-z]{3}",
      required: true,
      autocapitalize: "characters",
    }),
    tax_rate: el("input", {
      type: "number",
      name: "tax_rate",
      inputmode: "decimal",
      min: "0",
      max: "100",
      step: "0.01",
      value: "24",
      required: true,
    }),
    description: el("textarea", { name: "description", rows: "2", maxlength: "2000" }),
  };
  const hints = { price: "products.price.hint" };
  const problems = alertRegion();
  const result = el("div", { class: "create-result" });
  const form = el(
    "form",
    { class: "card stack", "aria-labelledby": "new-product" },
    el("h2", { id: "new-product", text: t("products.create") }),
    ...Object.entries(inputs).map(([name, input]) => field(`product-${name}`, `products.${name}`, input, hints[name])),
    problems,
    button("products.create.go", { kind: "primary", icon: "plus", type: "submit" }),
    result,
  );
  // The price takes as many decimals as the currency typed beside it has, and says so.
  const chosenCurrency = () => inputs.currency.value.trim().toUpperCase();
  const priceHintText = form.querySelector("#product-price-hint");
  const follow = () => {
    const currency = knownCurrency(chosenCurrency()) ? chosenCurrency() : "EUR";
    inputs.price.step = minorStep(currency);
    priceHintText.textContent = priceHint(currency);
  };
  inputs.currency.addEventListener("input", follow);
  follow();
  onSubmit(
    form,
    problems,
    async () => {
      result.replaceChildren();
      return api("POST", "/orders/operator/products", {
        name: inputs.name.value.trim(),
        description: inputs.description.value,
        price: typedPrice(inputs.price.value, chosenCurrency()),
        currency: chosenCurrency(),
        tax_rate: Math.round(Number(inputs.tax_rate.value) * 100),
      });
    },
    async (product) => {
      form.reset();
      follow();
      await reload();
      showResult(result, "success", t("products.created", { name: product.name }));
    },
  );
  return form;
}

export async function render(main) {
  const rows = el("tbody");

  async function load() {
    const page = await api("GET", "/orders/operator/products?limit=100");
    rows.replaceChildren(...page.items.map(productRow));
  }

  const table = dataTable(
    "products.heading",
    ["products.name", "products.price", "products.tax", "products.actions"],
    rows,
  );
  main.replaceChildren(heading("products.heading"), table, createForm(load));
  await load();
}
