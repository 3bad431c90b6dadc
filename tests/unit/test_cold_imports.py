"""What a domain's API function imports before its first request: none of the libraries that
only other functions, or a later request, need. Each costs every cold start of that API
(docs/performance.md, "Cold start"): bench/cold_start.py measures the time, this keeps the
modules out."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infra.package import domains

ROOT = Path(__file__).resolve().parents[2]
# Each with what it cost a cold start when an API imported it.
KEPT_OUT = {
    "boto3": "~20 ms; botocore's clients serve the API functions (core.clients)",
    "requests": "~20 ms; the JWKS comes with urllib3, which botocore has loaded (core.tokens)",
    "aws_lambda_powertools.utilities.parameters": "~32 ms; core.secrets reads with botocore",
    "aws_lambda_powertools.utilities.batch": "~45 ms with the parser models it builds; the handlers' alone",
    "aws_lambda_powertools.utilities.idempotency": "delivery and payments import it where they use it",
    "stripe": "payments' webhook and intents import it on use",
    "fpdf": "printouts import it on the first print",
    "markdown_it": "the help centre renders on first use",
}
PROBE = """
import json, sys
import functions.{domain}.app
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("domain", domains())
def test_an_api_cold_start_imports_only_what_its_first_request_needs(domain: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(domain=domain)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "AWS_DEFAULT_REGION": "us-east-1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))

    imported = {name: why for name, why in KEPT_OUT.items() if name in loaded}

    assert imported == {}
