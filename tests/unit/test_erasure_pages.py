"""How an erasure step walks its lists (core.erasure_pages): one page a call, a parent's own list
between two pages of its walk, and the person's details found however they were written."""

from functions.core.erasure import ERASED_PERSON, Subject
from functions.core.erasure_pages import LastKey, Walk, Walked, mentions, scrubbed, walk_step

DANA = Subject("c1", "Dana Demo", "demo@example.com", "+15555550100", ("a1",), ("a1",))


def _paged(name: str, pages: int, parents: dict[int, tuple[str, ...]], done: list[str]) -> Walk:
    """A walk of `pages` pages, naming the parents given per page; each read lands in `done`."""

    def page(after: LastKey | None) -> Walked:
        at = int(after["page"]) if after else 0
        done.append(f"{name}{at}")
        return Walked(after={"page": at + 1} if at + 1 < pages else None, parents=parents.get(at, ()), kept={name: 1})

    def child(parent: str, after: LastKey | None) -> LastKey | None:
        at = int(after["page"]) if after else 0
        done.append(f"{parent}.{at}")
        return {"page": at + 1} if at == 0 else None  # every parent's list: two pages

    return Walk(page, child)


def _to_end(walks: list[Walk]) -> tuple[int, dict[str, int]]:
    calls, kept, cursor = 0, dict[str, int](), None
    while True:
        step = walk_step(walks, cursor)
        calls += 1
        for kind, count in step.kept.items():
            kept[kind] = kept.get(kind, 0) + count
        if step.next_cursor is None:
            return calls, kept
        cursor = step.next_cursor


def test_each_call_reads_one_page_and_a_parents_list_comes_before_the_next_page() -> None:
    done: list[str] = []
    walks = [_paged("t", 2, {0: ("x", "y"), 1: ("z",)}, done), _paged("c", 1, {}, done)]

    calls, kept = _to_end(walks)

    assert done == ["t0", "x.0", "x.1", "y.0", "y.1", "t1", "z.0", "z.1", "c0"]
    assert calls == len(done)
    assert kept == {"t": 2, "c": 1}


def test_a_walk_with_nothing_in_it_is_one_call_and_no_walks_is_done_at_once() -> None:
    done: list[str] = []
    assert _to_end([_paged("t", 1, {}, done)]) == (1, {"t": 1})
    assert walk_step([], None).next_cursor is None


def test_a_cursor_run_again_does_the_same_page_again() -> None:
    done: list[str] = []
    walks = [_paged("t", 3, {}, done)]
    first = walk_step(walks, None).next_cursor
    walk_step(walks, first)
    walk_step(walks, first)  # a run cut short before its cursor was recorded
    assert done == ["t0", "t1", "t1"]


def test_the_persons_details_are_found_and_replaced_in_any_case() -> None:
    text = "Call DANA DEMO at Demo@Example.com or +15555550100; dana alone is someone else"
    assert mentions(text, DANA)
    assert (
        scrubbed(text, DANA)
        == f"Call {ERASED_PERSON} at {ERASED_PERSON} or {ERASED_PERSON}; dana alone is someone else"
    )
    assert not mentions("Dana Demo", DANA, with_name=False)
    assert not mentions(None, DANA)


def test_no_mobile_is_no_empty_needle() -> None:
    nobody = Subject("c2", "Ann", "ann@example.com", None, (), ())
    assert not mentions("any text at all", nobody)
    assert scrubbed("any text", nobody) == "any text"
