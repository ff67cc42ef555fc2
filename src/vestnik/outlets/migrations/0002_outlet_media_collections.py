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


def give_outlets_their_media(apps, schema_editor):  # type: ignore[no-untyped-def]
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, GroupCollectionPermission

    remove_root_groups()
    # Rights on articles.VestnikImage that Wagtail never consulted.
    GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="articles"
    ).delete()
    root = Collection.get_first_root_node()
    if root is None:
        return
    # Editors hold nothing on the root any more: what lay there (ingested photos) is shared.
    shared = shared_collection()
    for model in (get_image_model(), get_document_model()):
        model.objects.filter(collection=root).update(collection=shared)
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
