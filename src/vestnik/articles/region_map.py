"""The map of a region's districts, shaded by how much the network wrote about each lately.

``region_map`` is what ``includes/region_map.html`` draws: the outlines come from
``regions.district_map`` (pure, cached per process), the districts' pages and counts from the
database (``region_counts``). The city's map shows all its districts, an okrug's map its own,
a district's map its okrug's with the district marked.
"""

from dataclasses import dataclass

from vestnik.regions.district_map import SHADES, draw, shade_of
from vestnik.regions.models import Region

from .region_counts import recent_counts

__all__ = ["MapDistrict", "RegionMap", "map_region", "region_map"]


@dataclass(frozen=True)
class MapDistrict:
    region: Region
    path: str  # the outline, an SVG path's ``d``
    count: int
    shade: int
    current: bool


@dataclass(frozen=True)
class RegionMap:
    region: Region  # the city or the okrug drawn
    width: int
    height: int
    districts: tuple[MapDistrict, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def legend(self) -> tuple[tuple[int, str], ...]:
        return tuple((index, label) for index, (_, _, label) in enumerate(SHADES))


def map_region(region: Region) -> Region | None:
    """The region whose map shows ``region``: the city and okrugs their own, a district its
    okrug's; None for places the map does not draw (New Moscow's settlements)."""
    if region.kind == Region.Kind.DISTRICT:
        return region.parent
    if region.kind in (Region.Kind.CITY, Region.Kind.OKRUG):
        return region
    return None


def region_map(
    region: Region | None, current: Region | None = None, counts: dict[int, int] | None = None
) -> RegionMap | None:
    """The map for ``region`` (see the module), ``current`` (else ``region`` itself) marked
    if it is drawn. ``counts``: ``recent_counts()`` when the caller has read them already.
    Two queries (the districts, the counts), or one."""
    drawn = map_region(region) if region is not None else None
    if drawn is None:
        return None
    frame = draw(drawn.abbreviation if drawn.kind == Region.Kind.OKRUG else None)
    if not frame.shapes:
        return None
    current = current or region
    regions = {
        r.okato: r
        for r in Region.objects.filter(
            kind=Region.Kind.DISTRICT, okato__in=[shape.okato for shape in frame.shapes]
        )
    }
    counts = recent_counts() if counts is None else counts
    districts = []
    for shape in frame.shapes:
        district = regions.get(shape.okato)
        if district is None:  # a district the gazetteer lost: nothing to link to
            continue
        count = counts.get(district.pk, 0)
        districts.append(
            MapDistrict(district, shape.path, count, shade_of(count), district == current)
        )
    return RegionMap(drawn, frame.width, frame.height, tuple(districts))
