"""The customers app, deployed as its own functions:
the business's customers (its console) and each customer's own profile.
"""

from functions.core.app import domain_app
from functions.customers.api import customers_api, profile_api

app = domain_app("customers", customers_api, profile_api)
