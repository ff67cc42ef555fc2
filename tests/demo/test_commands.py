from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from vestnik.articles.models import ArticlePage, Tag, VestnikImage

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "tags": Tag.objects.count(),
        "images": VestnikImage.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "is_default_site")),
        "last_revision": Revision.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


def test_loading_the_demo_twice_changes_nothing(network):
    before = snapshot()
    out = StringIO()
    call_command("demo", no_serve=True, port=80, stdout=out)
    assert snapshot() == before
    assert "новых статей: 0" in out.getvalue()


def test_demo_network_has_what_the_issue_asks(network):
    assert len([key for key in network if key != "canonical"]) >= 3
    assert ArticlePage.objects.live().count() >= 26
    assert ArticlePage.objects.live().values("regions").distinct().count() >= 5
    assert network["canonical"].related_items.count() == 5


def test_demo_prints_the_article_url_and_a_login(network):
    out = StringIO()
    call_command("demo", no_serve=True, port=80, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:80/technopolis-2023/" in text
    assert "логин admin, пароль " in text
    assert "editor-zvezdny, editor-zelpanorama, editor-yugozapad" in text
