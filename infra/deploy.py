"""`make deploy STAGE=dev|prod`: the portal into the AWS account of the current credentials.

Safe to run again at any time, and again after any failure: every step finds what the last
run made and changes only what differs (docs/deploy.md).

1. check the request (settings, payment keys) and print the plan, before anything changes;
2. the stateful stack (infra/stateful.yaml: table, documents bucket, queues, user pool, secrets);
3. the deployer's payment keys into the stage's secret; one-person customers of an
   earlier version made one-contact accounts (functions/customers/migration.py);
4. each domain app: staged (infra.package) with the stage's settings and policies, its record
   of what it deployed fetched from the stage's bucket (infra.records), `chalice deploy`,
   the record put back. Notifications first: its `chalice deploy` makes the WebSocket API
   (docs/live.md), which the live functions' policies and every function's LIVE_ENDPOINT
   name; on the deploy that makes it, that app is deployed a second time, naming it;
5. the batch-fed functions' mapping settings (partial batch responses; the stream relay's
   bisecting, retry bounds and on-failure destination; the live pushes' short retries), the
   sign-in triggers, the functions' log groups (retention, server-error counts) and the
   alarms stack (infra/alarms.py);
6. the edge stack (infra/edge.yaml: web bucket and CloudFront, /api/<domain>/* to each API,
   /ws to the WebSocket API);
7. the portal's origin into the stateful stack (upload CORS) and the functions (links);
8. web/ with its runtime config and the merged OpenAPI document; CloudFront's copy invalidated.

Settings come from the environment: SENDER_EMAIL, BUSINESS_NAME, AWS_DEFAULT_REGION (or the
profile's region); for card payments STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and
STRIPE_PUBLISHABLE_KEY (without them the stage uses the sandbox, which prod refuses); for the
portal's own address PORTAL_DOMAIN and CERTIFICATE_ARN (ACM, us-east-1); ALARM_EMAIL to be
told of alarms; LOG_RETENTION_DAYS (30); AUDIT_RETENTION_DAYS, how long the audit log keeps
an entry (730; 30 to 3650).
"""

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import boto3

from functions.core.settings import get_settings
from functions.core.table import reset_connections
from functions.customers.migration import migrate_to_accounts
from functions.notifications.migration import move_to_contacts
from infra import outputs as settings_of
from infra.alarms import alarms_template
from infra.package import chalice, deployment_package, domains, stage, staging_folder
from infra.records import DeployRecords, deployed_functions, recovered_record, websocket_api
from infra.records import event_sources as sources
from infra.stacks import StackState, deploy_stack, stack_state
from infra.steps import (
    configure_chalice_stage,
    keep_logs,
    point_links_at,
    publish_web,
    sender_identity,
    subscribe_to_alarms,
    tune_event_sources,
    wire_triggers,
    write_payment_keys,
)
from infra.template import EDGE_TEMPLATE, STATEFUL_TEMPLATE, load

STAGES = ("dev", "prod")
LIVE_APP = "notifications"  # the app whose functions serve the WebSocket API (docs/live.md)
# Until CloudFront exists its address is unknown: uploads are allowed from any https origin
# for the minutes between the first stack and the edge (step 7 narrows it).
FIRST_ORIGIN = "https://*"
WEBHOOK_PATH = "/api/payments/webhooks/stripe"
DEFAULT_LOG_RETENTION_DAYS = 30
# The retention periods CloudWatch Logs accepts.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 3653)
CERTIFICATE = re.compile(r"^arn:aws[a-zA-Z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$")

Say = Callable[[str], None]


