"""moto's CloudFormation, taught the resource types the portal's templates use.

moto 5 skips a type it has no model for ("No Moto CloudFormation support for ...") and the
stack still reaches CREATE_COMPLETE with nothing made, so infra/stateful.yaml and infra/edge.yaml
cannot be rehearsed against it. `installed()` adds a model per missing type that makes the real
resource in moto's own backend (the user pool is in cognito-idp, the secret in secretsmanager),
so boto3 against the same server sees what the stack made. It also makes stacks honour their
DeletionPolicy and re-read parameters on update as CloudFormation does (the named patches at the
end of this module).

A model here duck-types moto's `CloudFormationModel` instead of subclassing it: moto builds its
type map from `CloudFormationModel.__subclasses__()`, so a subclass would be registered for
every later moto user, not only while `installed()` is active.
"""

import contextlib
import copy
import json
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import boto3
import pytest
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudformation.models import Stack
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.cloudfront.models import CloudFrontBackend, Distribution, cloudfront_backends
from moto.cloudwatch.models import (
    CloudWatchBackend,
    Dimension,
    Metric,
    MetricDataQuery,
    MetricStat,
    cloudwatch_backends,
)
from moto.cognitoidp.exceptions import InvalidParameterException as CognitoInvalidParameter
from moto.cognitoidp.exceptions import ResourceNotFoundError as CognitoNotFound
from moto.cognitoidp.models import CognitoIdpBackend, cognitoidp_backends
from moto.core.utils import utcnow
from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeBucket, S3Backend, s3_backends
from moto.secretsmanager.exceptions import InvalidParameterException as SecretsInvalidParameter
from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend, secretsmanager_backends
from moto.sesv2.models import SESV2Backend, sesv2_backends
from moto.sns.models import SNSBackend, sns_backends
from moto.utilities.utils import get_partition

from local.resources import configure_bucket

# DeletionPolicy values under which CloudFormation keeps a resource when its stack lets it go.
RETAINING_POLICIES = frozenset({"Retain", "RetainExceptOnCreate"})

_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


class TemplateResource:
    """One resource a stack made: what moto's stack machinery asks of a CloudFormation model."""

    type_name: ClassVar[str]
    # The property that names the resource; moto fills it with "<stack>-<logical id>-<random>"
    # when the template leaves it out, as CloudFormation does.
    name_property: ClassVar[str] = ""
    attributes: ClassVar[frozenset[str]] = frozenset()
    # Properties whose change makes CloudFormation replace the resource instead of updating it.
    replaced_when: ClassVar[tuple[str, ...]] = ()

    def __init__(self, account_id: str, region_name: str, name: str, properties: dict[str, Any]) -> None:
        self.account_id = account_id
        self.region_name = region_name
        self.name = name
        self.properties = properties

    # What moto's parsing calls.
    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.type_name

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.name_property

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.attributes

    def is_created(self) -> bool:
        return True

    @property
    def physical_resource_id(self) -> str:
        raise NotImplementedError

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name not in self.attributes:
            raise UnformattedGetAttTemplateException()
        return self.attribute(attribute_name)

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> "TemplateResource":
        resource = cls(account_id, region_name, resource_name, cloudformation_json.get("Properties", {}))
        resource.create()
        return resource

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: "TemplateResource",
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> "TemplateResource":
        properties = cloudformation_json.get("Properties", {})
        if original_resource.needs_replacement(properties):
            replacement = cls.create_from_cloudformation_json(
                new_resource_name, cloudformation_json, account_id, region_name
            )
            if cloudformation_json.get("UpdateReplacePolicy") not in RETAINING_POLICIES:
                original_resource.remove()
            return replacement
        if cls.name_property and cls.name_property in properties:
            original_resource.name = new_resource_name
        original_resource.update(properties)
        original_resource.properties = properties
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        # moto falls back to this only when the instance's delete raised TypeError or
        # AttributeError: that is a fault in this module, not something to paper over.
        raise RuntimeError(f"{cls.type_name} {resource_name} is deleted through its instance")

    def delete(self, account_id: str, region_name: str) -> None:
        self.remove()

    # What each type says.
    def needs_replacement(self, properties: dict[str, Any]) -> bool:
        return any(self.properties.get(key) != properties.get(key) for key in self.replaced_when)

    def attribute(self, attribute_name: str) -> Any:
        raise NotImplementedError(attribute_name)

    def create(self) -> None:
        raise NotImplementedError

    def update(self, properties: dict[str, Any]) -> None:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError


def _without(properties: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in properties.items() if key not in keys}


def _items(values: list[Any] | None) -> dict[str, Any]:
    """CloudFront's API wraps every list as {Quantity, Items}; a template writes the list."""
    values = list(values or [])
    return {"Quantity": len(values), "Items": values}


# Cognito ------------------------------------------------------------------------------------------


