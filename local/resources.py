"""Create the stateful stack's resources in moto, from infra/stateful.yaml itself.

One source of truth: each resource's Properties go to the matching boto3 call with only the
renames CloudFormation and the APIs disagree on. tests/functional/test_local_resources.py
compares what this creates with the template.
"""

import json
from collections.abc import Callable
from typing import Any

import boto3

from infra.steps import sender_identity
from infra.template import STATEFUL_TEMPLATE, Unresolved, load, resolve

ACCOUNT_ID = "123456789012"  # moto's default account

# Settings that mean nothing on moto (encryption at rest, backups, bucket policies that moto
# does not enforce, deletion protection): created in AWS only.
_LOCAL_SKIP = {"AWS::S3::BucketPolicy"}


class LocalStack:
    """Resources of one template created through boto3, with their CloudFormation values."""

    def __init__(self, session: boto3.session.Session, stack_name: str, parameters: dict[str, str]) -> None:
        self._session = session
        self._stack_name = stack_name
        self._region = session.region_name
        self._parameters = parameters
        self._created: dict[str, dict[str, Any]] = {}
        self._clients: dict[str, Any] = {}  # logical id -> {"Ref": ..., attr: ...}
        self._creators: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "AWS::DynamoDB::Table": self._table,
            "AWS::S3::Bucket": self._bucket,
            "AWS::SQS::Queue": self._queue,
            "AWS::SNS::Topic": self._topic,
            "AWS::Cognito::UserPool": self._user_pool,
            "AWS::Cognito::UserPoolGroup": self._user_pool_group,
            "AWS::Cognito::UserPoolClient": self._user_pool_client,
            "AWS::SecretsManager::Secret": self._secret,
        }

    def create(self) -> dict[str, str]:
        """Create every resource (in dependency order) and return the stack's outputs."""
        template = load(STATEFUL_TEMPLATE)
        self._conditions = {
            name: bool(resolve(expr, self._lookup, {})) for name, expr in template.get("Conditions", {}).items()
        }
        pending = {k: v for k, v in template["Resources"].items() if v["Type"] not in _LOCAL_SKIP}
        while pending:
            progressed = False
            for logical_id, resource in list(pending.items()):
                try:
                    properties = resolve(resource.get("Properties", {}), self._lookup, self._conditions)
                except Unresolved:
                    continue
                self._created[logical_id] = self._creators[resource["Type"]](properties)
                del pending[logical_id]
                progressed = True
            if not progressed:
                raise RuntimeError(f"cannot resolve the references of {sorted(pending)}")
        outputs = {
            name: str(resolve(output["Value"], self._lookup, self._conditions))
            for name, output in template["Outputs"].items()
        }
        # The sender's SES identity is the deploy's, not the stack's: the same step here.
        identity, _ = sender_identity(self._client("ses"), self._parameters["SenderEmail"])
        return {**outputs, "SenderIdentity": identity}

    def _lookup(self, name: str, attribute: str | None) -> Any:
        pseudo = {"AWS::StackName": self._stack_name, "AWS::AccountId": ACCOUNT_ID, "AWS::Region": self._region}
        if attribute is None and name in pseudo:
            return pseudo[name]
        if attribute is None and name in self._parameters:
            return self._parameters[name]
        if name not in self._created:
            raise Unresolved(name)
        return self._created[name]["Ref" if attribute is None else attribute]

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._session.client(service)  # type: ignore[call-overload]
        return self._clients[service]

    def _table(self, p: dict[str, Any]) -> dict[str, Any]:
        dynamodb = self._client("dynamodb")
        stream = p.get("StreamSpecification")
        reply = dynamodb.create_table(
            TableName=p["TableName"],
            BillingMode=p["BillingMode"],
            AttributeDefinitions=p["AttributeDefinitions"],
            KeySchema=p["KeySchema"],
            GlobalSecondaryIndexes=p.get("GlobalSecondaryIndexes", []),
            **({"StreamSpecification": {"StreamEnabled": True, **stream}} if stream else {}),
        )
        ttl = p.get("TimeToLiveSpecification")
        if ttl:
            dynamodb.update_time_to_live(TableName=p["TableName"], TimeToLiveSpecification=ttl)
        description = reply["TableDescription"]
        return {"Ref": p["TableName"], "Arn": description["TableArn"], "StreamArn": description.get("LatestStreamArn")}

    def _bucket(self, p: dict[str, Any]) -> dict[str, Any]:
        s3 = self._client("s3")
        name = p["BucketName"]
        if self._region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": self._region})
        configure_bucket(s3, name, p)
        return {"Ref": name, "Arn": f"arn:aws:s3:::{name}"}

    def _topic(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"Ref": self._client("sns").create_topic(Name=p["TopicName"])["TopicArn"]}

    def _queue(self, p: dict[str, Any]) -> dict[str, Any]:
        sqs = self._client("sqs")
        attributes = {
            key: json.dumps(value) if isinstance(value, dict) else str(value)
            for key, value in p.items()
            if key not in {"QueueName", "SqsManagedSseEnabled"}
        }
        url = sqs.create_queue(QueueName=p["QueueName"], Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return {"Ref": url, "Arn": arn, "QueueName": p["QueueName"]}

    def _user_pool(self, p: dict[str, Any]) -> dict[str, Any]:
        args = {k: v for k, v in p.items() if k not in {"UserPoolName", "DeletionProtection"}}
        pool = self._client("cognito-idp").create_user_pool(PoolName=p["UserPoolName"], **args)["UserPool"]
        return {
            "Ref": pool["Id"],
            "Arn": pool["Arn"],
            "ProviderName": f"cognito-idp.{self._region}.amazonaws.com/{pool['Id']}",
        }

    def _user_pool_group(self, p: dict[str, Any]) -> dict[str, Any]:
        self._client("cognito-idp").create_group(**p)
        return {"Ref": p["GroupName"]}

    def _secret(self, p: dict[str, Any]) -> dict[str, Any]:
        secrets = self._client("secretsmanager")
        if "GenerateSecretString" in p:  # as CloudFormation does: a value nobody has seen
            generate = p["GenerateSecretString"]
            value = secrets.get_random_password(
                PasswordLength=generate["PasswordLength"], ExcludePunctuation=generate.get("ExcludePunctuation", False)
            )["RandomPassword"]
        else:
            value = p["SecretString"]
        arn = secrets.create_secret(Name=p["Name"], Description=p.get("Description", ""), SecretString=value)["ARN"]
        return {"Ref": arn}

    def _user_pool_client(self, p: dict[str, Any]) -> dict[str, Any]:
        client = self._client("cognito-idp").create_user_pool_client(**p)["UserPoolClient"]
        return {"Ref": client["ClientId"]}


def configure_bucket(s3: Any, name: str, p: dict[str, Any]) -> None:
    """An AWS::S3::Bucket's settings (encryption, public access, versioning, CORS, lifecycle),
    each through its S3 call, from the template's Properties."""
    if "BucketEncryption" in p:
        rules = [
            {"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
            for rule in p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        ]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "PublicAccessBlockConfiguration" in p:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=p["PublicAccessBlockConfiguration"])
    if "VersioningConfiguration" in p:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=p["VersioningConfiguration"])
    if "CorsConfiguration" in p:
        cors = [
            {**{k: v for k, v in rule.items() if k != "MaxAge"}, "MaxAgeSeconds": rule.get("MaxAge", 0)}
            for rule in p["CorsConfiguration"]["CorsRules"]
        ]
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors})
    if "LifecycleConfiguration" in p:
        rules = [
            {
                "ID": r["Id"],
                "Status": r["Status"],
                "Filter": {"Prefix": r["Prefix"]},
                "Expiration": {"Days": r["ExpirationInDays"]},
                **(
                    {"NoncurrentVersionExpiration": r["NoncurrentVersionExpiration"]}
                    if "NoncurrentVersionExpiration" in r
                    else {}
                ),
            }
            for r in p["LifecycleConfiguration"]["Rules"]
        ]
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
