"""`make destroy STAGE=x [KEEP_DATA=0]`: remove a stage of the portal.

Removed: the alarms, the edge (CloudFront and the web bucket, emptied first), every domain app's functions,
roles, APIs (the REST APIs and the notifications app's WebSocket API) and event source
mappings (`chalice delete`, from the records in the stage's bucket), and the sign-in
triggers' wiring. Kept, unless KEEP_DATA=0: the stateful stack, so
the table, the documents bucket, the user pool and the secrets; a later `make deploy` finds
them and carries on. With KEEP_DATA=0 the stateful stack goes too, and then the data stores
it retains (DeletionPolicy), deletion protection lifted first, and the functions' logs.

Run: python -m infra.destroy --stage dev [--keep-data 0]
"""

import argparse
import contextlib
import re
from collections.abc import Callable
from typing import Any

import boto3

from infra.package import chalice, domains, stage, staging_folder
from infra.records import DeployRecords
from infra.stacks import delete_stack, stack_state
from infra.steps import TRIGGERS, updatable_pool_settings

Say = Callable[[str], None]
# The stateful stack's secrets, by output.
SECRETS = ("SignInCodePepperArn", "PagingCursorKeyArn", "PaymentKeysArn", "EdgeOriginKeyArn")


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every object version and delete marker (S3 refuses to delete a bucket that has
    any); returns how many were deleted. A bucket that does not exist is empty."""
    deleted = 0
    try:
        pages = s3.get_paginator("list_object_versions").paginate(Bucket=bucket)
        for page in pages:
            keys = [
                {"Key": v["Key"], "VersionId": v["VersionId"]}
                for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
            ]
            for start in range(0, len(keys), 1000):  # DeleteObjects takes 1,000 keys at most
                s3.delete_objects(Bucket=bucket, Delete={"Objects": keys[start : start + 1000], "Quiet": True})
            deleted += len(keys)
    except s3.exceptions.NoSuchBucket:
        return 0
    return deleted


def delete_logs(logs: Any, stage_name: str) -> int:
    """The stage's functions' log groups (Lambda's, kept with the data); returns how many."""
    ours = re.compile(rf"^/aws/lambda/portal-[a-z]+-{re.escape(stage_name)}(-[a-z_]+)?$")
    names = [
        group["logGroupName"]
        for page in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix="/aws/lambda/portal-")
        for group in page["logGroups"]
        if ours.match(group["logGroupName"])
    ]
    for name in names:
        logs.delete_log_group(logGroupName=name)
    return len(names)


def unwire_triggers(cognito: Any, user_pool_id: str) -> list[str]:
    """Take the custom-auth triggers off the pool (their functions are gone)."""
    pool = cognito.describe_user_pool(UserPoolId=user_pool_id)["UserPool"]
    current = pool.get("LambdaConfig", {})
    removed = [trigger for trigger in TRIGGERS if trigger in current]
    if removed:
        kept = {k: v for k, v in current.items() if k not in TRIGGERS}
        cognito.update_user_pool(UserPoolId=user_pool_id, LambdaConfig=kept, **updatable_pool_settings(pool))
    return removed


def _delete_retained(session: Any, outputs: dict[str, str], say: Say) -> None:
    """What the stateful stack leaves behind on delete (DeletionPolicy Retain)."""
    dynamodb = session.client("dynamodb")
    try:
        dynamodb.delete_table(TableName=outputs["TableName"])
        say(f"  table {outputs['TableName']} deleted")
    except dynamodb.exceptions.ResourceNotFoundException:
        pass
    s3 = session.client("s3")
    bucket = outputs["DocumentsBucketName"]
    if _bucket_exists(s3, bucket):
        empty_bucket(s3, bucket)
        s3.delete_bucket(Bucket=bucket)
        say(f"  bucket {bucket} emptied and deleted")
    secrets = session.client("secretsmanager")
    for output in SECRETS:
        if output in outputs:
            # A secret only scheduled for deletion (7 days at least) keeps its name taken: the
            # next `make deploy` of this stage could not create it.
            with contextlib.suppress(secrets.exceptions.ResourceNotFoundException):
                secrets.delete_secret(SecretId=outputs[output], ForceDeleteWithoutRecovery=True)
    cognito = session.client("cognito-idp")
    try:
        cognito.update_user_pool(UserPoolId=outputs["UserPoolId"], DeletionProtection="INACTIVE")
        cognito.delete_user_pool(UserPoolId=outputs["UserPoolId"])
        say(f"  user pool {outputs['UserPoolId']} deleted")
    except cognito.exceptions.ResourceNotFoundException:
        pass


def _bucket_exists(s3: Any, bucket: str) -> bool:
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        return False
    return True


def destroy(session: Any, stage_name: str, keep_data: bool = True, say: Say = print) -> None:
    """Remove the stage's apps and edge; its data too when keep_data is False."""
    stack = f"portal-{stage_name}"
    cfn = session.client("cloudformation")
    stateful = stack_state(cfn, stack)
    edge = stack_state(cfn, f"{stack}-edge")
    say(f"Removing {stack}: the edge, the domain apps and the sign-in triggers' wiring.")
    say(
        "Keeping its table, documents bucket, user pool and secrets (KEEP_DATA=0 removes them)."
        if keep_data
        else "KEEP_DATA=0: its table, documents, users and secrets are deleted too."
    )
    if delete_stack(cfn, f"{stack}-alarms"):
        say(f"  stack {stack}-alarms deleted")
    if edge.status is not None:
        if "WebBucketName" in edge.outputs:
            empty_bucket(session.client("s3"), edge.outputs["WebBucketName"])
        delete_stack(cfn, f"{stack}-edge")
        say(f"  stack {stack}-edge deleted")
    if stateful.exists:
        records = DeployRecords(session.client("s3"), stateful.outputs["DocumentsBucketName"], stage_name)
        for domain in domains():
            if records.read(domain) is None:
                continue
            with staging_folder(domain) as folder:
                staging = stage(domain, folder, compile_bytecode=False)
                records.fetch(domain, staging)
                chalice(staging, "delete", "--stage", stage_name)
            records.forget(domain)
            say(f"  portal-{domain} deleted")
        removed = unwire_triggers(session.client("cognito-idp"), stateful.outputs["UserPoolId"])
        if removed:
            say(f"  triggers {', '.join(removed)} taken off the user pool")
    if not keep_data:
        removed_logs = delete_logs(session.client("logs"), stage_name)
        if removed_logs:
            say(f"  {removed_logs} log groups deleted")
    if not keep_data and stateful.status is not None:
        delete_stack(cfn, stack)
        say(f"  stack {stack} deleted")
        if stateful.outputs:
            _delete_retained(session, stateful.outputs, say)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True)
    parser.add_argument("--keep-data", choices=["0", "1"], default="1")
    args = parser.parse_args()
    destroy(boto3.session.Session(), args.stage, keep_data=args.keep_data == "1")


if __name__ == "__main__":
    main()
