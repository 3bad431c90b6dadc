"""The tickets app, deployed as its own functions: Tickets, the inbox, live chat and the help centre."""

from functions.core.app import domain_app
from functions.tickets.api import chat_api, inbox_api, staff_api, support_api
from functions.tickets.help_api import editors_api, readers_api, solved_api

app = domain_app("tickets", support_api, inbox_api, chat_api, staff_api, readers_api, solved_api, editors_api)
