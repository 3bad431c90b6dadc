"""One event to the account's contacts it concerns (audience.py), each in their language, on
each channel they chose for its category, once per contact and channel.

Who is told is read at delivery, not when the event was written: a contact removed meanwhile
is not told, one added is. In-app entries are keyed by the event in each contact's feed, so a
second delivery finds the first. E-mails and texts cannot be taken back, so each send is
wrapped in Powertools idempotency keyed on (event id, contact, channel): a record in the
portal's table that is "in progress" while the send runs and "completed" after it. A send
that raises leaves no record, so SQS's retry sends it; a duplicate of a sent event returns
the stored result and sends nothing. A send cut short with no chance to clean up (a timeout,
a killed process) stays "in progress" until the invocation's time would have run out (the
Lambda context's remaining time), then is retried.
"""

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from functions.bookings.policy import booking_settings
from functions.core import clients
from functions.core.senders import Message, SesEmailSender, SnsSmsSender
from functions.core.settings import get_settings
from functions.customers.recipients import Recipient, contacts_to_tell
from functions.notifications import feed, preferences
from functions.notifications.audience import audience
from functions.notifications.events import Event
from functions.notifications.templates import Rendered, category_of, render

# As long as a message can live in the queue and its dead-letter queue (14 days each): an
# operator's retry from the DLQ must not send again what already went out.
KEEP_SECONDS = 28 * 86400
_config = IdempotencyConfig(event_key_jmespath="[event_id, contact_id, channel]", expires_after_seconds=KEEP_SECONDS)


def _send(send: dict[str, Any]) -> dict[str, str]:
    settings = get_settings()
    if send["channel"] == "email":
        SesEmailSender(settings.sender_email).send_email(
            send["to"], Message(subject=send["subject"], text=send["text"], html=send["html"])
        )
    else:
        SnsSmsSender().send_sms(send["to"], send["text"])
    return {"sent_to": send["to"]}


@cache
def _once_per_channel(table_name: str) -> Callable[..., dict[str, str]]:
    persistence = DynamoDBPersistenceLayer(
        table_name=table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value="IDEMPOTENCY#notifications",
        expiry_attr="expires_at",  # the table's TTL attribute: DynamoDB removes old records
        boto3_client=clients.dynamodb(),
    )
    return idempotent_function(  # type: ignore[no-any-return]
        _send, data_keyword_argument="send", persistence_store=persistence, config=_config
    )


def send_once(send: dict[str, Any]) -> dict[str, str]:
    return _once_per_channel(get_settings().table_name)(send=send)


def remember_invocation(context: Any) -> None:
    """With the Lambda's context, a send cut short (a timeout, a killed process) stays "in
    progress" only until the invocation's time is up; the next try after that sends it.

    Lambda and the local worker (local/worker.py) always pass one. Without it Powertools
    warns "Couldn't determine the remaining time left" and the record blocks the send until
    it expires (KEEP_SECONDS): left loud on purpose.
    """
    if context is not None:
        _config.register_lambda_context(context)


def deliver(event: Event, now: datetime) -> list[str]:
    """Tell the event to the contacts it concerns, on their channels; returns "contact:channel"
    for each told. Three reads before the writes: the contacts, their profiles, their choices."""
    if event.customer_id is None:
        return []
    category = category_of(event.event_type, event.payload)
    if category is None:
        return []
    contacts = audience(contacts_to_tell(event.customer_id), event.event_type, category, event.payload)
    if not contacts:
        return []
    zone = business_zone(event.payload)
    without_email = {contact.contact_id for contact in contacts if not contact.email}
    chosen = preferences.channels_of_each([contact.contact_id for contact in contacts], without_email)
    used = []
    for contact in contacts:
        channels = chosen[contact.contact_id][category]
        told = _tell(event, event.customer_id, contact, channels, now, zone)
        used += [f"{contact.contact_id}:{channel}" for channel in told]
    return used


def _tell(
    event: Event, account_id: str, contact: Recipient, channels: list[str], now: datetime, zone: str
) -> list[str]:
    """The event to one contact, in their language, on the channels they chose; those used."""
    settings = get_settings()
    note = render(event.event_type, event.payload, contact.language, settings.business_name, zone)
    if note is None:
        return []
    used = []
    if "in_app" in channels:
        feed.post(contact.contact_id, account_id, event.event_id, event.event_type, note, now, event.payload, zone)
        used.append("in_app")
    if "email" in channels and contact.email:
        send_once(_email(event, contact.contact_id, note, contact.email))
        used.append("email")
    if "sms" in channels and contact.mobile:
        send_once(_text(event, contact.contact_id, note, contact.mobile))
        used.append("sms")
    return used


def business_zone(payload: Mapping[str, Any]) -> str:
    """The time zone the event's local times are in: the one it names, else the business's
    (bookings' settings, where the bookings' times are set), read only when it shows a time."""
    named = payload.get("time_zone")
    if isinstance(named, str) and named:
        return named
    if "when" not in payload:
        return "UTC"  # nothing on a clock to show
    return booking_settings().time_zone


def _email(event: Event, contact_id: str, note: Rendered, to: str) -> dict[str, Any]:
    settings = get_settings()
    origin = settings.portal_url
    footer = f"\n\n{origin}{note.link}\n\n{settings.business_name}"
    return {
        "event_id": event.event_id,
        "contact_id": contact_id,
        "channel": "email",
        "to": to,
        "subject": f"{settings.business_name}: {note.subject}",  # one line: render and the sender make it so
        "text": note.body + footer,
        "html": note.html(settings.business_name, origin),
    }


def _text(event: Event, contact_id: str, note: Rendered, to: str) -> dict[str, Any]:
    settings = get_settings()
    return {
        "event_id": event.event_id,
        "contact_id": contact_id,
        "channel": "sms",
        "to": to,
        "text": note.sms(settings.business_name, settings.portal_url),
    }
