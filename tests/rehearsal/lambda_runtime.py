"""Lambda's Python runtime for the rehearsal's moto server, without docker.

While `installed(endpoint_url)` is active, every invocation moto's Lambda makes (the Invoke
API, RequestResponse or Event, and moto's own, such as Cognito's triggers) runs the function's
real code: its zip unpacked once per code SHA-256, a fresh `sys.executable -S` per invocation
whose path is the zip and the libraries Lambda's runtime ships (boto3 and its own; nothing
else of the venv, so a bundle missing a library fails here as it would in AWS), the function's
environment plus what Lambda sets, and AWS_ENDPOINT_URL pointing the code's boto3 back at the
same moto server. `invoke_http` is API Gateway in front of it, for REST APIs that
`chalice deploy` makes (one Lambda proxy integration per method); `invoke_websocket` for the
WebSocket API it makes for an app's socket handlers (one per route, $connect, $default and
$disconnect).
"""

import base64
import contextlib
import fnmatch
import hashlib
import importlib.util
import io
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda_simple.models import LambdaSimpleBackend

# What the Lambda Python runtime puts on the path besides the function's own code.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six")
INIT_SECONDS = 10.0  # Lambda's limit for a cold start's imports, apart from the function's Timeout
LOG_LINES = 200
TAIL_BYTES = 4096  # Invoke's LogType=Tail returns the last 4 KB of the log

# Runs in the function's process: import the handler (the init phase), say so, call it, and
# write the outcome as one JSON line to its own pipe, so that what the code prints is log.
_BOOTSTRAP = r"""
import importlib, json, os, sys, time, traceback

def error(exc, error_type=None, message=None):
    return {
        "errorMessage": str(exc) if message is None else message,
        "errorType": error_type or type(exc).__name__,
        "stackTrace": traceback.format_list(traceback.extract_tb(exc.__traceback__)),
    }

class Context:
    def __init__(self, meta, deadline):
        self.aws_request_id = meta["aws_request_id"]
        self.function_name = meta["function_name"]
        self.function_version = meta["function_version"]
        self.invoked_function_arn = meta["invoked_function_arn"]
        self.memory_limit_in_mb = meta["memory_limit_in_mb"]
        self.log_group_name = meta["log_group_name"]
        self.log_stream_name = meta["log_stream_name"]
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))

def main():
    out = os.fdopen(int(sys.argv[1]), "w")
    meta = json.loads(sys.stdin.readline())
    event = json.loads(sys.stdin.read())
    module_name, _, attribute = meta["handler"].rpartition(".")
    try:
        handler = getattr(importlib.import_module(module_name), attribute)
    except AttributeError as exc:
        reply = error(exc, "Runtime.HandlerNotFound", f"Handler '{attribute}' missing on module '{module_name}'")
        out.write(json.dumps({"done": reply}) + "\n")
        return
    except ImportError as exc:
        reply = error(exc, "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}")
        out.write(json.dumps({"done": reply}) + "\n")
        return
    except SyntaxError as exc:
        out.write(json.dumps({"done": error(exc, "Runtime.UserCodeSyntaxError")}) + "\n")
        return
    except Exception as exc:
        out.write(json.dumps({"done": error(exc)}) + "\n")
        return
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    context = Context(meta, time.time() + meta["timeout"])
    try:
        result = handler(event, context)
    except Exception as exc:
        traceback.print_exc()
        out.write(json.dumps({"done": error(exc)}) + "\n")
        return
    try:
        line = json.dumps({"ok": result})
    except (TypeError, ValueError) as exc:
        line = json.dumps({"done": error(exc, "Runtime.MarshalError", f"Unable to marshal response: {exc}")})
    out.write(line + "\n")

main()
"""


@dataclass(frozen=True)
class Outcome:
    """One invocation: the payload Invoke returns, whether it is a function error, and its log."""

    payload: bytes
    errored: bool
    log: list[str]


class _Envelope:
    """The bootstrap's result pipe, read line by line against deadlines."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def line(self, deadline: float) -> dict[str, Any] | None:
        """The next JSON line; None when the process ended without one or the deadline passed."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(self._fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        reply: dict[str, Any] = json.loads(line)
        return reply


def _failure(error_type: str, message: str) -> bytes:
    return json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": []}).encode()


