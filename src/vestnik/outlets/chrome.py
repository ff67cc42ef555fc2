"""What the header and the footer of a readers' page show: the identity of the outlet whose
host was asked, its sections, its okrug's districts, and the addresses of its search, feeds
and listings.

Read for a site once per purge generation (``vestnik.remembered``): the identity row with its
logo, the logo's two renditions in one statement, the sections and the okrug's districts.
Each of them changing purges the whole page cache; in this process it is forgotten at once
(``forget_chrome``), before the purge reaches the others.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from vestnik.regions.models import Region
from vestnik.remembered import UntilPurge

from .colours import HEX_COLOUR
from .identity import DEFAULT_ACCENT, OutletIdentity
from .models import OutletHomePage, Section

__all__ = ["FAVICON_FILTER", "LOGO_FILTER", "OutletChrome", "forget_chrome", "outlet_chrome"]

LOGO_FILTER = "height-96"  # shown 48 px high: sharp on a screen of twice the density
FAVICON_FILTER = "max-64x64|format-png"


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class OutletChrome:
    name: str
    home_url: str
    identity: OutletIdentity
    accent: str
    logo: Any = None  # a rendition of the logo, or None
    favicon_url: str = ""  # empty: the network's default icon
    okrug: Region | None = None
    sections: list[Section] = field(default_factory=list)
    districts: list[Link] = field(default_factory=list)
    search_url: str = ""
    regions_url: str = ""
    tags_url: str = ""
    feeds: list[Link] = field(default_factory=list)


remembered_chrome: UntilPurge[OutletChrome] = UntilPurge()


def outlet_chrome(request: HttpRequest | None, outlet: Any = None) -> OutletChrome:
    """The chrome of the outlet answering ``request``'s host; ``outlet``, the page's outlet,
    stands in where the site's root is not an outlet (a preview in the admin)."""
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page.specific if site is not None else None
    if isinstance(root, OutletHomePage):
        return remembered_chrome.get(
            request, site.pk if site else None, lambda: read_chrome(request, site, root)
        )
    return read_chrome(request, site, outlet)


def read_chrome(request: HttpRequest | None, site: Site | None, outlet: Any) -> OutletChrome:
    identity = identity_of(site)
    accent = identity.accent if HEX_COLOUR.fullmatch(identity.accent or "") else DEFAULT_ACCENT
    logo, favicon_url = logo_renditions(identity)
    if not isinstance(outlet, OutletHomePage):
        name = identity.official_name or (site.site_name if site else "") or "Вестник"
        return OutletChrome(name, "/", identity, accent, logo, favicon_url)
    home_url = outlet.get_url(request) or "/"
    okrug = okrug_of(outlet.region)
    return OutletChrome(
        name=identity.official_name or outlet.title,
        home_url=home_url,
        identity=identity,
        accent=accent,
        logo=logo,
        favicon_url=favicon_url,
        okrug=okrug,
        sections=outlet.ordered_sections,
        districts=[
            Link(district.name, home_url + district_path(outlet, district))
            for district in districts_of(okrug)
        ],
        search_url=subpage_url(outlet, home_url, "search"),
        regions_url=f"{home_url}regions/",
        tags_url=f"{home_url}tags/",
        feeds=[Link("RSS", reverse("feeds:rss")), Link("Atom", reverse("feeds:atom"))],
    )


@receiver(post_save, sender=OutletIdentity)
@receiver(post_delete, sender=OutletIdentity)
@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
@receiver(post_save, sender=OutletHomePage)
@receiver(post_delete, sender=OutletHomePage)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_chrome(sender: type | None = None, **kwargs: Any) -> None:
    remembered_chrome.forget()


def identity_of(site: Site | None) -> OutletIdentity:
    """The site's identity, or the defaults where its editors have saved none: a reader's
    GET writes nothing (Wagtail's ``for_site`` would create the row)."""
    found = OutletIdentity.base_queryset().filter(site=site).first() if site else None
    return found or OutletIdentity(site=site)


def logo_renditions(identity: OutletIdentity) -> tuple[Any, str]:
    """The header's logo and the favicon's URL; none when there is no logo or its file is
    gone (the page still renders, with the name and the default icon)."""
    if identity.logo is None:
        return None, ""
    try:
        renditions = identity.logo.get_renditions(LOGO_FILTER, FAVICON_FILTER)
    except SourceImageIOError:
        return None, ""
    return renditions[LOGO_FILTER], renditions[FAVICON_FILTER].url


def okrug_of(region: Region | None) -> Region | None:
    """The okrug an outlet writes about: its region, or the okrug around its district."""
    while region is not None and region.kind != Region.Kind.OKRUG:
        region = region.parent
    return region


def districts_of(okrug: Region | None) -> list[Region]:
    if okrug is None:
        return []
    return list(okrug.children.filter(kind=Region.Kind.DISTRICT).order_by("name"))


def district_path(outlet: OutletHomePage, district: Region) -> str:
    # The route ``routablepageurl(outlet, "region_articles", slug)`` names, without looking
    # the outlet's URL up again for each district.
    return str(outlet.reverse_subpage("region_articles", [district.slug]))


def subpage_url(outlet: OutletHomePage, home_url: str, route: str) -> str:
    try:
        return home_url + outlet.reverse_subpage(route)
    except NoReverseMatch:  # the app serving the route is not installed
        return ""
