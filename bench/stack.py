"""The portal's resources on in-process moto, for benches that call services directly."""

import os
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from botocore.client import BaseClient
from moto import mock_aws

from functions.core import clients, secrets
from functions.core.settings import get_settings
from infra.outputs import app_environment
from local.resources import LocalStack


@contextmanager
def moto_portal(stack_name: str, **environment: str) -> Iterator[dict[str, str]]:
    """The stack made from infra/stateful.yaml and the app's environment for it (plus
    `environment`); yields the stack's outputs."""
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    os.environ.pop("AWS_ENDPOINT_URL", None)
    with mock_aws():
        clients.reset()
        session = clients.session()
        parameters = {"Stage": "dev", "SenderEmail": "p@example.com", "WebOrigin": "http://127.0.0.1"}
        outputs = LocalStack(session, stack_name, parameters).create()
        os.environ.update(
            app_environment(
                outputs,
                stage="local",
                sender_email="p@example.com",
                business_name="Bench",
                auth_backend="local",  # moto runs no Cognito triggers
            )
        )
        os.environ.update(environment)
        get_settings.cache_clear()
        secrets.forget()
        yield outputs


def round_trips(action: Callable[[], Any]) -> tuple[float, int]:
    """(milliseconds, DynamoDB calls) of one run of `action`. Calls are counted below every
    client (pynamodb keeps one per model), at botocore's one door to AWS."""
    calls = 0
    original = BaseClient._make_api_call  # type: ignore[attr-defined]  # private: botocore-stubs omit it

    def counted(self: BaseClient, operation: str, params: Any) -> Any:
        nonlocal calls
        if self.meta.service_model.service_name == "dynamodb":
            calls += 1
        return original(self, operation, params)

    BaseClient._make_api_call = counted  # type: ignore[attr-defined]
    try:
        began = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        BaseClient._make_api_call = original  # type: ignore[attr-defined]
    return elapsed, calls


Pages = dict[str, dict[str, Callable[[], Any]]]  # history label -> page name -> one read of it


def alternating(pages: Pages, samples: int) -> dict[str, dict[str, tuple[float, int]]]:
    """page -> history -> (median ms, most DynamoDB calls), each page read `samples` times per
    history, the histories taken in turn (short, long, short, long...), never one after another."""
    labels = list(pages)
    runs: dict[str, dict[str, list[tuple[float, int]]]] = {
        name: {label: [] for label in labels} for name in pages[labels[0]]
    }
    for _ in range(samples):
        for name in runs:
            for label in labels:
                runs[name][label].append(round_trips(pages[label][name]))
    return {
        name: {label: (statistics.median(t for t, _ in each), max(c for _, c in each)) for label, each in by.items()}
        for name, by in runs.items()
    }


def ratios_report(
    title: str,
    results: Mapping[str, Mapping[str, tuple[float, float]]],
    width: int = 30,
    labels: tuple[str, str] = ("short", "long"),
    counted: str = "DynamoDB call(s)",
) -> list[str]:
    """One line a page: the baseline's and the other's milliseconds (`labels`, baseline first),
    the other's ratio to the baseline, and what each counted (`counted`)."""
    baseline, other = labels
    lines = [title]
    for name, by_label in results.items():
        (s_ms, s_calls), (l_ms, l_calls) = by_label[baseline], by_label[other]
        times = f"{s_ms:6.1f} ms / {l_ms:6.1f} ms   {l_ms / s_ms:.2f}x"
        lines.append(f"  {name:{width}} {times}   {s_calls:g} / {l_calls:g} {counted}")
    return lines
