// The cart and its review: each line at today's price, VAT per rate, what changed since the
// products were added (said here, in the reader's language), the delivery note; then one
// Submit, and the order's number where the person is looking. A role that reads the shop but
// may not buy (a viewer) sees the cart as it is, and nothing to change or send.
import { api, formKey } from "../api.js";
import { t } from "../i18n.js";
import { mayChange } from "../session.js";
import { readOnlyNote } from "./read-only.js";
import {
  alertRegion,
  busy,
  button,
  dataTable,
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

function shopLink(kind) {
  return el(
    "a",
    { href: "/catalogue", class: `button ${kind}` },
    icon("shop"),
    el("span", { text: t("cart.to_shop") }),
  );
}

// What changed since each line was added, from the lines themselves.
function changeNotes(review) {
  const notes = [];
  for (const line of review.lines) {
    if (line.price_changed) {
      notes.push(
        t("cart.price_changed", {
          name: line.name,
          was: money(line.price_when_added, review.currency),
          now: money(line.unit_price, review.currency),
        }),
      );
    }
    if (!line.available) notes.push(t("cart.gone", { name: line.name }));
  }
  if (!notes.length) return "";
  return el(
    "section",
    { class: "card notice", "aria-labelledby": "cart-changes", "data-testid": "cart-changes" },
    el("h2", { id: "cart-changes", text: t("cart.changed") }),
    el("ul", {}, ...notes.map((note) => el("li", { text: note }))),
  );
}

function totals(review) {
  const currency = review.currency;
  return el(
    "dl",
    { class: "totals cart-totals", "data-testid": "cart-totals" },
    el("dt", { text: t("cart.subtotal") }),
    el("dd", { text: money(review.subtotal, currency) }),
    ...review.taxes.flatMap((tax) => [
      el("dt", { text: t("cart.taxline", { rate: percent(tax.tax_rate) }) }),
      el("dd", { text: money(tax.tax, currency) }),
    ]),
    el("dt", { class: "total", text: t("cart.total") }),
    el("dd", { class: "total", text: money(review.total, currency) }),
  );
}

// A quantity the page can refuse before sending, said as the API would say it.
function quantityRefused(input) {
  const { validity } = input;
  if (validity.valid) return null;
  if (validity.valueMissing) return { field: "quantity", reason: "required" };
  if (validity.rangeUnderflow) return { field: "quantity", reason: "too_small", limit: input.min };
  if (validity.rangeOverflow) return { field: "quantity", reason: "too_large", limit: input.max };
  return { field: "quantity", reason: "not_a_whole_number" };
}

export async function render(main) {
  const buying = mayChange("buying");
  const problems = alertRegion();
  let review = await api("GET", "/orders/cart");
  // One key per visit: a double tap or a retry after a lost reply makes one order. A refusal
  // is not remembered by the server, so the same key may try again after a new review.
  const idempotencyKey = formKey();
  // Line and note changes go one after another; Submit waits for them, so a quantity typed
  // just before tapping Submit is in the order and the total sent is the one the server has.
  let pending = Promise.resolve();
  const queue = (work) => {
    const next = pending.then(work);
    pending = next.catch(() => {});
    return next;
  };

  function lineRow(line) {
    const currency = review.currency;
    const quantity = el("input", {
      type: "number",
      name: "quantity",
      inputmode: "numeric",
      min: "0",
      max: "999",
      step: "1",
      required: true,
      disabled: !buying,
      value: String(line.quantity),
      class: "quantity",
      id: `quantity-${line.product_id}`,
      "aria-label": t("cart.quantity.of", { name: line.name }),
    });
    const row = el("tr", { "data-product": line.product_id });
    const setQuantity = (value) =>
      queue(async () => {
        showError(problems, null, row);
        try {
          review = await api("POST", "/orders/cart/lines", { product_id: line.product_id, quantity: value });
          draw();
        } catch (error) {
          showError(problems, error, row);
        }
      });
    quantity.addEventListener("change", () => {
      const refused = quantityRefused(quantity);
      if (refused) return showError(problems, { code: "invalid_fields", details: [refused] }, row);
      setQuantity(Number(quantity.value));
    });
    // Enter in a quantity saves it; it must not submit the whole order.
    quantity.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      quantity.dispatchEvent(new Event("change"));
    });
    const remove = button("cart.remove", {
      kind: "quiet",
      id: `remove-${line.product_id}`,
      icon: "close",
      "aria-label": t("cart.remove.of", { name: line.name }),
      onclick: () => busy(remove, () => setQuantity(0)),
    });
    row.append(
      el("th", { scope: "row" }, el("span", { text: line.name })),
      el("td", {}, quantity),
      el("td", { text: money(line.unit_price, currency) }),
      el("td", { text: percent(line.tax_rate) }),
      line.available
        ? el("td", { class: "amount-cell", text: money(line.line_total, currency) })
        : el("td", {}, pill(t("cart.unavailable"), "danger")),
      buying ? el("td", { class: "line-actions" }, remove) : null,
    );
    return row;
  }

  function submitted(order) {
    main.replaceChildren(heading("cart.heading"));
    const result = el("div", { class: "order-result" });
    main.append(result);
    // Above the buyer's spending limit, the order waits for an admin of the account first.
    const waits = order.status === "awaiting_approval";
    showResult(
      result,
      waits ? "info" : "success",
      t(waits ? "cart.awaiting" : "cart.submitted", { number: order.order_number }),
      el("p", { text: waits ? t("cart.awaiting.next") : t("cart.submitted.next") }),
      el(
        "p",
        { class: "actions" },
        el("a", {
          href: `/orders/${encodeURIComponent(order.order_id)}`,
          class: "button primary",
          text: t("cart.see_order", { number: order.order_number }),
        }),
        shopLink("secondary"),
      ),
    );
  }

  // The whole review, drawn again after each change; the control that had focus gets it back.
  function draw() {
    const focusId = document.activeElement?.id;
    if (!review.lines.length) {
      const empty = buying
        ? emptyState("cart", "cart.empty", shopLink("primary"))
        : emptyState("cart", "cart.empty.read");
      main.replaceChildren(heading("cart.heading"), problems, empty);
      return;
    }
    const note = el("textarea", { name: "note", rows: "3", maxlength: "1000", disabled: !buying });
    note.value = review.note;
    note.addEventListener("change", () =>
      queue(async () => {
        try {
          review = await api("PUT", "/orders/cart/note", { note: note.value });
        } catch (error) {
          showError(problems, error, form);
        }
      }),
    );
    const blocked = !review.can_submit;
    const form = el(
      "form",
      { class: "cart-review", "aria-labelledby": "cart-review-title" },
      el("h2", { id: "cart-review-title", class: "visually-hidden", text: t("cart.review") }),
      dataTable(
        "cart.review",
        [
          "cart.product",
          "cart.quantity",
          "cart.unit",
          "cart.taxrate",
          "cart.linetotal",
          buying && "cart.actions",
        ].filter(Boolean),
        el("tbody", {}, ...review.lines.map(lineRow)),
      ),
      totals(review),
      field("cart-note", "cart.note", note, "cart.note.hint"),
      blocked && buying ? el("p", { class: "warning", id: "cart-blocked", text: t("cart.blocked") }) : null,
      buying ? null : readOnlyNote("buying"),
      el(
        "div",
        { class: "actions" },
        buying
          ? button("cart.submit", {
              kind: "primary",
              icon: "check",
              type: "submit",
              id: "cart-submit",
              disabled: blocked,
              "aria-describedby": blocked ? "cart-blocked" : null,
            })
          : null,
        el("a", { href: "/catalogue", text: t("cart.keep_shopping") }),
      ),
    );
    onSubmit(
      form,
      problems,
      async () => {
        await pending;
        if (note.value !== review.note) review = await api("PUT", "/orders/cart/note", { note: note.value });
        try {
          return await api(
            "POST",
            "/orders",
            { cart_id: review.cart_id, expected_total: review.total },
            { "Idempotency-Key": idempotencyKey },
          );
        } catch (error) {
          // The cart changed under the review (a price, a product gone): show it as it is now,
          // with the refusal above it.
          if (error.status === 409) {
            review = await api("GET", "/orders/cart");
            draw();
          }
          throw error;
        }
      },
      submitted,
    );
    main.replaceChildren(heading("cart.heading"), problems, changeNotes(review), form);
    if (focusId) document.getElementById(focusId)?.focus();
  }

  draw();
}
