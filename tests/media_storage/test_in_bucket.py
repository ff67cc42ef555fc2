"""Media in an S3-compatible bucket, in process: an outlet editor's upload, the article page
that shows it, an ingested picture and a document, each landing in the bucket (a moto server
on loopback, see conftest) and nothing in MEDIA_ROOT."""

import re
import urllib.request
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from tests.ingest.conftest import LOOPBACK, district_site, site  # noqa: F401  (fixtures)
from vestnik.articles.factories import draw_placeholder
from vestnik.articles.models import VestnikImage
from vestnik.ingest.models import IngestedImage
from vestnik.ingest.runs import ingest_url
from vestnik.ingest.store import Destination
from vestnik.media_storage.location import IMMUTABLE

from .conftest import ObjectStore

pytestmark = pytest.mark.django_db
ZVEZDNY = "zvezdny.localhost"


@pytest.fixture
def editor(client):
    account = get_user_model().objects.get(username="editor-zvezdny")
    client.force_login(account)
    return account


def files_in_media_root() -> set[Path]:
    """The files on this server's disk (the demo network's own, loaded before the bucket)."""
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def local_files() -> set[Path]:
    return files_in_media_root()


def fetch(url: str) -> tuple[bytes, str]:
    """What a reader's browser gets at ``url``: the bytes and their Cache-Control."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers.get("Cache-Control", "")


def upload_photo(client, network) -> VestnikImage:  # type: ignore[no-untyped-def]
    photo = draw_placeholder("#336699", (1600, 900)).getvalue()
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Фонтан на Звёздном бульваре",
            "file": SimpleUploadedFile("fontan.png", photo, "image/png"),
            "collection": network["zvezdny"].collection_id,
            "caption": "Фонтан включили после ремонта",
            "credit_author": "Д. Гришкин",
            "credit_source": "mos.ru",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return VestnikImage.objects.get(title="Фонтан на Звёздном бульваре")


def test_an_editors_photo_is_stored_in_the_bucket_and_not_on_this_server(
    client, editor, network, media_in_bucket: ObjectStore, local_files
):
    image = upload_photo(client, network)
    assert image.file.name.startswith("original_images/fontan_")
    assert image.file.name in media_in_bucket.keys()
    assert (image.width, image.height) == (1600, 900)
    assert files_in_media_root() == local_files


def test_an_article_shows_its_photo_from_the_buckets_public_address(
    client, editor, network, media_in_bucket: ObjectStore, local_files
):
    image = upload_photo(client, network)
    client.logout()
    article = network["canonical"]
    article.photo = image
    article.save_revision().publish()

    page = client.get(article.url, HTTP_HOST=ZVEZDNY).content.decode()
    # The picture's <source>/<img> widths, and the larger one og:image offers to link previews.
    sources = {
        unescape(candidate.split()[0])
        for srcset in re.findall(r'srcset="([^"]+)"', page)
        for candidate in srcset.split(",")
    } | {unescape(url) for url in re.findall(r'property="og:image" content="([^"]+)"', page)}
    public = media_in_bucket.location.public_url
    renditions = {rendition.url for rendition in image.renditions.all()}
    assert renditions and renditions <= sources
    for url in renditions:
        assert url.startswith(public + "images/")
        body, cache_control = fetch(url)
        assert body == media_in_bucket.read(url.removeprefix(public))
        assert cache_control == IMMUTABLE
    assert files_in_media_root() == local_files


def test_an_ingested_articles_picture_lands_in_the_bucket(
    district_site,  # noqa: F811
    network,
    media_in_bucket: ObjectStore,
    local_files,
):
    ingest_url(
        district_site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    stored = IngestedImage.objects.select_related("image").order_by("pk").first()
    assert stored is not None
    keys = media_in_bucket.keys()
    assert stored.image.file.name in keys
    assert {rendition.file.name for rendition in stored.image.renditions.all()} <= keys
    assert files_in_media_root() == local_files


def test_a_document_is_downloaded_through_the_site_and_is_not_public_in_the_bucket(
    client, editor, network, media_in_bucket: ObjectStore, local_files
):
    plan = b"%PDF-1.4 plan of the park"
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("plan.pdf", plan, "application/pdf"),
            "collection": network["zvezdny"].collection_id,
        },
    )
    document = get_document_model().objects.get(pk=response.json()["doc_id"])
    assert document.file.name in media_in_bucket.keys()

    client.logout()
    download = client.get(document.url, HTTP_HOST=ZVEZDNY)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == plan
    download.close()  # as a WSGI server does: the file streamed from the bucket is closed
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(media_in_bucket.location.public_url + document.file.name)
    assert refused.value.code == 403
    assert files_in_media_root() == local_files


def test_existing_media_are_copied_into_the_bucket_under_their_names_once(
    tmp_path, media_in_bucket: ObjectStore
):
    photo = tmp_path / "original_images" / "prud.png"
    photo.parent.mkdir()
    photo.write_bytes(draw_placeholder("#5ab", (64, 36)).getvalue())
    first, again = StringIO(), StringIO()
    call_command("media_to_storage", "--source", str(tmp_path), stdout=first)
    call_command("media_to_storage", "--source", str(tmp_path), stdout=again)
    assert media_in_bucket.read("original_images/prud.png") == photo.read_bytes()
    assert "Скопировано файлов: 1" in first.getvalue()
    assert "Скопировано файлов: 0, уже были в хранилище: 1" in again.getvalue()


def test_copying_media_without_a_bucket_is_refused(tmp_path):
    with pytest.raises(CommandError, match="MEDIA_STORAGE_URL не задан"):
        call_command("media_to_storage", "--source", str(tmp_path))
