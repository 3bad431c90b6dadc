"""CloudFront's routing in infra/edge.yaml, run as CloudFront runs it: the first cache behaviour
whose path pattern matches (`*` any characters, `?` one, case-sensitive) picks the origin, else
the default. Every route of the merged API document must reach its own domain's API, its
collection's root (`/api/orders`, no slash after) included."""

import re
from fnmatch import fnmatchcase
from typing import Any

import pytest

from functions.core.app import DOMAINS
from functions.core.session import VIEWER_ADDRESS_HEADER, VIEWER_CITY_HEADER, VIEWER_COUNTRY_HEADER
from infra.template import EDGE_TEMPLATE, load
from local.edge import openapi_document

# AWS's managed origin request policy AllViewerExceptHostHeader: every viewer header but Host (API
# Gateway answers only its own), and, as "Use managed origin request policies" now describes it,
# "all device type and viewer location headers" of CloudFront's own.
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
# What CloudFront adds that the APIs read: the viewer's address (the sign-in limits, the audit
# log) and place (the sessions page). CloudFront sends them only where the policy includes them.
VIEWER_HEADERS = frozenset({"CloudFront-Viewer-Address", "CloudFront-Viewer-Country", "CloudFront-Viewer-City"})


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


def test_every_api_behaviour_forwards_the_viewer_headers_the_apis_read(distribution: dict[str, Any]) -> None:
    """The managed AllViewerExceptHostHeader includes them; a policy of the template's own would
    have to name them (and leave out Host, which API Gateway refuses)."""
    resources = load(EDGE_TEMPLATE)["Resources"]
    apis = [b for b in distribution["CacheBehaviors"] if b["TargetOriginId"] not in ("web", "live-api")]
    missing = {}
    for behaviour in apis:
        policy = behaviour.get("OriginRequestPolicyId")
        if policy == ALL_VIEWER_EXCEPT_HOST_HEADER:
            continue
        own = resources.get(policy["Ref"], {}) if isinstance(policy, dict) else {}
        headers = own.get("Properties", {}).get("OriginRequestPolicyConfig", {}).get("HeadersConfig", {})
        named = set(headers.get("Headers", [])) if headers.get("HeaderBehavior") == "whitelist" else set()
        if not named >= VIEWER_HEADERS or "Host" in named:
            missing[behaviour["PathPattern"]] = policy

    assert {b["TargetOriginId"] for b in apis} == {f"{domain}-api" for domain in DOMAINS}
    assert missing == {}
    assert {VIEWER_ADDRESS_HEADER, VIEWER_COUNTRY_HEADER, VIEWER_CITY_HEADER} == {h.lower() for h in VIEWER_HEADERS}
