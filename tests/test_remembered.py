"""``vestnik.remembered``: a value is read once per purge generation, and every request reads
it afresh while no generation is known."""

from types import SimpleNamespace

from vestnik.remembered import GENERATION_ATTRIBUTE, UntilPurge


def request_at(generation: object) -> SimpleNamespace:
    return SimpleNamespace(**{GENERATION_ATTRIBUTE: generation})


def test_a_value_is_read_once_per_generation_and_again_when_it_moves():
    reads: list[str] = []
    remembered: UntilPurge[str] = UntilPurge()

    def read(value: str):  # type: ignore[no-untyped-def]
        return lambda: reads.append(value) or value

    assert remembered.get(request_at("7"), "site-1", read("first")) == "first"
    assert remembered.get(request_at("7"), "site-1", read("second")) == "first"
    assert remembered.get(request_at("7"), "site-2", read("other")) == "other"
    assert remembered.get(request_at("8"), "site-1", read("after purge")) == "after purge"
    assert reads == ["first", "other", "after purge"]


def test_nothing_is_remembered_without_a_generation_or_after_forget():
    remembered: UntilPurge[int] = UntilPurge()
    counter = iter(range(10))
    assert remembered.get(request_at(None), "k", lambda: next(counter)) == 0
    assert remembered.get(SimpleNamespace(), "k", lambda: next(counter)) == 1
    assert remembered.get(request_at("1"), "k", lambda: next(counter)) == 2
    remembered.forget()
    assert remembered.get(request_at("1"), "k", lambda: next(counter)) == 3


def test_a_request_without_a_generation_forgets_what_was_remembered():
    """The store did not answer: a purge may have passed unseen, so the old generation's values
    are read again even when the store comes back with that generation."""
    remembered: UntilPurge[int] = UntilPurge()
    counter = iter(range(10))
    assert remembered.get(request_at("1"), "k", lambda: next(counter)) == 0
    assert remembered.get(request_at(None), "k", lambda: next(counter)) == 1
    assert remembered.get(request_at("1"), "k", lambda: next(counter)) == 2
    assert remembered.at("1", "k", lambda: next(counter)) == 2
