"""The factory every domain app is built by: its routes, under its prefix, with the shared edge.

A domain's `app.py` is a few lines: `app = domain_app("orders", orders_routes)`. The app is a
Chalice app of its own, deployed as its own API function behind its own API Gateway; its
routes live under /api/<domain>/ (the stage is `api`, the Chalice paths start with the
domain), which is also how CloudFront and the local server pick the app for a request.

Middleware, outermost first: errors to JSON and correlation ids (core.http); CSRF on writes
(core.session); a part of the portal the business turned off is a 404 (core.parts).
"""

from chalice.app import Blueprint, Chalice

from functions.core.api import health_routes
from functions.core.http import AccessResolver, Routes, install_middleware, set_access_resolver
from functions.core.parts import install_parts_gate
from functions.core.session import install_csrf_check, require

DOMAINS = ("auth", "customers", "orders", "payments", "tickets", "documents", "bookings", "notifications", "portal")


def domain_app(
    domain: str, *routes: Routes, functions: tuple[Blueprint, ...] = (), resolver: AccessResolver = require
) -> Chalice:
    """`functions`: the domain's other Lambdas (triggers, event handlers, schedules), each a
    blueprint of its own module. `resolver` finds who is signed in; the sign-in domain's also
    renews an expired session."""
    if domain not in DOMAINS:
        raise ValueError(f"{domain} is not one of the portal's domains")
    # configure_logs=False: Chalice's logger has the app's name, which is also the Powertools
    # logger's; left to itself Chalice may set it to ERROR and add a plain-text handler.
    app = Chalice(app_name=f"portal-{domain}", configure_logs=False)
    install_middleware(app)
    install_csrf_check(app)
    install_parts_gate(app)
    set_access_resolver(app, resolver)
    for own in (*routes, health_routes()):
        app.register_blueprint(own, url_prefix=f"/{domain}")
    for function in functions:
        app.register_blueprint(function)
    return app
