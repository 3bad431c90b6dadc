"""/dev/outbox reads what SES and SNS (moto) really sent."""

import boto3

from local.outbox import Outbox


def test_sent_emails_and_texts_appear_newest_first(aws: boto3.session.Session, stack_outputs: dict[str, str]) -> None:
    outbox = Outbox("us-east-1")
    aws.client("ses").send_email(
        Source="portal@example.com",
        Destination={"ToAddresses": ["lea@example.com"]},
        Message={"Subject": {"Data": "Votre code"}, "Body": {"Text": {"Data": "123456"}}},
    )
    first = outbox.messages()
    aws.client("sns").publish(PhoneNumber="+15555550100", Message="Your code is 654321")

    messages = outbox.messages()

    assert [(m.channel, m.to) for m in first] == [("email", "lea@example.com")]
    assert [(m.channel, m.to, m.body) for m in messages] == [
        ("sms", "+15555550100", "Your code is 654321"),
        ("email", "lea@example.com", "123456"),
    ]
    assert messages[1].subject == "Votre code"
    assert messages[0].sent_at >= messages[1].sent_at
