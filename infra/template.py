"""Reading infra/*.yaml: the one definition of the portal's resources.

The templates use only long-form intrinsics (Fn::Sub, Fn::GetAtt, Ref) so that plain YAML
reads them; `resolve` evaluates the few intrinsics the local stack needs.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

INFRA_DIR = Path(__file__).resolve().parent
STATEFUL_TEMPLATE = INFRA_DIR / "stateful.yaml"
EDGE_TEMPLATE = INFRA_DIR / "edge.yaml"

_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


class Unresolved(LookupError):
    """An intrinsic names a resource that does not exist yet."""


def load(path: Path = STATEFUL_TEMPLATE) -> dict[str, Any]:
    with path.open() as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


def resolve(value: Any, lookup: Callable[[str, str | None], Any], conditions: dict[str, bool]) -> Any:
    """Evaluate Ref, Fn::GetAtt, Fn::Sub, Fn::If and Fn::Equals; `lookup(name, attribute)`."""
    if isinstance(value, list):
        return [resolve(item, lookup, conditions) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref":
            return lookup(arg, None)
        if key == "Fn::GetAtt":
            name, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
            return lookup(name, attribute)
        if key == "Fn::Sub":
            return _SUB_VARIABLE.sub(lambda m: str(_sub_variable(m.group(1), lookup)), arg)
        if key == "Fn::If":
            condition, when_true, when_false = arg
            return resolve(when_true if conditions[condition] else when_false, lookup, conditions)
        if key == "Fn::Equals":
            left, right = resolve(arg, lookup, conditions)
            return left == right
    return {key: resolve(item, lookup, conditions) for key, item in value.items()}


def _sub_variable(name: str, lookup: Callable[[str, str | None], Any]) -> Any:
    if "." in name and not name.startswith("AWS::"):
        resource, attribute = name.split(".", 1)
        return lookup(resource, attribute)
    return lookup(name, None)
