"""The two ways the portal reaches a person: e-mail through SES, text messages through SNS.

Domains receive these as collaborators (sign-in codes, notifications), so tests can hand in
others; the real ones are the only ones the app itself builds.
"""

from dataclasses import dataclass
from typing import Protocol

from functions.core import clients
from functions.core.contact import as_one_line


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str | None = None


class EmailSender(Protocol):
    def send_email(self, to: str, message: Message) -> None: ...


class SmsSender(Protocol):
    def send_sms(self, to: str, text: str) -> None: ...


class SesEmailSender:
    def __init__(self, sender: str) -> None:
        self._sender = sender

    def send_email(self, to: str, message: Message) -> None:
        body = {"Text": {"Data": message.text, "Charset": "UTF-8"}}
        if message.html:
            body["Html"] = {"Data": message.html, "Charset": "UTF-8"}
        clients.ses().send_email(
            Source=self._sender,
            Destination={"ToAddresses": [to]},
            # One line whatever the caller built it from: a CR/LF would start a header of its own.
            Message={"Subject": {"Data": as_one_line(message.subject), "Charset": "UTF-8"}, "Body": body},  # type: ignore[typeddict-item]
        )


class SnsSmsSender:
    def send_sms(self, to: str, text: str) -> None:
        clients.sns().publish(
            PhoneNumber=to,
            Message=text,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
