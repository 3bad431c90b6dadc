"""The payments app, deployed as its own functions:
invoices, payments, balance and statements; the payment provider's webhook; and the documents
domain's export job, which prints them (functions/documents/export_job.py says why it is here).
"""

from functions.core.app import domain_app
from functions.documents.export_job import export_jobs
from functions.payments.api import payments_api, staff_api, webhooks_api

app = domain_app("payments", payments_api, webhooks_api, staff_api, functions=(export_jobs,))
