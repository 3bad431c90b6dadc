"""One open cart per customer, kept in the table; the review computes everything from today's prices."""

from collections import defaultdict

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound
from functions.core.ids import new_id
from functions.core.money import Money
from functions.core.principal import customer_key
from functions.orders.catalogue import get_product_item, products
from functions.orders.models import CART, CartItem, CartLineItem, ProductItem
from functions.orders.schemas import CartLineChange, CartReview, ReviewLine, TaxLine

LINE_PREFIX = "CART#LINE#"
MAX_LINES = 50  # a submission writes every line in one transaction (DynamoDB allows 100 items)


def cart_item(customer_id: str) -> CartItem:
    """The customer's cart header, created on first use."""
    try:
        return CartItem.get(customer_key(customer_id), CART, consistent_read=True)
    except DoesNotExist:
        cart = CartItem(customer_key(customer_id), CART, cart_id=new_id(), note="")
        cart.save(condition=CartItem.pk.does_not_exist())
        return cart


def cart_lines(customer_id: str) -> list[CartLineItem]:
    query = CartLineItem.query(customer_key(customer_id), CartLineItem.sk.startswith(LINE_PREFIX), consistent_read=True)
    return list(query)


def change_line(customer_id: str, change: CartLineChange, clock: Clock) -> CartReview:
    """Add a product, change its quantity, or remove it (quantity 0)."""
    line = CartLineItem(customer_key(customer_id), f"{LINE_PREFIX}{change.product_id}")
    if change.quantity == 0:
        line.delete()
        return review(customer_id)
    product = get_product_item(change.product_id)
    if not product.active:
        raise NotFound("There is no such product.")
    if not product.available:
        raise Conflict(
            f"{product.name} is not available at the moment.",
            code="product_unavailable",
            values={"product": product.name},
        )
    lines = cart_lines(customer_id)
    currencies = {p.currency for p in products([line.product_id for line in lines]).values()}
    if currencies and product.currency not in currencies:
        raise Conflict(
            "A cart holds products of one currency; order this one separately.", code="cart_mixed_currencies"
        )
    if len(lines) >= MAX_LINES and all(existing.product_id != change.product_id for existing in lines):
        raise Conflict(
            f"A cart holds at most {MAX_LINES} different products.", code="cart_line_limit", values={"limit": MAX_LINES}
        )
    existing = next((line for line in lines if line.product_id == change.product_id), None)
    CartLineItem(
        customer_key(customer_id),
        f"{LINE_PREFIX}{change.product_id}",
        product_id=change.product_id,
        quantity=change.quantity,
        # The price the customer saw when first adding it: the review compares with today's.
        price_when_added=existing.price_when_added if existing else product.price,
        added_at=existing.added_at if existing else clock.now().isoformat(),
    ).save()
    cart_item(customer_id)
    return review(customer_id)


def set_note(customer_id: str, note: str) -> CartReview:
    cart_item(customer_id).update(actions=[CartItem.note.set(note)])
    return review(customer_id)


def price_lines(lines: list[CartLineItem], catalogue: dict[str, ProductItem]) -> tuple[list[ReviewLine], list[TaxLine]]:
    """Today's prices for each line (each saying whether it changed) and tax per rate (rounded per line)."""
    priced: list[ReviewLine] = []
    taxable: dict[int, int] = defaultdict(int)
    taxes: dict[int, int] = defaultdict(int)
    for line in sorted(lines, key=lambda line: line.added_at):
        product = catalogue.get(line.product_id)
        if product is None:
            continue
        available = product.active and product.available
        unit = Money(amount=int(product.price), currency=product.currency)
        total = unit.times(int(line.quantity))
        tax = total.percent(int(product.tax_rate))
        changed = int(line.price_when_added) != int(product.price)
        priced.append(
            ReviewLine(
                product_id=product.product_id,
                name=product.name,
                quantity=int(line.quantity),
                unit_price=unit.amount,
                line_total=total.amount,
                tax_rate=int(product.tax_rate),
                line_tax=tax.amount,
                price_when_added=int(line.price_when_added),
                price_changed=changed,
                available=available,
            )
        )
        if available:
            taxable[int(product.tax_rate)] += total.amount
            taxes[int(product.tax_rate)] += tax.amount
    tax_lines = [TaxLine(tax_rate=rate, taxable=taxable[rate], tax=taxes[rate]) for rate in sorted(taxable)]
    return priced, tax_lines


def review(customer_id: str) -> CartReview:
    """The cart as it would be ordered now."""
    cart = cart_item(customer_id)
    lines = cart_lines(customer_id)
    catalogue = products([line.product_id for line in lines])
    priced, taxes = price_lines(lines, catalogue)
    subtotal = sum(line.line_total for line in priced if line.available)
    tax = sum(line.tax for line in taxes)
    currencies = {catalogue[line.product_id].currency for line in lines if line.product_id in catalogue}
    return CartReview(
        cart_id=cart.cart_id,
        currency=next(iter(currencies), None),
        lines=priced,
        taxes=taxes,
        subtotal=subtotal,
        tax=tax,
        total=subtotal + tax,
        note=cart.note,
        can_submit=bool(priced) and all(line.available for line in priced),
    )
