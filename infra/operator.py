"""`make operator STAGE=x EMAIL=... NAME=...`: the first (or a returning) operator of a stage.

Creates the operator in the stage's table and user pool, or, when one with that e-mail
exists, makes it able to sign in again. It runs the portal's own code (customers.service)
with the deployer's credentials and the settings of the stage's deployed functions, read
from the customers function itself, so it writes exactly what the console would.

Run: python -m infra.operator --stage dev --email you@example.com --name "Your Name" [--language fr]
"""

import argparse
import os
import sys
from typing import Any

import boto3

LANGUAGES = ("en", "fr", "pl", "fi")
# Where the customers app's API function is: the stage's settings are its environment.
SETTINGS_FUNCTION = "portal-customers-{stage}"


def stage_settings(lambda_client: Any, stage: str) -> dict[str, str]:
    """The deployed functions' settings (as functions.core.settings reads them)."""
    name = SETTINGS_FUNCTION.format(stage=stage)
    try:
        configuration = lambda_client.get_function_configuration(FunctionName=name)
    except lambda_client.exceptions.ResourceNotFoundException as exc:
        raise LookupError(f"{name} is not deployed: run make deploy STAGE={stage} first") from exc
    variables: dict[str, str] = configuration.get("Environment", {}).get("Variables", {})
    return variables


def add_operator(session: Any, stage: str, email: str, name: str, language: str) -> tuple[str, bool]:
    """Create or re-enable the operator; returns (their id, created)."""
    os.environ.update(stage_settings(session.client("lambda"), stage))
    # Imported once the settings are in place: the portal's code reads them on first use.
    from functions.core.clock import SystemClock
    from functions.core.settings import get_settings
    from functions.customers.directory import CognitoDirectory
    from functions.customers.service import ensure_operator

    get_settings.cache_clear()
    directory = CognitoDirectory(get_settings().user_pool_id)
    principal, created = ensure_operator(email, name, language, directory, SystemClock())
    return principal.principal_id, created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--language", default="en", choices=LANGUAGES)
    args = parser.parse_args()
    try:
        operator_id, created = add_operator(boto3.session.Session(), args.stage, args.email, args.name, args.language)
    except LookupError as exc:
        sys.exit(f"make operator: {exc}")
    what = "created" if created else "already there: enabled again"
    print(f"Operator {args.email} ({operator_id}) {what} in portal-{args.stage}; they sign in with a code by e-mail.")


if __name__ == "__main__":
    main()
