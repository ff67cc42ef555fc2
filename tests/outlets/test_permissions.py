"""An outlet's editor edits and publishes that outlet's pages and nothing else."""

import pytest
from django.contrib.auth import get_user_model

from tests.articles.admin_forms import edit_form_data
from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(network):
    return get_user_model().objects.get(username="editor-zvezdny")


def test_editor_can_edit_and_publish_own_outlets_articles(editor, network):
    permissions = network["canonical"].permissions_for_user(editor)
    assert permissions.can_edit() and permissions.can_publish()
    assert network["zvezdny"].permissions_for_user(editor).can_add_subpage()


def test_editor_cannot_touch_another_outlets_articles(editor, network):
    other = ArticlePage.objects.child_of(network["zelpanorama"]).first()
    permissions = other.permissions_for_user(editor)
    assert not permissions.can_edit()
    assert not permissions.can_publish()
    assert not network["zelpanorama"].permissions_for_user(editor).can_add_subpage()


def test_admin_edit_screen_opens_only_for_own_outlet(client, editor, network):
    client.force_login(editor)
    own = client.get(f"/admin/pages/{network['canonical'].pk}/edit/")
    other = ArticlePage.objects.child_of(network["yugozapad"]).first()
    foreign = client.get(f"/admin/pages/{other.pk}/edit/")
    assert own.status_code == 200
    assert foreign.status_code in (302, 403)


def test_editor_publishes_through_the_admin(client, editor, network):
    client.force_login(editor)
    article = network["canonical"]
    response = client.post(
        f"/admin/pages/{article.pk}/edit/",
        edit_form_data(article, title="Технополис: новые производства 2023 года"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Технополис: новые производства 2023 года"
    assert article.live


def test_editor_cannot_post_to_another_outlets_article(client, editor, network):
    client.force_login(editor)
    other = ArticlePage.objects.child_of(network["yugozapad"]).first()
    title = other.title
    client.post(f"/admin/pages/{other.pk}/edit/", edit_form_data(other, title="Чужая правка"))
    other.refresh_from_db()
    assert other.title == title
