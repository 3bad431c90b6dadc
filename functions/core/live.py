"""What a change means for the people watching the portal live (docs/live.md).

The table's stream hands every write to the notifications domain's live function
(functions/notifications/live_push.py), which asks each domain what its own records mean
(`pushes_of(keys, image)`) and sends each push to the open sockets of its audience. A push is
named by its `id`: delivery is at least once (a stream batch that fails is handed over again),
and the pages drop what they have already drawn.

Audiences, each checked the one way every read by id is checked:
- an account's contacts whose role reads `area` (core.roles) and who may see an item made by
  `created_by` (core.table.may_see: "only mine" contacts see their own);
- one contact, whatever account they act for (their own things: the unread badge);
- every operator with the console open.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from functions.core.roles import Area

# A record's keys and new image as the stream hands them over: DynamoDB's typed JSON, which
# pynamodb's Model.from_raw_data reads.
Image = Mapping[str, Any]


@dataclass(frozen=True)
class Push:
    message: dict[str, Any]  # what the sockets receive, as JSON: at least "type" and "id"
    account_id: str | None = None
    area: Area | None = None
    created_by: str | None = None
    contact_id: str | None = None
    staff: bool = False


def keys_of(keys: Image) -> tuple[str, str]:
    """A record's partition and sort key, as strings."""
    return str(keys["pk"]["S"]), str(keys["sk"]["S"])
