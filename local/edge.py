"""CloudFront's part of the portal, here: /api/<domain>/... to that domain's app, and the one
OpenAPI document merged from all of them at /api/openapi.json.

In AWS each domain app is its own API Gateway and CloudFront sends /api/<domain>/* to it
(infra/edge.yaml); the document is a file the deploy publishes beside web/. The local server
and the tests route by the same first segment to the same apps, in one process.
"""

import json
from functools import cache
from importlib import import_module
from typing import Any

from chalice.app import Chalice
from chalice.test import Client, HTTPResponse

from functions.core.api import VERSION
from functions.core.app import DOMAINS
from functions.core.openapi import build_openapi
from local.worker import invoking

OPENAPI_PATH = "/openapi.json"


def load_apps() -> dict[str, Chalice]:
    """Every domain's app, by domain (importing them reads no settings)."""
    return {domain: import_module(f"functions.{domain}.app").app for domain in DOMAINS}


def domain_of(path: str) -> str | None:
    """The domain whose API serves `path` (the part after /api), or None."""
    first = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    return first if first in DOMAINS else None


@cache
def openapi_document(title: str = "Customer portal API") -> dict[str, Any]:
    return build_openapi(load_apps().values(), title, VERSION)


class EdgeHTTP:
    """chalice.test's HTTP client, one per domain app, behind the edge's routing."""

    def __init__(self, clients: dict[str, Client]) -> None:
        self._clients = clients

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> HTTPResponse:
        if path.split("?", 1)[0] == OPENAPI_PATH and method == "GET":
            document = json.dumps(openapi_document()).encode()
            return HTTPResponse(body=document, headers={"Content-Type": "application/json"}, status_code=200)
        domain = domain_of(path)
        if domain is None:
            body = json.dumps({"error": {"code": "not_found", "message": "There is no such API route."}}).encode()
            return HTTPResponse(body=body, headers={"Content-Type": "application/json"}, status_code=404)
        with invoking(f"portal-{domain}", "api_handler"):  # the domain API's Lambda, as Chalice names it
            return self._clients[domain].http.request(method, path, headers=headers or {}, body=body)

    def get(self, path: str, **kwargs: Any) -> HTTPResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> HTTPResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> HTTPResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> HTTPResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> HTTPResponse:
        return self.request("DELETE", path, **kwargs)


class EdgeClient:
    """What tests call the portal's API through: `client.http.get("/orders/cart")`."""

    def __init__(self, apps: dict[str, Chalice] | None = None) -> None:
        self.apps = apps or load_apps()
        self._clients = {domain: Client(app) for domain, app in self.apps.items()}
        self.http = EdgeHTTP(self._clients)

    def __enter__(self) -> "EdgeClient":
        return self

    def __exit__(self, *exc: object) -> None:
        for client in self._clients.values():
            client.__exit__(None, None, None)
