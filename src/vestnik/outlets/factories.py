"""Build outlets: used by the demo loader and the tests alike, so the two never drift."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from vestnik.regions.models import Region

from .models import OutletHomePage

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
EDITOR_IMAGE_PERMISSIONS = ("add_vestnikimage", "change_vestnikimage", "choose_image")


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
    and its image collection. Running it again with the same arguments changes nothing."""
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
    group, _ = Group.objects.get_or_create(name=f"Редакция «{outlet.title}»")
    return group


def outlet_collection(outlet: OutletHomePage) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=outlet.title).first()
    return collection or root.add_child(name=outlet.title)


def grant_editors(outlet: OutletHomePage) -> Group:
    """Let the outlet's editors write and publish its pages and use its images, nothing more."""
    group = editors_group(outlet)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=outlet,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = outlet_collection(outlet)
    for codename in EDITOR_IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="articles", codename=codename
            ),
        )
    return group
