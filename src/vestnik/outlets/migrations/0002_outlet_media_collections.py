"""Each outlet owns a media collection, its editors hold their rights through Wagtail's own
codenames, and Wagtail's default groups with rights over the whole tree are gone."""

import django.db.models.deletion
from django.db import migrations, models

from vestnik.outlets.rights import (
    editors_group_named,
    grant_outlet_rights,
    new_outlet_collection,
    remove_root_groups,
    shared_collection,
)

OUTLET_PATH_STEP = 4  # treebeard's steplen for Wagtail pages


def give_outlets_their_media(apps, schema_editor):  # type: ignore[no-untyped-def]
    from wagtail.models import Collection, GroupCollectionPermission

    remove_root_groups()
    # Rights on articles.VestnikImage that Wagtail never consulted.
    GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="articles"
    ).delete()
    root = Collection.get_first_root_node()
    if root is None:
        return
    OutletHomePage = apps.get_model("outlets", "OutletHomePage")
    for outlet in OutletHomePage.objects.filter(collection__isnull=True):
        # The demo loader used to file an outlet's photos in a collection named after it.
        collection = root.get_children().filter(name=outlet.title).first()
        outlet.collection_id = (collection or new_outlet_collection(outlet.title)).pk
        outlet.save(update_fields=["collection"])
        grant_outlet_rights(
            editors_group_named(outlet.title),
            outlet.pk,
            Collection.objects.get(pk=outlet.collection_id),
        )
    move_root_media(apps, root)


def move_root_media(apps, root):  # type: ignore[no-untyped-def]
    """Editors hold nothing on the root any more, so what lay there (ingested pictures) moves:
    a photo of one outlet's articles to that outlet (it may be titled with a draft's headline),
    anything else to the shared collection."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    OutletHomePage = apps.get_model("outlets", "OutletHomePage")
    ArticlePage = apps.get_model("articles", "ArticlePage")
    Image = get_image_model()
    home_of = dict(OutletHomePage.objects.values_list("path", "collection_id"))
    homes: dict[int, set[int]] = {}
    used = ArticlePage.objects.filter(photo__collection_id=root.pk).values_list("photo_id", "path")
    for image_id, path in used:
        # An outlet is a child of the tree root: its path is an article's first two steps.
        homes.setdefault(image_id, set()).add(home_of.get(path[: 2 * OUTLET_PATH_STEP]))
    for image_id, collections in homes.items():
        if len(collections) == 1 and None not in collections:
            Image.objects.filter(pk=image_id).update(collection_id=collections.pop())
    shared = shared_collection()
    for model in (Image, get_document_model()):
        model.objects.filter(collection=root).update(collection=shared)


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0001_initial"),
        ("articles", "0003_provenance_and_rendered_body"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="outlethomepage",
            name="collection",
            field=models.OneToOneField(
                editable=False,
                help_text="Фотографии и документы издания: их видят и меняют только его редакторы",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="outlet",
                to="wagtailcore.collection",
                verbose_name="коллекция медиафайлов",
            ),
        ),
        migrations.RunPython(give_outlets_their_media, migrations.RunPython.noop),
    ]
