"""Security headers of public pages, stored with them in the page cache."""

import pytest

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db


def test_public_pages_carry_security_headers_on_a_hit_too(cached_app, network):
    call_wsgi(cached_app, "/technopolis-2023/")
    page = call_wsgi(cached_app, "/technopolis-2023/")
    assert page.cache == "hit"
    assert "script-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_admin_has_a_content_security_policy(client):
    policy = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_a_logged_in_editor_gets_public_pages_with_a_content_security_policy(client, network):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    policy = client.get("/technopolis-2023/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy


def test_production_static_files_get_hashed_names(settings):
    from vestnik.settings import production

    assert production.STORAGES["staticfiles"]["BACKEND"].endswith("HashedStaticFilesStorage")
