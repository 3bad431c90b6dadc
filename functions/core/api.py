"""System routes: health and the API's own description."""

from typing import Any

from chalice.app import Blueprint, Chalice, Response

from functions.core.http import endpoint
from functions.core.openapi import build_openapi
from functions.core.schemas import Health
from functions.core.settings import get_settings

VERSION = "0.1.0"

system = Blueprint(__name__)


@endpoint(system, "/health", "GET", summary="Is the API up?", reply=Health, tag="system")
def health() -> Health:
    return Health(status="ok", stage=get_settings().stage.value, version=VERSION)


def serve_openapi(app: Chalice) -> None:
    """Add GET /openapi.json, describing `app` itself (built once, on first request)."""
    document: dict[str, Any] = {}

    @endpoint(app, "/openapi.json", "GET", summary="This API, described in OpenAPI 3.1.", tag="system")
    def openapi() -> Response:
        if not document:
            document.update(build_openapi(app, f"{get_settings().business_name} portal API", VERSION))
        return Response(body=document, status_code=200, headers={"Content-Type": "application/json"})
