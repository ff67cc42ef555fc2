"""What an outlet's editors may do, granted through Wagtail's own mechanisms: page permissions
on the outlet's subtree and collection permissions on its media collection.

An outlet's group is the only way to grant rights: Wagtail's default «Editors» and
«Moderators» groups held them on the tree root (every outlet at once) and are removed.
The data migration and the outlet factory both grant through these functions, so an outlet
made today and one made before this module existed end up with the same rights.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
)

__all__ = [
    "SHARED_COLLECTION_NAME",
    "editors_group_named",
    "grant_identity_rights",
    "grant_outlet_rights",
    "grant_shared_model_rights",
    "new_outlet_collection",
    "remove_root_groups",
    "shared_collection",
]

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

# Wagtail checks media rights against the codenames of its own models (the permission
# policy's ``auth_model`` is wagtailimages.Image even with WAGTAILIMAGES_IMAGE_MODEL set),
# so rights on articles.VestnikImage would grant nothing.
MEDIA_MODELS = (("wagtailimages", "image"), ("wagtaildocs", "document"))
OWN_MEDIA_ACTIONS = ("add", "change", "choose")
SHARED_MEDIA_ACTIONS = ("choose",)

# The network's authors (articles.Author) are everyone's: editors add them and correct their
# bios; deleting one, which takes the name off every byline, is left to administrators.
SHARED_MODEL_PERMISSIONS = (("articles", "author", ("add", "change", "view")),)

SHARED_COLLECTION_NAME = "Общие материалы сети"
DEFAULT_WAGTAIL_GROUPS = ("Editors", "Moderators")


def permission(app_label: str, model: str, codename: str) -> Permission:
    # get_or_create: inside migrate, Django has not yet created the permissions of apps
    # that are migrated in the same run (it does so at post_migrate).
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return found


def editors_group_named(outlet_title: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"Редакция «{outlet_title}»")
    return group


def shared_collection() -> Collection:
    """The network's collection every editor chooses from and nobody but administrators edits:
    photos that came in from sources, and anything an administrator puts there."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=SHARED_COLLECTION_NAME).first()
    return found or root.add_child(name=SHARED_COLLECTION_NAME)


def new_outlet_collection(name: str) -> Collection:
    """A fresh collection for an outlet's own media; a sibling of the shared one, never above
    it, since a collection permission reaches every collection below."""
    root = Collection.get_first_root_node()
    taken = set(root.get_children().values_list("name", flat=True))
    unique, number = name, 2
    while unique in taken:
        unique, number = f"{name} ({number})", number + 1
    return root.add_child(name=unique)


def grant_outlet_rights(group: Group, page_id: int, collection: Collection) -> None:
    """Admin access; add, edit and publish under the outlet's home page; upload, edit and
    choose images and documents in its collection; choose from the shared one; add and edit
    the network's authors."""
    group.permissions.add(permission("wagtailadmin", "admin", "access_admin"))
    grant_shared_model_rights(group)
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission("wagtailcore", "page", codename)
        )
    for target, actions in (
        (collection, OWN_MEDIA_ACTIONS),
        (shared_collection(), SHARED_MEDIA_ACTIONS),
    ):
        for app_label, model in MEDIA_MODELS:
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=target,
                    permission=permission(app_label, model, f"{action}_{model}"),
                )


def grant_shared_model_rights(group: Group) -> None:
    """Rights on the network's shared records (``SHARED_MODEL_PERMISSIONS``)."""
    for app_label, model, actions in SHARED_MODEL_PERMISSIONS:
        for action in actions:
            group.permissions.add(permission(app_label, model, f"{action}_{model}"))


def grant_identity_rights(group: Group, site_id: int) -> None:
    """Edit the outlet's identity (``identity.OutletIdentity``) on its own site only: a
    right through Django's own permissions would reach every outlet's settings."""
    GroupSitePermission.objects.get_or_create(
        group=group,
        site_id=site_id,
        permission=permission("outlets", "outletidentity", "change_outletidentity"),
    )


def remove_root_groups() -> None:
    """Delete Wagtail's default groups and every right anyone holds on the tree root or the
    root collection: such a right reaches every outlet. Network administrators are superusers."""
    Group.objects.filter(name__in=DEFAULT_WAGTAIL_GROUPS).delete()
    GroupPagePermission.objects.filter(page__depth=1).delete()
    GroupCollectionPermission.objects.filter(collection__depth=1).delete()