class CognitoUserPool(TemplateResource):
    """AWS::Cognito::UserPool: a pool in cognito-idp; Ref is its id."""

    type_name = "AWS::Cognito::UserPool"
    name_property = "UserPoolName"
    attributes = frozenset({"Arn", "ProviderName", "ProviderURL", "UserPoolId"})
    # Cognito locks these at creation (its guide, "Settings you can't change").
    replaced_when = ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration")
    pool_id: str

    @property
    def backend(self) -> CognitoIdpBackend:
        return cognitoidp_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.pool_id

    def attribute(self, attribute_name: str) -> Any:
        provider = f"cognito-idp.{self.region_name}.amazonaws.com/{self.pool_id}"
        return {
            "Arn": self.backend.describe_user_pool(self.pool_id).arn,
            "ProviderName": provider,
            "ProviderURL": f"https://{provider}",
            "UserPoolId": self.pool_id,
        }[attribute_name]

    def needs_replacement(self, properties: dict[str, Any]) -> bool:
        # Custom attributes can be added in place; dropping or changing one cannot be done.
        old_schema = {attribute["Name"]: attribute for attribute in self.properties.get("Schema", [])}
        new_schema = {attribute["Name"]: attribute for attribute in properties.get("Schema", [])}
        schema_kept = all(new_schema.get(name) == attribute for name, attribute in old_schema.items())
        return super().needs_replacement(properties) or not schema_kept

    def create(self) -> None:
        pool = self.backend.create_user_pool(self.name, self._api_settings(self.properties, with_schema=True))
        self.pool_id = pool.id
        self._apply_mfa(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        pool = self.backend.describe_user_pool(self.pool_id)
        # UpdateUserPool, as CloudFormation calls it: every setting the template gives, the
        # rest back to Cognito's defaults (triggers wired outside the template are reset too).
        self.backend.update_user_pool(self.pool_id, self._api_settings(properties, with_schema=False))
        pool.name = self.name
        known = {attribute["Name"] for attribute in self.properties.get("Schema", [])}
        added = [attribute for attribute in properties.get("Schema", []) if attribute["Name"] not in known]
        if added:
            self.backend.add_custom_attributes(self.pool_id, added)
        self._apply_mfa(properties)

    def remove(self) -> None:
        pool = self.backend.describe_user_pool(self.pool_id)
        if pool.extended_config.get("DeletionProtection") == "ACTIVE":
            raise CognitoInvalidParameter(
                "The user pool cannot be deleted because deletion protection is activated. "
                "Deletion protection must be inactivated first."
            )
        self.backend.delete_user_pool(self.pool_id)

    @staticmethod
    def _api_settings(properties: dict[str, Any], with_schema: bool) -> dict[str, Any]:
        # The template's names are CreateUserPool's, except the pool's name and EnabledMfas
        # (which CloudFormation sends as SetUserPoolMfaConfig).
        settings = _without(properties, "UserPoolName", "EnabledMfas")
        if not with_schema:
            settings.pop("Schema", None)
        return settings

    def _apply_mfa(self, properties: dict[str, Any]) -> None:
        pool = self.backend.describe_user_pool(self.pool_id)
        pool.mfa_config = properties.get("MfaConfiguration", "OFF")
        enabled = set(properties.get("EnabledMfas", []))
        pool.token_mfa_config = {"Enabled": True} if "SOFTWARE_TOKEN_MFA" in enabled else None
        pool.sms_mfa_config = (
            {
                "SmsAuthenticationMessage": properties.get("SmsAuthenticationMessage"),
                "SmsConfiguration": properties.get("SmsConfiguration"),
            }
            if "SMS_MFA" in enabled
            else None
        )


class CognitoUserPoolClient(TemplateResource):
    """AWS::Cognito::UserPoolClient: an app client of a pool; Ref is its client id."""

    type_name = "AWS::Cognito::UserPoolClient"
    attributes = frozenset({"ClientId", "ClientSecret", "Name"})
    replaced_when = ("UserPoolId", "GenerateSecret")
    client_id: str
    _defaults: dict[str, Any]

    @property
    def backend(self) -> CognitoIdpBackend:
        return cognitoidp_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.client_id

    def attribute(self, attribute_name: str) -> Any:
        client = self.backend.describe_user_pool_client(self.properties["UserPoolId"], self.client_id)
        return {
            "ClientId": client.id,
            "ClientSecret": client.secret if client.generate_secret else None,
            "Name": client.extended_config.get("ClientName"),
        }[attribute_name]

    def create(self) -> None:
        settings = _without(self.properties, "UserPoolId", "GenerateSecret")
        client = self.backend.create_user_pool_client(
            self.properties["UserPoolId"], bool(self.properties.get("GenerateSecret", False)), settings
        )
        self.client_id = client.id
        self._defaults = {key: value for key, value in client.extended_config.items() if key not in settings}

    def update(self, properties: dict[str, Any]) -> None:
        # UpdateUserPoolClient resets what it is not given, unlike moto's, which merges.
        client = self.backend.describe_user_pool_client(properties["UserPoolId"], self.client_id)
        client.extended_config = {**self._defaults, **_without(properties, "UserPoolId", "GenerateSecret")}

    def remove(self) -> None:
        # A client goes with its pool: CloudFormation counts an already-gone client as deleted.
        with contextlib.suppress(CognitoNotFound):
            self.backend.delete_user_pool_client(self.properties["UserPoolId"], self.client_id)


class CognitoUserPoolGroup(TemplateResource):
    """AWS::Cognito::UserPoolGroup: a group in a pool; Ref is its name."""

    type_name = "AWS::Cognito::UserPoolGroup"
    name_property = "GroupName"
    replaced_when = ("GroupName", "UserPoolId")

    @property
    def backend(self) -> CognitoIdpBackend:
        return cognitoidp_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def create(self) -> None:
        self.backend.create_group(
            self.properties["UserPoolId"],
            self.name,
            self.properties.get("Description"),  # type: ignore[arg-type]
            self.properties.get("RoleArn"),  # type: ignore[arg-type]
            self.properties.get("Precedence"),  # type: ignore[arg-type]
        )

    def update(self, properties: dict[str, Any]) -> None:
        self.backend.update_group(
            properties["UserPoolId"],
            self.name,
            properties.get("Description"),  # type: ignore[arg-type]
            properties.get("RoleArn"),  # type: ignore[arg-type]
            properties.get("Precedence"),  # type: ignore[arg-type]
        )

    def remove(self) -> None:
        with contextlib.suppress(CognitoNotFound):
            self.backend.delete_group(self.properties["UserPoolId"], self.name)


# Secrets Manager ----------------------------------------------------------------------------------


class SecretsManagerSecret(TemplateResource):
    """AWS::SecretsManager::Secret: a secret; Ref is its ARN; GenerateSecretString makes its value."""

    type_name = "AWS::SecretsManager::Secret"
    name_property = "Name"
    attributes = frozenset({"Id"})
    replaced_when = ("Name",)
    arn: str

    @property
    def backend(self) -> SecretsManagerBackend:
        return secretsmanager_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    def attribute(self, attribute_name: str) -> Any:
        return self.arn

    def create(self) -> None:
        created = self.backend.create_secret(
            name=self.name,
            secret_string=self._value(self.properties),
            secret_binary=None,
            description=self.properties.get("Description"),
            tags=self.properties.get("Tags"),
            kms_key_id=self.properties.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=self.properties.get("ReplicaRegions", []),
            force_overwrite=False,
        )
        self.arn = json.loads(created)["ARN"]

    def update(self, properties: dict[str, Any]) -> None:
        secret = self.backend.secrets[self.name]
        assert isinstance(secret, FakeSecret), "a stack's secret is a primary, not a replica"
        secret.description = properties.get("Description")
        secret.kms_key_id = properties.get("KmsKeyId")
        # A new value only when the template's value (or how to generate it) changed.
        value_keys = ("SecretString", "GenerateSecretString")
        if any(self.properties.get(key) != properties.get(key) for key in value_keys):
            value = self._value(properties)
            if value is not None:
                self.backend.put_secret_value(self.name, value, None, None, ["AWSCURRENT"])  # type: ignore[arg-type]

    def remove(self) -> None:
        # CloudFormation deletes a stack's secret at once, without a recovery window, so a stack
        # made again can reuse the name.
        self.backend.delete_secret(self.name, None, force_delete_without_recovery=True)

    def _value(self, properties: dict[str, Any]) -> str | None:
        if "SecretString" in properties and "GenerateSecretString" in properties:
            raise SecretsInvalidParameter("You can't specify both SecretString and GenerateSecretString.")
        if "GenerateSecretString" not in properties:
            return properties.get("SecretString")
        recipe = properties["GenerateSecretString"]
        password = json.loads(
            self.backend.get_random_password(
                password_length=int(recipe.get("PasswordLength", 32)),
                exclude_characters=recipe.get("ExcludeCharacters", ""),
                exclude_numbers=_flag(recipe.get("ExcludeNumbers", False)),
                exclude_punctuation=_flag(recipe.get("ExcludePunctuation", False)),
                exclude_uppercase=_flag(recipe.get("ExcludeUppercase", False)),
                exclude_lowercase=_flag(recipe.get("ExcludeLowercase", False)),
                include_space=_flag(recipe.get("IncludeSpace", False)),
                require_each_included_type=_flag(recipe.get("RequireEachIncludedType", True)),
            )
        )["RandomPassword"]
        if "SecretStringTemplate" not in recipe:
            return str(password)
        document = json.loads(recipe["SecretStringTemplate"])
        document[recipe["GenerateStringKey"]] = password
        return json.dumps(document)


def _flag(value: Any) -> bool:
    """A template boolean: YAML's true, or the string "true" a parameter gives."""
    return value is True or str(value).lower() == "true"


# SES, S3 ------------------------------------------------------------------------------------------


class SESEmailIdentity(TemplateResource):
    """AWS::SES::EmailIdentity: an identity in SES, verified; Ref is the address or domain."""

    type_name = "AWS::SES::EmailIdentity"
    attributes = frozenset({f"DkimDNSToken{part}{n}" for part in ("Name", "Value") for n in (1, 2, 3)})
    replaced_when = ("EmailIdentity",)
    _dkim_tokens: list[str]

    @property
    def backend(self) -> SESV2Backend:
        return sesv2_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return str(self.properties["EmailIdentity"])

    def attribute(self, attribute_name: str) -> Any:
        token = self._dkim_tokens[int(attribute_name[-1]) - 1]
        domain = self.physical_resource_id.split("@")[-1]
        if attribute_name.startswith("DkimDNSTokenName"):
            return f"{token}._domainkey.{domain}"
        return f"{token}.dkim.amazonses.com"

    def create(self) -> None:
        identity = self.backend.create_email_identity(
            email_identity=self.physical_resource_id,
            tags=None,
            dkim_signing_attributes=self.properties.get("DkimSigningAttributes"),
            configuration_set_name=self.properties.get("ConfigurationSetAttributes", {}).get("ConfigurationSetName"),
        )
        # The rehearsal's sender has clicked its verification link.
        identity.verified_for_sending_status = True
        self._dkim_tokens = [uuid.uuid4().hex for _ in range(3)]
        self.update(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        identity = self.backend.get_email_identity(self.physical_resource_id)
        identity.configuration_set_name = properties.get("ConfigurationSetAttributes", {}).get("ConfigurationSetName")
        identity.feedback_forwarding_status = _flag(
            properties.get("FeedbackAttributes", {}).get("EmailForwardingEnabled", True)
        )
        identity.dkim_attributes["SigningEnabled"] = _flag(
            properties.get("DkimAttributes", {}).get("SigningEnabled", True)
        )

    def remove(self) -> None:
        self.backend.delete_email_identity(self.physical_resource_id)


class S3BucketPolicy(TemplateResource):
    """AWS::S3::BucketPolicy: the policy of a bucket."""

    type_name = "AWS::S3::BucketPolicy"
    replaced_when = ("Bucket",)

    @property
    def backend(self) -> S3Backend:
        return s3_backends[self.account_id][get_partition(self.region_name)]

    @property
    def physical_resource_id(self) -> str:
        return str(self.properties["Bucket"])

    def create(self) -> None:
        self.update(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        document = properties["PolicyDocument"]
        policy = document if isinstance(document, str) else json.dumps(document)
        self.backend.put_bucket_policy(properties["Bucket"], policy.encode())

    def remove(self) -> None:
        # A policy goes with its bucket.
        with contextlib.suppress(MissingBucket):
            self.backend.delete_bucket_policy(self.physical_resource_id)


# CloudWatch, SNS ----------------------------------------------------------------------------------


class CloudWatchAlarm(TemplateResource):
    """AWS::CloudWatch::Alarm: a metric alarm; Ref is its name."""

    type_name = "AWS::CloudWatch::Alarm"
    name_property = "AlarmName"
    attributes = frozenset({"Arn"})
    replaced_when = ("AlarmName",)

    @property
    def backend(self) -> CloudWatchBackend:
        return cloudwatch_backends[self.account_id][self.region_name]

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def attribute(self, attribute_name: str) -> Any:
        return self.backend.alarms[self.name].alarm_arn

    def create(self) -> None:
        self.update(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        # PutMetricAlarm replaces an alarm of the same name whole, as an update should.
        self.backend.put_metric_alarm(
            name=self.name,
            namespace=properties.get("Namespace"),  # type: ignore[arg-type]
            metric_name=properties.get("MetricName"),  # type: ignore[arg-type]
            comparison_operator=properties["ComparisonOperator"],
            evaluation_periods=int(properties["EvaluationPeriods"]),
            period=_number(properties.get("Period")),  # type: ignore[arg-type]
            threshold=_number(properties.get("Threshold")),  # type: ignore[arg-type]
            statistic=properties.get("Statistic"),  # type: ignore[arg-type]
            description=properties.get("AlarmDescription"),  # type: ignore[arg-type]
            dimensions=properties.get("Dimensions", []),
            alarm_actions=properties.get("AlarmActions", []),
            metric_data_queries=[_metric_query(query) for query in properties.get("Metrics", [])] or None,
            datapoints_to_alarm=_number(properties.get("DatapointsToAlarm")),  # type: ignore[arg-type]
            extended_statistic=properties.get("ExtendedStatistic"),
            ok_actions=properties.get("OKActions", []),
            insufficient_data_actions=properties.get("InsufficientDataActions", []),
            unit=properties.get("Unit"),
            actions_enabled=_flag(properties.get("ActionsEnabled", True)),
            treat_missing_data=properties.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=properties.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=properties.get("ThresholdMetricId"),
            tags=properties.get("Tags"),
        )

    def remove(self) -> None:
        self.backend.delete_alarms([self.name])


def _number(value: Any) -> int | float | None:
    """A template number, which a parameter hands over as a string."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    return float(text) if "." in text else int(text)


def _metric_query(query: dict[str, Any]) -> MetricDataQuery:
    stat = query.get("MetricStat")
    metric_stat = None
    if stat:
        metric = stat["Metric"]
        metric_stat = MetricStat(
            metric=Metric(
                metric_name=metric.get("MetricName"),
                namespace=metric.get("Namespace"),
                dimensions=[Dimension(d.get("Name"), d.get("Value")) for d in metric.get("Dimensions", [])],
            ),
            period=stat.get("Period"),
            stat=stat.get("Stat"),
            unit=stat.get("Unit"),
        )
    return MetricDataQuery(
        query_id=query["Id"],
        label=query.get("Label"),  # type: ignore[arg-type]
        period=query.get("Period"),  # type: ignore[arg-type]
        return_data=query.get("ReturnData"),  # type: ignore[arg-type]
        expression=query.get("Expression"),
        metric_stat=metric_stat,
    )


class SNSSubscription(TemplateResource):
    """AWS::SNS::Subscription: a subscription to a topic; Ref is its ARN."""

    type_name = "AWS::SNS::Subscription"
    attributes = frozenset({"Arn"})
    replaced_when = ("Endpoint", "Protocol", "TopicArn", "Region")
    # FilterPolicyScope first: SNS reads a filter policy in the light of its scope.
    settable: ClassVar[tuple[str, ...]] = (
        "FilterPolicyScope",
        "FilterPolicy",
        "DeliveryPolicy",
        "RawMessageDelivery",
        "RedrivePolicy",
        "SubscriptionRoleArn",
    )
    arn: str

    @property
    def backend(self) -> SNSBackend:
        topic_region = str(self.properties["TopicArn"]).split(":")[3]
        return sns_backends[self.account_id][self.properties.get("Region", topic_region)]

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    def attribute(self, attribute_name: str) -> Any:
        return self.arn

    def create(self) -> None:
        subscription = self.backend.subscribe(
            self.properties["TopicArn"], self.properties.get("Endpoint", ""), self.properties["Protocol"]
        )
        self.arn = subscription.arn
        self.update(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        for name in self.settable:
            if name not in properties and name not in self.properties:
                continue
            value = properties.get(name)
            if isinstance(value, dict | list):
                value = json.dumps(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            self.backend.set_subscription_attributes(self.arn, name, value if value is not None else "")

    def remove(self) -> None:
        self.backend.unsubscribe(self.arn)


# CloudFront ---------------------------------------------------------------------------------------


class CloudFrontResource(TemplateResource):
    """A CloudFront resource: in the account's one global backend, whatever the stack's region."""

    @property
    def backend(self) -> CloudFrontBackend:
        return cloudfront_backends[self.account_id][get_partition(self.region_name)]


class CloudFrontDistribution(CloudFrontResource):
    """AWS::CloudFront::Distribution: a distribution; Ref is its id."""

    type_name = "AWS::CloudFront::Distribution"
    attributes = frozenset({"DomainName", "Id"})
    distribution_id: str
    caller_reference: str

    @property
    def physical_resource_id(self) -> str:
        return self.distribution_id

    def attribute(self, attribute_name: str) -> Any:
        distribution = self.backend.distributions[self.distribution_id]
        return distribution.domain_name if attribute_name == "DomainName" else distribution.distribution_id

    def create(self) -> None:
        self.caller_reference = str(uuid.uuid4())
        config = distribution_config(self.properties["DistributionConfig"], self.caller_reference)
        tags = self.properties.get("Tags", [])
        distribution, _, _ = self.backend.create_distribution(copy.deepcopy(config), tags)
        self.distribution_id = distribution.distribution_id
        _keep_what_moto_drops(distribution, config)

    def update(self, properties: dict[str, Any]) -> None:
        config = distribution_config(properties["DistributionConfig"], self.caller_reference)
        distribution, _, _ = self.backend.update_distribution(
            copy.deepcopy(config), self.distribution_id, if_match=True
        )
        _keep_what_moto_drops(distribution, config)

    def remove(self) -> None:
        # CloudFormation disables the distribution and waits for it before deleting it.
        self.backend.delete_distribution(self.distribution_id, if_match=True)


def distribution_config(template: dict[str, Any], caller_reference: str) -> dict[str, Any]:
    """A template's DistributionConfig in the shape of CloudFront's API (CreateDistribution)."""
    config: dict[str, Any] = {
        "CallerReference": caller_reference,
        "Comment": template.get("Comment", ""),
        "Enabled": _flag(template["Enabled"]),
        "Origins": _items([_origin(origin) for origin in template.get("Origins", [])]),
        "DefaultCacheBehavior": _behaviour(template["DefaultCacheBehavior"]),
        "Aliases": _items(template.get("Aliases", template.get("CNAMEs", []))),
        "CacheBehaviors": _items([_behaviour(behaviour) for behaviour in template.get("CacheBehaviors", [])]),
        "CustomErrorResponses": _items(template.get("CustomErrorResponses", [])),
    }
    for key in ("DefaultRootObject", "HttpVersion", "PriceClass", "WebACLId", "OriginGroups", "Staging"):
        if key in template:
            config[key] = template[key]
    if "ContinuousDeploymentPolicyId" in template:
        config["ContinuousDeploymentPolicyId"] = template["ContinuousDeploymentPolicyId"]
    if "IPV6Enabled" in template:
        config["IsIPV6Enabled"] = _flag(template["IPV6Enabled"])
    if "Logging" in template:
        config["Logging"] = {"Enabled": True, "IncludeCookies": False, "Prefix": "", **template["Logging"]}
    if "Restrictions" in template:
        geo = template["Restrictions"]["GeoRestriction"]
        config["Restrictions"] = {
            "GeoRestriction": {"RestrictionType": geo["RestrictionType"], **_items(geo.get("Locations", []))}
        }
    if "ViewerCertificate" in template:
        # The template spells three of these differently from the API.
        renamed = {
            "AcmCertificateArn": "ACMCertificateArn",
            "IamCertificateId": "IAMCertificateId",
            "SslSupportMethod": "SSLSupportMethod",
        }
        certificate = {renamed.get(key, key): value for key, value in template["ViewerCertificate"].items()}
        certificate.setdefault(
            "CloudFrontDefaultCertificate", not ({"ACMCertificateArn", "IAMCertificateId"} & set(certificate))
        )
        config["ViewerCertificate"] = certificate
    return config


def _origin(template: dict[str, Any]) -> dict[str, Any]:
    origin = _without(template, "OriginCustomHeaders", "CustomOriginConfig")
    origin["CustomHeaders"] = _items(template.get("OriginCustomHeaders", []))
    if "CustomOriginConfig" in template:
        custom = template["CustomOriginConfig"]
        origin["CustomOriginConfig"] = {
            "HTTPPort": int(custom.get("HTTPPort", 80)),
            "HTTPSPort": int(custom.get("HTTPSPort", 443)),
            "OriginProtocolPolicy": custom["OriginProtocolPolicy"],
            "OriginReadTimeout": int(custom.get("OriginReadTimeout", 30)),
            "OriginKeepaliveTimeout": int(custom.get("OriginKeepaliveTimeout", 5)),
            # CloudFormation's default when the template names none.
            "OriginSslProtocols": _items(custom.get("OriginSSLProtocols", ["TLSv1", "SSLv3"])),
        }
    return origin


def _behaviour(template: dict[str, Any]) -> dict[str, Any]:
    listed = ("AllowedMethods", "CachedMethods", "FunctionAssociations", "LambdaFunctionAssociations")
    behaviour = _without(template, *listed, "TrustedSigners", "TrustedKeyGroups", "ForwardedValues")
    behaviour["AllowedMethods"] = {
        **_items(template.get("AllowedMethods", ["GET", "HEAD"])),
        "CachedMethods": _items(template.get("CachedMethods", ["GET", "HEAD"])),
    }
    behaviour["FunctionAssociations"] = _items(template.get("FunctionAssociations", []))
    behaviour["LambdaFunctionAssociations"] = _items(template.get("LambdaFunctionAssociations", []))
    for key in ("TrustedSigners", "TrustedKeyGroups"):
        if key in template:
            behaviour[key] = {"Enabled": bool(template[key]), **_items(template[key])}
    if "ForwardedValues" in template:
        forwarded = template["ForwardedValues"]
        cookies = forwarded.get("Cookies", {"Forward": "none"})
        behaviour["ForwardedValues"] = {
            "QueryString": _flag(forwarded["QueryString"]),
            "Cookies": {"Forward": cookies["Forward"], "WhitelistedNames": _items(cookies.get("WhitelistedNames", []))},
            "Headers": _items(forwarded.get("Headers", [])),
            "QueryStringCacheKeys": _items(forwarded.get("QueryStringCacheKeys", [])),
        }
    return behaviour


def _keep_what_moto_drops(distribution: Distribution, config: dict[str, Any]) -> None:
    """moto's distribution forgets function associations and origin access controls: put them back."""
    stored: Any = distribution.distribution_config  # its fields are set from the config's keys
    behaviours = [(stored.DefaultCacheBehavior, config["DefaultCacheBehavior"])]
    behaviours += list(zip(stored.CacheBehaviors.get("Items", []), config["CacheBehaviors"]["Items"], strict=True))
    for kept, given in behaviours:
        kept.function_associations = given["FunctionAssociations"]
        kept.lambda_function_associations = given["LambdaFunctionAssociations"]
        kept.response_headers_policy_id = given.get("ResponseHeadersPolicyId")
    for kept_origin, given_origin in zip(stored.Origins["Items"], config["Origins"]["Items"], strict=True):
        kept_origin.origin_access_control_id = given_origin.get("OriginAccessControlId", "")


class CloudFrontFunction(CloudFrontResource):
    """AWS::CloudFront::Function: a viewer function; Ref is its ARN."""

    type_name = "AWS::CloudFront::Function"
    name_property = "Name"
    attributes = frozenset({"FunctionARN", "FunctionMetadata.FunctionARN", "Stage"})
    replaced_when = ("Name",)

    @property
    def physical_resource_id(self) -> str:
        return self.backend.describe_function(self.name).arn

    def attribute(self, attribute_name: str) -> Any:
        function = self.backend.describe_function(self.name)
        return function.stage if attribute_name == "Stage" else function.arn

    def create(self) -> None:
        self.backend.create_function(self.name, self._config(self.properties), self._code(self.properties), [])
        self._publish(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        function = self.backend.describe_function(self.name)
        function.config = self._config(properties)
        function.code = self._code(properties)
        function.last_modified_time = utcnow()
        function.etag = uuid.uuid4().hex.upper()[:13]
        function.stage, function.status = "DEVELOPMENT", "UNPUBLISHED"
        self._publish(properties)

    def remove(self) -> None:
        self.backend.delete_function(self.name, if_match=True)

    @staticmethod
    def _config(properties: dict[str, Any]) -> dict[str, Any]:
        config = dict(properties["FunctionConfig"])
        if "KeyValueStoreAssociations" in config:
            config["KeyValueStoreAssociations"] = _items(config["KeyValueStoreAssociations"])
        return config

    @staticmethod
    def _code(properties: dict[str, Any]) -> bytes:
        return str(properties["FunctionCode"]).encode()

    def _publish(self, properties: dict[str, Any]) -> None:
        # AutoPublish: PublishFunction after each change, so the LIVE stage runs the new code.
        if _flag(properties.get("AutoPublish", False)):
            function = self.backend.describe_function(self.name)
            function.stage, function.status = "LIVE", "UNASSOCIATED"


class CloudFrontOriginAccessControl(CloudFrontResource):
    """AWS::CloudFront::OriginAccessControl: how CloudFront signs its requests to S3; Ref is its id."""

    type_name = "AWS::CloudFront::OriginAccessControl"
    attributes = frozenset({"Id"})
    control_id: str

    @property
    def physical_resource_id(self) -> str:
        return self.control_id

    def attribute(self, attribute_name: str) -> Any:
        return self.control_id

    def create(self) -> None:
        control = self.backend.create_origin_access_control(self.properties["OriginAccessControlConfig"])
        self.control_id = control.id

    def update(self, properties: dict[str, Any]) -> None:
        self.backend.update_origin_access_control(self.control_id, properties["OriginAccessControlConfig"])

    def remove(self) -> None:
        self.backend.delete_origin_access_control(self.control_id)


class ResponseHeadersPolicyAlreadyExists(Exception):
    """CloudFront refuses a second response headers policy of the same name in an account."""


# moto's CloudFront has no response headers policies: their record is kept here, by account.
_response_headers_policies: dict[str, dict[str, dict[str, Any]]] = {}


def response_headers_policy(account_id: str, policy_id: str) -> dict[str, Any]:
    """The response headers policy a stack made: {Id, LastModifiedTime, ResponseHeadersPolicyConfig}."""
    return _response_headers_policies[account_id][policy_id]


def response_headers_policy_ids(account_id: str) -> list[str]:
    """The ids of the response headers policies the account's stacks have made."""
    return list(_response_headers_policies.get(account_id, {}))


class CloudFrontResponseHeadersPolicy(CloudFrontResource):
    """AWS::CloudFront::ResponseHeadersPolicy: headers CloudFront adds to responses; Ref is its id."""

    type_name = "AWS::CloudFront::ResponseHeadersPolicy"
    attributes = frozenset({"Id", "LastModifiedTime"})
    policy_id: str

    @property
    def policies(self) -> dict[str, dict[str, Any]]:
        return _response_headers_policies.setdefault(self.account_id, {})

    @property
    def physical_resource_id(self) -> str:
        return self.policy_id

    def attribute(self, attribute_name: str) -> Any:
        return self.policies[self.policy_id][attribute_name]

    def create(self) -> None:
        # CloudFront's policy ids are UUIDs (the managed SecurityHeadersPolicy is 67f7725c-...).
        self.policy_id = str(uuid.uuid4())
        self.update(self.properties)

    def update(self, properties: dict[str, Any]) -> None:
        config = properties["ResponseHeadersPolicyConfig"]
        for other_id, other in self.policies.items():
            if other_id != self.policy_id and other["ResponseHeadersPolicyConfig"]["Name"] == config["Name"]:
                raise ResponseHeadersPolicyAlreadyExists(config["Name"])
        self.policies[self.policy_id] = {
            "Id": self.policy_id,
            "LastModifiedTime": datetime.now(UTC).isoformat(),
            "ResponseHeadersPolicyConfig": copy.deepcopy(config),
        }

    def remove(self) -> None:
        self.policies.pop(self.policy_id)


RESOURCE_TYPES: tuple[type[TemplateResource], ...] = (
    CognitoUserPool,
    CognitoUserPoolClient,
    CognitoUserPoolGroup,
    SecretsManagerSecret,
    SESEmailIdentity,
    S3BucketPolicy,
    CloudWatchAlarm,
    SNSSubscription,
    CloudFrontDistribution,
    CloudFrontFunction,
    CloudFrontOriginAccessControl,
    CloudFrontResponseHeadersPolicy,
)


# How stacks treat their resources -----------------------------------------------------------------

_DeleteResource = Callable[[ResourceMap, Any, dict[str, Any]], None]


def stack_keeps_what_its_deletion_policy_retains(delete_resource: _DeleteResource) -> _DeleteResource:
    """A stack deleted, or updated to drop a resource, keeps a resource whose DeletionPolicy is
    Retain or RetainExceptOnCreate. moto keeps only Retain, and only on a stack delete."""

    def keep_retained(resources: ResourceMap, resource: Any, template: dict[str, Any]) -> None:
        if template.get("DeletionPolicy") in RETAINING_POLICIES:
            return
        delete_resource(resources, resource, template)

    return keep_retained


def stack_rolls_back_a_failed_create(
    create_resources: Callable[[Stack], None], delete_resource: _DeleteResource
) -> Callable[[Stack], None]:
    """A stack whose first create fails rolls back to ROLLBACK_COMPLETE: what it made is deleted,
    RetainExceptOnCreate too, except what says Retain. moto raises out of CreateStack instead,
    leaves the stack CREATE_IN_PROGRESS and keeps everything it made."""

    def create_or_roll_back(stack: Stack) -> None:
        try:
            create_resources(stack)
        except Exception as failure:  # noqa: BLE001 - any resource's failure fails the stack, as in AWS
            _roll_back(stack, failure, delete_resource)

    return create_or_roll_back


def _roll_back(stack: Stack, failure: Exception, delete_resource: _DeleteResource) -> None:
    stack.status = "CREATE_FAILED"
    stack._add_stack_event("CREATE_FAILED", resource_status_reason=str(failure) or type(failure).__name__)
    if stack.disable_rollback:
        return
    stack.status = "ROLLBACK_IN_PROGRESS"
    stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason="The following resource(s) failed to create")
    resources = stack.resource_map
    templates: dict[str, Any] = resources._resource_json_map
    kept: dict[str, Any] = {}
    # moto records a resource after those it references, so reversed is dependents first.
    for logical_id, made in reversed(list(resources._parsed_resources.items())):
        if logical_id not in templates or made is None:
            continue
        template = templates[logical_id]
        if template.get("DeletionPolicy") == "Retain":
            kept[logical_id] = template
            continue
        delete_resource(resources, made, template)
        resources._parsed_resources.pop(logical_id)
    # What is gone leaves the stack's map, so that describing the stack cannot make it again
    # (moto makes a resource the first time anything looks it up), and a rolled-back stack has
    # no outputs.
    resources._resource_json_map = kept
    stack.output_map = OutputMap(resources, {"Outputs": {}}, stack.stack_id)
    stack.status = "ROLLBACK_COMPLETE"
    stack._add_stack_event("ROLLBACK_COMPLETE")


_BuildDiff = Callable[..., dict[str, list[str]]]


def update_reevaluates_resources_whose_parameters_changed(build_resource_diff: _BuildDiff) -> _BuildDiff:
    """An update with a changed parameter updates every resource that depends on it: through Ref,
    Fn::Sub or a condition (Fn::If). moto sees only a direct Ref."""

    def diff(resources: ResourceMap, template: dict[str, Any], parameters: dict[str, Any] | None = None) -> Any:
        actions = build_resource_diff(resources, template, parameters)
        if not parameters:
            return actions
        changed = {name for name, value in parameters.items() if resources.input_parameters.get(name) != value}
        conditions = template.get("Conditions", {})
        for logical_id, resource in template["Resources"].items():
            if logical_id not in resources._resource_json_map or logical_id in actions["Modify"]:
                continue
            if logical_id in actions["Add"] or not changed & _mentioned_names(resource, conditions, set()):
                continue
            actions["Modify"].append(logical_id)
        return actions

    return diff


def _mentioned_names(node: Any, conditions: dict[str, Any], seen: set[str]) -> set[str]:
    """The parameters and resources a piece of template names, through the conditions it uses."""

    def condition(name: str) -> set[str]:
        if name in seen:
            return set()
        seen.add(name)
        return _mentioned_names(conditions.get(name, {}), conditions, seen)

    names: set[str] = set()
    if isinstance(node, list):
        for item in node:
            names |= _mentioned_names(item, conditions, seen)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                names.add(value)
            elif key == "Fn::Sub":
                text, variables = (value, {}) if isinstance(value, str) else (value[0], value[1])
                names |= {found.split(".")[0] for found in _SUB_VARIABLE.findall(text) if not found.startswith("!")}
                names |= _mentioned_names(variables, conditions, seen)
            elif key == "Condition" and isinstance(value, str):
                names |= condition(value)
            elif key == "Fn::If" and isinstance(value, list) and value:
                names |= condition(value[0]) | _mentioned_names(value[1:], conditions, seen)
            else:
                names |= _mentioned_names(value, conditions, seen)
    return names


def bucket_takes_every_property_of_its_template(endpoint_url: str, make: Any, template_at: int) -> Any:
    """AWS::S3::Bucket in AWS applies all its Properties; moto's applies only BucketEncryption
    and Tags, so a stack's bucket would have no versioning, CORS, lifecycle or public access
    block. After moto's create or update, the rest go through S3's API, as the local stack
    applies them (local.resources.configure_bucket)."""

    def made(cls: Any, *args: Any, **kwargs: Any) -> Any:
        bucket = make.__func__(cls, *args, **kwargs)
        cloudformation_json = kwargs.get("cloudformation_json") or args[template_at]
        s3 = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        configure_bucket(s3, bucket.name, cloudformation_json.get("Properties", {}))
        return bucket

    return classmethod(made)


@contextlib.contextmanager
def installed(endpoint_url: str | None = None) -> Iterator[None]:
    """While active, moto's CloudFormation makes, updates and deletes the portal's resource types
    in moto's backends, and treats DeletionPolicy and changed parameters as AWS does. Given the
    server's endpoint_url, buckets also get every property (through S3's API at that address)."""
    native_types = parsing.get_model_map()
    added = {model.cloudformation_type(): model for model in RESOURCE_TYPES if model.type_name not in native_types}
    with pytest.MonkeyPatch.context() as patch:
        # moto's own model wins where it has one (SNS topics, log groups, Lambda, SSM).
        patch.setattr(parsing, "get_model_map", lambda: {**native_types, **added})
        native_list = parsing.get_model_list()
        patch.setattr(parsing, "get_model_list", lambda: [*native_list, *added.values()])
        native_names = parsing.get_name_type_map()
        names = {type_name: model.cloudformation_name_type() for type_name, model in added.items()}
        patch.setattr(parsing, "get_name_type_map", lambda: {**native_names, **names})
        delete_resource = ResourceMap._delete_resource
        patch.setattr(ResourceMap, "_delete_resource", stack_keeps_what_its_deletion_policy_retains(delete_resource))
        patch.setattr(
            Stack, "create_resources", stack_rolls_back_a_failed_create(Stack.create_resources, delete_resource)
        )
        patch.setattr(
            ResourceMap,
            "build_resource_diff",
            update_reevaluates_resources_whose_parameters_changed(ResourceMap.build_resource_diff),
        )
        if endpoint_url:
            # the template's JSON is create's second argument and update's third
            for method, template_at in (("create_from_cloudformation_json", 1), ("update_from_cloudformation_json", 2)):
                taking_all = bucket_takes_every_property_of_its_template(
                    endpoint_url, getattr(FakeBucket, method), template_at
                )
                patch.setattr(FakeBucket, method, taking_all)
        try:
            yield
        finally:
            _response_headers_policies.clear()