class _Runtime:
    def __init__(self, endpoint_url: str, folder: Path) -> None:
        self.endpoint_url = endpoint_url
        self._folder = folder
        self._lock = threading.Lock()
        self._code: dict[str, Path] = {}
        self._logs: dict[str, deque[str]] = {}
        self._events: set[threading.Thread] = set()
        self._library = self._runtime_library()

    def _runtime_library(self) -> Path:
        library = self._folder / "runtime"
        library.mkdir()
        for name in RUNTIME_PACKAGES:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                raise RuntimeError(f"{name} is not installed: Lambda's runtime ships it")
            source = Path(spec.origin)
            target = source.parent if spec.submodule_search_locations else source
            (library / target.name).symlink_to(target)
        return library

    def code_folder(self, function: LambdaFunction) -> Path:
        """The function's zip, unpacked once per content: an updated code gets a new folder."""
        code: bytes = getattr(function, "code_bytes", b"")
        if not code:
            raise LambdaClientError("InvalidParameterValueException", "the function has no zip code to run")
        digest = hashlib.sha256(code).hexdigest()
        with self._lock:
            folder = self._code.get(digest)
            if folder is None:
                folder = self._folder / "code" / digest
                staging = Path(tempfile.mkdtemp(dir=self._folder))
                with zipfile.ZipFile(io.BytesIO(code)) as bundle:
                    bundle.extractall(staging)
                folder.parent.mkdir(exist_ok=True)
                staging.rename(folder)
                self._code[digest] = folder
        return folder

    def environment(self, function: LambdaFunction, folder: Path, stream: str) -> dict[str, str]:
        """The function's variables, then the ones Lambda reserves for itself."""
        env = {str(k): str(v) for k, v in (function.environment_vars or {}).items()}
        env.update(
            PATH=os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            LANG="en_US.UTF-8",
            TZ=":UTC",
            PYTHONPATH=os.pathsep.join([str(folder), str(self._library)]),
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",  # prints and tracebacks reach the log in the order they happened
            LAMBDA_TASK_ROOT=str(folder),
            LAMBDA_RUNTIME_DIR=str(self._library),
            _HANDLER=str(function.handler),
            AWS_EXECUTION_ENV=f"AWS_Lambda_{function.run_time}",
            AWS_REGION=function.region,
            AWS_DEFAULT_REGION=function.region,
            AWS_LAMBDA_FUNCTION_NAME=function.function_name,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE=str(function.memory_size),
            AWS_LAMBDA_FUNCTION_VERSION=str(function.version),
            AWS_LAMBDA_LOG_GROUP_NAME=function.logs_group_name,
            AWS_LAMBDA_LOG_STREAM_NAME=stream,
            AWS_LAMBDA_INITIALIZATION_TYPE="on-demand",
            AWS_ACCESS_KEY_ID="rehearsal",
            AWS_SECRET_ACCESS_KEY="rehearsal",  # moto's server takes any keys
            AWS_SESSION_TOKEN="rehearsal",
            AWS_ENDPOINT_URL=self.endpoint_url,
        )
        return env

    def run(self, function: LambdaFunction, event: Any) -> Outcome:
        """Invoke the function's code once, in a process of its own, within its Timeout."""
        request_id = str(uuid.uuid4())
        stream = f"{time.strftime('%Y/%m/%d')}/[{function.version}]{uuid.uuid4().hex}"
        folder = self.code_folder(function)
        meta = {
            "handler": function.handler,
            "timeout": float(function.timeout),
            "aws_request_id": request_id,
            "function_name": function.function_name,
            "function_version": str(function.version),
            "invoked_function_arn": function.function_arn,
            "memory_limit_in_mb": int(function.memory_size),
            "log_group_name": function.logs_group_name,
            "log_stream_name": stream,
        }
        read_fd, write_fd = os.pipe()
        started = time.monotonic()
        try:
            process = subprocess.Popen(
                [sys.executable, "-S", "-c", _BOOTSTRAP, str(write_fd)],
                cwd=folder,
                env=self.environment(function, folder, stream),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
            )
        finally:
            os.close(write_fd)
        log: list[str] = []
        reader = threading.Thread(target=_collect, args=(process, log), daemon=True)
        reader.start()
        threading.Thread(target=_feed, args=(process, meta, event), daemon=True).start()
        try:
            payload, errored = self._outcome(process, _Envelope(read_fd), function, request_id, started)
        finally:
            os.close(read_fd)
            # A finished handler's process is exiting (flushing its log): let it, then make sure.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=2)
            if process.poll() is None:
                process.kill()
            process.wait()
            reader.join(timeout=5)
        elapsed = (time.monotonic() - started) * 1000
        lines = [
            f"START RequestId: {request_id} Version: {function.version}",
            *log,
            f"END RequestId: {request_id}",
            f"REPORT RequestId: {request_id}\tDuration: {elapsed:.2f} ms\tMemory Size: {function.memory_size} MB",
        ]
        self._keep(function, lines)
        return Outcome(payload, errored, lines)

    def _outcome(
        self,
        process: subprocess.Popen[bytes],
        envelope: _Envelope,
        function: LambdaFunction,
        request_id: str,
        started: float,
    ) -> tuple[bytes, bool]:
        limit = INIT_SECONDS
        try:
            reply = envelope.line(started + limit)
            if reply is not None and reply.get("ready"):
                limit = float(function.timeout)
                reply = envelope.line(time.monotonic() + limit)
        except TimeoutError:
            process.kill()
            message = f"RequestId: {request_id} Error: Task timed out after {limit:.2f} seconds"
            return _failure("Sandbox.Timedout", message), True
        if reply is None:
            code = process.wait()
            status = f"signal: {-code}" if code < 0 else f"exit status {code}"
            return _failure(
                "Runtime.ExitError", f"RequestId: {request_id} Error: Runtime exited with error: {status}"
            ), True
        if "ok" in reply:
            return json.dumps(reply["ok"]).encode(), False
        return json.dumps(reply["done"]).encode(), True

    def _keep(self, function: LambdaFunction, lines: list[str]) -> None:
        with self._lock:
            self._logs.setdefault(function.function_name, deque(maxlen=LOG_LINES)).extend(lines)
        # CloudWatch Logs in the same server gets them too, as in AWS.
        function.logs_backend.ensure_log_group(function.logs_group_name)
        function.save_logs("\n".join(lines))

    def logs(self, function_name: str) -> list[str]:
        with self._lock:
            return list(self._logs.get(function_name, ()))

    def in_background(self, function: LambdaFunction, event: Any) -> None:
        """An Event invocation: accepted now, run on its own thread, as Lambda's queue does."""

        def run() -> None:
            try:
                self.run(function, event)
            finally:
                with self._lock:
                    self._events.discard(threading.current_thread())

        thread = threading.Thread(target=run, name=f"lambda-event-{function.function_name}", daemon=True)
        with self._lock:
            self._events.add(thread)
        thread.start()

    def wait_for_events(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = list(self._events)
            if not pending:
                return
            for thread in pending:
                thread.join(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                with self._lock:
                    if self._events:
                        raise TimeoutError(f"{len(self._events)} Event invocations still running")
                return


def _collect(process: subprocess.Popen[bytes], log: list[str]) -> None:
    assert process.stdout is not None
    for raw in process.stdout:
        log.append(raw.decode("utf-8", "replace").rstrip("\n"))


def _feed(process: subprocess.Popen[bytes], meta: dict[str, Any], event: Any) -> None:
    assert process.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # the process died at start: its log says why
        process.stdin.write(json.dumps(meta).encode() + b"\n" + json.dumps(event).encode())
        process.stdin.close()


_ACTIVE: list[_Runtime] = []


def _runtime() -> _Runtime:
    if not _ACTIVE:
        raise RuntimeError("lambda_runtime.installed() is not active")
    return _ACTIVE[-1]


def _header(headers: Any, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value)
    return None


def lambda_runs_the_function_code(
    self: LambdaFunction, body: str | bytes | None, request_headers: Any, response_headers: Any
) -> bytes:
    """LambdaFunction.invoke: run the code (RequestResponse), queue it (Event), or only check (DryRun)."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        event = json.loads(body) if body else {}
    except ValueError as exc:
        raise LambdaClientError("InvalidRequestContentException", "Could not parse request body into json") from exc
    if self.package_type != "Zip":
        raise LambdaClientError("InvalidParameterValueException", "the rehearsal runs zip functions only")
    invocation_type = _header(request_headers, "x-amz-invocation-type") or "RequestResponse"
    runtime = _runtime()
    if invocation_type == "DryRun":
        return b""
    if invocation_type == "Event":
        runtime.in_background(self, event)
        return b""
    outcome = runtime.run(self, event)
    if outcome.errored:
        response_headers["x-amz-function-error"] = "Unhandled"
    tail = "\n".join(outcome.log).encode()[-TAIL_BYTES:]
    response_headers["x-amz-log-result"] = base64.b64encode(tail).decode()
    return outcome.payload


@contextlib.contextmanager
def installed(endpoint_url: str) -> Iterator[None]:
    """While active, moto's Lambda runs each function's real code, its boto3 calls to `endpoint_url`."""
    with tempfile.TemporaryDirectory(prefix="lambda-runtime-") as folder, pytest.MonkeyPatch.context() as mp:
        runtime = _Runtime(endpoint_url, Path(folder))
        mp.setattr(LambdaFunction, "invoke", lambda_runs_the_function_code)
        # moto's "use_docker: False" backend answers canned results instead of asking the function.
        mp.setattr(LambdaSimpleBackend, "invoke", LambdaBackend.invoke)
        _ACTIVE.append(runtime)
        try:
            yield
            runtime.wait_for_events(timeout=60)
        finally:
            _ACTIVE.remove(runtime)


def logs(function_name: str) -> list[str]:
    """The last lines the function logged (START, what it printed or logged, END, REPORT)."""
    return _runtime().logs(function_name)


def wait_for_events(timeout: float = 30.0) -> None:
    """Block until every Event (asynchronous) invocation accepted so far has finished."""
    _runtime().wait_for_events(timeout)


# API Gateway, REST API with Lambda proxy integrations


@dataclass(frozen=True)
class _Route:
    resource_id: str
    resource_path: str
    path_parameters: dict[str, str]


def _specificity(template: str, segments: list[str]) -> tuple[int, ...] | None:
    """How well a resource path matches: literal beats {param} beats {proxy+}; None if it does not."""
    parts = [p for p in template.split("/") if p]
    score: list[int] = []
    for index, part in enumerate(parts):
        if part.startswith("{") and part.endswith("+}"):
            return (*score, 0) if index < len(segments) and index == len(parts) - 1 else None
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}"):
            score.append(1)
        elif part == segments[index]:
            score.append(2)
        else:
            return None
    return tuple(score) if len(parts) == len(segments) else None


def _route(resources: list[dict[str, Any]], path: str, method: str) -> _Route | None:
    segments = [s for s in path.split("/") if s]
    candidates = []
    for resource in resources:
        methods = resource.get("resourceMethods") or {}
        if method not in methods and "ANY" not in methods:
            continue
        score = _specificity(resource["path"], segments)
        if score is not None:
            candidates.append((score, resource))
    if not candidates:
        return None
    _, resource = max(candidates, key=lambda c: c[0])
    parameters: dict[str, str] = {}
    parts = [p for p in resource["path"].split("/") if p]
    for index, part in enumerate(parts):
        if part.endswith("+}"):
            parameters[part[1:-2]] = unquote("/".join(segments[index:]))
        elif part.startswith("{"):
            parameters[part[1:-1]] = unquote(segments[index])
    return _Route(resource["id"], resource["path"], parameters)


def _invocable(lambda_client: Any, integration_uri: str, region: str, api_path: str) -> str | None:
    """The integration's function, when its resource policy lets API Gateway invoke it for
    this method or route (api_path: <api id>/<stage>/<method><path> or .../<route key>)."""
    function_arn = integration_uri.split("/functions/", 1)[1].rsplit("/invocations", 1)[0]
    account = function_arn.split(":")[4]
    try:
        policy = lambda_client.get_policy(FunctionName=function_arn)["Policy"]
    except ClientError:
        policy = None
    return function_arn if _allowed(policy, f"arn:aws:execute-api:{region}:{account}:{api_path}") else None


def _allowed(policy: str | None, source_arn: str) -> bool:
    """Whether the function's resource policy lets this API Gateway method invoke it."""
    for statement in json.loads(policy or "{}").get("Statement", []):
        principal = statement.get("Principal", {})
        service = principal.get("Service") if isinstance(principal, dict) else principal
        if statement.get("Effect") != "Allow" or service != "apigateway.amazonaws.com":
            continue
        if statement.get("Action") not in ("lambda:InvokeFunction", "lambda:*"):
            continue
        arn_like = statement.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn")
        if arn_like is None or fnmatch.fnmatchcase(source_arn, arn_like):
            return True
    return False


def _is_binary(content_type: str | None, binary_media_types: list[str]) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return any(fnmatch.fnmatchcase(kind, pattern.lower()) for pattern in binary_media_types) if kind else False


def _clients(lambda_client_or_endpoint: Any, region: str) -> tuple[Any, Any]:
    if isinstance(lambda_client_or_endpoint, str):
        endpoint = lambda_client_or_endpoint
    else:
        endpoint = lambda_client_or_endpoint.meta.endpoint_url
        region = lambda_client_or_endpoint.meta.region_name
    session = boto3.session.Session(
        aws_access_key_id="rehearsal",
        aws_secret_access_key="rehearsal",  # moto's server takes any keys
        region_name=region,
    )
    lambda_client = (
        lambda_client_or_endpoint
        if not isinstance(lambda_client_or_endpoint, str)
        else session.client("lambda", endpoint_url=endpoint)
    )
    return lambda_client, session.client("apigateway", endpoint_url=endpoint)


def _gateway_error(status: int, message: str) -> tuple[int, dict[str, str | list[str]], bytes]:
    """A reply API Gateway makes itself, without reaching the function."""
    headers: dict[str, str | list[str]] = {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())}
    return status, headers, json.dumps({"message": message}).encode()


def invoke_http(
    lambda_client_or_endpoint: Any,
    rest_api_id: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | str | None = None,
    stage: str = "api",
    *,
    region: str = "us-east-1",
    source_ip: str = "127.0.0.1",
) -> tuple[int, dict[str, str | list[str]], bytes]:
    """API Gateway in front of a REST API's Lambda proxy integrations: one request, one reply
    (a header sent more than once, such as Set-Cookie, is the list of its values)."""
    lambda_client, apigateway = _clients(lambda_client_or_endpoint, region)
    region = apigateway.meta.region_name
    method = method.upper()
    url = urlsplit(path)
    try:
        apigateway.get_stage(restApiId=rest_api_id, stageName=stage)
    except ClientError:
        return _gateway_error(403, "Forbidden")  # what API Gateway says for a stage never deployed
    api = apigateway.get_rest_api(restApiId=rest_api_id)
    resources = [
        r for page in apigateway.get_paginator("get_resources").paginate(restApiId=rest_api_id) for r in page["items"]
    ]
    route = _route(resources, url.path or "/", method)
    if route is None:
        return _gateway_error(403, "Missing Authentication Token")
    methods = next(r for r in resources if r["id"] == route.resource_id)["resourceMethods"]
    integration = apigateway.get_integration(
        restApiId=rest_api_id, resourceId=route.resource_id, httpMethod=method if method in methods else "ANY"
    )
    if str(integration.get("type")).upper() != "AWS_PROXY":  # moto keeps an imported "aws_proxy" as written
        raise NotImplementedError(f"integration type {integration.get('type')}: the rehearsal runs Lambda proxy only")
    function_arn = _invocable(
        lambda_client, integration["uri"], region, f"{rest_api_id}/{stage}/{method}{route.resource_path}"
    )
    if function_arn is None:
        return _gateway_error(500, "Internal server error")  # API Gateway may not invoke the function

    request_id = str(uuid.uuid4())
    sent = {
        "Host": f"{rest_api_id}.execute-api.{region}.amazonaws.com",
        "X-Forwarded-For": source_ip,
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
        **(headers or {}),
    }
    content_type = next((v for k, v in sent.items() if k.lower() == "content-type"), None)
    query = parse_qsl(url.query, keep_blank_values=True)
    multi_query: dict[str, list[str]] = {}
    for key, value in query:
        multi_query.setdefault(key, []).append(value)
    raw = body.encode() if isinstance(body, str) else body
    binary = raw is not None and _is_binary(content_type, api.get("binaryMediaTypes", []))
    event = {
        "resource": route.resource_path,
        "path": url.path or "/",
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {k: [v] for k, v in sent.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": route.path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": route.resource_id,
            "resourcePath": route.resource_path,
            "httpMethod": method,
            "path": f"/{stage}{url.path or '/'}",
            "stage": stage,
            "requestId": request_id,
            "extendedRequestId": request_id,
            "accountId": function_arn.split(":")[4],
            "apiId": rest_api_id,
            "protocol": "HTTP/1.1",
            "domainName": sent["Host"],
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": source_ip, "userAgent": sent.get("User-Agent")},
        },
        "body": None if raw is None else (base64.b64encode(raw).decode() if binary else raw.decode("utf-8", "replace")),
        "isBase64Encoded": binary,
    }
    reply = lambda_client.invoke(FunctionName=function_arn, Payload=json.dumps(event).encode())
    answer = json.loads(reply["Payload"].read() or b"null")
    if reply.get("FunctionError") or not isinstance(answer, dict) or "statusCode" not in answer:
        return _gateway_error(502, "Internal server error")  # a function error or a reply that is not a proxy one
    merged: dict[str, str | list[str]] = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    for key, values in (answer.get("multiValueHeaders") or {}).items():
        # One header line each, as a browser receives them: Set-Cookie values cannot be joined.
        merged[str(key)] = [str(v) for v in values] if len(values) > 1 else str(values[0])
    merged.setdefault("x-amzn-RequestId", request_id)
    payload = answer.get("body") or ""
    content = base64.b64decode(payload) if answer.get("isBase64Encoded") else str(payload).encode()
    return int(answer["statusCode"]), merged, content


# API Gateway, WebSocket API with Lambda proxy integrations (what `chalice deploy` makes for an
# app's @app.on_ws_connect/_message/_disconnect handlers)

_EVENT_TYPES = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}


