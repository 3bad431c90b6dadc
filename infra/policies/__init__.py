"""Each Lambda function's IAM policy: a template per function in this folder, filled per stage.

`<domain>.json` is the policy of the domain's API function (Chalice's `api_handler`);
`<domain>.<function>.json` that of one of its other functions (a sign-in trigger, the stream
relay, the queue consumer, a schedule), which makes other calls than the API does. Chalice
gives every function a role of its own; infra/package.py hands each its own file.

A template is an IAM policy whose resources name this stage's resources by placeholder: an
output of the stateful stack (`${TableArn}`, see infra.outputs.POLICY_OUTPUTS), the WebSocket
API's id and stage (`${LiveApiId}`, `${LiveApiStage}`: infra.outputs.LIVE_API_OUTPUTS, which
exist only once the notifications app's first `chalice deploy` made the API: until then `fill`
leaves the statements naming them out), `${Stage}`, or a CloudFormation pseudo parameter
(`${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`). A statement may say why it is
as it is in a "Comment", which `fill` drops (IAM takes no comments). `chalice deploy` takes a
policy file as it is, so the deploy fills the templates with the stack's values; `make
package` leaves them to CloudFormation (`as_cloudformation`).

Also here, because it is IAM's semantics and not the app's: which IAM requests one AWS API
call needs (`requests_of_call`), whether a policy allows a request (`allows`), which of its
grants no request needed (`unused_grants`), and whether a template reaches beyond its own
stage's resources (`reach_problems`). tests/functional/test_least_privilege.py puts them to
work on recorded runs.
"""

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from infra.outputs import LIVE_API_OUTPUTS, POLICY_OUTPUTS

POLICIES = Path(__file__).resolve().parent
API_HANDLER = "api_handler"  # Chalice's name for an app's API function
COMMENT = "Comment"
PSEUDO_PARAMETERS = ("AWS::Partition", "AWS::Region", "AWS::AccountId")
PLACEHOLDERS = (*POLICY_OUTPUTS, *LIVE_API_OUTPUTS, "Stage", *PSEUDO_PARAMETERS)
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
_CONDITION_OPERATORS = {"StringEquals", "StringLike"}

Document = dict[str, Any]


@dataclass(frozen=True)
class Request:
    """What IAM decides on: one action on one resource, with the condition keys it carries."""

    action: str
    resource: str
    conditions: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        keys = "".join(f" [{key}={value}]" for key, value in self.conditions)
        return f"{self.action} on {self.resource}{keys}"


# Templates -----------------------------------------------------------------------------------


def templates(domain: str) -> dict[str, Path]:
    """Function name -> its policy template, for every function of the domain's app."""
    api = POLICIES / f"{domain}.json"
    if not api.is_file():
        raise FileNotFoundError(f"the {domain} app has no policy: write infra/policies/{domain}.json")
    own = {path.name.split(".")[1]: path for path in sorted(POLICIES.glob(f"{domain}.*.json"))}
    return {API_HANDLER: api, **own}


def load(path: Path) -> Document:
    document: Document = json.loads(path.read_text(encoding="utf-8"))
    return document


def function_name(domain: str, function: str, stage: str) -> str:
    """The Lambda function's name as `chalice deploy` makes it (its log group is named after it)."""
    app = f"portal-{domain}-{stage}"
    return app if function == API_HANDLER else f"{app}-{function}"


def placeholders(value: Any) -> set[str]:
    """Every `${Name}` a template names."""
    if isinstance(value, str):
        return set(_PLACEHOLDER.findall(value))
    if isinstance(value, list):
        return {name for item in value for name in placeholders(item)}
    if isinstance(value, dict):
        return {name for item in value.values() for name in placeholders(item)}
    return set()


def fill(template: Any, values: Mapping[str, str] | None) -> Any:
    """The policy IAM takes: every placeholder replaced by this stage's value, comments dropped.
    Without values the placeholders stay, for CloudFormation (as_cloudformation).

    A statement on the WebSocket API before the API exists (no LiveApiId among the values) is
    left out: there is no connection to manage yet, and the deploy deploys the app again once
    the API exists (infra/deploy.py). Any other placeholder without a value is a KeyError."""
    if values is not None and isinstance(template, dict) and "Statement" in template:
        not_yet = set(LIVE_API_OUTPUTS) - set(values)
        template = {
            **template,
            "Statement": [s for s in statements(template) if not placeholders(s.get("Resource", [])) & not_yet],
        }
    if isinstance(template, str):
        if values is None:
            return template
        return _PLACEHOLDER.sub(lambda match: _value(match.group(1), values), template)
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(item, values) for key, item in template.items() if key != COMMENT}
    return template


