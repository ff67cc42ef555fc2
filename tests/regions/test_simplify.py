"""The map's simplification (``regions.simplify``, pure) and the data file it made."""

import json
from pathlib import Path

import pytest

from vestnik.regions.map_data import MAP_DATA_PATH, build_map_data, dump_map_data
from vestnik.regions.neighbours import neighbours
from vestnik.regions.simplify import douglas_peucker, simplify_rings

SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "moscow_districts.geojson"


@pytest.mark.parametrize(
    ("points", "tolerance", "kept"),
    [
        # a bump smaller than the tolerance goes, a larger one stays
        ([(0, 0), (1, 0.1), (2, 0)], 0.5, [(0, 0), (2, 0)]),
        ([(0, 0), (1, 1), (2, 0)], 0.5, [(0, 0), (1, 1), (2, 0)]),
        # the ends always stay, whatever the tolerance
        ([(0, 0), (5, 5)], 100, [(0, 0), (5, 5)]),
        ([(0, 0), (1, 0), (2, 0), (3, 0)], 0, [(0, 0), (3, 0)]),
        # the farthest point splits the line, then each half is simplified
        (
            [(0, 0), (1, 2), (2, 0.1), (3, 0), (4, -2), (5, 0)],
            0.5,
            [(0, 0), (1, 2), (4, -2), (5, 0)],
        ),
        # a closed chain (its ends one point) keeps the point farthest from them
        ([(0, 0), (2, 0), (2, 2), (0, 0)], 0.1, [(0, 0), (2, 0), (2, 2), (0, 0)]),
    ],
)
def test_douglas_peucker(points, tolerance, kept):
    assert douglas_peucker(points, tolerance) == kept


def square(x0, y0, x1, y1, wobble=()):
    """A closed ring round the box, with extra points along its east side."""
    east = [(x1, y) for y in wobble]
    return [(x0, y0), (x1, y0), *east, (x1, y1), (x0, y1), (x0, y0)]


# shared borders: two squares side by side, their common side wobbling a little


def test_a_shared_border_is_simplified_the_same_way_on_both_sides():
    wobble = [0.2, 0.4, 0.6, 0.8]
    left = square(0, 0, 1, 1, wobble)
    left = [(x + (0.01 if x == 1 and 0 < y < 1 else 0), y) for x, y in left]
    # the right square walks the same border the other way round
    border = [p for p in left if p[0] >= 1]
    right = [(1, 0), (2, 0), (2, 1), (1, 1), *reversed(border[1:-1]), (1, 0)]
    a, b = simplify_rings([("a", left), ("b", right)], tolerance=0.05)
    shared_a = {p for p in a if p[0] >= 1 and p[0] < 1.5}
    shared_b = {p for p in b if p[0] < 1.5}
    assert shared_a == shared_b == {(1, 0), (1, 1)}


def test_corners_where_three_districts_meet_are_kept():
    # a T-junction at (1, 0.5): the point lies on a straight line, yet it must stay
    left = [(0, 0), (1, 0), (1, 0.5), (1, 1), (0, 1), (0, 0)]
    top_right = [(1, 0.5), (2, 0.5), (2, 1), (1, 1), (1, 0.5)]
    bottom_right = [(1, 0), (2, 0), (2, 0.5), (1, 0.5), (1, 0)]
    rings = [("a", left), ("b", top_right), ("c", bottom_right)]
    simplified = simplify_rings(rings, tolerance=10)
    assert (1, 0.5) in simplified[0]


def test_a_ring_never_shrinks_below_a_triangle():
    tiny = [(0, 0), (0.01, 0), (0.01, 0.01), (0, 0)]
    assert simplify_rings([("a", tiny)], tolerance=1) == [tiny]


def test_an_enclave_and_its_hole_stay_one_line():
    hole = [(1, 1), (1, 1.5), (1, 2), (2, 2), (2, 1), (1, 1)]
    outer = [(0, 0), (3, 0), (3, 3), (0, 3), (0, 0)]
    enclave = list(reversed(hole))
    rings = simplify_rings([("a", outer), ("a", hole), ("b", enclave)], tolerance=0.1)
    assert set(rings[1]) == set(rings[2])


# the data file


def test_the_data_file_has_all_districts_with_neighbours():
    data = json.loads(MAP_DATA_PATH.read_text(encoding="utf-8"))
    features = data["features"]
    assert len(features) == 125
    codes = {feature["properties"]["okato"] for feature in features}
    alone = set()
    for feature in features:
        around = set(feature["properties"]["neighbours"])
        assert around <= codes - {feature["properties"]["okato"]}
        if not around:
            alone.add(feature["properties"]["name"])
    # Восточный lies apart in the Moscow region; Внуково borders only New Moscow, not drawn.
    assert alone == {"Восточный", "Внуково"}


def test_simplified_neighbours_still_share_their_borders():
    """Shared borders were simplified once: the simplified rings of neighbours still share
    segments, and the neighbours found from them are those found from the full data."""
    data = json.loads(MAP_DATA_PATH.read_text(encoding="utf-8"))
    rings = [
        (feature["properties"]["okato"], [tuple(point) for point in ring])
        for feature in data["features"]
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
    ]
    found = neighbours(rings)
    for feature in data["features"]:
        okato = feature["properties"]["okato"]
        assert found[okato] == set(feature["properties"]["neighbours"]), feature["properties"][
            "name"
        ]


def test_regenerating_the_data_file_gives_the_same_bytes():
    if not SOURCE.exists():
        pytest.skip(f"{SOURCE} is absent: ../shared is not beside this checkout")
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    assert dump_map_data(build_map_data(source)) == MAP_DATA_PATH.read_text(encoding="utf-8")
