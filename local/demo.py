"""Demo data for the local stack: the people the README lists, made through the real services.

Each domain adds its own demo records here as it lands.
"""

from functions.core.clock import SystemClock
from functions.customers import service
from functions.customers.directory import CognitoDirectory
from functions.customers.schemas import NewCustomer

OPERATOR = ("staff@example.com", "Sam Staff", "en")
CUSTOMERS = (
    NewCustomer(name="Dana Demo", email="demo@example.com", mobile="+15555550100", language="en"),
    NewCustomer(name="Léa Martin", email="lea@example.com", language="fr", notes="Prefers e-mail."),
)


def load_demo_data(user_pool_id: str) -> None:
    """Create the demo operator and customers (records, identities and Cognito users)."""
    directory = CognitoDirectory(user_pool_id)
    clock = SystemClock()
    email, name, language = OPERATOR
    service.add_operator(email, name, language, directory, clock)
    for customer in CUSTOMERS:
        service.create_customer(customer, directory, clock)