def _value(name: str, values: Mapping[str, str]) -> str:
    if name not in values:
        raise KeyError(f"a policy names ${{{name}}}, which this stage has no value for")
    return values[name]


def substitute(template: Any, given: Mapping[str, str]) -> Any:
    """The template with the placeholders `given` replaced by their text, the others kept."""
    if isinstance(template, str):
        return _PLACEHOLDER.sub(lambda match: given.get(match.group(1), match.group(0)), template)
    if isinstance(template, list):
        return [substitute(item, given) for item in template]
    if isinstance(template, dict):
        return {key: substitute(item, given) for key, item in template.items()}
    return template


def as_cloudformation(template: Any) -> tuple[Any, set[str]]:
    """The policy for a CloudFormation template: placeholders as Fn::Sub, comments dropped;
    with the names the template must take as parameters (all but the pseudo parameters,
    which CloudFormation knows itself)."""
    if isinstance(template, str):
        names = placeholders(template)
        return ({"Fn::Sub": template} if names else template), names - set(PSEUDO_PARAMETERS)
    if isinstance(template, list):
        converted = [as_cloudformation(item) for item in template]
        return [item for item, _ in converted], {name for _, names in converted for name in names}
    if isinstance(template, dict):
        pairs = {key: as_cloudformation(item) for key, item in template.items() if key != COMMENT}
        return {key: item for key, (item, _) in pairs.items()}, {n for _, names in pairs.values() for n in names}
    return template, set()


# Evaluation ----------------------------------------------------------------------------------


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def statements(document: Document) -> list[dict[str, Any]]:
    found = document["Statement"]
    return [found] if isinstance(found, dict) else list(found)


@cache
def _pattern(wildcard: str) -> re.Pattern[str]:
    """IAM's matching: `*` any run of characters (`/` and `:` too), `?` any one."""
    parts = (".*" if part == "*" else "." if part == "?" else re.escape(part) for part in re.split(r"([*?])", wildcard))
    return re.compile("".join(parts), re.DOTALL)


def _matches(wildcard: str, value: str, *, ignore_case: bool = False) -> bool:
    if ignore_case:
        return _pattern(wildcard.lower()).fullmatch(value.lower()) is not None
    return _pattern(wildcard).fullmatch(value) is not None


def _conditions_hold(condition: Mapping[str, Any], request: Request) -> bool:
    carried = dict(request.conditions)
    for operator, tests in condition.items():
        if operator not in _CONDITION_OPERATORS:
            raise ValueError(f"this check does not know the condition operator {operator}")
        for key, expected in tests.items():
            if key not in carried:
                return False
            exact = operator == "StringEquals"
            if not any(carried[key] == e if exact else _matches(e, carried[key]) for e in _listed(expected)):
                return False
    return True


def _applies(statement: Mapping[str, Any], request: Request) -> bool:
    unsupported = {"NotAction", "NotResource", "Principal", "NotPrincipal"} & set(statement)
    if unsupported:
        raise ValueError(f"this check does not read {', '.join(sorted(unsupported))}")
    return (
        any(_matches(action, request.action, ignore_case=True) for action in _listed(statement["Action"]))
        and any(_matches(resource, request.resource) for resource in _listed(statement["Resource"]))
        and _conditions_hold(statement.get("Condition", {}), request)
    )


def allows(document: Document, request: Request) -> bool:
    """Whether the policy lets the request through: an Allow applies and no Deny does."""
    applying = [s["Effect"] for s in statements(document) if _applies(s, request)]
    return "Allow" in applying and "Deny" not in applying


def ungranted(document: Document, requests: Iterable[Request]) -> list[Request]:
    """The requests the policy refuses, each once, in order."""
    return [r for r in dict.fromkeys(requests) if not allows(document, r)]


def unused_grants(document: Document, requests: Iterable[Request]) -> list[str]:
    """Each (action, resource) an Allow grants that none of the requests needed."""
    made = list(dict.fromkeys(requests))
    unused = []
    for statement in statements(document):
        if statement["Effect"] != "Allow":
            continue
        for action in _listed(statement["Action"]):
            for resource in _listed(statement["Resource"]):
                grant = {**statement, "Action": action, "Resource": resource}
                if not any(_applies(grant, request) for request in made):
                    unused.append(
                        f"{action} on {resource}"
                        + (f" if {statement['Condition']}" if "Condition" in statement else "")
                    )
    return unused


