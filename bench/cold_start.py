"""Cold start of the API Lambda, against the cold start of a bare boto3 DynamoDB client.

Each sample is a fresh Python process that imports the handler module from the unzipped
deployment package (as Lambda does, with bytecode writes off because /var/task is
read-only) and serves GET /api/health once; the baseline process only does
`import boto3; boto3.client("dynamodb")`. A third variant strips the package's .pyc files,
to show what shipping bytecode buys.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from infra.outputs import OUTPUT_TO_ENV, app_environment
from infra.package import package as build_package

SAMPLES = 9
# What the deploy script gives the Lambda, with made-up resource names (nothing is called).
SETTINGS = {
    **app_environment(
        {output: f"bench-{output}" for output in OUTPUT_TO_ENV},
        stage="dev",
        region="us-east-1",
        sender_email="portal@example.com",
        business_name="Bench",
        secrets={"SIGNIN_CODE_PEPPER": "bench-" * 8, "PAGING_CURSOR_KEY": "bench-" * 8},
    ),
    "AWS_LAMBDA_FUNCTION_NAME": "customer-portal-dev",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "PYTHONDONTWRITEBYTECODE": "1",  # /var/task is read-only in Lambda
}

HANDLER_COLD_START = """
import json, time
started = time.perf_counter()
import app
event = {"resource": "/portal/health", "path": "/portal/health", "httpMethod": "GET", "headers": {},
         "multiValueHeaders": {},
         "queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None,
         "stageVariables": None, "body": None, "isBase64Encoded": False,
         "requestContext": {"resourcePath": "/portal/health", "httpMethod": "GET", "path": "/api/portal/health",
                            "requestId": "bench", "stage": "api", "identity": {"sourceIp": "127.0.0.1"}}}
class Context:
    aws_request_id = "bench"; function_name = "bench"; memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
reply = app.app(event, Context())
assert reply["statusCode"] == 200, reply
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

BOTO3_COLD_START = """
import json, time
started = time.perf_counter()
import boto3
boto3.client("dynamodb")
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


@dataclass(frozen=True)
class Result:
    handler_ms: float
    handler_without_bytecode_ms: float
    boto3_ms: float
    zip_bytes: int


def _median_ms(script: str, pythonpath: Path | None) -> float:
    env = {**os.environ, **SETTINGS}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    samples = []
    for _ in range(SAMPLES):
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, cwd=pythonpath or ".", capture_output=True, text=True, check=True
        )
        samples.append(json.loads(out.stdout.strip().splitlines()[-1])["seconds"] * 1000)
    return statistics.median(samples)


def measure(work: Path) -> Result:
    package = build_package("portal", work / "out") / "deployment.zip"
    unzipped = work / "task"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unzipped)
    source_only = work / "task-source-only"
    shutil.copytree(unzipped, source_only, ignore=shutil.ignore_patterns("__pycache__"))
    boto3_ms = _median_ms(BOTO3_COLD_START, None)
    handler_ms = _median_ms(HANDLER_COLD_START, unzipped)
    without_bytecode_ms = _median_ms(HANDLER_COLD_START, source_only)
    return Result(handler_ms, without_bytecode_ms, boto3_ms, package.stat().st_size)


def report(result: Result) -> str:
    return "\n".join(
        [
            f"cold start, median of {SAMPLES} fresh processes:",
            f"  bare boto3 + DynamoDB client (baseline)   {result.boto3_ms:7.0f} ms   1.00x",
            f"  portal API: import app + GET /health      {result.handler_ms:7.0f} ms"
            f"   {result.handler_ms / result.boto3_ms:.2f}x",
            f"  the same package without its .pyc files   {result.handler_without_bytecode_ms:7.0f} ms"
            f"   {result.handler_without_bytecode_ms / result.boto3_ms:.2f}x",
            f"deployment zip: {result.zip_bytes / 1e6:.1f} MB",
        ]
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        print(report(measure(Path(work))))


if __name__ == "__main__":
    main()
