"""What customers can book: name, duration, buffer after it, an optional price."""

from typing import Any

from functions.bookings.models import SERVICE, SERVICES, ServiceItem, service_key
from functions.bookings.schemas import NewService, Service, ServiceChange
from functions.core.errors import NotFound
from functions.core.ids import new_id
from functions.core.text import fold


def to_service(item: ServiceItem) -> Service:
    return Service(
        service_id=item.service_id,
        name=item.name,
        duration_minutes=int(item.duration_minutes),
        buffer_minutes=int(item.buffer_minutes),
        price=int(item.price) if item.price is not None else None,
        currency=item.currency,
        active=bool(item.active),
    )


def service_item(service_id: str, active_only: bool = False) -> ServiceItem:
    try:
        item = ServiceItem.get(service_key(service_id), SERVICE, consistent_read=True)
    except ServiceItem.DoesNotExist as exc:
        raise NotFound("There is no such service.") from exc
    if active_only and not item.active:
        raise NotFound("There is no such service.")
    return item


def create(new: NewService) -> Service:
    service_id = new_id()
    item = ServiceItem(
        service_key(service_id),
        SERVICE,
        service_id=service_id,
        name=new.name,
        duration_minutes=new.duration_minutes,
        buffer_minutes=new.buffer_minutes,
        price=new.price,
        currency=new.currency,
        active=True,
        gsi1sk=f"{fold(new.name)}#{service_id}",
    )
    item.save(condition=ServiceItem.pk.does_not_exist())
    return to_service(item)


def change(service_id: str, changes: ServiceChange) -> Service:
    item = service_item(service_id)
    actions: list[Any] = [
        getattr(ServiceItem, name).set(value) for name, value in changes.model_dump(exclude_none=True).items()
    ]
    if changes.name is not None:
        actions.append(ServiceItem.gsi1sk.set(f"{fold(changes.name)}#{service_id}"))
    if actions:  # a null is "leave it": a service always has a name and a duration
        item.update(actions=actions)
    return to_service(item)


def catalogue(active_only: bool) -> list[Service]:
    """Every service by name (a business has tens, not thousands)."""
    found = [to_service(item) for item in ServiceItem.by_name.query(SERVICES)]  # type: ignore[arg-type]
    return [s for s in found if s.active or not active_only]
