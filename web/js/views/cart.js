// The cart and its review: today's prices, tax per rate, what changed, the note; then submit once.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { alertRegion, el, field, heading, money, percent, showError } from "../ui.js";

export async function render(main, _config, navigate) {
  const problems = alertRegion();
  let review = await api("GET", "/orders/cart");
  // One key per review: a double click or a retry after a lost reply makes one order.
  const idempotencyKey = `web-${crypto.randomUUID()}`;

  function draw() {
    if (!review.lines.length) {
      main.replaceChildren(
        heading("cart.heading"),
        problems,
        el("p", { text: t("cart.empty") }),
        el("a", { href: "/catalogue", text: t("nav.catalogue") }),
      );
      return;
    }
    const currency = review.currency;
    const rows = review.lines.map((line) => {
      const quantity = el("input", {
        type: "number",
        min: "0",
        max: "999",
        value: String(line.quantity),
        class: "quantity",
        "aria-label": t("cart.quantity.of", { name: line.name }),
      });
      quantity.addEventListener("change", async () => {
        showError(problems, null);
        try {
          review = await api("POST", "/orders/cart/lines", {
            product_id: line.product_id,
            quantity: Number(quantity.value),
          });
          draw();
        } catch (error) {
          showError(problems, error);
        }
      });
      return el(
        "tr",
        {},
        el("th", { scope: "row", text: line.name }),
        el("td", {}, quantity),
        el("td", { text: money(line.unit_price, currency) }),
        el("td", { text: percent(line.tax_rate) }),
        el("td", { text: money(line.line_total, currency) }),
      );
    });
    const note = el("textarea", { rows: "2", maxlength: "1000" });
    note.value = review.note;
    note.addEventListener("change", async () => {
      review = await api("PUT", "/orders/cart/note", { note: note.value });
    });
    const submit = el("button", {
      type: "button",
      class: "primary",
      text: t("cart.submit"),
      disabled: !review.can_submit,
    });
    submit.addEventListener("click", async () => {
      showError(problems, null);
      submit.disabled = true;
      try {
        const order = await api(
          "POST",
          "/orders",
          { cart_id: review.cart_id, expected_total: review.total },
          { "Idempotency-Key": idempotencyKey },
        );
        navigate(`/orders/${order.order_id}`);
      } catch (error) {
        submit.disabled = false;
        showError(problems, error);
        review = await api("GET", "/orders/cart");
      }
    });
    main.replaceChildren(
      heading("cart.heading"),
      problems,
      review.changes.length
        ? el(
            "div",
            { class: "card notice", role: "status" },
            el("h2", { text: t("cart.changed") }),
            el("ul", {}, ...review.changes.map((c) => el("li", { text: c }))),
          )
        : null,
      el(
        "div",
        { class: "table-scroll" },
        el(
          "table",
          {},
          el("caption", { text: t("cart.review") }),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              ...["cart.product", "cart.quantity", "cart.unit", "cart.taxrate", "cart.linetotal"].map((key) =>
                el("th", { scope: "col", text: t(key) }),
              ),
            ),
          ),
          el("tbody", {}, ...rows),
        ),
      ),
      el(
        "dl",
        { class: "totals" },
        el("dt", { text: t("cart.subtotal") }),
        el("dd", { text: money(review.subtotal, currency) }),
        ...review.taxes.flatMap((tax) => [
          el("dt", { text: t("cart.taxline", { rate: percent(tax.tax_rate) }) }),
          el("dd", { text: money(tax.tax, currency) }),
        ]),
        el("dt", { text: t("cart.total") }),
        el("dd", { class: "total", text: money(review.total, currency) }),
      ),
      field("cart-note", "cart.note", note),
      submit,
    );
  }

  draw();
}
