"""The stage's alarms template: one pair per function, the relay's lag, the dead letters and
the APIs' server errors, all to the stage's topic; and CloudFormation's schema accepts it."""

import json
import subprocess
import sys
from pathlib import Path

from infra.alarms import alarms_template, metric_namespace

FUNCTIONS = {
    "orders.api_handler": "portal-orders-prod",
    "relay_events": "portal-notifications-prod-relay_events",
    "define_auth_challenge": "portal-auth-prod-define_auth_challenge",
}
TOPIC = "arn:aws:sns:eu-west-1:111122223333:portal-prod-alarms"


def test_every_function_has_its_errors_and_throttles_and_the_relay_its_lag() -> None:
    template = alarms_template("prod", FUNCTIONS, TOPIC, "portal-prod-notifications-dlq")

    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in template["Resources"].values()}
    assert len(alarms) == 2 * len(FUNCTIONS) + 3
    errors = alarms["portal-orders-prod-errors"]
    assert errors["Dimensions"] == [{"Name": "FunctionName", "Value": "portal-orders-prod"}]
    lag = alarms["portal-notifications-prod-relay_events-iterator-age"]
    assert (lag["MetricName"], lag["Statistic"], lag["Threshold"]) == ("IteratorAge", "Maximum", 300_000)
    dead = alarms["portal-prod-undelivered"]
    assert dead["Dimensions"] == [{"Name": "QueueName", "Value": "portal-prod-notifications-dlq"}]
    assert alarms["portal-prod-server-errors"]["Namespace"] == metric_namespace("prod") == "CustomerPortal/prod"
    assert all(a["AlarmActions"] == [TOPIC] and a["OKActions"] == [TOPIC] for a in alarms.values())


def test_cfn_lint_accepts_the_template(tmp_path: Path) -> None:
    path = tmp_path / "alarms.json"
    path.write_text(json.dumps(alarms_template("dev", FUNCTIONS, TOPIC, "portal-dev-notifications-dlq")))

    linted = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(path)], capture_output=True, text=True, check=False
    )

    assert linted.returncode == 0, linted.stdout + linted.stderr
