"""The deployed portal as CloudFront would present it: /api/<domain>/... sent to that domain's
REST API (API Gateway stage "api"), whose Lambda runs the deployed code (lambda_runtime).
Shaped like local.edge.EdgeClient's `http`, so tests.functional.visitor.Visitor drives it."""

import json
from dataclasses import dataclass, field
from typing import Any

from local.edge import domain_of
from tests.rehearsal import lambda_runtime


@dataclass
class Reply:
    status_code: int
    headers: dict[str, Any]
    body: bytes

    @property
    def json_body(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class _Http:
    endpoint_url: str
    api_ids: dict[str, str]  # domain -> REST API id
    sent: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Reply:
        """path as the pages write it after /api (e.g. /auth/session)."""
        domain = domain_of(path)
        assert domain in self.api_ids, f"no API serves {path}"
        self.sent.append(f"{method} {path}")
        status, reply_headers, reply_body = lambda_runtime.invoke_http(
            self.endpoint_url, self.api_ids[domain], method, path, headers=headers or {}, body=body or None
        )
        return Reply(status, reply_headers, reply_body)


class DeployedPortal:
    """What tests.functional.visitor.Visitor needs of a client: `http.request`."""

    def __init__(self, endpoint_url: str, api_ids: dict[str, str]) -> None:
        self.http = _Http(endpoint_url, api_ids)
