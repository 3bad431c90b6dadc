"""The stage's alarms: a CloudFormation template written from what the deploy just deployed.

Stack `portal-<stage>-alarms`, deployed after the apps (the alarms name their functions) and
removed with them; the topic the alarms go to is the stateful stack's (AlarmTopic), so an
e-mail subscription confirmed once outlives `make destroy`. Written in Python rather than
YAML because its resources are one pair per function, and the functions are the apps'.

- every function: any error or throttle in five minutes;
- the stream relay: its iterator age over five minutes (events waiting to be told);
- the notifications dead-letter queue: any message (an event, or a batch of table changes,
  nobody was told of);
- the exports dead-letter queue: any message (a step of an account's data export that failed
  every try: that export is failed);
- the APIs: any reply of 500 or more, counted from the API functions' logs (API Gateway's
  own metrics are by API name, which both stages share): functions.core.http.SERVER_ERROR_LOG.
"""

import re
from typing import Any

# The metric the deploy's log metric filters count SERVER_ERROR_LOG lines in (steps.keep_logs).
SERVER_ERROR_METRIC = "ServerErrors"
ITERATOR_AGE_LIMIT_MS = 5 * 60 * 1000
RELAY = "relay_events"


def metric_namespace(stage: str) -> str:
    return f"CustomerPortal/{stage}"


def _logical_id(*parts: str) -> str:
    return "".join(word.capitalize() for part in parts for word in re.split(r"[^A-Za-z0-9]+", part) if word)


def _alarm(name: str, description: str, topic_arn: str, metric: dict[str, Any], threshold: float) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmName": name,
            "AlarmDescription": description,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Threshold": threshold,
            "EvaluationPeriods": 1,
            "Period": 300,
            "TreatMissingData": "notBreaching",
            "AlarmActions": [topic_arn],
            "OKActions": [topic_arn],
            **metric,
        },
    }


def _lambda_metric(metric: str, function_name: str, statistic: str = "Sum") -> dict[str, Any]:
    return {
        "Namespace": "AWS/Lambda",
        "MetricName": metric,
        "Dimensions": [{"Name": "FunctionName", "Value": function_name}],
        "Statistic": statistic,
    }


def _queue_not_empty(queue: str) -> dict[str, Any]:
    return {
        "Namespace": "AWS/SQS",
        "MetricName": "ApproximateNumberOfMessagesVisible",
        "Dimensions": [{"Name": "QueueName", "Value": queue}],
        "Statistic": "Maximum",
    }


def alarms_template(
    stage: str,
    function_names: dict[str, str],
    topic_arn: str,
    dead_letter_queue: str,
    exports_dead_letter_queue: str | None = None,
) -> dict[str, Any]:
    """The stack's template. function_names: the deploy's name for each function -> its
    Lambda function name; the dead-letter queues by name (the notifications', the exports')."""
    resources: dict[str, Any] = {}
    for function, name in sorted(function_names.items()):
        resources[_logical_id(function, "errors")] = _alarm(
            f"{name}-errors",
            f"{function} failed (unhandled error) at least once",
            topic_arn,
            _lambda_metric("Errors", name),
            1,
        )
        resources[_logical_id(function, "throttles")] = _alarm(
            f"{name}-throttles",
            f"{function} was throttled (concurrency limit)",
            topic_arn,
            _lambda_metric("Throttles", name),
            1,
        )
        if function == RELAY:
            resources["RelayIteratorAge"] = _alarm(
                f"{name}-iterator-age",
                "Table changes wait more than 5 minutes to be relayed",
                topic_arn,
                _lambda_metric("IteratorAge", name, "Maximum"),
                ITERATOR_AGE_LIMIT_MS,
            )
    resources["UndeliveredNotifications"] = _alarm(
        f"portal-{stage}-undelivered",
        "Notifications or table changes nobody was told of (the console lists them)",
        topic_arn,
        _queue_not_empty(dead_letter_queue),
        1,
    )
    if exports_dead_letter_queue:
        resources["FailedExports"] = _alarm(
            f"portal-{stage}-failed-exports",
            "A step of an account's data export failed every try (the export is failed)",
            topic_arn,
            _queue_not_empty(exports_dead_letter_queue),
            1,
        )
    resources["ServerErrors"] = _alarm(
        f"portal-{stage}-server-errors",
        "The API answered 500 or more",
        topic_arn,
        {"Namespace": metric_namespace(stage), "MetricName": SERVER_ERROR_METRIC, "Statistic": "Sum"},
        1,
    )
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Customer portal {stage}: alarms to the stage's alarm topic (written by infra/alarms.py).",
        "Resources": resources,
    }
