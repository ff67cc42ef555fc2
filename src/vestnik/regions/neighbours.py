"""Which districts border which: the districts around a district, from their boundaries.

Pure: no Django. Neighbours share a stretch of border, and in the source data a shared border
is the same vertices in both districts (the same OpenStreetMap ways), so two districts are
neighbours when at least one boundary segment, taken either way round, belongs to both. Two
districts touching at a single point (a corner) are not neighbours.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

from .simplify import Point

__all__ = ["neighbours"]


def neighbours(rings: Iterable[tuple[Hashable, Sequence[Point]]]) -> dict[Hashable, set[Hashable]]:
    """For each owner of the (owner, closed ring) pairs, the owners whose rings share a
    segment with one of its rings."""
    segment_owners: dict[frozenset[Point], set[Hashable]] = defaultdict(set)
    result: dict[Hashable, set[Hashable]] = {}
    for owner, ring in rings:
        result.setdefault(owner, set())
        for start, end in zip(ring, ring[1:], strict=False):
            if start != end:
                segment_owners[frozenset((start, end))].add(owner)
    for owners in segment_owners.values():
        for owner in owners:
            result[owner] |= owners - {owner}
    return result
