"""An outlet's identity is on every page of its host: changing it in the admin purges the
cached pages, so readers see the change without anyone clearing the cache."""

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.forms.models import model_to_dict
from django.test import Client
from wagtail.models import Site

from vestnik.outlets.identity import OutletIdentity

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

PAGES = ("/", "/technopolis-2023/")


def test_an_identity_saved_in_the_admin_refreshes_the_cached_pages(
    cached_app, network, django_capture_on_commit_callbacks
):
    for path in PAGES:
        call_wsgi(cached_app, path)
        assert call_wsgi(cached_app, path).cache == "hit"
    site = Site.objects.get(root_page=network["zvezdny"])
    identity = OutletIdentity.objects.get(site=site)
    data = {k: "" if v is None else v for k, v in model_to_dict(identity).items()}
    data.update(description="Пишем о каждом дворе Северо-Востока", accent="#5b2a86")
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/settings/outlets/outletidentity/{site.pk}/", data)
    assert response.status_code == 302
    # The test client connects Django's connection closing again after its request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for path in PAGES:
        reply = call_wsgi(cached_app, path)
        assert reply.cache != "hit"
        assert "Пишем о каждом дворе Северо-Востока" in reply.text
        assert "<style>:root{--accent:#5b2a86}</style>" in reply.text
        assert call_wsgi(cached_app, path).cache == "hit"
