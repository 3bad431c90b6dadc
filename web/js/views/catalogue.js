// The shop: products on sale, searchable, each card with a quantity and "Add to cart"; what
// was added is said on the card itself, so the page does not jump away from the product. A
// contact whose role reads the shop but may not buy (a viewer) sees the products and prices only.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import {
  alertRegion,
  button,
  el,
  emptyState,
  field,
  heading,
  icon,
  money,
  onSubmit,
  percent,
  pill,
  showError,
  showResult,
} from "../ui.js";

function cartLink(kind = "secondary") {
  return el("a", { href: "/cart", class: `button ${kind}` }, icon("cart"), el("span", { text: t("shop.tocart") }));
}

// One product: picture, name, price with its VAT, and a small form that adds it to the cart.
function productCard(product, buying) {
  const card = el("li", { class: "card product" });
  if (product.image_url) {
    card.append(el("img", { src: product.image_url, alt: "", class: "product-image", loading: "lazy" }));
  }
  card.append(
    el("h2", { text: product.name }),
    product.description ? el("p", { class: "hint", text: product.description }) : null,
    el("p", { class: "price", text: money(product.price, product.currency) }),
    el("p", { class: "hint", text: t("shop.tax", { rate: percent(product.tax_rate) }) }),
  );
  if (!product.available) {
    card.append(el("p", {}, pill(t("shop.unavailable"), "neutral")));
    return card;
  }
  if (!buying) return card;
  const quantity = el("input", {
    type: "number",
    name: "quantity",
    inputmode: "numeric",
    min: "1",
    max: "999",
    step: "1",
    value: "1",
    required: true,
    class: "quantity",
  });
  const problems = alertRegion();
  const added = el("div", { class: "product-result" });
  const form = el(
    "form",
    { class: "add-to-cart" },
    field(`quantity-${product.product_id}`, "shop.quantity", quantity),
    button("shop.add", {
      kind: "primary",
      icon: "cart",
      type: "submit",
      "aria-describedby": `name-${product.product_id}`,
    }),
  );
  card.querySelector("h2").id = `name-${product.product_id}`;
  onSubmit(
    form,
    problems,
    () => {
      added.replaceChildren();
      return api("POST", "/orders/cart/lines", { product_id: product.product_id, quantity: Number(quantity.value) });
    },
    () =>
      showResult(
        added,
        "success",
        t("shop.added", { quantity: quantity.value, name: product.name }),
        el("a", { href: "/cart", text: t("shop.tocart") }),
      ),
  );
  card.append(form, problems, added);
  return card;
}

export async function render(main) {
  const buying = mayChange("buying");
  const problems = alertRegion();
  const list = el("ul", { class: "products" });
  const search = el("input", { type: "search", name: "search", maxlength: "254" });
  const more = button("console.more", { kind: "secondary", hidden: true });
  let cursor = null;
  let listed = "";

  // "Show more" goes on with the search the list was made with (a cursor is bound to it),
  // not with whatever the box holds now.
  async function load(reset) {
    const query = new URLSearchParams(reset ? { limit: "24" } : listed);
    if (reset && search.value.trim()) query.set("search", search.value.trim());
    if (reset) listed = query.toString();
    else if (cursor) query.set("cursor", cursor);
    const page = await api("GET", `/orders/catalogue?${query}`);
    if (reset) list.replaceChildren();
    list.append(...page.items.map((product) => productCard(product, buying)));
    if (!list.children.length) {
      list.append(el("li", { class: "products-none" }, emptyState("shop", "shop.none")));
    }
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  const searchForm = el(
    "form",
    { class: "inline", role: "search" },
    field("product-search", "shop.search", search),
    button("console.search.go", { kind: "secondary", type: "submit" }),
  );
  onSubmit(searchForm, problems, () => load(true));
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  main.replaceChildren(
    el("div", { class: "page-head" }, heading("shop.heading"), buying ? cartLink() : null),
    buying ? "" : readOnlyNote("buying"), // replaceChildren would print a null
    searchForm,
    problems,
    list,
    more,
  );
  await load(true);
}