@dataclass(frozen=True)
class DeployRequest:
    """What the deployer asked for, checked whole before anything is created."""

    stage: str
    region: str
    sender_email: str
    business_name: str
    payment_environment: dict[str, str]
    payment_keys: dict[str, str] | None
    portal_domain: str = ""  # the portal's own address, with certificate_arn (else CloudFront's)
    certificate_arn: str = ""
    alarm_email: str = ""  # subscribed to the stage's alarms
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    audit_retention_days: str = ""  # the functions' AUDIT_RETENTION_DAYS; "" keeps settings' default

    @property
    def alarms_stack(self) -> str:
        return f"{self.stack}-alarms"

    @property
    def stack(self) -> str:
        return f"portal-{self.stage}"

    @property
    def edge_stack(self) -> str:
        return f"{self.stack}-edge"

    @classmethod
    def from_environment(cls, stage_name: str, region: str | None, environ: Mapping[str, str]) -> "DeployRequest":
        """Refuse a request that would fail halfway (no region, no sender, prod without keys)."""
        if stage_name not in STAGES:
            raise ValueError(f"STAGE must be one of {', '.join(STAGES)}")
        missing = [name for name in ("SENDER_EMAIL", "BUSINESS_NAME") if not environ.get(name)]
        if not region:
            missing.append("AWS_DEFAULT_REGION")
        if missing:
            raise ValueError(f"set {', '.join(missing)} before deploying")
        domain, certificate = environ.get("PORTAL_DOMAIN", ""), environ.get("CERTIFICATE_ARN", "")
        if bool(domain) != bool(certificate):
            raise ValueError("PORTAL_DOMAIN and CERTIFICATE_ARN go together")
        if certificate and not CERTIFICATE.match(certificate):
            raise ValueError("CERTIFICATE_ARN must be an ACM certificate in us-east-1 (CloudFront's region)")
        audit_days = environ.get("AUDIT_RETENTION_DAYS", "")
        if audit_days and not (audit_days.isdigit() and 30 <= int(audit_days) <= 3650):
            raise ValueError("AUDIT_RETENTION_DAYS must be a number of days from 30 to 3650")
        retention = int(environ.get("LOG_RETENTION_DAYS") or DEFAULT_LOG_RETENTION_DAYS)
        if retention not in LOG_RETENTION_DAYS:
            raise ValueError(f"LOG_RETENTION_DAYS must be one of {', '.join(map(str, LOG_RETENTION_DAYS))}")
        return cls(
            stage=stage_name,
            region=str(region),
            sender_email=environ["SENDER_EMAIL"],
            business_name=environ["BUSINESS_NAME"],
            payment_environment=settings_of.payment_environment(environ, stage_name),
            payment_keys=settings_of.payment_keys(environ),
            portal_domain=domain,
            certificate_arn=certificate,
            alarm_email=environ.get("ALARM_EMAIL", ""),
            log_retention_days=retention,
            audit_retention_days=audit_days,
        )


@dataclass(frozen=True)
class Plan:
    """What exists now, so what a deploy will create and what it will update."""

    stateful: StackState
    edge: StackState
    recorded: dict[str, bool]  # domain -> a record of its last deploy exists
    live_api: bool  # the notifications app's record names its WebSocket API

    @classmethod
    def read(cls, session: Any, request: DeployRequest) -> "Plan":
        cfn = session.client("cloudformation")
        stateful = stack_state(cfn, request.stack)
        edge = stack_state(cfn, request.edge_stack)
        records = (
            DeployRecords(session.client("s3"), stateful.outputs["DocumentsBucketName"], request.stage)
            if stateful.exists
            else None
        )
        found = {d: records.read(d) if records else None for d in deploy_order()}
        return cls(stateful, edge, {d: bool(r) for d, r in found.items()}, websocket_api(found[LIVE_APP]) is not None)

    def lines(self, request: DeployRequest) -> list[str]:
        def verb(exists: bool) -> str:
            return "update in place" if exists else "create"

        lines = [f"Plan for {request.stack} in {request.region}:"]
        lines.append(f"  stack {request.stack} (table, bucket, queues, users, secrets): {verb(self.stateful.exists)}")
        if self.stateful.status and not self.stateful.exists:
            lines.append(f"    (its failed first create, {self.stateful.status}, is deleted first)")
        lines += [f"  app portal-{d}: {verb(recorded)}" for d, recorded in self.recorded.items()]
        sockets = f"portal-{LIVE_APP}-{request.stage}-websocket-api"
        lines.append(f"  WebSocket API {sockets} (live updates, at /ws): {verb(self.live_api)}")
        address = request.portal_domain or "CloudFront's own address"
        lines.append(f"  stack {request.edge_stack} (web bucket, CloudFront at {address}): {verb(self.edge.exists)}")
        provider = request.payment_environment["PAYMENT_PROVIDER"]
        keys = "the keys given are written to the stage's secret" if request.payment_keys else "no keys given"
        lines.append(f"  payments: {provider} ({keys})")
        told = f", told to {request.alarm_email}" if request.alarm_email else " (set ALARM_EMAIL to be told)"
        lines.append(f"  alarms stack {request.alarms_stack}{told}; logs kept {request.log_retention_days} days")
        return lines


