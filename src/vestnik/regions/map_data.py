"""The map's data file: Moscow's district boundaries simplified, with each district's neighbours.

Pure: no Django. ``build_map_data`` turns the source GeoJSON (``../shared/data/
moscow_districts.geojson``, see ``data/NOTICE.md``) into the file the map is drawn from,
``data/moscow_districts_map.geojson``; the ``simplify_districts`` command writes it, and the
same source always gives the same bytes.
"""

import json
import math
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from .neighbours import neighbours
from .simplify import Point, simplify_rings

__all__ = ["MAP_DATA_PATH", "TOLERANCE_METRES", "build_map_data", "dump_map_data"]

MAP_DATA_PATH = Path(__file__).resolve().parent / "data" / "moscow_districts_map.geojson"
# How far a simplified border may stray from the surveyed one. At the width the city map is
# drawn (about 900 units for 60 km) one unit is some 65 m: finer detail is not seen, and the
# drawn map of all 125 districts stays well under 60 KB.
TOLERANCE_METRES = 60.0
METRES_PER_DEGREE = 111_320.0
CENTRE_LATITUDE = 55.75  # where a degree of longitude is measured for the simplification


def build_map_data(source: dict[str, Any], tolerance_metres: float = TOLERANCE_METRES) -> dict:
    """The source's features with simplified MultiPolygons, each with a ``neighbours`` list
    (OKATO codes of the districts sharing a border with it, from the unsimplified data)."""
    features = sorted(source["features"], key=lambda feature: feature["properties"]["okato"])
    rings: list[tuple[Hashable, list[Point]]] = []
    for feature in features:
        okato = feature["properties"]["okato"]
        for polygon in feature["geometry"]["coordinates"]:
            rings.extend((okato, [(x, y) for x, y in ring]) for ring in polygon)
    around = neighbours(rings)
    # Simplify where a metre east is a metre north; the points kept are the source's own.
    scale = math.cos(math.radians(CENTRE_LATITUDE))
    unprojected = {(x * scale, y): (x, y) for _, ring in rings for x, y in ring}
    projected = [(owner, [(x * scale, y) for x, y in ring]) for owner, ring in rings]
    simplified = iter(simplify_rings(projected, tolerance_metres / METRES_PER_DEGREE))
    result = []
    for feature in features:
        okato = feature["properties"]["okato"]
        polygons = [
            [[list(unprojected[point]) for point in next(simplified)] for _ in polygon]
            for polygon in feature["geometry"]["coordinates"]
        ]
        properties = dict(feature["properties"], neighbours=sorted(map(str, around[okato])))
        result.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {"type": "FeatureCollection", "features": result}


def dump_map_data(data: dict) -> str:
    """The file's text: one feature a line, so a change to one district is a one-line diff."""
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        for feature in data["features"]
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
