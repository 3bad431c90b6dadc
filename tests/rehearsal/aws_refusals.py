"""Patches that make moto answer like AWS where a deploy script would notice the difference.

Some refuse what AWS refuses and moto accepts (reserved Lambda environment keys, a second
event source mapping, a mapping still settling, Cognito's two validity fields together, the
exact CreateStack message; a WebSocket API's second route or stage of one key or name, a
stage of a deployment it does not have); some accept what AWS accepts and moto refuses
(Swagger 2.0 in ImportRestApi/PutRestApi, which is what `chalice deploy` sends; a bucket
policy's conditional Deny, which moto applies unconditionally; a WebSocket API's deployment,
which moto's API Gateway v2 has no call for). They patch moto's backend classes, so a
`ThreadedMotoServer` in the same process answers with them while `installed()` is active.

S3 DeleteBucket needs no patch: moto already answers BucketNotEmpty (409) for a bucket with
objects, object versions or delete markers, as AWS does.
"""

import copy
import json
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from moto.apigateway import models as apigateway_models
from moto.apigateway import urls as apigateway_urls
from moto.apigateway.exceptions import InvalidOpenAPIDocumentException
from moto.apigatewayv2 import urls as apigatewayv2_urls
from moto.apigatewayv2.exceptions import APIGatewayV2Error, BadRequestException
from moto.apigatewayv2.models import Api, Route, Stage
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.awslambda.exceptions import InvalidParameterValueException, LambdaClientError
from moto.awslambda.models import EventSourceMapping, LambdaBackend
from moto.cloudformation.exceptions import AlreadyExistsException
from moto.cloudformation.models import CloudFormationBackend
from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool
from moto.core.common_types import TYPE_RESPONSE
from moto.core.utils import iso_8601_datetime_without_milliseconds, utcnow
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.moto_api._internal import mock_random
from moto.s3.models import FakeBucket
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from infra.outputs import LAMBDA_RESERVED_KEYS

# A new or updated event source mapping answers its transitional state to this many reads
# (GetEventSourceMapping, or a ListEventSourceMappings that includes it) and settles on the
# next, unless SETTLE_SECONDS pass first. The clock matters for scripts that only retry the
# update (chalice sleeps 5 s between tries and never reads); the count lets a test poll.
READS_IN_TRANSITION = 2
SETTLE_SECONDS = 1.0

# AWS's default for both, when the pool was created without them.
_DEFAULT_VALIDITY_DAYS = 7


def reserved_lambda_keys() -> frozenset[str]:
    """The environment variable keys Lambda refuses on CreateFunction and UpdateFunctionConfiguration."""
    return LAMBDA_RESERVED_KEYS


class EventSourceMappingConflict(LambdaClientError):
    """AWS's 409 for a second mapping of one event source to one function."""

    code = 409

    def __init__(self, message: str) -> None:
        super().__init__("ResourceConflictException", message)


class EventSourceMappingInUse(LambdaClientError):
    """ResourceInUseException: "Cannot update the event source mapping because it is in use." (400)."""

    def __init__(self) -> None:
        super().__init__("ResourceInUseException", "Cannot update the event source mapping because it is in use.")


def refuse_reserved_environment_keys(environment: dict[str, Any] | None) -> None:
    """Refuse reserved keys the way Lambda does.

    InvalidParameterValueException: "Lambda was unable to configure your environment variables
    because the environment variables you have provided contains reserved keys that are
    currently not supported for modification. Reserved keys used in this request:
    AWS_DEFAULT_REGION"
    """
    variables = (environment or {}).get("Variables") or {}
    reserved = [key for key in variables if key in LAMBDA_RESERVED_KEYS]
    if reserved:
        raise InvalidParameterValueException(
            "Lambda was unable to configure your environment variables because the environment variables"
            " you have provided contains reserved keys that are currently not supported for modification."
            f" Reserved keys used in this request: {', '.join(reserved)}"
        )


def _create_function_refusing_reserved_keys(original: Callable[..., Any]) -> Callable[..., Any]:
    def create_function(self: LambdaBackend, spec: dict[str, Any]) -> Any:
        refuse_reserved_environment_keys(spec.get("Environment"))
        return original(self, spec)

    return create_function


def _update_function_configuration_refusing_reserved_keys(original: Callable[..., Any]) -> Callable[..., Any]:
    def update_function_configuration(
        self: LambdaBackend, function_name: str, qualifier: str, body: dict[str, Any]
    ) -> Any:
        refuse_reserved_environment_keys(body.get("Environment"))
        return original(self, function_name, qualifier, body)

    return update_function_configuration


