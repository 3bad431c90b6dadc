"""Cold start of each domain's API Lambda, against the floor of any Lambda that reads DynamoDB.

Each sample is a fresh Python process. A domain's sample imports the handler module from the
domain's own unzipped deployment package, with the .pyc it ships (bytecode writes off: /var/task
is read-only), and serves one real request through `app.app(event, context)`: the first page a
customer opens in that part of the portal, which reads DynamoDB, sent with the cookies of a
signed-in customer (the portal's own page is public and reads the settings item). So it pays
for all a first request pays: the imports, the settings, the client, the JWKS fetch, the
session check, the reads. The floor's sample does `import boto3`, `boto3.client("dynamodb")`
and one GetItem on the same table, in the same folder with the same environment. A third
sample, the libraries', imports what every domain's API stands on (Chalice, pydantic,
Powertools' logger, pynamodb) and does that GetItem through a pynamodb model: what the stack
the brief chose costs before a line of the portal's runs.

DynamoDB (and Cognito's JWKS) is a moto server in this process, made from infra/ with the demo
data; one sign-in here gives the cookies every sample sends. Samples alternate floor,
libraries, domain, floor, ... (the domain measured without .pyc too takes a fourth turn), so whatever else
the machine does falls on both alike. "ratio" is the domain's median over the floor's;
"paired" the median, over the rounds, of each domain sample over the floor sample before it.

Run: python -m bench.cold_start [--samples N] [--domain D ...]   (`make bench` runs all)
"""

import argparse
import json
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.app import Chalice
from chalice.local import LambdaEventConverter, RouteMatcher
from moto.server import ThreadedMotoServer

from functions.core import clients, parts, secrets, table
from functions.core.settings import get_settings
from infra.outputs import app_environment
from infra.package import package
from local.demo import load_demo_data, load_demo_history
from local.edge import EdgeClient, load_apps
from local.outbox import Outbox
from local.resources import LocalStack

SAMPLES = 15
REGION = "us-east-1"
# The first page a customer opens in each part of the portal; each reads DynamoDB.
ROUTES = {
    "auth": "/auth/session",
    "customers": "/customers/profile",
    "orders": "/orders",
    "payments": "/payments/invoices",
    "tickets": "/tickets",
    "documents": "/documents",
    "bookings": "/bookings",
    "notifications": "/notifications/dashboard",
    "portal": "/portal",
}
PUBLIC = {"portal"}  # asked for without a session
WITHOUT_BYTECODE = "notifications"  # also measured from its package stripped of .pyc files
CUSTOMER = "demo@example.com"
TOKEN_RENEWAL_SECONDS = 5 * 60  # the access token lives 15 minutes; a domain takes one or two
CODE = re.compile(r"\b(\d{6})\b")

FLOOR = """
import json, sys, time
request = json.loads(sys.stdin.read())
started = time.perf_counter()
import boto3
client = boto3.client("dynamodb")
client.get_item(TableName=request["table"], Key={"pk": {"S": "PORTAL"}, "sk": {"S": "SETTINGS"}})
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

# The libraries every domain's API stands on (the brief's: Chalice, pydantic, Powertools'
# logger, pynamodb), and nothing of the portal's: a Chalice app, a logger, one pydantic reply,
# one GetItem through a pynamodb model. What a domain pays beyond this is the portal's own.
LIBRARIES = """
import json, sys, time
request = json.loads(sys.stdin.read())
started = time.perf_counter()
from aws_lambda_powertools import Logger
from chalice.app import Chalice
from pydantic import BaseModel
from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model
class Reply(BaseModel):
    name: str
class Item(Model):
    class Meta:
        table_name = request["table"]
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
app, logger = Chalice(app_name="bench"), Logger(service="bench")
try:  # as the floor's GetItem: the demo has saved no settings
    name = Item.get("PORTAL", "SETTINGS").pk
except Item.DoesNotExist:
    name = "none"
logger.debug(Reply(name=name).model_dump_json())
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

HANDLER = """
import json, sys, time
event = json.loads(sys.stdin.read())
class Context:
    aws_request_id = "bench"; function_name = "bench"; memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
started = time.perf_counter()
import app
reply = app.app(event, Context())
seconds = time.perf_counter() - started
assert reply["statusCode"] == 200, reply
print(json.dumps({"seconds": seconds}))
"""