@dataclass(frozen=True)
class Deployed:
    portal_url: str
    outputs: dict[str, str]
    edge: dict[str, str]
    functions: dict[str, str]
    api_ids: dict[str, str]
    live_api_url: str  # the WebSocket API (wss://<api id>.execute-api.<region>.amazonaws.com/api/)


@dataclass(frozen=True)
class _Apps:
    """What deploying the domain apps needs, once for all of them."""

    session: Any
    request: DeployRequest
    records: DeployRecords
    outputs: dict[str, str]
    say: Say

    def deploy(self, domain: str, environment: dict[str, str], live_api: dict[str, str] | None) -> dict[str, Any]:
        """One app through `chalice deploy`, from and back to its record; returns the record.
        live_api: the WebSocket API, which the live functions' policies name (None: not yet)."""
        request, records = self.request, self.records
        named = {**self.outputs, **(_live_outputs(live_api) if live_api else {})}
        resources = settings_of.policy_values(named, stage=request.stage)
        # Each run stages in a folder of its own: the record comes from S3, not from a folder.
        with staging_folder(domain) as folder:
            staging = stage(domain, folder, policy_values=resources)
            configure_chalice_stage(staging, request.stage, environment)
            known = records.fetch(domain, staging)
            if not known:  # a deploy may have failed before Chalice wrote its record: carry on from what it made
                left = recovered_record(
                    self.session.client("apigateway"),
                    self.session.client("lambda"),
                    domain,
                    request.stage,
                    sources(domain),
                    self.session.client("apigatewayv2"),
                )
                if left:
                    records.place(left, staging)
                    known = True
            self.say(f"  portal-{domain}: chalice deploy ({'update' if known else 'create'})")
            deployment_package(staging, domain)
            chalice(staging, "deploy", "--stage", request.stage)
            return records.keep(domain, staging)


def _live_outputs(live_api: dict[str, str]) -> dict[str, str]:
    """LiveApiId and LiveApiStage, which the live functions' policies name, from the API's URL."""
    return settings_of.live_api_outputs(settings_of.live_endpoint(live_api["websocket_api_url"]))


def deploy_order() -> list[str]:
    """The domain apps in the order they are deployed: the one with the WebSocket API first,
    so that every function after it is deployed knowing the API (LIVE_ENDPOINT)."""
    return sorted(domains(), key=lambda domain: domain != LIVE_APP)


