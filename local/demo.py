"""Demo data for the local stack: the people the README lists.

Each domain adds its own demo records here as it lands.
"""

from dataclasses import dataclass
from typing import Any

import boto3

STAFF_GROUP = "staff"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    locale: str
    phone: str | None = None
    staff: bool = False


DEMO_PEOPLE = (
    DemoPerson("staff@example.com", "Sam Staff", "en", staff=True),
    DemoPerson("demo@example.com", "Dana Demo", "en", phone="+15555550100"),
    DemoPerson("lea@example.com", "Léa Martin", "fr"),
)


def load_demo_data(session: boto3.session.Session, user_pool_id: str) -> None:
    """Create the demo sign-ins (Cognito users, the operator in the staff group)."""
    cognito = session.client("cognito-idp")
    for person in DEMO_PEOPLE:
        attributes: list[Any] = [
            {"Name": "email", "Value": person.email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": person.name},
            {"Name": "locale", "Value": person.locale},
        ]
        if person.phone:
            attributes += [
                {"Name": "phone_number", "Value": person.phone},
                {"Name": "phone_number_verified", "Value": "true"},
            ]
        cognito.admin_create_user(
            UserPoolId=user_pool_id, Username=person.email, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
        if person.staff:
            cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=person.email, GroupName=STAFF_GROUP)
