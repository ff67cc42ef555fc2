"""Simplifying the district boundaries for the map without opening gaps between neighbours.

Pure: no Django. Two districts that share a border share its vertices in the source data
(both come from the same OpenStreetMap ways), so the border is cut into *chains* at the
points where the set of districts owning a vertex changes (three districts meet, the city's
edge begins), and each chain is simplified once, by Douglas–Peucker, with its two ends kept.
The same chain in the neighbour's ring, walked the other way, is looked up in the same
memo, so both districts draw exactly the same simplified border. (The idea of simplifying
shared arcs once is TopoJSON's; mapshaper does the same.)
"""

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence

__all__ = ["Point", "Ring", "douglas_peucker", "simplify_rings"]

Point = tuple[float, float]
Ring = list[Point]  # closed: the last point repeats the first


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The polyline with the points whose removal would move it by no more than
    ``tolerance``; both ends always stay.

    >>> douglas_peucker([(0, 0), (1, 0.1), (2, 0)], 0.5)
    [(0, 0), (2, 0)]
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # an explicit stack: a long straight border must not exhaust recursion
        first, last = stack.pop()
        farthest, distance = first, -1.0
        for index in range(first + 1, last):
            d = distance_to_segment(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length_squared = dx * dx + dy * dy
    if length_squared == 0:  # a closed chain: its ends are one point
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify_rings(rings: Sequence[tuple[Hashable, Ring]], tolerance: float) -> list[Ring]:
    """Each ring simplified, a border shared by two rings simplified the same way in both.

    ``rings``: (owner, closed ring) pairs; the owner (a district's name) says which rings
    belong to one shape, since a district's own rings do not border each other. A ring that
    would shrink below a triangle is kept as it was.
    """
    owners: dict[Point, set[Hashable]] = defaultdict(set)
    for owner, ring in rings:
        for point in ring:
            owners[point].add(owner)
    memo: dict[tuple[Point, ...], list[Point]] = {}
    result = []
    for _, ring in rings:
        simplified = [
            point
            for chain in chains_of(ring[:-1], owners)
            for point in simplify_chain(chain, tolerance, memo)[:-1]
        ]
        result.append([*simplified, simplified[0]] if len(simplified) >= 3 else list(ring))
    return result


def chains_of(points: Ring, owners: dict[Point, set[Hashable]]) -> list[list[Point]]:
    """The ring (without its closing point) cut at its junctions: each chain runs from one
    junction to the next, the last one back to the first. A ring with no junction (an island,
    an enclave) becomes one chain from its smallest point round to it again."""
    count = len(points)
    junctions = [
        index
        for index in range(count)
        if owners[points[index]] != owners[points[index - 1]]
        or owners[points[index]] != owners[points[(index + 1) % count]]
    ]
    if not junctions:
        start = points.index(min(points))
        rotated = points[start:] + points[:start]
        return [[*rotated, rotated[0]]]
    chains = []
    for first, last in zip(junctions, [*junctions[1:], junctions[0] + count], strict=True):
        chains.append([points[index % count] for index in range(first, last + 1)])
    return chains


def simplify_chain(
    chain: list[Point], tolerance: float, memo: dict[tuple[Point, ...], list[Point]]
) -> list[Point]:
    """Simplify the chain in one canonical direction, so its neighbour's copy, walked the
    other way, comes out the same."""
    forward, backward = tuple(chain), tuple(reversed(chain))
    key = min(forward, backward)
    if key not in memo:
        memo[key] = douglas_peucker(key, tolerance)
    simplified = memo[key]
    return simplified if key == forward else simplified[::-1]
