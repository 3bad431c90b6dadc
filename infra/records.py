"""Chalice's record of what it deployed, kept in the stage's own documents bucket.

`chalice deploy` finds the REST API, the WebSocket API and the event source mappings it made
last time only in `.chalice/deployed/<stage>.json`; without that file it creates a second API
and a second mapping per source (which Lambda refuses). The staging folder is rebuilt on every deploy and
lives on one laptop, so the record is fetched from S3 before each `chalice deploy` and put
back after it, where the next operator (or the next CI run) finds it.

No function's policy grants the `deploy/` prefix: only the deployer reads and writes it.
"""

import json
from importlib import import_module
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
        self.place(record, staging)
        return True

    def place(self, record: dict[str, Any], staging: Path) -> None:
        """A record where `chalice deploy` looks for it."""
        path = _local(staging, self._stage)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=2))

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


def websocket_api(record: dict[str, Any] | None) -> dict[str, str] | None:
    """The app's WebSocket API in its record ({"websocket_api_id", "websocket_api_url"}), or None."""
    for resource in (record or {}).get("resources", []):
        if resource["resource_type"] == "websocket_api":
            return {
                "websocket_api_id": resource["websocket_api_id"],
                "websocket_api_url": resource["websocket_api_url"],
            }
    return None


def _api_calls_function(apigateway: Any, rest_api_id: str, function_name: str) -> bool:
    """Whether the API's Lambda integrations call that function (Chalice's API has one)."""
    for page in apigateway.get_paginator("get_resources").paginate(restApiId=rest_api_id):
        for resource in page["items"]:
            for method in resource.get("resourceMethods", {}):
                try:
                    uri = apigateway.get_integration(
                        restApiId=rest_api_id, resourceId=resource["id"], httpMethod=method
                    ).get("uri", "")
                except apigateway.exceptions.NotFoundException:
                    continue
                if uri:
                    return f":function:{function_name}/" in uri
    return False


def event_sources(domain: str) -> dict[str, str]:
    """The domain app's functions fed by a mapping: name -> "sqs" or "dynamodb"."""
    from chalice.app import DynamoDBEventConfig, SQSEventConfig

    app = import_module(f"functions.{domain}.app").app
    kinds = {SQSEventConfig: "sqs", DynamoDBEventConfig: "dynamodb"}
    return {source.name: kinds[type(source)] for source in app.event_sources if type(source) in kinds}


def _recovered_websocket_api(apigatewayv2: Any, app_name: str, stage: str) -> dict[str, Any] | None:
    """This stage's WebSocket API, which Chalice names after the app and the stage. One cut
    short before its stage was made is deleted instead: Chalice's update of an API it knows
    re-makes its routes but never deploys it, so that one would never answer."""
    name = f"{app_name}-{stage}-websocket-api"
    for page in apigatewayv2.get_paginator("get_apis").paginate():
        for api in page["Items"]:
            if api["Name"] != name:
                continue
            stages = apigatewayv2.get_stages(ApiId=api["ApiId"])["Items"]
            if not stages:
                apigatewayv2.delete_api(ApiId=api["ApiId"])
                return None
            region = apigatewayv2.meta.region_name
            url = f"wss://{api['ApiId']}.execute-api.{region}.amazonaws.com/{stages[0]['StageName']}/"
            return {
                "name": "websocket_api",
                "resource_type": "websocket_api",
                "websocket_api_id": api["ApiId"],
                "websocket_api_url": url,
            }
    return None


def recovered_record(
    apigateway: Any,
    lambda_client: Any,
    domain: str,
    stage: str,
    event_sources: dict[str, str],
    apigatewayv2: Any,
) -> dict[str, Any] | None:
    """What a `chalice deploy` that failed before writing its record left behind, as the record
    it would have written: the REST API whose integrations call this stage's API function (APIs
    of every stage share the app's name), the stage's WebSocket API (_recovered_websocket_api),
    and the mappings feeding the domain's functions (event_sources: function -> "sqs" or
    "dynamodb"). Functions and roles Chalice finds by name itself. None when there is nothing to
    recover (a first deploy)."""
    app_name = f"portal-{domain}"
    resources: list[dict[str, Any]] = []
    found_websocket_api = _recovered_websocket_api(apigatewayv2, app_name, stage)
    if found_websocket_api:
        resources.append(found_websocket_api)
    for page in apigateway.get_paginator("get_rest_apis").paginate():
        for api in page["items"]:
            if api["name"] == app_name and _api_calls_function(apigateway, api["id"], f"{app_name}-{stage}"):
                region = apigateway.meta.region_name
                url = f"https://{api['id']}.execute-api.{region}.amazonaws.com/api/"
                resources.append(
                    {"name": "rest_api", "resource_type": "rest_api", "rest_api_id": api["id"], "rest_api_url": url}
                )
                break
    for function, kind in sorted(event_sources.items()):
        try:
            # By its ARN, as Chalice made the mapping: Lambda takes a name too, the rehearsal's moto
            # only what the mapping was made with.
            found = lambda_client.get_function(FunctionName=f"{app_name}-{stage}-{function}")
            mappings = lambda_client.list_event_source_mappings(FunctionName=found["Configuration"]["FunctionArn"])
        except lambda_client.exceptions.ResourceNotFoundException:
            continue
        for mapping in mappings["EventSourceMappings"][:1]:
            entry = {"event_uuid": mapping["UUID"], "lambda_arn": mapping["FunctionArn"]}
            if kind == "sqs":
                queue_arn = mapping["EventSourceArn"]
                entry |= {"queue_arn": queue_arn, "queue": queue_arn.rsplit(":", 1)[-1]}
                resources.append({"name": f"{function}-sqs-event-source", "resource_type": "sqs_event", **entry})
            else:
                entry |= {"stream_arn": mapping["EventSourceArn"]}
                resources.append(
                    {"name": f"{function}-dynamodb-event-source", "resource_type": "dynamodb_event", **entry}
                )
    if not resources:
        return None
    return {"resources": resources, "schema_version": "2.0", "backend": "api"}