def refuse_duplicate_event_source_mapping(
    backend: LambdaBackend, spec: dict[str, Any], existing: Iterable[EventSourceMapping]
) -> None:
    """Refuse a second mapping of the same event source to the same function.

    ResourceConflictException (409), for SQS: "An event source mapping with SQS arn
    (" arn:aws:sqs:... ") and function (" name ") already exists. Please update or delete the
    existing mapping with UUID 3ccce90f-..."; for streams: "The event source arn
    (" arn:aws:dynamodb:... ") and function (" name ") provided mapping already exists. Please
    update or delete the existing mapping with UUID 9e5e8b96-...".
    """
    source_arn = spec.get("EventSourceArn")
    if not source_arn or not spec.get("FunctionName"):
        return  # moto's own "Missing ..." error answers this
    # Resolved as moto resolves it when it stores the mapping, so name, ARN and partial ARN agree.
    function = backend._lambdas.get_function_by_name_or_arn_with_qualifier(spec["FunctionName"])
    for mapping in existing:
        if mapping.event_source_arn == source_arn and mapping.function_arn == function.function_arn:
            if source_arn.split(":")[2] == "sqs":
                message = (
                    f'An event source mapping with SQS arn (" {source_arn} ") and function'
                    f' (" {function.function_name} ") already exists.'
                )
            else:
                message = (
                    f'The event source arn (" {source_arn} ") and function (" {function.function_name} ")'
                    " provided mapping already exists."
                )
            raise EventSourceMappingConflict(
                f"{message} Please update or delete the existing mapping with UUID {mapping.uuid}"
            )


class EventSourceMappingLifecycle:
    """The Creating/Updating state AWS reports while a mapping settles, and what it refuses meanwhile.

    A mapping in transition answers Creating or Updating to READS_IN_TRANSITION reads and
    settles on the next read, or once `settle_seconds` have passed; UpdateEventSourceMapping and
    DeleteEventSourceMapping are refused with ResourceInUseException until it has settled.
    """

    def __init__(self, settle_seconds: float = SETTLE_SECONDS, reads_in_transition: int = READS_IN_TRANSITION):
        self._settle_seconds = settle_seconds
        self._reads_in_transition = reads_in_transition
        # uuid -> (state, monotonic time it began, reads answered so far); the server reads
        # and writes from its request threads.
        self._transitions: dict[str, tuple[str, float, int]] = {}
        self._lock = threading.Lock()

    def begin(self, uuid: str, state: str) -> None:
        """Put a mapping into a transitional state (Creating, Updating)."""
        with self._lock:
            self._transitions[uuid] = (state, time.monotonic(), 0)

    def transitional_state(self, uuid: str) -> str | None:
        """The state a mapping reports while it settles, or None once it has settled."""
        with self._lock:
            transition = self._transitions.get(uuid)
            if transition is None:
                return None
            state, began, reads = transition
            # The read being answered has already been counted, hence >.
            if reads > self._reads_in_transition or time.monotonic() - began >= self._settle_seconds:
                del self._transitions[uuid]
                return None
            return state

    def note_read(self, uuid: str) -> None:
        """Count a Get or List that reported the mapping."""
        with self._lock:
            transition = self._transitions.get(uuid)
            if transition is not None:
                state, began, reads = transition
                self._transitions[uuid] = (state, began, reads + 1)

    def refuse_while_in_transition(self, uuid: str) -> None:
        """Refuse an update or delete of a mapping that has not settled.

        ResourceInUseException: "Cannot update the event source mapping because it is in use."
        """
        if self.transitional_state(uuid) is not None:
            raise EventSourceMappingInUse()

    def forget(self, uuid: str) -> None:
        """Drop a deleted mapping."""
        with self._lock:
            self._transitions.pop(uuid, None)

    def patch(self, mp: pytest.MonkeyPatch) -> None:
        """Apply the duplicate refusal and the settling states to moto's Lambda backend."""
        lifecycle = self
        create = LambdaBackend.create_event_source_mapping
        get = LambdaBackend.get_event_source_mapping
        update = LambdaBackend.update_event_source_mapping
        delete = LambdaBackend.delete_event_source_mapping
        list_mappings = LambdaBackend.list_event_source_mappings
        configuration = EventSourceMapping.get_configuration

        def create_event_source_mapping(self: LambdaBackend, spec: dict[str, Any]) -> EventSourceMapping:
            refuse_duplicate_event_source_mapping(self, spec, self._event_source_mappings.values())
            mapping = create(self, spec)
            lifecycle.begin(mapping.uuid, "Creating")
            return mapping

        def get_event_source_mapping(self: LambdaBackend, uuid: str) -> EventSourceMapping | None:
            mapping = get(self, uuid)
            if mapping is not None:
                lifecycle.note_read(uuid)
            return mapping

        def update_event_source_mapping(
            self: LambdaBackend, uuid: str, spec: dict[str, Any]
        ) -> EventSourceMapping | None:
            lifecycle.refuse_while_in_transition(uuid)
            mapping = update(self, uuid, spec)
            # After moto's update, whose own lookup would otherwise count as a read.
            if mapping is not None:
                lifecycle.begin(uuid, "Updating")
            return mapping

        def delete_event_source_mapping(self: LambdaBackend, uuid: str) -> EventSourceMapping | None:
            lifecycle.refuse_while_in_transition(uuid)
            lifecycle.forget(uuid)
            return delete(self, uuid)

        def list_event_source_mappings(
            self: LambdaBackend, event_source_arn: str, function_name: str
        ) -> Iterable[EventSourceMapping]:
            mappings = list(list_mappings(self, event_source_arn, function_name))
            for mapping in mappings:
                lifecycle.note_read(mapping.uuid)
            return mappings

        def get_configuration(self: EventSourceMapping) -> dict[str, Any]:
            reported = configuration(self)
            state = lifecycle.transitional_state(self.uuid)
            if state is not None:
                reported["State"] = state
            return reported

        mp.setattr(LambdaBackend, "create_event_source_mapping", create_event_source_mapping)
        mp.setattr(LambdaBackend, "get_event_source_mapping", get_event_source_mapping)
        mp.setattr(LambdaBackend, "update_event_source_mapping", update_event_source_mapping)
        mp.setattr(LambdaBackend, "delete_event_source_mapping", delete_event_source_mapping)
        mp.setattr(LambdaBackend, "list_event_source_mappings", list_event_source_mappings)
        mp.setattr(EventSourceMapping, "get_configuration", get_configuration)


