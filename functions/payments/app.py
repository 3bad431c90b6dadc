"""The payments app, deployed as its own functions:
invoices, payments, balance and statements; the payment provider's webhook.
"""

from functions.core.app import domain_app
from functions.payments.api import payments_api, staff_api, webhooks_api

app = domain_app("payments", payments_api, webhooks_api, staff_api)
