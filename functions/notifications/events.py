"""The message that carries one domain event from the outbox to the notifications queue."""

import json
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    customer_id: str | None
    occurred_at: str
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=str)

    @classmethod
    def from_json(cls, body: str) -> "Event":
        """A body that is not an event raises: the consumer reports it failed (then DLQ)."""
        data = json.loads(body)
        return cls(
            event_id=str(data["event_id"]),
            event_type=str(data["event_type"]),
            customer_id=data.get("customer_id"),
            occurred_at=str(data["occurred_at"]),
            payload=dict(data.get("payload") or {}),
        )
