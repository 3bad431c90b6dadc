"""Which sessions a new sign-in pushes off the person's record (functions.auth.sessions)."""

from functions.auth.sessions import MAX_SESSIONS, _ending
from functions.core.principal import Principal

NOW = 1_800_000_000


def _person(sessions: list[tuple[str, int]]) -> Principal:
    return Principal("01PERSON", "customer", "Léa", "lea@example.com", None, "fr", True, 0, sessions=tuple(sessions))


def test_ended_sessions_and_the_one_replaced_go_and_the_live_stay() -> None:
    person = _person([("ended", NOW), ("live", NOW + 1), ("this-browser", NOW + 600)])

    assert sorted(_ending(person, NOW, "this-browser")) == ["ended", "this-browser"]


def test_at_the_cap_the_session_closest_to_its_end_makes_room() -> None:
    full = [(f"s{n:02d}", NOW + 1000 + n) for n in range(MAX_SESSIONS)]

    assert _ending(_person(full), NOW, None) == ["s00"]
    assert _ending(_person(full[:-1]), NOW, None) == []  # one under the cap: room for the new one
