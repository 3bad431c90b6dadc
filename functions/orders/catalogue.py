"""The catalogue: products the business publishes, and what customers may browse."""

from typing import cast

from pynamodb.exceptions import DoesNotExist

from functions.core.clock import Clock
from functions.core.errors import NotFound
from functions.core.ids import new_id
from functions.core.paging import Page, decode_cursor, encode_cursor
from functions.core.text import fold
from functions.orders.models import PRODUCT, ProductItem, catalogue_partition, product_key
from functions.orders.schemas import NewProduct, Product, ProductChanges


def to_product(item: ProductItem) -> Product:
    return Product.model_validate(item.attribute_values)


def get_product_item(product_id: str) -> ProductItem:
    try:
        return ProductItem.get(product_key(product_id), PRODUCT, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("There is no such product.") from exc


def products(product_ids: list[str]) -> dict[str, ProductItem]:
    """Several products in one round trip (missing ones are simply absent)."""
    keys = [(product_key(pid), PRODUCT) for pid in dict.fromkeys(product_ids)]
    return {item.product_id: item for item in ProductItem.batch_get(keys)} if keys else {}


def create_product(new: NewProduct, clock: Clock) -> Product:
    """Publish a product (active at once)."""
    product_id = new_id()
    item = ProductItem(
        product_key(product_id),
        PRODUCT,
        product_id=product_id,
        updated_at=clock.now().isoformat(),
        active=True,
        gsi1pk=catalogue_partition(True),
        gsi1sk=f"{fold(new.name)}#{product_id}",
        **new.model_dump(),
    )
    item.save(condition=ProductItem.pk.does_not_exist())
    return to_product(item)


def update_product(product_id: str, changes: ProductChanges, clock: Clock) -> Product:
    """Edit a product. Past orders keep the name and price they were placed with."""
    item = get_product_item(product_id)
    for field, value in changes.model_dump(exclude_unset=True).items():
        if value is not None or field in {"image_url"}:
            setattr(item, field, value)
    item.gsi1sk = f"{fold(item.name)}#{product_id}"
    item.updated_at = clock.now().isoformat()
    item.save(condition=ProductItem.pk.exists())
    return to_product(item)


def set_active(product_id: str, active: bool, clock: Clock) -> Product:
    """Deactivate (hide from the catalogue, refuse new orders) or bring back a product."""
    item = get_product_item(product_id)
    item.update(
        actions=[
            ProductItem.active.set(active),
            ProductItem.gsi1pk.set(catalogue_partition(active)),
            ProductItem.updated_at.set(clock.now().isoformat()),
        ]
    )
    return to_product(item)


def browse(search: str | None, cursor: str | None, limit: int, *, active: bool = True) -> Page[Product]:
    """Products by name, optionally those whose name starts with `search`."""
    condition = ProductItem.gsi1sk.startswith(fold(search)) if search and search.strip() else None
    results = ProductItem.by_name.query(
        catalogue_partition(active), condition, limit=limit, last_evaluated_key=decode_cursor(cursor)
    )
    items = [to_product(cast(ProductItem, item)) for item in results]
    return Page[Product](items=items, next_cursor=encode_cursor(results.last_evaluated_key))