def refuse_both_validity_fields(config: dict[str, Any]) -> None:
    """Refuse UpdateUserPool with both the new and the legacy validity field.

    InvalidParameterException: "Please use TemporaryPasswordValidityDays in PasswordPolicy
    instead of UnusedAccountValidityDays"
    """
    password_policy = (config.get("Policies") or {}).get("PasswordPolicy") or {}
    admin_create_user = config.get("AdminCreateUserConfig") or {}
    if (
        password_policy.get("TemporaryPasswordValidityDays") is not None
        and admin_create_user.get("UnusedAccountValidityDays") is not None
    ):
        raise InvalidParameterException(
            "Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays"
        )


def describe_with_both_validity_fields(pool: dict[str, Any]) -> dict[str, Any]:
    """A described pool with both validity fields, as DescribeUserPool returns them.

    AWS reports the legacy UnusedAccountValidityDays alongside TemporaryPasswordValidityDays
    (7 for both by default); moto drops either when the pool was created with a PasswordPolicy
    or an AdminCreateUserConfig that leaves it out.
    """
    described = copy.deepcopy(pool)  # moto's nested defaults are shared between pools
    password_policy = described.setdefault("Policies", {}).setdefault("PasswordPolicy", {})
    days = password_policy.setdefault("TemporaryPasswordValidityDays", _DEFAULT_VALIDITY_DAYS)
    described.setdefault("AdminCreateUserConfig", {}).setdefault("UnusedAccountValidityDays", days)
    return described


def _patch_cognito(mp: pytest.MonkeyPatch) -> None:
    update = CognitoIdpBackend.update_user_pool
    to_json = CognitoIdpUserPool.to_json

    def update_user_pool(self: CognitoIdpBackend, user_pool_id: str, extended_config: dict[str, Any]) -> None:
        refuse_both_validity_fields(extended_config)
        update(self, user_pool_id, extended_config)

    def user_pool_to_json(self: CognitoIdpUserPool, extended: bool = False) -> dict[str, Any]:
        pool: dict[str, Any] = to_json(self, extended=extended)
        return describe_with_both_validity_fields(pool) if extended else pool

    mp.setattr(CognitoIdpBackend, "update_user_pool", update_user_pool)
    mp.setattr(CognitoIdpUserPool, "to_json", user_pool_to_json)


def _create_stack_refusing_existing_name(original: Callable[..., Any]) -> Callable[..., Any]:
    def create_stack(self: CloudFormationBackend, name: str, *args: Any, **kwargs: Any) -> Any:
        """AlreadyExistsException: "Stack [name] already exists" (moto says it without the brackets)."""
        if any(stack.name == name for stack in self.stacks.values()):
            raise AlreadyExistsException(f"Stack [{name}] already exists")
        return original(self, name, *args, **kwargs)

    return create_stack


