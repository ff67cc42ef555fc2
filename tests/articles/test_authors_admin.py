"""«Авторы» in the admin: any outlet's editors add the network's authors and correct them;
deleting one (which takes the name off every byline) is for administrators only."""

import pytest
from django.contrib.auth import get_user_model

from vestnik.articles.models import Author

pytestmark = pytest.mark.django_db

INDEX = "/admin/snippets/articles/author/"


@pytest.fixture
def editor_client(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zelpanorama"))
    return client


def test_an_editor_adds_an_author_in_russian(editor_client):
    index = editor_client.get(INDEX)
    assert index.status_code == 200
    assert "Авторы" in index.content.decode()
    response = editor_client.post(
        INDEX + "add/",
        {"name": "Дарья Ёжикова", "slug": "", "bio": "Пишет о Крюкове.", "photo": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    author = Author.objects.get(name="Дарья Ёжикова")
    assert (author.slug, author.bio) == ("darya-ezhikova", "Пишет о Крюкове.")


def test_an_editor_of_another_outlet_corrects_a_shared_authors_bio(editor_client):
    author = Author.objects.create(name="Илья Ветров", slug="ilya-vetrov-test", bio="Старое.")
    response = editor_client.post(
        f"{INDEX}edit/{author.pk}/",
        {
            "name": author.name,
            "slug": author.slug,
            "bio": "Пишет для всех газет сети.",
            "photo": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    author.refresh_from_db()
    assert author.bio == "Пишет для всех газет сети."


def test_an_editor_cannot_delete_an_author(editor_client):
    author = Author.objects.create(name="Пётр Орлов", slug="pyotr-orlov-test")
    response = editor_client.post(f"{INDEX}delete/{author.pk}/")
    assert response.status_code in (302, 403)
    assert Author.objects.filter(pk=author.pk).exists()


def test_a_user_outside_the_newsrooms_sees_no_authors(client, network):
    outsider = get_user_model().objects.create_user("reader", "reader@example.org", "x")
    client.force_login(outsider)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/login/" in response["Location"]
