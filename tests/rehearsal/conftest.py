"""A moto server on loopback made to behave like AWS where the deploy meets moto's gaps:
refusing what AWS refuses (aws_refusals), creating what CloudFormation creates
(cloudformation_types), running a function's code as Lambda does (lambda_runtime) and
Cognito's custom-auth loop with its triggers (cognito_custom_auth)."""

import os
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.rehearsal import aws_refusals, cloudformation_types, cognito_custom_auth, lambda_runtime

REGION = "us-east-1"


@dataclass(frozen=True)
class Cloud:
    endpoint_url: str

    def environment(self) -> dict[str, str]:
        """What a deployer's shell would hold, pointed at this cloud (no profile, fake keys)."""
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        return {
            **inherited,
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": "rehearsal",
            "AWS_SECRET_ACCESS_KEY": "rehearsal",  # moto takes any keys
            "AWS_DEFAULT_REGION": REGION,
        }

    def session(self) -> boto3.session.Session:
        return boto3.session.Session(
            aws_access_key_id="rehearsal", aws_secret_access_key="rehearsal", region_name=REGION
        )

    def client(self, service: str) -> object:
        return self.session().client(service, endpoint_url=self.endpoint_url)  # type: ignore[call-overload]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cloud() -> Iterator[Cloud]:
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    with (
        aws_refusals.installed(),
        cloudformation_types.installed(endpoint),
        lambda_runtime.installed(endpoint),
        cognito_custom_auth.installed(),
    ):
        server.start()
        try:
            # The server's backends are this process's: start from nothing.
            urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))  # noqa: S310
            yield Cloud(endpoint)
        finally:
            server.stop()