def _readable_by_moto(api_doc: dict[str, Any], fail_on_warnings: bool) -> dict[str, Any]:
    """The document as moto will read it, validated first if the caller asked for that.

    moto reads paths and x-amazon-apigateway-integration the same way for Swagger 2.0 and
    OpenAPI 3.0 and refuses 2.0 only on the "swagger" key. The validator moto uses knows both,
    so the document is validated here, as what it is, then handed on without that key.
    """
    if fail_on_warnings:
        try:
            validate(api_doc)
        except OpenAPIValidationError as exc:
            raise InvalidOpenAPIDocumentException(exc) from exc
    return {key: value for key, value in api_doc.items() if key != "swagger"}


def _put_rest_api_accepting_swagger_2(original: Callable[..., Any]) -> Callable[..., Any]:
    def put_rest_api(
        self: apigateway_models.APIGatewayBackend,
        function_id: str,
        api_doc: dict[str, Any],
        fail_on_warnings: bool,
        mode: str = "merge",
    ) -> Any:
        """Accept Swagger 2.0 in PutRestApi as AWS does; moto: "Only OpenAPI 3.x.x are currently supported"."""
        doc = _readable_by_moto(api_doc, fail_on_warnings)
        return original(self, function_id, doc, fail_on_warnings=False, mode=mode)

    return put_rest_api


def import_rest_api_accepting_swagger_2(
    self: apigateway_models.APIGatewayBackend, api_doc: dict[str, Any], fail_on_warnings: bool
) -> apigateway_models.RestAPI:
    """ImportRestApi takes a Swagger 2.0 document whose info has no description (moto: KeyError)."""
    doc = _readable_by_moto(api_doc, fail_on_warnings)
    info = doc["info"]
    api = self.create_rest_api(name=info["title"], description=info.get("description"))
    # Validated above, before the API existed, as AWS does: a refused document leaves no API.
    self.put_rest_api(api.id, doc, fail_on_warnings=False)
    return api


# The portal's documents bucket refuses plain HTTP (infra/stateful.yaml, DenyPlainHttp).
_PLAIN_HTTP_ONLY = {"Bool": {"aws:SecureTransport": "false"}}


def bucket_policy_statements_apply_when_their_condition_holds(self: FakeBucket, action: str, resource: str) -> Any:
    """AWS applies a bucket policy's statement only when its Condition holds; moto ignores
    conditions, so a Deny of plain HTTP (aws:SecureTransport false) denies every request. In
    AWS the SDK always speaks TLS, so that statement never applies to the portal's calls (the
    rehearsal's loopback HTTP stands for TLS): it is left out of moto's evaluation."""
    if self.policy is None:
        return PermissionResult.NEUTRAL
    policy = json.loads(self.policy.decode())
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    policy["Statement"] = [s for s in statements if s.get("Condition") != _PLAIN_HTTP_ONLY]
    return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)


# API Gateway's WebSocket APIs (apigatewayv2), as `chalice deploy` makes one ---------------------


class WebSocketApiConflict(APIGatewayV2Error):
    """ConflictException (409): a second route of one key, or a second stage of one name."""

    code = 409

    def __init__(self, message: str) -> None:
        super().__init__("ConflictException", message)


class DeploymentNotFound(APIGatewayV2Error):
    code = 404

    def __init__(self, deployment_id: str) -> None:
        super().__init__("NotFoundException", f"Invalid Deployment identifier specified {deployment_id}")


# Each API's deployments (moto keeps none): deployment id -> what GetDeployments answers for it.
_DEPLOYMENTS: "weakref.WeakKeyDictionary[Api, dict[str, dict[str, Any]]]" = weakref.WeakKeyDictionary()


def deploy_the_routes(api: Api, description: str | None = None) -> dict[str, Any]:
    """CreateDeployment: a snapshot of the API's routes, for a stage to serve. AWS refuses one of
    an API with no route yet: BadRequestException "At least one route is required before
    deploying the Api." """
    if not api.routes:
        raise BadRequestException("At least one route is required before deploying the Api.")
    deployment_id = str(mock_random.get_random_string(length=6, lower_case=True))
    deployment: dict[str, Any] = {
        "deploymentId": deployment_id,
        "deploymentStatus": "DEPLOYED",
        "autoDeployed": False,
        "createdDate": iso_8601_datetime_without_milliseconds(utcnow()),
        **({"description": description} if description else {}),
    }
    _DEPLOYMENTS.setdefault(api, {})[deployment_id] = deployment
    return deployment