@dataclass(frozen=True)
class DomainResult:
    domain: str
    route: str
    zip_bytes: int
    floor_ms: list[float]
    libraries_ms: list[float]
    handler_ms: list[float]
    without_bytecode_ms: list[float]  # empty but for WITHOUT_BYTECODE

    @property
    def ratio(self) -> float:
        return statistics.median(self.handler_ms) / statistics.median(self.floor_ms)

    @property
    def paired_ratio(self) -> float:
        return statistics.median(h / f for h, f in zip(self.handler_ms, self.floor_ms, strict=True))

    @property
    def libraries_ratio(self) -> float:
        """The libraries' own cold start over the floor's, paired."""
        return statistics.median(x / f for x, f in zip(self.libraries_ms, self.floor_ms, strict=True))

    @property
    def over_libraries(self) -> float:
        """The domain over the libraries it stands on, paired: what the portal's code costs."""
        return statistics.median(h / x for h, x in zip(self.handler_ms, self.libraries_ms, strict=True))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _forget_clients() -> None:
    """Drop what was made for another endpoint (clients, connections, kept settings)."""
    clients.reset()
    table.reset_connections()
    parts.forget()
    secrets.forget()
    get_settings.cache_clear()


@contextmanager
def _portal_on_moto_server() -> Iterator[dict[str, str]]:
    """A moto server holding the stack from infra/ and the demo data; yields the environment
    of a Lambda using it. That environment is this process's too while it lasts; afterwards
    the process's own is put back, and the clients made for the server are dropped."""
    saved = dict(os.environ)
    # The server's access log and the demo data's log lines would bury the report.
    quiet = [logging.getLogger(name) for name in ("werkzeug", "customer-portal")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        os.environ.pop("AWS_PROFILE", None)
        aws = {
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",  # moto accepts any credentials
            "AWS_DEFAULT_REGION": REGION,
        }
        os.environ.update(aws)
        _forget_clients()
        session = clients.session()
        parameters = {"Stage": "dev", "SenderEmail": "portal@example.com", "WebOrigin": "http://127.0.0.1:8000"}
        outputs = LocalStack(session, "portal-bench-cold-start", parameters).create()
        settings = app_environment(
            outputs,
            stage="local",
            sender_email="portal@example.com",
            business_name="Bench",
            auth_backend="local",  # moto runs no Cognito triggers
        )
        os.environ.update(settings, SIGNIN_REPLY_SECONDS="0")  # this process's sign-in only
        get_settings.cache_clear()
        load_demo_data(outputs["UserPoolId"])
        load_demo_history()
        yield {**aws, **settings}
    finally:
        server.stop()
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
        os.environ.clear()
        os.environ.update(saved)
        _forget_clients()


class _Browser:
    """A signed-in customer's cookies, from a real sign-in through the auth domain's app."""

    def __init__(self, edge: EdgeClient) -> None:
        self.edge = edge
        self.cookies: dict[str, str] = {}
        self._signed_in_at: float | None = None

    def headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    def send(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Content-Type": "application/json", **self.headers()}
        if "csrf_token" in self.cookies:
            headers["X-CSRF-Token"] = self.cookies["csrf_token"]
        raw = json.dumps(body).encode() if body is not None else b""
        reply = self.edge.http.request(method, path, headers=headers, body=raw)
        set_cookies = reply.headers.get("Set-Cookie") or []
        for header in [set_cookies] if isinstance(set_cookies, str) else set_cookies:
            name, _, rest = header.partition("=")
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest.split(";", 1)[0]
        return reply

    def keep_signed_in(self, identifier: str) -> None:
        """Signed in, with an access token good for the next few minutes: signed in once, then
        renewed as the pages renew it."""
        if self._signed_in_at is None:
            outbox = Outbox(REGION)
            before = {message.id for message in outbox.messages()}
            self.send("GET", "/auth/session")
            assert self.send("POST", "/auth/start", {"identifier": identifier}).status_code == 202
            sent = [m for m in outbox.messages() if m.id not in before]  # a text, as a mobile is on file
            code = CODE.search(sent[0].body) if sent else None
            assert code, "no sign-in code was sent"
            reply = self.send("POST", "/auth/verify", {"code": code.group(1)})
            assert reply.status_code == 200, reply.body
        elif time.monotonic() - self._signed_in_at > TOKEN_RENEWAL_SECONDS:
            assert self.send("POST", "/auth/refresh").status_code == 200
        else:
            return
        self._signed_in_at = time.monotonic()


def _event(app: Chalice, path: str, headers: dict[str, str]) -> dict[str, Any]:
    """What API Gateway hands the domain's Lambda for GET /api<path>."""
    event: dict[str, Any] = LambdaEventConverter(RouteMatcher(list(app.routes))).create_lambda_event(
        "GET", path, headers
    )
    event["requestContext"].update(requestId="bench", stage="api", path=f"/api{path}")
    return event


def _lambda_environment(aws_and_settings: dict[str, str], task: Path) -> dict[str, str]:
    """A Lambda's: the app's settings, its package first on the path, no bytecode writes."""
    inherited = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    return {
        **inherited,
        **aws_and_settings,
        "AWS_LAMBDA_FUNCTION_NAME": "customer-portal-dev",
        "PYTHONDONTWRITEBYTECODE": "1",  # /var/task is read-only in Lambda
        "PYTHONPATH": str(task),
    }


def _sample_ms(script: str, stdin: str, task: Path, environment: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        env=_lambda_environment(environment, task),
        cwd=task,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"a sample in {task} failed:\n{done.stderr[-3000:]}")
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"]) * 1000


def measure_domain(
    domain: str, app: Chalice, browser: _Browser, environment: dict[str, str], work: Path, samples: int
) -> DomainResult:
    route = ROUTES[domain]
    if domain not in PUBLIC:
        browser.keep_signed_in(CUSTOMER)
    headers = {} if domain in PUBLIC else browser.headers()
    checked = browser.edge.http.get(route, headers=headers)
    assert checked.status_code == 200, (domain, checked.status_code, checked.body)
    if domain == "auth":  # it answers 200 to anyone: make sure this is the customer's session
        assert json.loads(checked.body)["signed_in"], checked.body
    archive_path = package(domain, work / "out") / "deployment.zip"
    task = work / domain
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(task)
    source_only = work / f"{domain}-source-only"
    if domain == WITHOUT_BYTECODE:
        shutil.copytree(task, source_only, ignore=shutil.ignore_patterns("__pycache__"))
    event = json.dumps(_event(app, route, headers))
    floor_request = json.dumps({"table": environment["TABLE_NAME"]})
    result = DomainResult(domain, route, archive_path.stat().st_size, [], [], [], [])
    for _ in range(samples):
        result.floor_ms.append(_sample_ms(FLOOR, floor_request, task, environment))
        result.libraries_ms.append(_sample_ms(LIBRARIES, floor_request, task, environment))
        result.handler_ms.append(_sample_ms(HANDLER, event, task, environment))
        if domain == WITHOUT_BYTECODE:
            result.without_bytecode_ms.append(_sample_ms(HANDLER, event, source_only, environment))
    return result


def measure(domains: list[str], samples: int = SAMPLES) -> list[DomainResult]:
    with tempfile.TemporaryDirectory() as work, _portal_on_moto_server() as environment:
        apps = load_apps()
        with EdgeClient(apps) as edge:
            browser = _Browser(edge)
            return [measure_domain(d, apps[d], browser, environment, Path(work), samples) for d in domains]


def report(results: list[DomainResult], samples: int) -> str:
    lines = [
        f"cold start, fresh processes alternating floor / libraries / domain, n={samples} each, medians:",
        "  floor: import boto3 + a DynamoDB client + one GetItem; libraries: Chalice, pydantic, Powertools'",
        "  logger and pynamodb imported + one GetItem through a model; domain: import app + its first request",
        f"  {'domain':14} {'first request':26} {'floor ms':>8} {'libs ms':>7} {'domain ms':>9} {'ratio':>6} "
        f"{'paired':>6} {'libs':>6} {'/libs':>6} {'zip MiB':>7}",
    ]
    for result in results:
        lines.append(
            f"  {result.domain:14} GET {result.route:22} {statistics.median(result.floor_ms):8.0f} "
            f"{statistics.median(result.libraries_ms):7.0f} {statistics.median(result.handler_ms):9.0f} "
            f"{result.ratio:5.2f}x {result.paired_ratio:5.2f}x {result.libraries_ratio:5.2f}x "
            f"{result.over_libraries:5.2f}x {result.zip_bytes / 2**20:7.1f}"
        )
    for result in results:
        if result.without_bytecode_ms:
            median = statistics.median(result.without_bytecode_ms)
            lines.append(
                f"  {result.domain} from its package without .pyc files (a third turn in the same rounds): "
                f"{median:.0f} ms, {median / statistics.median(result.floor_ms):.2f}x the floor"
            )
    lines.append("  (paired: domain / floor; libs: libraries / floor; /libs: domain / libraries; each the median over")
    lines.append("  rounds. DynamoDB and the JWKS are a moto server on this machine; the target is 1.15x the floor)")
    return "\n".join(lines)


def main(domains: list[str] | None = None, samples: int = SAMPLES) -> None:
    print(report(measure(domains or list(ROUTES), samples), samples))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--domain", action="append", choices=sorted(ROUTES), help="only these (default: all)")
    arguments = parser.parse_args()
    main(arguments.domain, arguments.samples)