def invoke_websocket(
    endpoint_url: str,
    api_id: str,
    route_key: str,
    connection_id: str,
    *,
    query: dict[str, str] | None = None,
    body: str | None = None,
    stage: str = "api",
    region: str = "us-east-1",
) -> dict[str, Any]:
    """API Gateway's WebSocket API handing one event to a route's function: the stage must exist
    and serve a deployment, the route ($connect, $disconnect, else the message's: $default here,
    the portal's route selection finds no other) must call a function through a Lambda proxy
    integration, and the function must let API Gateway invoke it for that route. Returns the
    function's reply ({"statusCode": ...}); a refusal API Gateway makes itself is its status."""
    session = boto3.session.Session(
        aws_access_key_id="rehearsal", aws_secret_access_key="rehearsal", region_name=region
    )  # moto's server takes any keys
    apis, lambda_client = (session.client(s, endpoint_url=endpoint_url) for s in ("apigatewayv2", "lambda"))
    try:
        served = apis.get_stage(ApiId=api_id, StageName=stage)
    except ClientError:
        return {"statusCode": 403}  # no such stage: API Gateway's Forbidden
    if not served.get("DeploymentId"):
        return {"statusCode": 403}  # a stage of no deployment serves nothing
    routes = {route["RouteKey"]: route for route in apis.get_routes(ApiId=api_id)["Items"]}
    route = routes.get(route_key) or routes.get("$default")
    if route is None:
        return {"statusCode": 403}
    integration = apis.get_integration(ApiId=api_id, IntegrationId=route["Target"].removeprefix("integrations/"))
    if integration["IntegrationType"] != "AWS_PROXY":
        raise NotImplementedError(
            f"integration type {integration['IntegrationType']}: the rehearsal runs Lambda proxy only"
        )
    function_arn = _invocable(
        lambda_client, integration["IntegrationUri"], region, f"{api_id}/{stage}/{route['RouteKey']}"
    )
    if function_arn is None:
        return {"statusCode": 500}  # API Gateway may not invoke the function
    now = int(time.time() * 1000)
    event = {
        "requestContext": {
            "routeKey": route["RouteKey"],
            "eventType": _EVENT_TYPES.get(route["RouteKey"], "MESSAGE"),
            "connectionId": connection_id,
            "domainName": f"{api_id}.execute-api.{region}.amazonaws.com",
            "apiId": api_id,
            "stage": stage,
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": now,
            "connectedAt": now,
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "headers": {"Host": f"{api_id}.execute-api.{region}.amazonaws.com"},
        "queryStringParameters": query or None,
        "isBase64Encoded": False,
        "body": body,
    }
    reply = lambda_client.invoke(FunctionName=function_arn, Payload=json.dumps(event).encode())
    answer = json.loads(reply["Payload"].read() or b"null")
    if reply.get("FunctionError"):
        return {"statusCode": 502, "error": answer}
    # A handler that returns nothing is a 200 to API Gateway (the socket opens, or the message is taken).
    return answer if isinstance(answer, dict) and "statusCode" in answer else {"statusCode": 200}
