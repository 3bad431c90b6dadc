"""The customers app, deployed as its own functions:
the business's customers and their contacts (its console), each contact's own profile, and an
account admin's contacts; the schedule that goes on with confirmed erasures.
"""

from functions.core.app import domain_app
from functions.customers.api import contacts_api, customers_api, profile_api, staff_contacts_api
from functions.customers.handlers import customer_schedules

app = domain_app(
    "customers", customers_api, staff_contacts_api, profile_api, contacts_api, functions=(customer_schedules,)
)
