"""The districts around a district: from shared borders (``regions.neighbours``), on the map's
data and in the gazetteer (``Region.neighbours``)."""

import pytest

from vestnik.regions.models import Region
from vestnik.regions.neighbours import neighbours


def test_districts_sharing_a_side_are_neighbours_and_touching_corners_are_not():
    a = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    b = [(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]  # shares the side (1, 0)–(1, 1), walked back
    c = [(2, 1), (3, 1), (3, 2), (2, 2), (2, 1)]  # touches b at the corner (2, 1) only
    assert neighbours([("a", a), ("b", b), ("c", c)]) == {"a": {"b"}, "b": {"a"}, "c": set()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("district", "around", "not_around"),
    [
        # Бутырский and Марфино meet along the railway north of Останкино
        ("Бутырский", {"Марфино", "Тимирязевский", "Останкинский", "Марьина Роща"}, {"Отрадное"}),
        ("Марфино", {"Бутырский", "Останкинский", "Отрадное", "Тимирязевский"}, {"Свиблово"}),
        # across an okrug's border: Савёловский (САО) borders Бутырский (СВАО)
        ("Савёловский", {"Бутырский"}, {"Марфино"}),
    ],
)
def test_region_neighbours_from_the_map(district, around, not_around):
    region = Region.objects.get(kind="district", name=district)
    names = set(region.neighbours().values_list("name", flat=True))
    assert around <= names
    assert not names & not_around
    assert district not in names


@pytest.mark.django_db
def test_neighbours_are_mutual():
    for region in Region.objects.filter(kind="district", parent__abbreviation="СВАО"):
        for neighbour in region.neighbours():
            assert region in neighbour.neighbours()


@pytest.mark.django_db
def test_an_okrug_and_a_settlement_have_no_neighbours():
    assert not Region.objects.get(slug="svao").neighbours().exists()
    settlement = Region.objects.filter(kind="settlement").first()
    assert not settlement.neighbours().exists()
