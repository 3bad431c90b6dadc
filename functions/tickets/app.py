"""The tickets app, deployed as its own functions: Tickets, the inbox and live chat."""

from functions.core.app import domain_app
from functions.tickets.api import chat_api, inbox_api, staff_api, support_api

app = domain_app("tickets", support_api, inbox_api, chat_api, staff_api)
