"""Merging people: the mentions of one person, under the fullest name."""

from __future__ import annotations

from collections.abc import Sequence

from vestnik.enrichment.entities.person_names import _SURNAME_STEM, PersonName, name_person
from vestnik.enrichment.entities.records import Entity, Found, Mention
from vestnik.enrichment.entities.text import _SPACES, _fold

__all__ = ["merge_people"]


def _surname_key(last: str) -> str:
    return _SURNAME_STEM.sub("", _fold(last))


def _order(mention: Mention) -> tuple[int, int]:
    """Sort key of a mention: the title comes before the body."""
    return (0 if mention.field == "title" else 1, mention.start)


def _nearest(groups: Sequence[Sequence[Mention]], mention: Mention) -> int:
    """Pick the group a partial mention refers to: the last one named before it.

    Journalists introduce a person in full and then use the surname, so «Смирнов»
    after «Иван Смирнов» is Иван even if «Алексей Смирнов» came earlier; a surname
    before any full name («Путин заявил...») goes to the first one named after it.
    The same goes for an organisation's abbreviation (merge_abbreviations).
    """
    here = _order(mention)

    def last_before(index: int) -> tuple[int, int]:
        before = [_order(m) for m in groups[index] if _order(m) < here]
        return max(before) if before else (-1, -1)

    preceding = [index for index in range(len(groups)) if last_before(index) >= (0, 0)]
    if preceding:
        return max(preceding, key=last_before)
    return min(range(len(groups)), key=lambda index: min(_order(m) for m in groups[index]))


def _mentions(members: Sequence[tuple[Mention, PersonName]]) -> list[Mention]:
    return [mention for mention, _ in members]


def _cluster_name(members: Sequence[tuple[Mention, PersonName]]) -> str:
    names = [name for _, name in sorted(members, key=lambda member: _order(member[0]))]
    full = [name for name in names if name.first and not name.first.endswith(".")]
    first = next((name.first for name in full), None) or next(
        (name.first for name in names if name.first), None
    )
    middle = next(
        (name.middle for name in names if name.middle and not name.middle.endswith(".")), None
    )
    if middle is None and first and first.endswith("."):
        middle = next((name.middle for name in names if name.middle), None)
    # The surname as a full mention writes it: its gender comes from the first name.
    last = next((name.last for name in full if name.last), None) or next(
        (name.last for name in names if name.last), None
    )
    return PersonName(first, middle, last).full


def merge_people(found: Sequence[Found]) -> list[Entity]:
    """Group person mentions into people (see _nearest for partial mentions).

    Full mentions (first name and surname) with the same surname and first name are
    one person, whatever the patronymic; initials join the full name they abbreviate;
    a bare surname or a bare first name joins the person named last before it.
    """
    named = sorted(
        ((item.mention, name_person(item.words)) for item in found),
        key=lambda pair: _order(pair[0]),
    )
    clusters: list[list[tuple[Mention, PersonName]]] = []
    keys: dict[tuple[str, str], int] = {}

    def add(key: tuple[str, str], member: tuple[Mention, PersonName]) -> None:
        if key not in keys:
            keys[key] = len(clusters)
            clusters.append([])
        clusters[keys[key]].append(member)

    def full_key(name: PersonName) -> tuple[str, str] | None:
        if name.first and name.last and not name.first.endswith("."):
            return _surname_key(name.last), _fold(name.first)
        return None

    partial: list[tuple[Mention, PersonName]] = []
    for mention, name in named:
        key = full_key(name)
        if key is not None:
            add(key, (mention, name))
        else:
            partial.append((mention, name))
    for mention, name in partial:
        if name.last:
            stem = _surname_key(name.last)
            candidates = [
                index
                for (key_stem, key_first), index in keys.items()
                if key_stem == stem
                and (not name.first or key_first.startswith(_fold(name.first).rstrip(".")))
            ]
            # The same gender first: «Петрова» is Мария Петрова rather than Иван Петров.
            same_gender = [
                index
                for index in candidates
                if any(
                    other.last and _fold(other.last) == _fold(name.last)
                    for _, other in clusters[index]
                )
            ]
            pool = same_gender or candidates
            if pool:
                clusters[pool[_nearest([_mentions(clusters[i]) for i in pool], mention)]].append(
                    (mention, name)
                )
                continue
            add((stem, _fold(name.first or "")), (mention, name))
        elif name.first:
            first = _fold(name.first)
            pool = [index for (_, key_first), index in keys.items() if key_first == first]
            if pool:
                clusters[pool[_nearest([_mentions(clusters[i]) for i in pool], mention)]].append(
                    (mention, name)
                )
                continue
            add(("", first), (mention, name))
        else:
            add(("", _fold(mention.text)), (mention, name))
    return [
        Entity(
            "person",
            _cluster_name(members) or _SPACES.sub(" ", members[0][0].text),
            tuple(sorted((mention for mention, _ in members), key=_order)),
        )
        for members in clusters
    ]
