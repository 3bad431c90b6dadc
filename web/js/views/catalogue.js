// The catalogue: products on sale, searchable, each with "add to cart".
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, el, field, heading, money, percent, showError } from "../ui.js";

export async function render(main) {
  const problems = alertRegion();
  const status = el("p", { role: "status", class: "status" });
  const list = el("ul", { class: "products" });
  const search = el("input", { type: "search" });
  const more = el("button", { type: "button", class: "secondary", hidden: true, text: t("console.more") });
  let cursor = null;

  function card(product) {
    const quantity = el("input", { type: "number", min: "1", max: "999", value: "1", class: "quantity" });
    const add = el("button", { type: "button", class: "primary", text: t("shop.add") });
    add.addEventListener("click", async () => {
      showError(problems, null);
      try {
        await api("POST", "/orders/cart/lines", { product_id: product.product_id, quantity: Number(quantity.value) });
        status.textContent = t("shop.added", { name: product.name });
      } catch (error) {
        showError(problems, error);
      }
    });
    const id = `qty-${product.product_id}`;
    return el(
      "li",
      { class: "card" },
      product.image_url
        ? el("img", { src: product.image_url, alt: product.name, class: "product-image", loading: "lazy" })
        : null,
      el("h2", { text: product.name }),
      product.description ? el("p", { text: product.description }) : null,
      el("p", { class: "price", text: money(product.price, product.currency) }),
      el("p", { class: "hint", text: t("shop.tax", { rate: percent(product.tax_rate) }) }),
      product.available
        ? el(
            "div",
            { class: "inline" },
            el("label", { for: id, text: t("shop.quantity") }),
            Object.assign(quantity, { id }),
            add,
          )
        : el("p", { text: t("shop.unavailable") }),
    );
  }

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
    list.append(...page.items.map(card));
    if (!list.children.length) list.append(el("li", { text: t("shop.none") }));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }

  const searchForm = el(
    "form",
    { class: "inline", role: "search" },
    field("product-search", "shop.search", search),
    el("button", { type: "submit", class: "secondary", text: t("console.search.go") }),
  );
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    load(true).catch((error) => showError(problems, error));
  });
  more.addEventListener("click", () => load(false).catch((error) => showError(problems, error)));
  main.replaceChildren(
    heading("shop.heading"),
    problems,
    status,
    searchForm,
    list,
    more,
    el("p", {}, el("a", { href: "/cart", text: t("shop.tocart") })),
  );
  await load(true);
}
