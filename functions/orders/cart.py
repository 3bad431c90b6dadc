"""One open cart per contact on each account, kept in the table; the review computes everything
from today's prices.

A cart lives under the account's partition (what it orders is the account's) with a key naming
the contact, so two buyers of one company never write into each other's cart. `owner` is the
signed-in contact acting for the account (core.principal.Principal)."""

from collections import defaultdict

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound
from functions.core.ids import new_id
from functions.core.money import Money
from functions.core.principal import customer_key
from functions.core.table import Reader
from functions.orders.catalogue import get_product_item, products
from functions.orders.models import CartItem, CartLineItem, ProductItem, cart_key, cart_line_key, cart_lines_prefix
from functions.orders.schemas import CartLineChange, CartReview, ReviewLine, TaxLine

MAX_LINES = 50  # a submission writes every line in one transaction (DynamoDB allows 100 items)


def header_key(owner: Reader) -> tuple[str, str]:
    """Where the contact's cart on the account is kept."""
    return customer_key(owner.account_id), cart_key(owner.principal_id)


def line_key(owner: Reader, product_id: str) -> tuple[str, str]:
    return customer_key(owner.account_id), cart_line_key(owner.principal_id, product_id)


def cart_item(owner: Reader) -> CartItem:
    """The contact's cart header, created on first use."""
    try:
        return CartItem.get(*header_key(owner), consistent_read=True)
    except DoesNotExist:
        cart = CartItem(*header_key(owner), cart_id=new_id(), note="")
        cart.save(condition=CartItem.pk.does_not_exist())
        return cart


def cart_lines(owner: Reader) -> list[CartLineItem]:
    prefix = cart_lines_prefix(owner.principal_id)
    query = CartLineItem.query(customer_key(owner.account_id), CartLineItem.sk.startswith(prefix), consistent_read=True)
    return list(query)


def change_line(owner: Reader, change: CartLineChange, clock: Clock) -> CartReview:
    """Add a product, change its quantity, or remove it (quantity 0)."""
    line = CartLineItem(*line_key(owner, change.product_id))
    if change.quantity == 0:
        line.delete()
        return review(owner)
    product = get_product_item(change.product_id)
    if not product.active:
        raise NotFound("There is no such product.")
    if not product.available:
        raise Conflict(
            f"{product.name} is not available at the moment.",
            code="product_unavailable",
            values={"product": product.name},
        )
    lines = cart_lines(owner)
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
        *line_key(owner, change.product_id),
        product_id=change.product_id,
        quantity=change.quantity,
        # The price the customer saw when first adding it: the review compares with today's.
        price_when_added=existing.price_when_added if existing else product.price,
        added_at=existing.added_at if existing else clock.now().isoformat(),
    ).save()
    cart_item(owner)
    return review(owner)


def set_note(owner: Reader, note: str) -> CartReview:
    cart_item(owner).update(actions=[CartItem.note.set(note)])
    return review(owner)


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


def review(owner: Reader) -> CartReview:
    """The contact's cart as it would be ordered now."""
    cart = cart_item(owner)
    lines = cart_lines(owner)
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
