"""The documents app, deployed as its own functions:
shared documents, requested uploads and attachments, the account's data export; the hourly
sweep and the export's steps.
"""

from functions.core.app import domain_app
from functions.documents.api import documents_api, exports_api, staff_api, uploads_api
from functions.documents.handlers import document_schedules

app = domain_app("documents", documents_api, uploads_api, exports_api, staff_api, functions=(document_schedules,))