def _deploy_domains(
    session: Any, request: DeployRequest, outputs: dict[str, str], environment: dict[str, str], say: Say
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every domain app through `chalice deploy`, each from and back to its record. Returns
    the functions, the REST APIs and the WebSocket API (its record's id and URL).

    The WebSocket API is made by the notifications app's first `chalice deploy`, with
    functions whose policies cannot name it yet (infra.policies.fill leaves those grants out):
    that app is deployed again at once, its live functions' policies and every function's
    LIVE_ENDPOINT naming the API. Later deploys read it from the record and deploy once."""
    apps = _Apps(
        session,
        request,
        DeployRecords(session.client("s3"), outputs["DocumentsBucketName"], request.stage),
        outputs,
        say,
    )
    # The notifications app reads these when `chalice deploy` imports it, to wire its sources...
    os.environ["PORTAL_EVENTS_STREAM_ARN"] = outputs["TableStreamArn"]
    os.environ["PORTAL_NOTIFICATIONS_QUEUE"] = outputs["NotificationsQueueUrl"].rsplit("/", 1)[-1]
    # ... and the documents app its exports queue, for the export job's steps.
    os.environ["PORTAL_EXPORTS_QUEUE"] = outputs["ExportsQueueUrl"].rsplit("/", 1)[-1]
    live_api = websocket_api(apps.records.read(LIVE_APP))
    functions: dict[str, str] = {}
    api_ids: dict[str, str] = {}
    for domain in deploy_order():
        settings = _with_live_endpoint(environment, live_api)
        record = apps.deploy(domain, settings, live_api)
        if domain == LIVE_APP and live_api is None:
            live_api = websocket_api(record)
            if live_api is None:
                raise RuntimeError(f"portal-{LIVE_APP} was deployed without its WebSocket API")
            say(f"  portal-{LIVE_APP}: its WebSocket API is made; again, for its live functions to name it")
            record = apps.deploy(domain, _with_live_endpoint(environment, live_api), live_api)
        deployed = deployed_functions(record)
        api_ids[domain] = deployed.pop("rest_api_id")
        functions.update({f"{domain}.{n}" if n == "api_handler" else n: arn for n, arn in deployed.items()})
    if live_api is None:
        raise RuntimeError(f"no WebSocket API: the {LIVE_APP} app was not deployed")
    return functions, api_ids, live_api


def _with_live_endpoint(environment: dict[str, str], live_api: dict[str, str] | None) -> dict[str, str]:
    """The functions' settings, LIVE_ENDPOINT naming the WebSocket API's management endpoint
    once it exists (empty before: nothing is pushed, the pages poll)."""
    if live_api is None:
        return environment
    return {**environment, "LIVE_ENDPOINT": settings_of.live_endpoint(live_api["websocket_api_url"])}


def _watch(session: Any, request: DeployRequest, outputs: dict[str, str], functions: dict[str, str], say: Say) -> None:
    """Logs kept for their period and counted, and the alarms on them (infra/alarms.py)."""
    names = {function: arn.rsplit(":", 1)[-1] for function, arn in functions.items()}
    api_names = [name for function, name in names.items() if function.endswith(".api_handler")]
    keep_logs(session.client("logs"), sorted(names.values()), api_names, request.stage, request.log_retention_days)
    dead_letter_queue = outputs["NotificationsDeadLetterQueueArn"].rsplit(":", 1)[-1]
    exports_dead_letters = outputs["ExportsDeadLetterQueueArn"].rsplit(":", 1)[-1]
    template = alarms_template(
        request.stage,
        names,
        outputs["AlarmTopicArn"],
        dead_letter_queue,
        exports_dead_letter_queue=exports_dead_letters,
    )
    say(f"stack {request.alarms_stack} ({len(template['Resources'])} alarms)")
    deploy_stack(session.client("cloudformation"), request.alarms_stack, json.dumps(template), {}, {})
    if subscribe_to_alarms(session.client("sns"), outputs["AlarmTopicArn"], request.alarm_email):
        say(f"  {request.alarm_email} is asked by e-mail to confirm the alarms' subscription")


def _migrate_to_accounts(session: Any, table: str, environment: dict[str, str]) -> int:
    """functions/customers/migration.py, with each account's feed and channel choices moved by
    the notifications domain's own code first, run here with the stage's settings."""
    kept = dict(os.environ)
    os.environ.update(environment)
    get_settings.cache_clear()
    reset_connections()
    try:
        return migrate_to_accounts(session.client("dynamodb"), table, before_each=move_to_contacts)
    finally:
        os.environ.clear()
        os.environ.update(kept)
        get_settings.cache_clear()
        reset_connections()


def deploy(session: Any, request: DeployRequest, say: Say = print) -> Deployed:
    """The whole deploy, in the order of the module's docstring."""
    cfn = session.client("cloudformation")
    plan = Plan.read(session, request)
    for line in plan.lines(request):
        say(line)
    stateful_parameters = load(STATEFUL_TEMPLATE)["Parameters"]
    stateful_given = {"Stage": request.stage}
    if not plan.stateful.exists:
        stateful_given["WebOrigin"] = FIRST_ORIGIN
    identity, asked = sender_identity(session.client("ses"), request.sender_email)
    if asked:
        say(f"SES sends {request.sender_email} a link: mail goes out once its owner opens it")

    def stateful(given: dict[str, str]) -> dict[str, str]:
        deployed = deploy_stack(cfn, request.stack, STATEFUL_TEMPLATE.read_text(), stateful_parameters, given)
        return {**deployed, "SenderIdentity": identity}  # what the policies name the sender by

    say(f"stack {request.stack}")
    outputs = stateful(stateful_given)
    if write_payment_keys(session.client("secretsmanager"), outputs["PaymentKeysArn"], request.payment_keys):
        say("  payment keys written to the stage's secret")
    portal_url = plan.edge.outputs.get("PortalUrl", "")
    environment = settings_of.app_environment(
        outputs,
        stage=request.stage,
        sender_email=request.sender_email,
        business_name=request.business_name,
        portal_url=portal_url,
    )
    environment.update(request.payment_environment)
    if request.audit_retention_days:
        environment["AUDIT_RETENTION_DAYS"] = request.audit_retention_days
    # Before the new code answers: one-person customers of an earlier version become accounts.
    moved = _migrate_to_accounts(session, outputs["TableName"], environment)
    if moved:
        say(f"  {moved} customers made one-contact accounts")
    say("domain apps")
    functions, api_ids, live_api = _deploy_domains(session, request, outputs, environment, say)
    lambda_client = session.client("lambda")
    tune_event_sources(lambda_client, functions, outputs["NotificationsDeadLetterQueueArn"])
    wired = wire_triggers(session.client("cognito-idp"), lambda_client, outputs["UserPoolId"], functions)
    say(f"  sign-in triggers: {', '.join(wired) or 'none in this app'}")
    _watch(session, request, outputs, functions, say)
    say(f"stack {request.edge_stack}")
    api_domains = {
        f"{domain.capitalize()}ApiDomain": f"{api_id}.execute-api.{request.region}.amazonaws.com"
        for domain, api_id in api_ids.items()
    }
    # /ws to the WebSocket API's stage: its domain and the stage, from its URL as Chalice recorded it.
    live_url = urlsplit(settings_of.live_endpoint(live_api["websocket_api_url"]))
    sockets = {"LiveApiDomain": str(live_url.hostname), "LiveApiStage": live_url.path.strip("/")}
    edge_parameters = load(EDGE_TEMPLATE)["Parameters"]
    # The stateful stack's outputs the edge takes by name (the origin key's secret), the APIs, the address.
    from_stateful = {name: value for name, value in outputs.items() if name in edge_parameters}
    edge_given = (
        from_stateful
        | api_domains
        | sockets
        | {"PortalDomain": request.portal_domain, "CertificateArn": request.certificate_arn}
    )
    edge = deploy_stack(cfn, request.edge_stack, EDGE_TEMPLATE.read_text(), edge_parameters, edge_given)
    portal_url = edge["PortalUrl"]
    outputs = stateful({"WebOrigin": portal_url})
    changed = point_links_at(lambda_client, functions, portal_url)
    if changed:
        say(f"  links now start with {portal_url} in {len(changed)} functions")
    say("web/")
    from local.edge import openapi_document  # the same merge the local stack serves

    publish_web(
        session.client("s3"),
        edge["WebBucketName"],
        settings_of.web_runtime_config(business_name=request.business_name, stage=request.stage),
        openapi=openapi_document(f"{request.business_name} portal API"),
    )
    session.client("cloudfront").create_invalidation(
        DistributionId=edge["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": str(time.time())},
    )
    return Deployed(portal_url, outputs, edge, functions, api_ids, live_api["websocket_api_url"])


def next_steps(request: DeployRequest, deployed: Deployed) -> list[str]:
    """What the deployer still has to do by hand, and where things are."""
    dns = (
        [f"DNS: point {request.portal_domain} at {deployed.edge['DistributionDomainName']} (CNAME or alias)"]
        if request.portal_domain
        else []
    )
    return [
        f"The portal is at {deployed.portal_url}",
        *dns,
        f"Stripe webhook endpoint: {deployed.portal_url}{WEBHOOK_PATH} "
        "(events payment_intent.succeeded and payment_intent.payment_failed)",
        f"First operator: make operator STAGE={request.stage} EMAIL=you@example.com NAME='Your Name'",
        f"Alarms go to the SNS topic {deployed.outputs['AlarmTopicArn']}"
        + ("" if request.alarm_email else " (ALARM_EMAIL=... on the next deploy subscribes an address)"),
        f"SES: confirm the verification e-mail sent to {request.sender_email}; while the account is in "
        "the SES sandbox, request production access (docs/deploy.md) or only verified addresses get mail",
        "SNS: text messages start in the SMS sandbox with a small monthly spend limit: "
        "leave it and raise the limit in the SNS console before customers sign in by text",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True)
    args = parser.parse_args()
    session = boto3.session.Session()
    try:
        request = DeployRequest.from_environment(args.stage, session.region_name, os.environ)
    except ValueError as exc:
        sys.exit(f"make deploy: {exc}")
    deployed = deploy(session, request)
    for line in next_steps(request, deployed):
        print(line)


if __name__ == "__main__":
    main()
