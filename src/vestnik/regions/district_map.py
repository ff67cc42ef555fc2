"""The districts' outlines as SVG paths, for the map drawn on the server.

Pure: no Django. Reads the simplified data file (``map_data``) once, and draws a set of
districts (the whole city, or one okrug's) in its own frame: longitude scaled by the cosine
of the latitude, north up, the larger side ``FRAME`` units long, coordinates rounded to whole
units and written relative to the previous point, which keeps the city's map small.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from .map_data import CENTRE_LATITUDE, MAP_DATA_PATH

__all__ = [
    "FRAME",
    "SHADES",
    "DistrictOutline",
    "DistrictShape",
    "MapFrame",
    "district_outlines",
    "draw",
    "shade_of",
]

FRAME = 900  # units along the map's longer side
MARGIN = 4  # units of empty border, so the outermost strokes are not cut off
# The map's classes: (fewest, most) stories of a district in the window, most None for no
# limit, with the legend's words. Fixed steps, not quantiles: a reader comparing two visits
# sees the same colour mean the same thing.
SHADES = ((0, 0, "нет"), (1, 2, "1–2"), (3, 5, "3–5"), (6, 10, "6–10"), (11, None, "11 и больше"))


def shade_of(count: int) -> int:
    """The class of a district with ``count`` stories: 0 for none … 4 for the most.

    >>> [shade_of(n) for n in (0, 1, 3, 10, 11, 500)]
    [0, 1, 2, 3, 4, 4]
    """
    return next(index for index, (_, most, _) in enumerate(SHADES) if most is None or count <= most)


@dataclass(frozen=True)
class DistrictOutline:
    """A district as the data file has it: OKATO code, name, okrug, neighbours, rings."""

    okato: str
    name: str
    okrug: str
    neighbours: tuple[str, ...]
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]


@dataclass(frozen=True)
class DistrictShape:
    okato: str
    name: str
    path: str  # an SVG path's ``d``


@dataclass(frozen=True)
class MapFrame:
    width: int
    height: int
    shapes: tuple[DistrictShape, ...]


@cache
def district_outlines() -> tuple[DistrictOutline, ...]:
    """Every district of the data file, read once per process."""
    data = json.loads(MAP_DATA_PATH.read_text(encoding="utf-8"))
    return tuple(
        DistrictOutline(
            okato=feature["properties"]["okato"],
            name=feature["properties"]["name"],
            okrug=feature["properties"]["okrug"],
            neighbours=tuple(feature["properties"]["neighbours"]),
            polygons=tuple(
                tuple(tuple((x, y) for x, y in ring) for ring in polygon)
                for polygon in feature["geometry"]["coordinates"]
            ),
        )
        for feature in data["features"]
    )


@cache
def draw(okrug: str | None = None) -> MapFrame:
    """The districts of ``okrug`` (its abbreviation, «СВАО»), or of the whole city, fitted
    into one frame. Cached: the outlines never change while a process runs."""
    outlines = [o for o in district_outlines() if okrug is None or o.okrug == okrug]
    scale_x = math.cos(math.radians(CENTRE_LATITUDE))
    points = [
        (x * scale_x, y)
        for outline in outlines
        for polygon in outline.polygons
        for ring in polygon
        for x, y in ring
    ]
    if not points:
        return MapFrame(0, 0, ())
    left, right = min(x for x, _ in points), max(x for x, _ in points)
    bottom, top = min(y for _, y in points), max(y for _, y in points)
    units = (FRAME - 2 * MARGIN) / max(right - left, top - bottom)

    def place(x: float, y: float) -> tuple[int, int]:
        return round((x * scale_x - left) * units) + MARGIN, round((top - y) * units) + MARGIN

    shapes = tuple(
        DistrictShape(
            outline.okato,
            outline.name,
            " ".join(
                ring_path([place(x, y) for x, y in ring])
                for polygon in outline.polygons
                for ring in polygon
            ),
        )
        for outline in outlines
    )
    width = round((right - left) * units) + 2 * MARGIN
    height = round((top - bottom) * units) + 2 * MARGIN
    return MapFrame(width, height, shapes)


def ring_path(points: list[tuple[int, int]]) -> str:
    """«M12 30l5-2 0 7z»: the first point absolute, the others relative, repeats dropped.

    >>> ring_path([(12, 30), (17, 28), (17, 28), (17, 35), (12, 30)])
    'M12 30l5-2 0 7z'
    """
    start = points[0]
    steps: list[str] = []
    previous = start
    for point in points[1:-1]:  # the closing point is the start again: ``z`` draws it
        if point != previous:
            dx, dy = point[0] - previous[0], point[1] - previous[1]
            steps.append(f"{dx} {dy}".replace(" -", "-"))
            previous = point
    return f"M{start[0]} {start[1]}l" + " ".join(steps).replace(" -", "-") + "z"