def refuse_a_second_route_of_one_key(api: Api, route_key: str) -> None:
    """ConflictException "Route with key $connect already exists for this API": an update must
    delete a route before making it again (Chalice's does)."""
    if any(route.route_key == route_key for route in api.routes.values()):
        raise WebSocketApiConflict(f"Route with key {route_key} already exists for this API")


def refuse_a_stage_without_its_deployment(api: Api, config: dict[str, Any]) -> None:
    """ConflictException "Stage already exists" for a second stage of one name; NotFoundException
    for a stage of a deployment the API does not have."""
    if config.get("stageName") in api.stages:
        raise WebSocketApiConflict("Stage already exists")
    deployment_id = config.get("deploymentId")
    if deployment_id is not None and deployment_id not in _DEPLOYMENTS.get(api, {}):
        raise DeploymentNotFound(str(deployment_id))


def _create_deployment(self: ApiGatewayV2Response) -> TYPE_RESPONSE:
    api = self.apigatewayv2_backend.get_api(self.path.split("/")[-2])
    body = json.loads(self.body or "{}")
    return 201, {}, json.dumps(deploy_the_routes(api, body.get("description")))


def _get_deployments(self: ApiGatewayV2Response) -> TYPE_RESPONSE:
    api = self.apigatewayv2_backend.get_api(self.path.split("/")[-2])
    return 200, {}, json.dumps({"items": list(_DEPLOYMENTS.get(api, {}).values())})


def _patch_websocket_apis(mp: pytest.MonkeyPatch) -> None:
    create_route, create_stage, stage_json = Api.create_route, Api.create_stage, Stage.to_json

    def create_route_once(self: Api, *args: Any, **kwargs: Any) -> Route:
        refuse_a_second_route_of_one_key(self, kwargs["route_key"])
        return create_route(self, *args, **kwargs)

    def create_stage_of_a_deployment(self: Api, config: dict[str, Any]) -> Stage:
        refuse_a_stage_without_its_deployment(self, config)
        return create_stage(self, config)

    def stage_with_its_deployment(self: Stage) -> dict[str, Any]:
        shown: dict[str, Any] = stage_json(self)
        if self.config.get("deploymentId"):
            shown["deploymentId"] = self.config["deploymentId"]
        return shown

    mp.setattr(Api, "create_route", create_route_once)
    mp.setattr(Api, "create_stage", create_stage_of_a_deployment)
    mp.setattr(Stage, "to_json", stage_with_its_deployment)
    # The server's URL map is built from these tables when it first answers API Gateway. Both:
    # moto's API Gateway (v1, whose host v2 shares) copies v2's table when it is first imported,
    # which an earlier test in the same process may have done before this patch.
    deployments = "{0}/v2/apis/(?P<api_id>[^/]+)/deployments$"
    for table in (apigatewayv2_urls.url_paths, apigateway_urls.url_paths):
        mp.setitem(table, deployments, ApiGatewayV2Response.dispatch)
    mp.setattr(ApiGatewayV2Response, "create_deployment", _create_deployment, raising=False)
    mp.setattr(ApiGatewayV2Response, "get_deployments", _get_deployments, raising=False)


@contextmanager
def installed(settle_seconds: float = SETTLE_SECONDS) -> Iterator[None]:
    """Apply every patch of this module to moto while the block runs.

    `settle_seconds` bounds how long a new or updated event source mapping stays in
    transition when nobody reads it.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            LambdaBackend, "create_function", _create_function_refusing_reserved_keys(LambdaBackend.create_function)
        )
        mp.setattr(
            LambdaBackend,
            "update_function_configuration",
            _update_function_configuration_refusing_reserved_keys(LambdaBackend.update_function_configuration),
        )
        EventSourceMappingLifecycle(settle_seconds=settle_seconds).patch(mp)
        _patch_cognito(mp)
        mp.setattr(
            CloudFormationBackend,
            "create_stack",
            _create_stack_refusing_existing_name(CloudFormationBackend.create_stack),
        )
        backend = apigateway_models.APIGatewayBackend
        mp.setattr(backend, "put_rest_api", _put_rest_api_accepting_swagger_2(backend.put_rest_api))
        mp.setattr(backend, "import_rest_api", import_rest_api_accepting_swagger_2)
        mp.setattr(FakeBucket, "get_permission", bucket_policy_statements_apply_when_their_condition_holds)
        _patch_websocket_apis(mp)
        yield