# What one API call asks IAM for --------------------------------------------------------------

# IAM's action, where it is not the operation's name; s3 operations on a version have their own.
_S3_ACTIONS = {
    "HeadObject": "GetObject",
    "ListObjectVersions": "ListBucketVersions",
    "ListObjectsV2": "ListBucket",
    "ListObjects": "ListBucket",
    "HeadBucket": "ListBucket",
    # A multipart upload is allowed by s3:PutObject on its key (S3's "Multipart upload and
    # permissions"); only its abort has an action of its own.
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "CopyObject": "PutObject",  # on the copy; the source's read is added (_s3)
}
_S3_VERSION_ACTIONS = {
    "GetObject": "GetObjectVersion",
    "HeadObject": "GetObjectVersion",
    "DeleteObject": "DeleteObjectVersion",
    "GetObjectAttributes": "GetObjectVersionAttributes",
}
_SQS_ACTIONS = {
    "SendMessageBatch": "SendMessage",
    "DeleteMessageBatch": "DeleteMessage",
    "ChangeMessageVisibilityBatch": "ChangeMessageVisibility",
}
# A transaction is allowed item by item, by the action each item is (DynamoDB's developer guide,
# "Using IAM with DynamoDB transactions").
_TRANSACT_WRITE_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


@dataclass(frozen=True)
class Where:
    """The partition, region and account a client calls; for API Gateway's management API, whose
    resource is not in the call's parameters, also the URL it calls (`endpoint`: the client's
    endpoint, https://<api id>.execute-api.<region>.amazonaws.com/<stage>, or the request's,
    the same followed by /@connections/<id>)."""

    region: str
    account: str
    partition: str = "aws"
    endpoint: str = ""

    def arn(self, service: str, resource: str) -> str:
        return f"arn:{self.partition}:{service}:{self.region}:{self.account}:{resource}"


def requests_of_call(service: str, operation: str, params: Mapping[str, Any], where: Where) -> list[Request]:
    """The IAM requests one API call (or the use of one presigned URL or POST) needs.

    Raises ValueError for a call this does not know how to place: extend it knowingly."""
    if service == "dynamodb":
        return _dynamodb(operation, params, where)
    if service == "dynamodbstreams":
        # IAM's actions are dynamodb:'s, on the stream. A shard iterator starts with its
        # stream's ARN ("arn:...:table/t/stream/label|1|..."), as DynamoDB Streams' are.
        stream = params.get("StreamArn") or str(params.get("ShardIterator", "")).split("|", 1)[0]
        if stream.startswith("arn:"):
            return [Request(f"dynamodb:{operation}", stream)]
    if service == "s3":
        return _s3(operation, params, where)
    if service == "sqs":
        url = params.get("QueueUrl")
        name = urlsplit(url).path.rsplit("/", 1)[-1] if url else params["QueueName"]
        return [Request(f"sqs:{_SQS_ACTIONS.get(operation, operation)}", where.arn("sqs", name))]
    if service == "cognito-idp" and "UserPoolId" in params:
        return [Request(f"cognito-idp:{operation}", where.arn("cognito-idp", f"userpool/{params['UserPoolId']}"))]
    if service == "ses" and operation in {"SendEmail", "SendRawEmail"}:
        sender = parseaddr(params["Source"])[1]
        return [Request(f"ses:{operation}", where.arn("ses", f"identity/{sender}"))]
    if service == "sns" and operation == "Publish":
        # A text message to a phone number has no ARN to name: IAM checks it against "*".
        target = params.get("TopicArn") or params.get("TargetArn") or "*"
        return [Request("sns:Publish", target)]
    if service == "secretsmanager" and str(params.get("SecretId", "")).startswith("arn:"):
        return [Request(f"secretsmanager:{operation}", params["SecretId"])]
    if service == "apigatewaymanagementapi" and operation in _CONNECTION_METHODS:
        return [_connection_request(operation, params, where)]
    raise ValueError(f"no IAM mapping for {service} {operation}: add it to infra.policies.requests_of_call")


# API Gateway's management API: one IAM action, execute-api:ManageConnections, on the
# connection's ARN, which names the HTTP method of the call (API Gateway's developer guide,
# "Use @connections commands in your backend service").
_CONNECTION_METHODS = {"PostToConnection": "POST", "GetConnection": "GET", "DeleteConnection": "DELETE"}
_CONNECTIONS = "@connections"


