"""An outlet's editor uploads, edits and chooses the outlet's photos and documents, chooses the
network's shared ones, and holds no right anywhere else."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.permissions import policy_registry

from vestnik.articles.factories import draw_placeholder
from vestnik.articles.models import ArticlePage, VestnikImage
from vestnik.outlets.factories import editors_group
from vestnik.outlets.models import OutletHomePage
from vestnik.outlets.rights import shared_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    account = get_user_model().objects.get(username="editor-zvezdny")
    client.force_login(account)
    return account


def png(name: str = "fontan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, draw_placeholder("#336699", (64, 36)).getvalue(), "image/png")


def test_editor_uploads_a_photo_with_caption_and_credit_into_the_outlets_collection(
    client, editor, network
):
    outlet = network["zvezdny"]
    assert client.get("/admin/images/add/").status_code == 200
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Фонтан на Звёздном бульваре",
            "file": png(),
            "collection": outlet.collection_id,
            "caption": "Фонтан включили после ремонта",
            "credit_author": "Д. Гришкин",
            "credit_source": "mos.ru",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    image = VestnikImage.objects.get(title="Фонтан на Звёздном бульваре")
    assert image.collection == outlet.collection
    assert image.credit == "Д. Гришкин, mos.ru"
    assert client.get(f"/admin/images/{image.pk}/").status_code == 200


def test_editor_uploads_several_photos_at_once(client, editor, network):
    outlet = network["zvezdny"]
    assert client.get("/admin/images/multiple/add/").status_code == 200
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": png("dvor.png"), "collection": outlet.collection_id},
    )
    assert response.json()["success"], response.content.decode()[:3000]
    image = VestnikImage.objects.get(pk=response.json()["image_id"])
    assert image.collection == outlet.collection


def test_image_chooser_offers_an_upload_tab_to_an_editor(client, editor):
    html = client.get("/admin/images/chooser/").json()["html"]
    assert 'name="image-chooser-upload-file"' in html


def test_editor_uploads_a_document_into_the_outlets_collection(client, editor, network):
    outlet = network["zvezdny"]
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
            "collection": outlet.collection_id,
        },
    )
    assert response.json()["success"], response.content.decode()[:3000]
    document = get_document_model().objects.get(pk=response.json()["doc_id"])
    assert document.collection == outlet.collection


def test_editor_chooses_a_shared_photo_but_cannot_edit_it(client, editor):
    shared = VestnikImage.objects.create(
        title="Общий снимок Кремля", file=png("kreml.png"), collection=shared_collection()
    )
    chooser = client.get("/admin/images/chooser/results/", {"q": "Кремля"}).content.decode()
    assert "Общий снимок Кремля" in chooser
    assert client.get(f"/admin/images/{shared.pk}/").status_code in (302, 403)


def test_editor_cannot_upload_into_another_outlets_collection(client, editor, network):
    foreign = network["yugozapad"].collection_id
    client.post(
        "/admin/images/add/",
        {"title": "Чужая коллекция", "file": png(), "collection": foreign, "tags": ""},
    )
    assert not VestnikImage.objects.filter(title="Чужая коллекция", collection_id=foreign).exists()


def test_every_outlet_has_its_own_collection_beside_the_shared_one(network):
    outlets = list(OutletHomePage.objects.all())
    collections = {outlet.collection_id for outlet in outlets}
    assert None not in collections and len(collections) == len(outlets)
    assert shared_collection().pk not in collections
    assert all(Collection.objects.get(pk=pk).depth == 2 for pk in collections)


def test_no_group_holds_rights_on_the_tree_root_or_the_root_collection(db):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()
    assert not GroupCollectionPermission.objects.filter(collection__depth=1).exists()


def test_migration_gives_an_existing_outlet_its_collection_and_strips_root_groups(network):
    """An installation made before outlets owned media: its collection named after the outlet,
    rights on the custom image model that Wagtail never read, a default group on the root."""
    outlet = network["yugozapad"]
    old = outlet.collection
    OutletHomePage.objects.filter(pk=outlet.pk).update(collection=None)
    old.name = outlet.title
    old.save()
    GroupCollectionPermission.objects.filter(collection=old).delete()
    moderators = Group.objects.create(name="Moderators")
    root = outlet.get_parent()
    GroupPagePermission.objects.create(
        group=moderators, page=root, permission_id=GroupPagePermission.objects.first().permission_id
    )
    root_collection = Collection.get_first_root_node()
    article = ArticlePage.objects.child_of(outlet).exclude(photo=None).first()
    VestnikImage.objects.filter(pk=article.photo_id).update(collection=root_collection)
    stray = VestnikImage.objects.create(
        title="Снимок без статьи", file=png("stray.png"), collection=root_collection
    )
    migration = importlib.import_module("vestnik.outlets.migrations.0002_outlet_media_collections")
    migration.give_outlets_their_media(apps, None)
    outlet.refresh_from_db()
    assert outlet.collection == old
    assert not Group.objects.filter(name="Moderators").exists()
    assert VestnikImage.objects.get(pk=article.photo_id).collection == old
    assert VestnikImage.objects.get(pk=stray.pk).collection == shared_collection()
    editor = get_user_model().objects.get(username="editor-yugozapad")
    assert editors_group(outlet) in editor.groups.all()
    policy = policy_registry.get_by_type(VestnikImage)
    for action in ("add", "change", "choose"):
        assert old in policy.collections_user_has_permission_for(editor, action)
    assert shared_collection() in policy.collections_user_has_permission_for(editor, "choose")


def test_editor_uploads_a_photo_from_the_image_chooser_with_caption_and_credit(
    client, editor, network
):
    outlet = network["zvezdny"]
    prefix = "image-chooser-upload"
    response = client.post(
        "/admin/images/chooser/create/",
        {
            f"{prefix}-title": "Новая остановка у метро",
            f"{prefix}-file": png("ostanovka.png"),
            f"{prefix}-collection": outlet.collection_id,
            f"{prefix}-caption": "Остановку перенесли ближе к выходу",
            f"{prefix}-credit_author": "А. Петрова",
            f"{prefix}-credit_source": "",
            f"{prefix}-tags": "",
        },
    )
    assert response.json()["step"] == "chosen", response.content.decode()[:3000]
    image = VestnikImage.objects.get(title="Новая остановка у метро")
    assert (image.collection, image.credit) == (outlet.collection, "А. Петрова")


def test_publishing_an_outlets_earlier_revision_keeps_its_collection(network):
    outlet = network["zelpanorama"]
    collection = outlet.collection
    # Its first revision was saved before the outlet had a collection.
    outlet.revisions.order_by("pk").first().publish()
    outlet.refresh_from_db()
    assert outlet.collection == collection
