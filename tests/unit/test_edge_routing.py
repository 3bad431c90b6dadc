"""CloudFront's routing in infra/edge.yaml, run as CloudFront runs it: the first cache behaviour
whose path pattern matches (`*` any characters, `?` one, case-sensitive) picks the origin, else
the default. Every route of the merged API document must reach its own domain's API, its
collection's root (`/api/orders`, no slash after) included."""

import re
from fnmatch import fnmatchcase
from typing import Any

import pytest

from functions.core.app import DOMAINS
from infra.template import EDGE_TEMPLATE, load
from local.edge import openapi_document


def _origin_for(path: str, distribution: dict[str, Any]) -> str:
    for behaviour in distribution["CacheBehaviors"]:
        if fnmatchcase(path, behaviour["PathPattern"]):
            return str(behaviour["TargetOriginId"])
    return str(distribution["DefaultCacheBehavior"]["TargetOriginId"])


@pytest.fixture(scope="module")
def distribution() -> dict[str, Any]:
    config: dict[str, Any] = load(EDGE_TEMPLATE)["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    return config


def test_every_route_reaches_its_own_domains_api(distribution: dict[str, Any]) -> None:
    wrong = {}
    for path in openapi_document()["paths"]:
        concrete = "/api" + re.sub(r"{[^}]+}", "01JEXAMPLE", path)
        domain = path.split("/")[1]
        if _origin_for(concrete, distribution) != f"{domain}-api":
            wrong[concrete] = _origin_for(concrete, distribution)
    assert wrong == {}


def test_the_document_and_the_pages_come_from_the_web_bucket(distribution: dict[str, Any]) -> None:
    assert _origin_for("/api/openapi.json", distribution) == "web"
    assert _origin_for("/billing", distribution) == "web"
    assert _origin_for("/js/app.js", distribution) == "web"
    assert _origin_for("/api/nothing-here", distribution) == "portal-api"  # an API's refusal, never a page


def test_every_api_origin_proves_the_request_came_through_cloudfront(distribution: dict[str, Any]) -> None:
    # The edge origin key, resolved by CloudFormation from the secret: its value is in no file
    key = {"HeaderName": "X-Portal-Edge", "HeaderValue": {"Fn::Sub": "{{resolve:secretsmanager:${EdgeOriginKeyArn}}}"}}
    parameters = load(EDGE_TEMPLATE)["Parameters"]
    origins = {origin["Id"]: origin for origin in distribution["Origins"]}
    # "live-api": the WebSocket API (/ws), whose handlers believe no viewer header
    apis = {behaviour["TargetOriginId"] for behaviour in distribution["CacheBehaviors"]} - {"web", "live-api"}

    assert parameters["EdgeOriginKeyArn"]["Type"] == "String"
    assert apis == {f"{domain}-api" for domain in DOMAINS}
    assert {api: origins[api].get("OriginCustomHeaders") for api in apis} == {api: [key] for api in apis}
    assert "OriginCustomHeaders" not in origins["web"]
    assert "OriginCustomHeaders" not in origins["live-api"]