def _connection_request(operation: str, params: Mapping[str, Any], where: Where) -> Request:
    """arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/@connections/<id>,
    the API and stage read from the URL the client calls (Where.endpoint)."""
    url = urlsplit(where.endpoint)
    host = (url.hostname or "").split(".")
    if len(host) < 4 or host[1] != "execute-api":
        raise ValueError(
            f"apigatewaymanagementapi {operation}: no WebSocket API's endpoint to place it ({where.endpoint!r})"
        )
    api_id, region = host[0], host[2]
    path = [unquote(part) for part in url.path.split("/") if part]
    if not path or path[0] == _CONNECTIONS:
        raise ValueError(f"apigatewaymanagementapi {operation}: the endpoint {where.endpoint} names no stage")
    stage, rest = path[0], path[1:]
    connection = str(params.get("ConnectionId") or (rest[1] if rest[:1] == [_CONNECTIONS] and len(rest) > 1 else ""))
    if not connection:
        raise ValueError(f"apigatewaymanagementapi {operation}: no connection id")
    method = _CONNECTION_METHODS[operation]
    api = f"{api_id}/{stage}/{method}/{_CONNECTIONS}/{connection}"
    return Request("execute-api:ManageConnections", f"arn:{where.partition}:execute-api:{region}:{where.account}:{api}")


def _dynamodb(operation: str, params: Mapping[str, Any], where: Where) -> list[Request]:
    def table(name: str) -> str:
        return where.arn("dynamodb", f"table/{name}")

    if operation == "TransactWriteItems":
        return [
            Request(f"dynamodb:{_TRANSACT_WRITE_ACTIONS[kind]}", table(body["TableName"]))
            for item in params["TransactItems"]
            for kind, body in item.items()
        ]
    if operation == "TransactGetItems":
        return [Request("dynamodb:GetItem", table(item["Get"]["TableName"])) for item in params["TransactItems"]]
    if operation in {"BatchGetItem", "BatchWriteItem"}:
        return [Request(f"dynamodb:{operation}", table(name)) for name in params["RequestItems"]]
    if "TableName" in params:
        index = f"/index/{params['IndexName']}" if params.get("IndexName") else ""
        return [Request(f"dynamodb:{operation}", table(params["TableName"]) + index)]
    raise ValueError(f"no IAM mapping for dynamodb {operation}: add it to infra.policies.requests_of_call")


def _s3(operation: str, params: Mapping[str, Any], where: Where) -> list[Request]:
    bucket = f"arn:{where.partition}:s3:::{params['Bucket']}"
    if operation == "DeleteObjects":
        # Multi-object delete always needs s3:DeleteObject; a named version s3:DeleteObjectVersion too.
        found = []
        for deleted in params["Delete"]["Objects"]:
            found.append(Request("s3:DeleteObject", f"{bucket}/{deleted['Key']}"))
            if deleted.get("VersionId"):
                found.append(Request("s3:DeleteObjectVersion", f"{bucket}/{deleted['Key']}"))
        return found
    if operation == "CopyObject":
        source = params["CopySource"]
        source_key = f"{source['Bucket']}/{source['Key']}" if isinstance(source, Mapping) else str(source).lstrip("/")
        return [
            Request("s3:PutObject", f"{bucket}/{params['Key']}"),
            Request("s3:GetObject", f"arn:{where.partition}:s3:::{source_key}"),
        ]
    if "Key" in params:
        versioned = bool(params.get("VersionId"))
        action = _S3_VERSION_ACTIONS.get(operation, operation) if versioned else _S3_ACTIONS.get(operation, operation)
        return [Request(f"s3:{action}", f"{bucket}/{params['Key']}")]
    prefix = (("s3:prefix", str(params["Prefix"])),) if "Prefix" in params else ()
    return [Request(f"s3:{_S3_ACTIONS.get(operation, operation)}", bucket, prefix)]


