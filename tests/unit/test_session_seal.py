"""The session seal: whose session, which one, and the sign-out generation it began in."""

from functions.core.tokens import open_seal, seal_session

_KEY = b"k" * 32
_SESSION = "01JSESSION0000000000000000"


def test_a_seal_vouches_for_its_session_and_generation_and_its_owner_only() -> None:
    seal = seal_session("01PERSON", 3, _SESSION, _KEY)
    principal, generation, session_id, mac = seal.split(".")

    opened = open_seal(seal, "01PERSON", _KEY)

    assert opened is not None
    assert (opened.generation, opened.session_id) == (3, _SESSION)
    assert open_seal(seal, "01OTHER", _KEY) is None
    assert open_seal(seal, "01PERSON", b"o" * 32) is None
    assert open_seal(f"{principal}.4.{session_id}.{mac}", "01PERSON", _KEY) is None
    assert open_seal(f"{principal}.{generation}.01JSESSION0000000000000001.{mac}", "01PERSON", _KEY) is None
    assert open_seal("garbage", "01PERSON", _KEY) is None


def test_no_seal_and_a_seal_from_before_sessions_are_refused() -> None:
    """Before sessions, a seal was principal.generation.mac, and no seal counted as generation
    0; neither names a session that could be revoked on its own, so both are refused."""
    old = seal_session("01PERSON", 0, _SESSION, _KEY).split(".")

    assert open_seal(None, "01PERSON", _KEY) is None
    assert open_seal("", "01PERSON", _KEY) is None
    assert open_seal(f"{old[0]}.{old[1]}.{old[3]}", "01PERSON", _KEY) is None


def test_a_session_id_that_is_not_one_of_ours_is_refused_even_if_signed() -> None:
    seal = seal_session("01PERSON", 0, "not-a-ulid", _KEY)

    assert open_seal(seal, "01PERSON", _KEY) is None
