"""Pictures a source brings in belong to the outlet it feeds: a draft item's picture is titled
with the item's headline, which another outlet's editors must not meet."""

import pytest
from django.contrib.auth import get_user_model

from vestnik.articles.models import VestnikImage
from vestnik.ingest.models import IngestedImage
from vestnik.ingest.runs import ingest_url
from vestnik.ingest.store import Destination

from .conftest import LOOPBACK

pytestmark = pytest.mark.django_db


def test_draft_items_pictures_go_to_the_receiving_outlets_collection(
    client, district_site, network
):
    outlet = network["zelpanorama"]
    destination = Destination(outlet, live=False, internal_hosts=LOOPBACK)
    ingest_url(district_site.base + "/rss", destination)
    pictures = VestnikImage.objects.filter(pk__in=IngestedImage.objects.values("image"))
    assert pictures.exists()
    assert {image.collection_id for image in pictures} == {outlet.collection_id}
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    chooser = client.get("/admin/images/chooser/").json()["html"]
    assert not any(image.title in chooser for image in pictures)