# What an event source mapping needs of the function's role, on which of the stack's resources.
_EVENT_SOURCE_ACTIONS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "sqs": ((("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), "NotificationsQueueArn"),),
    "dynamodb": (
        (
            ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"),
            "TableStreamArn",
        ),
    ),
}
# The functions whose mapping has an on-failure destination (infra/steps.event_source_settings),
# and which: where Lambda records the batches it gave up on, sent with the function's role.
# The live pushes have none: a push that late is worth nothing.
ON_FAILURE_DESTINATIONS = {"relay_events": "NotificationsDeadLetterQueueArn"}


# The queue that feeds each SQS-fed function, when it is not the notifications queue.
SQS_SOURCES = {"build_exports": "ExportsQueueArn"}


def lambda_requests(
    domain: str, function: str, values: Mapping[str, str], event_sources: Iterable[str]
) -> list[Request]:
    """What Lambda itself does with a function's role, which no recording of the code sees: it
    writes the function's logs, and it polls the event source that feeds it ("sqs": the
    notifications queue, "dynamodb": the table's stream; the only sources the deploy wires)
    with the permissions Lambda's developer guide lists for each, and sends the batches it gave
    up on to the function's on-failure destination, if it has one (ON_FAILURE_DESTINATIONS)."""
    group = fill(own_log_group(domain, function), values).removesuffix(":*")
    found = [
        Request("logs:CreateLogGroup", f"{group}:*"),
        Request("logs:CreateLogStream", f"{group}:log-stream:*"),
        Request("logs:PutLogEvents", f"{group}:log-stream:*"),
    ]
    for source in event_sources:
        if source not in _EVENT_SOURCE_ACTIONS:
            raise ValueError(f"no permissions known for a {source} event source")
        for actions, resource in _EVENT_SOURCE_ACTIONS[source]:
            queue = SQS_SOURCES.get(function, resource) if source == "sqs" else resource
            found += [Request(action, values[queue]) for action in actions]
    if function in ON_FAILURE_DESTINATIONS and event_sources:
        found.append(Request("sqs:SendMessage", values[ON_FAILURE_DESTINATIONS[function]]))
    return found


# Reach ---------------------------------------------------------------------------------------

_NAME = r"[A-Za-z0-9_.-]+"
_STAGE_RESOURCES = [
    re.compile(shape)
    for shape in (
        r"\$\{TableArn\}",
        rf"\$\{{TableArn\}}/index/{_NAME}",
        r"\$\{TableStreamArn\}",
        r"\$\{DocumentsBucketArn\}",
        # objects under a named prefix, never the whole bucket
        r"\$\{DocumentsBucketArn\}/[A-Za-z0-9_.!-][^*?$]*/\*",
        r"\$\{NotificationsQueueArn\}",
        r"\$\{NotificationsDeadLetterQueueArn\}",
        r"\$\{ExportsQueueArn\}",
        r"\$\{UserPoolArn\}",
        r"arn:\$\{AWS::Partition\}:ses:\$\{AWS::Region\}:\$\{AWS::AccountId\}:identity/\$\{SenderIdentity\}",
        # a secret by its ARN exactly (it ends in a random suffix: a name with `-*` would match
        # any secret whose name starts the same, another stage's included)
        r"\$\{SignInCodePepperArn\}",
        r"\$\{PagingCursorKeyArn\}",
        r"\$\{PaymentKeysArn\}",
        r"\$\{EdgeOriginKeyArn\}",
        # the connections of this stage's WebSocket API, by its id and stage
        r"arn:\$\{AWS::Partition\}:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:"
        r"\$\{LiveApiId\}/\$\{LiveApiStage\}/(POST|GET|DELETE)/@connections/\*",
    )
]


def own_log_group(domain: str, function: str) -> str:
    """The function's own log group (the `:*` form IAM wants for its streams and itself)."""
    name = function_name(domain, function, "${Stage}")
    return f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/{name}:*"


def reach_problems(template: Document, domain: str, function: str) -> list[str]:
    """What in a template could reach beyond this stage's own resources: a resource that is
    not one of them by placeholder (a `portal-*`, a `userpool/*`, another function's logs), a
    wildcard action, a "*" that AWS does not demand, a placeholder nobody fills."""
    problems = [
        f"${{{name}}} is no stack output, stage or pseudo parameter"
        for name in sorted(placeholders(template) - set(PLACEHOLDERS))
    ]
    for statement in statements(template):
        if statement["Effect"] != "Allow":
            continue
        actions = _listed(statement["Action"])
        problems += [f"{action}: a wildcard action" for action in actions if "*" in action or "?" in action]
        for resource in _listed(statement["Resource"]):
            if resource == "*":
                # Only where AWS has no narrower resource to name, and the statement says so.
                if actions != ["sns:Publish"] or COMMENT not in statement:
                    problems.append(f"{', '.join(actions)} on *: only sns:Publish to phone numbers, with a Comment")
            elif ":logs:" in resource:
                if resource != own_log_group(domain, function):
                    problems.append(f"{resource}: logs only to {own_log_group(domain, function)}")
            elif not any(shape.fullmatch(resource) for shape in _STAGE_RESOURCES):
                problems.append(f"{resource}: not one of this stage's resources")
    return problems
