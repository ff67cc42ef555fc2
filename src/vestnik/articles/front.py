"""The outlet's home page as a front: the lead and top stories its editors pinned, the latest,
then a block per district of its okrug and a block per section, no story twice.

Everything is chosen from ids first (``place_stories``, plain Python over what two small
statements read: the newest ``WINDOW`` articles with their sections, and their districts),
then the chosen articles are read in one statement, so a cache miss of the home page costs
the same few statements whatever the outlet holds.

The latest list keeps the paginated listing whole: it shows every story of the listing's
first page that no pin or block took, so ``?page=2`` goes on where the front leaves off.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from vestnik.outlets.models import OutletHomePage, Section
from vestnik.regions.models import Region

from .models import ArticlePage, FrontPin, ReaderRule

__all__ = ["BLOCK_SIZE", "FRONT_LATEST", "WINDOW", "Front", "Placement", "compose_front"]

# The newest stories the front chooses from: districts and sections whose last story is older
# than that have no block.
WINDOW = 100
# At least this many of the newest stories stay in the latest list before blocks take any.
FRONT_LATEST = 6
BLOCK_SIZE = 3


@dataclass
class Placement:
    """Where each story goes, by id."""

    pinned: list[int] = field(default_factory=list)
    latest: list[int] = field(default_factory=list)
    districts: list[tuple[int, list[int]]] = field(default_factory=list)
    sections: list[tuple[int, list[int]]] = field(default_factory=list)


def place_stories(
    pins: Sequence[int],
    window: Sequence[tuple[int, int | None]],
    districts_of: dict[int, list[int]],
    district_order: Sequence[int],
    section_order: Sequence[int],
    first_page: int,
) -> Placement:
    """``window``: (article, section) newest first; ``districts_of``: an article's districts;
    ``first_page``: how many stories the listing's first page holds."""
    # With nothing pinned, the newest story leads.
    placement = Placement(pinned=list(dict.fromkeys(pins)) or [a for a, _ in window[:1]])
    taken = set(placement.pinned)
    unpinned = [article for article, _ in window if article not in taken]
    taken.update(unpinned[:FRONT_LATEST])
    for district in district_order:
        stories = [a for a in unpinned if a not in taken and district in districts_of.get(a, ())]
        if stories[:BLOCK_SIZE]:
            placement.districts.append((district, stories[:BLOCK_SIZE]))
            taken.update(stories[:BLOCK_SIZE])
    section_of = dict(window)
    for section in section_order:
        stories = [a for a in unpinned if a not in taken and section_of[a] == section]
        if stories[:BLOCK_SIZE]:
            placement.sections.append((section, stories[:BLOCK_SIZE]))
            taken.update(stories[:BLOCK_SIZE])
    in_blocks = {a for _, stories in placement.districts + placement.sections for a in stories}
    placement.latest = [a for a in unpinned[:first_page] if a not in in_blocks]
    return placement


@dataclass(frozen=True)
class Front:
    lead: ArticlePage | None
    top: list[ArticlePage]
    latest: list[ArticlePage]
    districts: list[tuple[Region, list[ArticlePage]]]
    sections: list[tuple[Section, list[ArticlePage]]]


def okrug_of(outlet: OutletHomePage) -> Region:
    """The okrug the outlet writes about; a district outlet's is the okrug around it."""
    region: Region = outlet.region
    if region.kind == Region.Kind.OKRUG or region.parent is None:
        return region
    return region.parent


def compose_front(outlet: OutletHomePage, rule: ReaderRule, first_page: int) -> Front:
    """The front of ``outlet`` as readers see it under ``rule``, in six statements."""
    visible = ArticlePage.objects.visible_to_readers(rule).for_outlet(outlet)
    pins = list(
        FrontPin.objects.filter(outlet=outlet)
        .standing(rule.moment)
        .order_by("position", "pk")
        .values_list("article_id", flat=True)
    )
    window = list(visible.newest_first().values_list("pk", "section_id")[:WINDOW])
    okrug = okrug_of(outlet)
    districts = {region.pk: region for region in Region.objects.filter(parent_id=okrug.pk)}
    districts_of: dict[int, list[int]] = {}
    through = ArticlePage.regions.through.objects.filter(
        articlepage_id__in=[article for article, _ in window], region_id__in=list(districts)
    )
    for article, region in through.values_list("articlepage_id", "region_id"):
        districts_of.setdefault(article, []).append(region)
    # A district's block stands where its newest story would.
    district_order = list(
        dict.fromkeys(r for article, _ in window for r in sorted(districts_of.get(article, ())))
    )
    sections = {section.pk: section for section in outlet.ordered_sections}
    placement = place_stories(
        pins, window, districts_of, district_order, list(sections), first_page
    )

    chosen = set(placement.pinned) | set(placement.latest)
    for _, stories in placement.districts + placement.sections:
        chosen.update(stories)
    # Every rendition of the photos in one query: the lead shows a large picture, the rest
    # thumbnails (``for_listing`` prefetches the thumbnails alone).
    stories = (
        visible.filter(pk__in=chosen)
        .select_related("photo")
        .prefetch_related("photo__renditions")
        .newest_first()
    )
    found = {article.pk: article for article in stories}
    pinned = [found[pk] for pk in placement.pinned if pk in found]
    return Front(
        lead=pinned[0] if pinned else None,
        top=pinned[1:],
        latest=[found[pk] for pk in placement.latest if pk in found],
        districts=[
            (districts[d], [found[pk] for pk in stories]) for d, stories in placement.districts
        ],
        sections=[
            (sections[s], [found[pk] for pk in stories]) for s, stories in placement.sections
        ],
    )
