"""The factory every domain app is built by: its routes, under its prefix, with the shared edge.

A domain's `app.py` is a few lines: `app = domain_app("orders", orders_routes)`. The app is a
Chalice app of its own, deployed as its own API function behind its own API Gateway; its
routes live under /api/<domain>/ (the stage is `api`, the Chalice paths start with the
domain), which is also how CloudFront and the local server pick the app for a request.

Middleware, outermost first: errors to JSON and correlation ids (core.http); CSRF on writes
(core.session); a part of the portal the business turned off is a 404 (core.parts).
"""

import gc

# A cold start imports some 550 modules, whose objects all live as long as the process; the
# cyclic collector would walk them again and again while they pile up (a tenth of a cold
# start). So it runs rarely while a domain's app is imported (this module comes first in most
# app.py; the imports above it in auth's and bookings' are not covered) and domain_app puts it
# back. Rarely, not never: a process that imports this module but builds no app still collects.
_COLLECTOR_THRESHOLDS = gc.get_threshold()
gc.set_threshold(100_000, *_COLLECTOR_THRESHOLDS[1:])

from chalice.app import Blueprint, Chalice  # noqa: E402 - after the collector is slowed

from functions.core.api import health_routes  # noqa: E402
from functions.core.http import AccessResolver, Routes, install_middleware, set_access_resolver  # noqa: E402
from functions.core.parts import PARTS, install_parts_gate  # noqa: E402
from functions.core.session import install_csrf_check, require  # noqa: E402
from functions.core.settings import check_at_cold_start  # noqa: E402

DOMAINS = ("auth", "customers", "orders", "payments", "tickets", "documents", "bookings", "notifications", "portal")


def domain_app(
    domain: str, *routes: Routes, functions: tuple[Blueprint, ...] = (), resolver: AccessResolver = require
) -> Chalice:
    """`functions`: the domain's other Lambdas (triggers, event handlers, schedules), each a
    blueprint of its own module. `resolver` finds who is signed in; the sign-in domain's also
    renews an expired session."""
    if domain not in DOMAINS:
        raise ValueError(f"{domain} is not one of the portal's domains")
    unknown = {r.part for r in routes if r.part is not None} - set(PARTS)
    if unknown:  # else a customer request would meet a KeyError in the gate
        raise ValueError(f"{domain}: {sorted(unknown)} is not a part of the portal ({', '.join(PARTS)})")
    check_at_cold_start()
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
    _collect_as_usual()
    return app


def _collect_as_usual() -> None:
    """The collector's own thresholds again, with what the import made frozen out of its
    reach: a warm invocation's full collections then walk only what requests make."""
    gc.set_threshold(*_COLLECTOR_THRESHOLDS)
    gc.freeze()
