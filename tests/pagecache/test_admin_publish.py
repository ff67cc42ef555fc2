"""An article an outlet editor writes and publishes in the admin's add form reaches the pages
that list it at once, however those pages were stored before."""

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.articles.admin_forms import add_form_data, add_url
from vestnik.regions.models import Region

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

HEADLINE = "Во дворах Бабушкинского района высадили сирень"


def test_first_publish_from_the_add_form_reaches_the_stored_home_page(
    cached_app, client, network, django_capture_on_commit_callbacks
):
    assert call_wsgi(cached_app, "/").cache == "miss"
    assert call_wsgi(cached_app, "/").cache == "hit"
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    district = Region.objects.lookup("Бабушкинский")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(network["zvezdny"]),
            add_form_data(HEADLINE, "во-дворах-бабушкинского-района", (district,)),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The test client connects Django's connection closing again after its request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    home = call_wsgi(cached_app, "/")
    assert HEADLINE in home.text
