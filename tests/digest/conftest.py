"""A real SMTP server for every digest test, Django's SMTP backend pointed at it, and the
week's issue due now (today, from midnight, Moscow time)."""

import re
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from django.utils import timezone

from tests.pagecache.conftest import django_app, memory_page_store  # noqa: F401

from .smtp_server import Recorder, smtp_server

HOST = "zvezdny.localhost"


@pytest.fixture
def smtp(settings) -> Iterator[Recorder]:
    with smtp_server() as (recorder, port):
        # pytest-django swaps in the memory backend; the digest is tested over the wire.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.DEFAULT_FROM_EMAIL = "Звёздный бульвар <digest@zvezdny.localhost>"
        yield recorder


@pytest.fixture
def due_today(settings) -> None:
    settings.VESTNIK_DIGEST = {
        **settings.VESTNIK_DIGEST,
        "WEEKDAY": timezone.localdate().weekday(),
        "HOUR": 0,
    }


def publish_in(outlet, region, title: str, lead: str):  # type: ignore[no-untyped-def]
    """A live article of ``outlet`` about ``region``, published now."""
    from vestnik.articles.models import ArticlePage

    article = ArticlePage(title=title, lead=lead, published_at=timezone.now())
    outlet.add_child(instance=article)
    article.regions.set([region])
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def link_in(message: EmailMessage, pattern: str) -> str:
    """The first address in the plain text that matches ``pattern``."""
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(rf"https?://\S*{pattern}\S*", text)
    assert found, text
    return found.group(0)
