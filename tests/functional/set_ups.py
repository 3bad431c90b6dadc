"""The set-up every functional test repeats, made once per worker and replayed from then on.

Most tests start the same way: the stack's resources in a new moto account, the demo data, and
one or more people signed in. Made through the real services that costs about 1.5 s a test;
replayed it costs a few milliseconds. Each step (`SetUps.step`) is keyed by the steps before it
and the environment it runs in. The first test to reach a step runs it for real and saves
moto's whole state after it (pickled: every account, region and backend, as the step left
them) with what the step returned; a later test reaching the same step with the same steps
before it gets that state back instead. So a test sees exactly what a real set-up would have
left, down to the ids and the sent messages.

A step is replayed only when nothing else touched moto since the step before it (calls are
counted at moto's stubber) and the environment is the one it was saved in: a test's own
fixture that writes something, or changes a setting, between two steps runs every later step
for real. Saved state is dropped at the turn of each hour, since the sign-in rate limits count
in fixed hourly windows: a replayed sign-in counts in the window it was made in. A step is also
made again once it is older than half the shortest clock a replayed sign-in carries (paying
asks for a sign-in under ten minutes old): a replayed session is as fresh as a test expects.
"""

import copy
import hashlib
import io
import os
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric import rsa
from moto.core.base_backend import AccountSpecificBackend, BackendDict
from moto.core.botocore_stubber import BotocoreStubber
from moto.dynamodb.models.dynamo_type import LimitedSizeDict

from functions.auth.service import RECENT_SIGN_IN_SECONDS

T = TypeVar("T")
MAX_AGE_SECONDS = RECENT_SIGN_IN_SECONDS / 2
_LOCK, _RLOCK = type(threading.Lock()), type(threading.RLock())


class _Calls:
    """Every request moto answers in this process, counted."""

    made = 0

    @classmethod
    def install(cls) -> None:
        answer = BotocoreStubber.__call__

        def counted(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
            cls.made += 1
            return answer(self, event_name, request, **kwargs)

        BotocoreStubber.__call__ = counted  # type: ignore[method-assign]


class _StatePickler(pickle.Pickler):
    """moto's backends as bytes. A lock comes back as a new lock; Cognito's signing keys (one per
    user pool, never changed) are kept aside and come back as themselves, since loading a key
    costs more than all the rest; an item's attributes come back without moto checking their
    size again, one attribute at a time, as it does when they are written."""

    def __init__(self, file: io.BytesIO, keys: list[Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._keys = keys

    def persistent_id(self, obj: Any) -> int | None:
        if isinstance(obj, rsa.RSAPrivateKey):
            self._keys.append(obj)
            return len(self._keys) - 1
        return None

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is _LOCK:
            return threading.Lock, ()
        if type(obj) is _RLOCK:
            return threading.RLock, ()
        if type(obj) is LimitedSizeDict:
            return _attributes, (dict(obj),)
        return NotImplemented


class _StateUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, keys: list[Any]) -> None:
        super().__init__(file)
        self._keys = keys

    def persistent_load(self, pid: Any) -> Any:
        return self._keys[pid]


def _attributes(attributes: dict[str, Any]) -> LimitedSizeDict:
    item = LimitedSizeDict.__new__(LimitedSizeDict)
    dict.update(item, attributes)
    return item


@dataclass(frozen=True)
class _State:
    services: list[BackendDict[Any]]
    data: bytes
    keys: list[Any]


def _save() -> _State:
    services, keys = list(BackendDict._instances), []
    state = [{account: dict(regions) for account, regions in service.items()} for service in services]
    buffer = io.BytesIO()
    _StatePickler(buffer, keys).dump(state)
    return _State(services, buffer.getvalue(), keys)


def _restore(saved: _State) -> None:
    """moto as it was saved: its own reset first (every service dropped), then each service's
    accounts and regions put back as new copies."""
    BackendDict.reset()
    copies = _StateUnpickler(io.BytesIO(saved.data), saved.keys).load()
    for service, accounts in zip(saved.services, copies, strict=True):
        for account, regions in accounts.items():
            backend: AccountSpecificBackend[Any] = service[account]  # registers the service for the next reset
            dict.update(backend, regions)


def _environment() -> str:
    settings = sorted((k, v) for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST")  # pytest's, per test
    return hashlib.sha256(repr(settings).encode()).hexdigest()


@dataclass(frozen=True)
class _Saved:
    state: _State
    value: Any  # what the step returned, copied out to each test
    made_at: float  # time.monotonic()


class SetUps:
    def __init__(self) -> None:
        self._saved: dict[tuple[str, ...], _Saved] = {}
        self._hour = -1
        self._chain: tuple[str, ...] | None = None  # None: this test's set-up left the saved path
        self._calls_after_last_step = -1
        self.replayed = 0
        self.made = 0

    def begin(self) -> None:
        """A new test, in a new, empty moto account."""
        hour = int(time.time() // 3600)
        if hour != self._hour:
            self._saved.clear()
            self._hour = hour
        self._chain = ()
        self._calls_after_last_step = _Calls.made

    def step(self, name: str, make: Callable[[], T]) -> T:
        """What `make` returns, and moto as it leaves it: made now, or replayed."""
        key = None
        if self._chain is not None and _Calls.made == self._calls_after_last_step:
            key = (*self._chain, name, _environment())
        saved = self._saved.get(key) if key else None
        if saved is not None and time.monotonic() - saved.made_at > MAX_AGE_SECONDS:
            saved = None
        if saved is not None:
            _restore(saved.state)
            value: T = copy.deepcopy(saved.value)
            self.replayed += 1
        else:
            value = make()
            self.made += 1
            if key is not None:
                self._saved[key] = _Saved(_save(), copy.deepcopy(value), time.monotonic())
        self._chain = key
        self._calls_after_last_step = _Calls.made
        return value


_Calls.install()
SET_UPS = SetUps()  # this worker's
