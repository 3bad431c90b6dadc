"""The orders app, deployed as its own functions: Catalogue, cart and orders."""

from functions.core.app import domain_app
from functions.orders.api import approvals_api, orders_api, staff_catalogue_api, staff_orders_api

app = domain_app("orders", orders_api, approvals_api, staff_catalogue_api, staff_orders_api)
