from django.db import models
from django.db.models import Q

from vestnik.language.folding import fold_yo

from .district_map import district_outlines


class RegionQuerySet(models.QuerySet["Region"]):
    def okrugs(self) -> "RegionQuerySet":
        return self.filter(kind=Region.Kind.OKRUG)

    def lookup(self, text: str) -> "Region | None":
        """The region a human wrote: a name, an abbreviation or a full name, in any case.

        >>> Region.objects.lookup("Северо-Восточный административный округ")  # doctest: +SKIP
        <Region: СВАО>
        """
        key = search_key(text)
        if not key:
            return None
        matches = self.filter(
            Q(name_search=key) | Q(full_name_search=key) | Q(abbreviation_search=key)
        )
        # Districts and okrugs can share a name (Восточный); the okrug wins, as a header means it.
        return matches.order_by("depth").first()

    def by_slug_or_code(self, value: str) -> "Region | None":
        """The region an app names by its slug or its OKATO/OKTMO code: «sao», «45277000»."""
        if value.isdigit():
            return self.filter(Q(okato=value) | Q(oktmo=value)).order_by("depth").first()
        return self.filter(slug=value).first()

    def find_by_header(self, header: str) -> "Region | None":
        """The most specific region named by a page header such as «Москва. Северо-Восточный
        административный округ» or «Москва. СВАО. Район Марфино»."""
        parts = [part.strip() for part in header.split(".") if part.strip()]
        for part in reversed(parts):
            words = part.split()
            # «Район Марфино», «городской округ Троицк»: kind words are not part of the name.
            while len(words) > 1 and words[0].lower() in KIND_WORDS:
                words.pop(0)
            if region := self.lookup(" ".join(words)) or self.lookup(part):
                return region
        return None


# OutletHomePage.region names this model, but OutletHomePage derives from Wagtail's Page, which
# is Any to mypy, so the plugin cannot give Region its ``outlets`` manager.
class Region(models.Model):  # type: ignore[django-manager-missing]
    """A place an article can be about: the city, an administrative okrug, or a district."""

    class Kind(models.TextChoices):
        CITY = "city", "город"
        OKRUG = "okrug", "административный округ"
        DISTRICT = "district", "район"
        SETTLEMENT = "settlement", "поселение"
        CITY_DISTRICT = "city_district", "городской округ"

    name = models.CharField("название", max_length=100)
    full_name = models.CharField("полное название", max_length=200)
    abbreviation = models.CharField("сокращение", max_length=20, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    okato = models.CharField("ОКАТО", max_length=11, blank=True)
    oktmo = models.CharField("ОКТМО", max_length=11, blank=True)
    # Folded copies (lower case, е for ё), so «савелки» finds «Савёлки» with one indexed
    # comparison; SQLite's case-insensitive matching stops at ASCII.
    name_search = models.CharField(max_length=100, editable=False, db_index=True)
    full_name_search = models.CharField(max_length=200, editable=False, db_index=True)
    abbreviation_search = models.CharField(max_length=20, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["depth", "name"]
        verbose_name = "регион"
        verbose_name_plural = "регионы"

    def __str__(self) -> str:
        return self.abbreviation or self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.depth = self.parent.depth + 1 if self.parent else 0
        self.name_search = search_key(self.name)
        self.full_name_search = search_key(self.full_name)
        self.abbreviation_search = search_key(self.abbreviation)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def lineage(self) -> list["Region"]:
        """This region and its ancestors, the city first."""
        chain = [self]
        while chain[0].parent_id is not None:
            chain.insert(0, chain[0].parent)  # type: ignore[arg-type]
        return chain

    @property
    def header(self) -> str:
        """«Москва. Северо-Восточный административный округ» — the line above an article."""
        names = [
            region.name if region.kind == Region.Kind.CITY else region.full_name
            for region in self.lineage()
        ]
        return ". ".join(name[:1].upper() + name[1:] for name in names)

    def neighbours(self) -> RegionQuerySet:
        """The districts sharing a border with this district (from the map's data file);
        none for any other kind of region, or a district the map does not draw."""
        around = next((o.neighbours for o in district_outlines() if o.okato == self.okato), ())
        if self.kind != Region.Kind.DISTRICT or not around:
            return Region.objects.none()
        return Region.objects.filter(kind=Region.Kind.DISTRICT, okato__in=around)

    def with_descendants(self) -> list[int]:
        """Ids of this region and everything inside it (an okrug page shows its districts' news)."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(
                Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids


def search_key(text: str) -> str:
    """«Савёлки», «САВЕЛКИ » → «савелки»."""
    return " ".join(fold_yo(text.casefold()).split())


KIND_WORDS = {"район", "поселение", "городской", "округ", "город"}
