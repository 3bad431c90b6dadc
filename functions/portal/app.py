"""The portal app, deployed as its own functions: The portal's settings and branding."""

from functions.core.app import domain_app
from functions.portal.api import portal_api, staff_api

app = domain_app("portal", portal_api, staff_api)
