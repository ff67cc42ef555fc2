"""An outlet editor walks every admin screen the menu leads to, and a few more, and reads no
English word on any of them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from vestnik.articles.models import Suggestion

from .test_russian_admin import visible_text

pytestmark = pytest.mark.django_db

# Latin tokens that are names or codes, not English prose.
ALLOWED = {
    "url",
    "rss",
    "atom",
    "json",
    "wagtail",
    "html",
    "id",
    "ninjs",
    "okato",
    "oktmo",
    "e",
    "mail",
    "editor",
    "zvezdny",
    "zelpanorama",
    "yugozapad",
    "admin",
    "example",
    "org",
    "localhost",
    "http",
    "https",
    "www",
    "technopolis",
    "slug",
    "svg",
    "png",
    "jpeg",
    "jpg",
    "gif",
    "webp",
    "avif",
    "heic",
    "pdf",
    "csv",
    "xlsx",
    "english",
    "rel",
    "canonical",
    "europe",
    "telegram",
}
WORD = re.compile(r"\b[A-Za-z][A-Za-z'-]{1,}\b")


def english_words(html: str) -> set[str]:
    text = visible_text(html)
    text = re.sub(r"\S+@\S+|https?://\S+|/\S*", " ", text)
    return {
        word
        for word in WORD.findall(text)
        if not all(part in ALLOWED for part in word.lower().split("-") if part)
    }


def menu_links(html: str) -> set[str]:
    return set(re.findall(r'"url": "(/admin/[^"]*)"', html))


def test_outlet_editor_reads_no_english_in_the_admin(client, network):
    article = network["canonical"]
    Suggestion.objects.create(
        article=article, kind="tag", name="Мосводоканал", tag_kind="organisation"
    )
    found = {}
    # The login page as a visitor sees it before logging in.
    if words := english_words(Client().get("/admin/login/").content.decode()):
        found["/admin/login/"] = sorted(words)
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    home = client.get("/admin/").content.decode()
    # Screens an editor reaches by a button, not the menu: each must open, not only read Russian.
    opened = {
        "/admin/",
        f"/admin/pages/{article.pk}/edit/",
        f"/admin/pages/{article.pk}/history/",
        f"/admin/pages/{article.pk}/workflow_history/",
        f"/admin/pages/{network['zvezdny'].pk}/",
        f"/admin/pages/add/articles/articlepage/{network['zvezdny'].pk}/",
        f"/admin/syndication/{article.pk}/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/account/",
        # The outlet's identity and imprint (Настройки → Оформление и выходные данные).
        f"/admin/settings/outlets/outletidentity/{Site.objects.get(root_page=network['zvezdny']).pk}/",
    }
    for url in sorted(menu_links(home) | opened):
        response = client.get(url)
        assert response.status_code == 200 or url not in opened, (url, response.status_code)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            if words := english_words(response.content.decode()):
                found[url] = sorted(words)
    assert not found, "\n".join(f"{url}: {' '.join(words)}" for url, words in found.items())
