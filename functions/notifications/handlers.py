"""The notifications domain's functions that are not HTTP: the outbox relay, the consumer that
delivers, and the daily reminders.

Registered on a blueprint of this module, so each Lambda's handler is
`functions.notifications.handlers.<name>`: a cold start imports this module and what the one
function needs (imported inside it), not the domain's routes.

The event sources are wired by `chalice deploy`, which imports this module: infra/deploy.py
names the stack's stream and queue. The defaults are the local stack's (local/worker.py binds
them to what moto created); a Lambda at run time does not read them.
"""

import os
from typing import Any

from chalice.app import Blueprint, CloudWatchEvent, DynamoDBEvent, SQSEvent

from functions.core.clock import SystemClock
from functions.core.settings import check_at_cold_start

EVENTS_STREAM_ARN = os.environ.get(
    "PORTAL_EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/portal-local-portal/stream/local"
)
NOTIFICATIONS_QUEUE = os.environ.get("PORTAL_NOTIFICATIONS_QUEUE", "portal-local-notifications")
check_at_cold_start()  # a Lambda with a missing variable fails here, naming it
notification_events = Blueprint(__name__)


@notification_events.on_dynamodb_record(stream_arn=EVENTS_STREAM_ARN, batch_size=100, starting_position="TRIM_HORIZON")
def relay_events(event: DynamoDBEvent) -> dict[str, Any]:
    """Every outbox event the table's stream shows, on to the notifications queue."""
    from functions.notifications.relay import relay

    return relay(event.to_dict(), event.context)


@notification_events.on_sqs_message(queue=NOTIFICATIONS_QUEUE, batch_size=10)
def deliver_notifications(event: SQSEvent) -> dict[str, Any]:
    """Each event to the account's contacts it concerns: in the portal, by e-mail, by text, as each chose."""
    from functions.notifications.consumer import consume

    return consume(event.to_dict(), event.context)


@notification_events.schedule("cron(0 7 * * ? *)", name="send_reminders")
def send_reminders(event: CloudWatchEvent) -> dict[str, Any]:
    """Invoices due within 3 days or overdue (1 and 7 days): once per invoice and stage."""
    from functions.notifications.reminders import send_reminders as send_now

    sent = send_now(SystemClock())
    return {"due_soon": sent.due_soon, "overdue": sent.overdue}
