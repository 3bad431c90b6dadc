"""CloudFormation stacks, deployed so that running the deploy again is always safe.

- A stack whose first create failed (ROLLBACK_COMPLETE) cannot be updated, only deleted: it is
  deleted and created again. Its data stores are `RetainExceptOnCreate`, so the failed create
  left no fixed-name table or bucket behind to block the retry.
- A parameter the caller does not give keeps the stack's current value (UsePreviousValue), so
  a redeploy never resets what a later step of the last deploy set (the portal's origin).
- "No updates are to be performed" is the normal answer of a redeploy, not an error.
"""

from dataclasses import dataclass
from typing import Any

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]
# Statuses a stack settles in; anything else is a change still under way.
_FAILED_FIRST_CREATE = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED"}
_NO_CHANGE = "No updates are to be performed"


@dataclass(frozen=True)
class StackState:
    """What a stack is now: its status (None: there is none), outputs and parameters."""

    status: str | None
    outputs: dict[str, str]
    parameters: dict[str, str]

    @property
    def exists(self) -> bool:
        return self.status is not None and self.status not in _FAILED_FIRST_CREATE


def stack_state(cfn: Any, name: str) -> StackState:
    """The stack as CloudFormation has it; a stack that does not exist has no status."""
    try:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    except cfn.exceptions.ClientError as exc:
        if "does not exist" in str(exc):
            return StackState(None, {}, {})
        raise
    return StackState(
        stack["StackStatus"],
        {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
        {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])},
    )


def stack_outputs(cfn: Any, name: str) -> dict[str, str]:
    """A stack's outputs, or nothing if it does not exist (yet)."""
    return stack_state(cfn, name).outputs


def _parameters(template_parameters: dict[str, Any], given: dict[str, str], state: StackState) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    for key in template_parameters:
        if key in given:
            listed.append({"ParameterKey": key, "ParameterValue": given[key]})
        elif state.exists and key in state.parameters:
            listed.append({"ParameterKey": key, "UsePreviousValue": True})
    unknown = sorted(set(given) - set(template_parameters))
    if unknown:
        raise KeyError(f"the template has no parameter {', '.join(unknown)}")
    return listed


def deploy_stack(
    cfn: Any, name: str, template_body: str, template_parameters: dict[str, Any], parameters: dict[str, str]
) -> dict[str, str]:
    """Create or update one stack, wait for it, return its outputs.

    template_parameters: the template's Parameters section (which keys it takes)."""
    state = stack_state(cfn, name)
    if state.status is not None and not state.exists:
        delete_stack(cfn, name)
        state = StackState(None, {}, {})
    args = {
        "StackName": name,
        "TemplateBody": template_body,
        "Parameters": _parameters(template_parameters, parameters, state),
        "Capabilities": CAPABILITIES,
    }
    if not state.exists:
        cfn.create_stack(**args)
        cfn.get_waiter("stack_create_complete").wait(StackName=name)
    else:
        try:
            cfn.update_stack(**args)
        except cfn.exceptions.ClientError as exc:
            if _NO_CHANGE not in str(exc):
                raise
        else:
            cfn.get_waiter("stack_update_complete").wait(StackName=name)
    return stack_outputs(cfn, name)


def delete_stack(cfn: Any, name: str) -> bool:
    """Delete a stack and wait until it is gone; False if there was none."""
    if stack_state(cfn, name).status is None:
        return False
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(StackName=name)
    return True
