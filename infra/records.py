"""Chalice's record of what it deployed, kept in the stage's own documents bucket.

`chalice deploy` finds the REST API and the event source mappings it made last time only in
`.chalice/deployed/<stage>.json`; without that file it creates a second API and a second
mapping per source (which Lambda refuses). The staging folder is rebuilt on every deploy and
lives on one laptop, so the record is fetched from S3 before each `chalice deploy` and put
back after it, where the next operator (or the next CI run) finds it.

No function's policy grants the `deploy/` prefix: only the deployer reads and writes it.
"""

import json
from pathlib import Path
from typing import Any

PREFIX = "deploy/chalice/"


def _key(domain: str) -> str:
    return f"{PREFIX}{domain}.json"


def _local(staging: Path, stage: str) -> Path:
    return staging / ".chalice" / "deployed" / f"{stage}.json"


class DeployRecords:
    """The record of each domain app of one stage, in that stage's bucket."""

    def __init__(self, s3: Any, bucket: str, stage: str) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._stage = stage

    def read(self, domain: str) -> dict[str, Any] | None:
        """The domain's record, or None if it was never deployed (or was destroyed)."""
        try:
            body = self._s3.get_object(Bucket=self._bucket, Key=_key(domain))["Body"].read()
        except self._s3.exceptions.NoSuchKey:
            return None
        record: dict[str, Any] = json.loads(body)
        return record

    def fetch(self, domain: str, staging: Path) -> bool:
        """Put the domain's record where `chalice deploy` looks; False if there is none."""
        record = self.read(domain)
        if record is None:
            return False
        path = _local(staging, self._stage)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2))
        return True

    def keep(self, domain: str, staging: Path) -> dict[str, Any]:
        """Store the record `chalice deploy` just wrote; return it."""
        record: dict[str, Any] = json.loads(_local(staging, self._stage).read_text())
        self._s3.put_object(
            Bucket=self._bucket,
            Key=_key(domain),
            Body=json.dumps(record, indent=2).encode(),
            ContentType="application/json",
        )
        return record

    def forget(self, domain: str) -> None:
        """After `chalice delete`: nothing of the domain is deployed any more."""
        self._s3.delete_object(Bucket=self._bucket, Key=_key(domain))


def deployed_functions(record: dict[str, Any]) -> dict[str, str]:
    """Name -> ARN of every Lambda function in a record, and the API's id as rest_api_id."""
    found = {}
    for resource in record["resources"]:
        if resource["resource_type"] == "lambda_function":
            found[resource["name"]] = resource["lambda_arn"]
        if resource["resource_type"] == "rest_api":
            found["rest_api_id"] = resource["rest_api_id"]
    return found
