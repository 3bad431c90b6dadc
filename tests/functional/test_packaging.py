"""`make package`: per domain app, its zip and `chalice package` template under
build/package/<domain>/, each holding its own code, compiled, and nothing it does not import."""

import ast
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from functions.core.app import DOMAINS
from infra.package import RUNTIME_PROVIDED, closure, deployment_package, domains, package, stage
from infra.policies import API_HANDLER, as_cloudformation, load, substitute, templates
from local.edge import openapi_document

MAX_ZIP_BYTES = 8 * 1024 * 1024
CARRIES_STRIPE = {"payments"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("package")
    return {domain: package(domain, out) for domain in domains()}


def _names(folder: Path) -> list[str]:
    with zipfile.ZipFile(folder / "deployment.zip") as archive:
        return archive.namelist()


def _template(folder: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((folder / "sam.json").read_text())
    return document


def test_every_domain_has_its_zip_and_template(built: dict[str, Path]) -> None:
    assert sorted(built) == sorted(DOMAINS)
    for domain, folder in built.items():
        assert (folder / "deployment.zip").is_file(), domain
        assert _template(folder)["Resources"]["APIHandler"]["Properties"]["Handler"] == "app.app"


def test_every_route_of_the_merged_document_is_served_by_exactly_one_domain_api(built: dict[str, Path]) -> None:
    served: dict[tuple[str, str], list[str]] = {}
    for domain, folder in built.items():
        for path, operations in _template(folder)["Resources"]["RestAPI"]["Properties"]["DefinitionBody"][
            "paths"
        ].items():
            for method in operations:
                if method != "options":
                    served.setdefault((path, method), []).append(domain)
    document = openapi_document()
    routes = {(path, method) for path, operations in document["paths"].items() for method in operations}

    assert set(served) == routes
    assert {key: owners for key, owners in served.items() if len(owners) != 1} == {}
    for (path, _), (owner,) in served.items():
        assert path.split("/")[1] == owner, path  # /api/<domain>/... is that domain's API


def test_a_bundle_holds_core_its_domain_and_only_the_domains_it_imports(built: dict[str, Path]) -> None:
    for domain, folder in built.items():
        shipped = {
            name.split("/")[1] for name in _names(folder) if name.startswith("functions/") and name.count("/") > 1
        }
        shipped.discard("__pycache__")
        assert {"core", domain} <= shipped, domain
        assert shipped == closure(domain)[0], domain
    assert "functions/payments/__init__.py" not in _names(built["orders"])


def test_modules_ship_with_compiled_bytecode(built: dict[str, Path]) -> None:
    names = _names(built["orders"])
    assert "functions/core/__pycache__/http.cpython-311.pyc" in names
    assert "functions/orders/__pycache__/api.cpython-311.pyc" in names
    assert "__pycache__/app.cpython-311.pyc" in names  # Chalice's own files, compiled after it zipped them
    assert "chalice/__pycache__/app.cpython-311.pyc" in names
    assert any(name.startswith("pydantic/__pycache__/") for name in names)


def test_no_tests_local_stack_or_runtime_provided_libraries(built: dict[str, Path]) -> None:
    for domain, folder in built.items():
        names = _names(folder)
        top_level = {name.split("/", 1)[0] for name in names}
        assert not top_level & {"tests", "local", "infra", "web", "bench"}, domain
        assert not any(name.startswith(RUNTIME_PROVIDED) for name in names), domain


def test_the_stripe_sdk_goes_with_payments_alone_and_the_others_stay_under_8_mb(built: dict[str, Path]) -> None:
    for domain, folder in built.items():
        has_stripe = any(name.startswith("stripe/") for name in _names(folder))
        assert has_stripe == (domain in CARRIES_STRIPE), domain
        if domain not in CARRIES_STRIPE:
            assert (folder / "deployment.zip").stat().st_size <= MAX_ZIP_BYTES, domain


def test_data_files_ship_with_the_code(built: dict[str, Path]) -> None:
    """What is read from disk at run time: the notification texts, and the time zones bookings
    convert opening hours with (tzdata: the Lambda image does not promise /usr/share/zoneinfo)."""
    assert "functions/notifications/messages/fi.json" in _names(built["notifications"])
    assert "tzdata/zoneinfo/Europe/Helsinki" in _names(built["bookings"])
    assert "functions/core/currencies.json" in _names(built["payments"])


def test_the_non_http_functions_are_handlers_of_their_own_modules(built: dict[str, Path]) -> None:
    """A trigger's or a consumer's cold start imports its module, not the domain's routes. The
    WebSocket API's handlers are the app's own: Chalice wraps a socket's event only for those."""
    sockets = {"WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect"}
    handlers = {
        domain: {
            resource["Properties"]["Handler"]
            for name, resource in _template(folder)["Resources"].items()
            if resource["Type"] == "AWS::Serverless::Function" and name not in {"APIHandler", *sockets}
        }
        for domain, folder in built.items()
    }
    resources = _template(built["notifications"])["Resources"]
    assert {resources[name]["Properties"]["Handler"] for name in sockets} == {
        f"app.{name}" for name in ("websocket_connect", "websocket_message", "websocket_disconnect")
    }
    with zipfile.ZipFile(built["notifications"] / "deployment.zip") as archive:
        staged = ast.parse(archive.read("app.py").decode())
    exported = {alias.name for node in staged.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    # Lambda imports app.py and takes each handler from it by name
    assert {resources[name]["Properties"]["Handler"].removeprefix("app.") for name in sockets} <= exported
    assert handlers["auth"] == {
        f"functions.auth.handlers.{name}"
        for name in ("define_auth_challenge", "create_auth_challenge", "verify_auth_challenge")
    }
    assert handlers["notifications"] == {
        *(
            f"functions.notifications.handlers.{name}"
            for name in ("relay_events", "deliver_notifications", "send_reminders")
        ),
        "functions.notifications.live_handlers.push_live",
    }
    assert handlers["documents"] == {"functions.documents.handlers.sweep_documents"}
    assert handlers["payments"] == {"functions.documents.export_job.build_exports"}  # it prints: docs/export.md
    assert handlers["customers"] == {"functions.customers.handlers.continue_erasures"}


def test_the_notifications_template_has_its_websocket_api_routes_and_live_pushes(built: dict[str, Path]) -> None:
    """docs/live.md: $connect, $default and $disconnect, each to its own function by a Lambda
    proxy integration it may be invoked by, one stage of one deployment of all three; the
    pushes read the table's stream from its latest record."""
    resources = _template(built["notifications"])["Resources"]
    of_type = {
        kind: {n for n, r in resources.items() if r["Type"] == kind} for kind in {r["Type"] for r in resources.values()}
    }

    (api,) = of_type["AWS::ApiGatewayV2::Api"]
    assert resources[api]["Properties"]["ProtocolType"] == "WEBSOCKET"
    routes = {
        resources[name]["Properties"]["RouteKey"]: resources[name]["Properties"]
        for name in of_type["AWS::ApiGatewayV2::Route"]
    }
    called = {}
    for key, route in routes.items():
        assert route["ApiId"] == {"Ref": api}
        integration = resources[route["Target"]["Fn::Join"][1][1]["Ref"]]["Properties"]
        assert integration["IntegrationType"] == "AWS_PROXY"
        called[key] = integration["IntegrationUri"]["Fn::Sub"][1]["WebsocketHandler"]["Ref"]
    assert called == {
        "$connect": "WebsocketConnect",
        "$default": "WebsocketMessage",
        "$disconnect": "WebsocketDisconnect",
    }
    allowed = {resources[p]["Properties"]["FunctionName"]["Ref"] for p in of_type["AWS::Lambda::Permission"]}
    assert set(called.values()) <= allowed
    (stage,) = of_type["AWS::ApiGatewayV2::Stage"]
    (deployment,) = of_type["AWS::ApiGatewayV2::Deployment"]
    assert resources[stage]["Properties"]["StageName"] == "api"
    assert resources[stage]["Properties"]["DeploymentId"] == {"Ref": deployment}
    assert set(resources[deployment]["DependsOn"]) == of_type["AWS::ApiGatewayV2::Route"]
    assert {resources[name]["Properties"]["Timeout"] for name in called.values()} == {10}  # a socket's answer is short
    pushes = resources["PushLive"]["Properties"]["Events"]["PushLiveDynamodbEventSource"]
    assert (pushes["Type"], pushes["Properties"]["StartingPosition"], pushes["Properties"]["BatchSize"]) == (
        "DynamoDB",
        "LATEST",
        100,
    )


def _logical_id(function: str) -> str:
    """Chalice's name in the template for a function of the app."""
    return "APIHandler" if function == API_HANDLER else "".join(part.capitalize() for part in function.split("_"))


def test_each_function_has_a_role_of_its_own_with_its_own_policy_file(built: dict[str, Path]) -> None:
    """infra/policies/<domain>[.<function>].json, as CloudFormation takes it: the WebSocket
    API's connections named by the template's own API and stage."""
    for domain, folder in built.items():
        resources = _template(folder)["Resources"]
        functions = {n for n, r in resources.items() if r["Type"] == "AWS::Serverless::Function"}
        assert functions == {_logical_id(function) for function in templates(domain)}, domain
        roles = [resources[name]["Properties"]["Role"]["Fn::GetAtt"][0] for name in functions]
        assert len(set(roles)) == len(roles), domain
        for function, path in templates(domain).items():
            role = resources[resources[_logical_id(function)]["Properties"]["Role"]["Fn::GetAtt"][0]]
            (policy,) = role["Properties"]["Policies"]
            own = substitute(load(path), {"LiveApiId": "${WebsocketAPI}", "LiveApiStage": "api"})
            assert policy["PolicyDocument"] == as_cloudformation(own)[0], (domain, function)


def test_a_deploy_uploads_its_own_compiled_zip_and_makes_it_again_only_when_the_code_changed(tmp_path: Path) -> None:
    cache = tmp_path / "deployments"

    def staged_and_packaged(folder: str, change: str = "", empty_file: str = "") -> Path:
        staging = stage("portal", tmp_path / folder / "portal")
        if change:
            with (staging / "app.py").open("a") as app:
                app.write(change)
        if empty_file:
            (staging / "vendor" / empty_file).touch()
        return deployment_package(staging, "portal", cache)

    def kept_zips() -> list[Path]:
        return sorted((cache / "portal").glob("*.zip"))

    compiled = sys.implementation.cache_tag

    first = staged_and_packaged("first")
    # Chalice would name its own zip so, and upload the one it finds there instead of zipping
    assert first.parent == tmp_path / "first" / "portal" / ".chalice" / "deployments"
    names = zipfile.ZipFile(first).namelist()
    assert f"__pycache__/app.{compiled}.pyc" in names  # what `chalice deploy` alone would ship as source
    assert f"chalice/__pycache__/app.{compiled}.pyc" in names
    assert f"functions/portal/__pycache__/api.{compiled}.pyc" in names
    (kept,) = kept_zips()

    # Staged again elsewhere, the same code: the same zip, not made again
    again = staged_and_packaged("again")
    assert again.name == first.name
    assert again.stat().st_ino == kept.stat().st_ino

    # Changed code: a zip of its own, holding the change, and the old one let go
    changed = staged_and_packaged("changed", change="\n# changed\n")
    assert changed.name != first.name
    (kept,) = kept_zips()
    assert zipfile.ZipFile(kept).read("app.py").endswith(b"# changed\n")

    # A file only named differently (which Chalice's own digest, of contents alone, misses): made again
    named = staged_and_packaged("named", change="\n# changed\n", empty_file="renamed.json")
    assert "renamed.json" in zipfile.ZipFile(named).namelist()
    assert kept_zips() != [kept]
