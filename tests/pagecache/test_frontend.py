"""The hook that purges an external proxy or CDN through Wagtail's frontend cache backends."""

import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

pytestmark = pytest.mark.django_db


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url: str) -> None:
        self.purged.append(url)


def test_publishing_purges_the_cdn_too(settings, network, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.pagecache.test_frontend.RecordingBackend"}
    }
    RecordingBackend.purged = []
    article = network["canonical"]
    article.title = "Технополис для CDN"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "http://zvezdny.localhost/technopolis-2023/" in RecordingBackend.purged
    assert "http://zvezdny.localhost/" in RecordingBackend.purged
    assert "http://zelpanorama.localhost/tags/promyshlennost/" in RecordingBackend.purged


def test_without_a_cdn_nothing_is_sent(settings, network, django_capture_on_commit_callbacks):
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        network["canonical"].save_revision().publish()
    assert RecordingBackend.purged == []
