"""Build outlets: used by the demo loader and the tests alike, so the two never drift."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from vestnik.regions.models import Region

from .models import OutletHomePage
from .rights import (
    editors_group_named,
    grant_identity_rights,
    grant_outlet_rights,
    new_outlet_collection,
)


@transaction.atomic
def create_outlet(
    *,
    slug: str,
    name: str,
    region: Region,
    hostname: str,
    port: int = 80,
    description: str = "",
    is_default_site: bool = False,
) -> OutletHomePage:
    """Create, or bring up to date, an outlet: its home page, its Site, its editors' group
    and its media collection. Running it again with the same arguments changes nothing."""
    remove_welcome_site()
    root = Page.get_first_root_node()
    home = OutletHomePage.objects.child_of(root).filter(slug=slug).first()
    if home is None:
        home = OutletHomePage(title=name, slug=slug, region=region, description=description)
        root.add_child(instance=home)
        home.save_revision().publish()
    elif (home.title, home.region_id, home.description) != (name, region.pk, description):
        home.title, home.region, home.description = name, region, description
        home.save_revision().publish()

    if is_default_site:
        Site.objects.exclude(root_page=home).filter(is_default_site=True).update(
            is_default_site=False
        )
    Site.objects.update_or_create(
        root_page=home,
        defaults={
            "hostname": hostname,
            "port": port,
            "site_name": name,
            "is_default_site": is_default_site,
        },
    )
    grant_editors(home)
    return home


def remove_welcome_site() -> None:
    """Drop the «Welcome to Wagtail» page and its localhost Site that Wagtail's first migration
    leaves: it would answer for localhost:80 instead of an outlet."""
    welcome = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
    if welcome is not None and not welcome.get_children().exists():
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()


def editors_group(outlet: OutletHomePage) -> Group:
    return editors_group_named(outlet.title)


def grant_editors(outlet: OutletHomePage) -> Group:
    """Let the outlet's editors write and publish its pages, use its media and edit its
    identity, nothing more; the outlet gets its own collection the first time."""
    if outlet.collection is None:
        outlet.collection = new_outlet_collection(outlet.title)
        # Straight to the row: a collection is not an edit of the page, so it makes no revision.
        OutletHomePage.objects.filter(pk=outlet.pk).update(collection=outlet.collection)
    group = editors_group(outlet)
    grant_outlet_rights(group, outlet.pk, outlet.collection)
    for site_id in Site.objects.filter(root_page=outlet).values_list("pk", flat=True):
        grant_identity_rights(group, site_id)
    return group
