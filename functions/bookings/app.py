"""The bookings app, deployed as its own functions: Services, free times and appointments."""

from functions.bookings.api import bookings_api, staff_api
from functions.core.app import domain_app

app = domain_app("bookings", bookings_api, staff_api)
