"""One origin, like CloudFront in AWS: /api/<domain>/* to that domain's Chalice app,
/api/openapi.json merged from all of them, /dev/* tools, web/ files.

Chalice's app object keeps the current request on itself, as a Lambda container would, so
each app serves its calls one at a time (a lock per app, as one container per domain), while
other domains' calls and files are served concurrently.
"""

import base64
import gzip
import json
import mimetypes
import threading
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from chalice.app import Chalice
from chalice.config import Config
from chalice.local import ForbiddenError, LocalGateway
from werkzeug.wrappers import Request, Response

from functions.core.http import error_response
from local.edge import OPENAPI_PATH, domain_of, openapi_document
from local.live import MANAGEMENT_PREFIX, LocalWebSocketApi
from local.outbox import Outbox

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
DESIGN_DIR = Path(__file__).resolve().parent / "design"
API_PREFIX = "/api"
SOCKET_PATH = "/ws"
OUTBOX_PAGE = Template((Path(__file__).parent / "outbox.html").read_text())


def security_headers(storage_origin: str) -> dict[str, str]:
    """The headers CloudFront adds in infra/edge.yaml (SecurityHeaders). There S3 is https:;
    here it is moto on a local port, which uploads must be allowed to reach (and the logo's
    link to be loaded from)."""
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self' https://js.stripe.com; "
            "frame-src https://js.stripe.com https://hooks.stripe.com; "
            f"img-src 'self' data: https: {storage_origin}; "
            f"connect-src 'self' https: {storage_origin}; frame-ancestors 'none'; base-uri 'self'; "
            f"form-action 'self' https: {storage_origin}"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }


class PortalServer:
    """The WSGI application behind http://127.0.0.1:8000."""

    def __init__(
        self,
        apps: dict[str, Chalice],
        outbox: Outbox,
        web_config: dict[str, object],
        run_schedule: Callable[[str], Any],
        storage_origin: str,
        live: LocalWebSocketApi | None = None,
    ) -> None:
        self._headers = security_headers(storage_origin)
        self._gateways = {domain: LocalGateway(app, Config(chalice_stage="local")) for domain, app in apps.items()}
        self._locks = {domain: threading.Lock() for domain in apps}
        self._outbox = outbox
        self._web_config = web_config
        self._run_schedule = run_schedule
        self._live = live

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == SOCKET_PATH and self._live is not None:
            # The WebSocket API, on the same origin as CloudFront serves it: this thread is the
            # socket's until it closes (a refused ticket is an HTTP answer and no socket).
            return self._live.serve(environ)(environ, start_response)
        request = Request(environ)
        response = self._route(request)
        if not request.path.startswith((API_PREFIX + "/", "/dev/")) and response.status_code == 200:
            # CloudFront hands on S3's ETag and answers a revalidation with 304.
            response.add_etag()
            response.make_conditional(request)
        return compressed(request, response)(environ, start_response)

    def _route(self, request: Request) -> Response:
        path = request.path
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            # Chalice parses the path itself, as API Gateway does: hand it over still encoded,
            # or an id containing "%23" would turn into a "#" and end the path there.
            raw = str(request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or path)
            return self._api(request, raw.split("?", 1)[0][len(API_PREFIX) :] or "/")
        if path.startswith(MANAGEMENT_PREFIX) and self._live is not None:
            return self._live.manage(request)
        if path == "/dev/live/drop" and request.method == "POST" and self._live is not None:
            # A network failure, for the browser tests: every open socket ends without a close.
            return _json({"dropped": sum(self._live.drop(c) for c in self._live.connection_ids())})
        if path == "/dev/outbox.json":
            return _json(self._outbox.as_json())
        if path == "/dev/outbox":
            return self._outbox_page()
        if path == "/dev/design" or path.startswith("/dev/design/"):
            return self._design(path.removeprefix("/dev/design").lstrip("/") or "index.html")
        if path == "/dev/poison-event" and request.method == "POST":
            # A producer's bug, for the console's undelivered list to show: an outbox item
            # without its fields, which the stream relay fails on until it gives the batch up.
            return _json({"sk": _write_poison_event()}, 201)
        if path.startswith("/dev/schedules/") and request.method == "POST":
            name = path.rsplit("/", 1)[-1]
            try:
                return _json({"schedule": name, "result": repr(self._run_schedule(name))})
            except KeyError:
                return _json({"error": {"code": "not_found", "message": f"No schedule called {name}."}}, 404)
        if path == "/config.json":
            return _json(self._web_config)
        return self._static(path)

    def _api(self, request: Request, path: str) -> Response:
        if path == OPENAPI_PATH and request.method == "GET":
            return _json(openapi_document())
        query = request.query_string.decode()
        headers = {key.lower(): value for key, value in request.headers.items()}
        body = request.get_data()
        domain = domain_of(path)
        no_route = error_response(404, code="not_found", message="There is no such API route.").to_dict()
        if domain is None:
            reply = no_route
        else:
            with self._locks[domain]:
                try:
                    reply = self._gateways[domain].handle_request(
                        request.method, path + (f"?{query}" if query else ""), headers, body
                    )
                except ForbiddenError:  # Chalice's way of saying "no such route"
                    reply = no_route
        raw = reply.get("body") or b""
        payload = (
            base64.b64decode(raw) if reply.get("isBase64Encoded") else (raw.encode() if isinstance(raw, str) else raw)
        )
        response = Response(payload, status=reply["statusCode"])
        for key, value in (reply.get("headers") or {}).items():
            response.headers[key] = value
        for key, values in (reply.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(key, value)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _static(self, path: str) -> Response:
        relative = path.lstrip("/") or "index.html"
        candidate = (WEB_DIR / relative).resolve()
        if not candidate.is_relative_to(WEB_DIR) or not candidate.is_file():
            # A page path (no extension) is the single-page app; a missing file is a 404.
            if "." in relative.rsplit("/", 1)[-1]:
                return Response("Not found", status=404, mimetype="text/plain")
            candidate = WEB_DIR / "index.html"
        mimetype = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        response = Response(candidate.read_bytes(), mimetype=mimetype)
        response.headers.update(self._headers)
        response.headers["Cache-Control"] = "no-cache"
        return response

    def _design(self, name: str) -> Response:
        """The design gallery (docs/design.md): every component, drawn by web/js/ui.js."""
        candidate = (DESIGN_DIR / name).resolve()
        if not candidate.is_relative_to(DESIGN_DIR) or not candidate.is_file():
            return Response("Not found", status=404, mimetype="text/plain")
        mimetype = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        response = Response(candidate.read_bytes(), mimetype=mimetype)
        response.headers.update(self._headers)
        return response

    def _outbox_page(self) -> Response:
        rows = "".join(
            f"<tr><td>{escape(m.sent_at)}</td><td>{escape(m.channel)}</td><td>{escape(m.to)}</td>"
            f"<td>{escape(m.subject)}</td><td><pre>{escape(m.body)}</pre></td></tr>"
            for m in self._outbox.messages()
        )
        empty = "" if rows else "<p>Nothing sent yet. Sign-in codes, reminders and other messages appear here.</p>"
        page = OUTBOX_PAGE.substitute(rows=rows, empty=empty)
        response = Response(page, mimetype="text/html")
        response.headers.update(self._headers)
        return response


def _json(value: object, status: int = 200) -> Response:
    return Response(
        json.dumps(value), status=status, mimetype="application/json", headers={"Cache-Control": "no-store"}
    )


def _write_poison_event() -> str:
    """An OUTBOX item with none of an event's fields (local.server's /dev/poison-event), written
    as a producer with a bug would: past the model, which would refuse it."""
    from functions.core import clients
    from functions.core.ids import new_id
    from functions.core.settings import get_settings

    sk = f"{new_id()}#poison"
    item = {"pk": {"S": "OUTBOX#poison"}, "sk": {"S": sk}}
    clients.session().client("dynamodb").put_item(TableName=get_settings().table_name, Item=item)
    return sk


# What CloudFront compresses when a behaviour says Compress (infra/edge.yaml): text-like types
# from 1,000 bytes, for a viewer that accepts gzip (it also speaks Brotli; gzip is enough here).
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
_COMPRESS_FROM_BYTES = 1000


def compressed(request: Request, response: Response) -> Response:
    """The response as CloudFront would send it: gzip-encoded when the viewer accepts it."""
    response.vary.add("Accept-Encoding")
    if (
        "gzip" not in request.headers.get("Accept-Encoding", "")
        or response.status_code != 200
        or response.direct_passthrough
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(_COMPRESSIBLE)
    ):
        return response
    body = response.get_data()
    if len(body) < _COMPRESS_FROM_BYTES:
        return response
    response.set_data(gzip.compress(body, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response
