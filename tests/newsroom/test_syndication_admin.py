"""Syndication through the admin, as editors meet it: the form, its rights, detaching, and
the warning before an original is withdrawn."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.articles.admin_forms import edit_form_data
from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.newsroom.syndication import syndicate
from vestnik.outlets.factories import create_outlet, editors_group
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db


def user(username: str, *outlets) -> object:
    account = get_user_model().objects.create_user(username, password="x")
    for outlet in outlets:
        account.groups.add(editors_group(outlet))
    return account


def form_url(article: ArticlePage) -> str:
    return f"/admin/syndication/{article.pk}/"


def test_admin_carries_the_article_by_posting_the_form(admin_client, network):
    article = network["canonical"]
    outlets = [str(network["zelpanorama"].pk), str(network["yugozapad"].pk)]
    response = admin_client.post(form_url(article), {"outlets": outlets}, follow=True)
    assert response.status_code == 200
    copies = ArticlePage.objects.filter(original=article)
    assert {copy.get_parent().slug for copy in copies} == {"zelpanorama", "yugozapad"}
    assert all(copy.live for copy in copies)
    assert "перенесён в «Юго-Западный курьер»" in response.content.decode()


def test_edit_screen_offers_syndication(admin_client, network):
    page = admin_client.get(f"/admin/pages/{network['canonical'].pk}/edit/").content.decode()
    assert form_url(network["canonical"]) in page
    assert "Разослать в издания" in page


def test_outlet_covering_the_articles_district_is_suggested(admin_client, network):
    # Руднево lies in Косино-Ухтомский, a district of ВАО.
    vao = create_outlet(
        slug="vostok",
        name="Восточный округ",
        region=Region.objects.lookup("ВАО"),
        hostname="vostok.localhost",
    )
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(
            slug="rudnevo-park",
            headline="В Руднево открыли парк",
            published_at=timezone.now(),
            regions=(Region.objects.lookup("Косино-Ухтомский"),),
        ),
    )
    page = admin_client.get(form_url(article)).content.decode()
    assert f'value="{vao.pk}" checked' in page
    assert f'value="{network["zelpanorama"].pk}" checked' not in page


def test_editor_offers_their_own_article_where_they_cannot_add(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    article = network["canonical"]
    form = client.get(form_url(article)).content.decode()
    zelpanorama = network["zelpanorama"].pk
    assert f'value="{zelpanorama}" disabled' not in form and f'value="{zelpanorama}"' in form
    assert "предложить: решат редакторы издания" in form
    done = client.post(form_url(article), {"outlets": [str(zelpanorama)]}, follow=True)
    assert "предложен изданию «Зеленоградская панорама»" in done.content.decode()
    (copy,) = ArticlePage.objects.filter(original=article)
    assert copy.get_parent().slug == "zelpanorama" and not copy.live


def test_editor_sees_no_outlet_for_another_outlets_article(client, network):
    # editor-yugozapad can neither edit the zvezdny article (so cannot offer it) nor add to
    # zelpanorama: that outlet is not shown, and a forged post is refused.
    client.force_login(get_user_model().objects.get(username="editor-yugozapad"))
    article = network["canonical"]
    form = client.get(form_url(article)).content.decode()
    assert f'value="{network["zelpanorama"].pk}"' not in form
    assert "Зеленоградская панорама" not in form
    client.post(form_url(article), {"outlets": [str(network["zelpanorama"].pk)]})
    assert not ArticlePage.objects.filter(original=article).exists()


def test_editor_of_two_outlets_carries_into_one_and_offers_to_the_other(client, network):
    client.force_login(user("two-outlets", network["zvezdny"], network["zelpanorama"]))
    article = network["canonical"]
    client.post(
        form_url(article),
        {"outlets": [str(network["zelpanorama"].pk), str(network["yugozapad"].pk)]},
    )
    copies = {copy.get_parent().slug: copy for copy in ArticlePage.objects.filter(original=article)}
    assert copies["zelpanorama"].live and not copies["yugozapad"].live


def test_edits_published_in_the_admin_reach_the_copies(admin_client, network):
    article = network["canonical"]
    (result,) = syndicate(article, [network["yugozapad"]])
    response = admin_client.post(
        f"/admin/pages/{article.pk}/edit/", edit_form_data(article, title="Технополис: итоги")
    )
    assert response.status_code == 302
    result.copy.refresh_from_db()
    assert result.copy.title == "Технополис: итоги" and result.copy.live


def test_receiving_editor_detaches_and_keeps_their_edits(client, admin_client, network):
    original = network["canonical"]
    (result,) = syndicate(original, [network["zelpanorama"]])
    copy = result.copy
    client.force_login(get_user_model().objects.get(username="editor-zelpanorama"))
    edit_screen = client.get(f"/admin/pages/{copy.pk}/edit/").content.decode()
    assert f"/admin/syndication/{copy.pk}/detach/" in edit_screen
    client.post(f"/admin/syndication/{copy.pk}/detach/")
    client.post(f"/admin/pages/{copy.pk}/edit/", edit_form_data(copy, title="Наш заголовок"))
    admin_client.post(
        f"/admin/pages/{original.pk}/edit/", edit_form_data(original, title="Правка оригинала")
    )
    copy.refresh_from_db()
    assert copy.title == "Наш заголовок" and not copy.follows_original


def test_editor_of_another_outlet_cannot_detach(client, network):
    (result,) = syndicate(network["canonical"], [network["zelpanorama"]])
    client.force_login(get_user_model().objects.get(username="editor-yugozapad"))
    response = client.post(f"/admin/syndication/{result.copy.pk}/detach/")
    assert response.status_code in (302, 403)
    result.copy.refresh_from_db()
    assert result.copy.follows_original


def test_unpublishing_warns_then_withdraws_the_copies(admin_client, network):
    article = network["canonical"]
    syndicate(article, [network["zelpanorama"], network["yugozapad"]])
    url = f"/admin/pages/{article.pk}/unpublish/"
    confirm = admin_client.get(url).content.decode()
    assert "будут сняты с публикации вместе с ним" in confirm
    assert "«Юго-Западный курьер»" in confirm
    done = admin_client.post(url, follow=True).content.decode()
    assert "Вместе с оригиналом сняты с публикации копии" in done
    assert not ArticlePage.objects.filter(original=article, live=True).exists()


def test_delete_confirmation_lists_the_copies(admin_client, network):
    syndicate(network["canonical"], [network["yugozapad"]])
    page = admin_client.get(f"/admin/pages/{network['canonical'].pk}/delete/").content.decode()
    assert "сняты с публикации и станут самостоятельными" in page


def test_edit_screens_say_where_the_story_runs(admin_client, network):
    original = network["canonical"]
    (result,) = syndicate(original, [network["yugozapad"]])
    own = admin_client.get(f"/admin/pages/{original.pk}/edit/").content.decode()
    assert "Материал выходит и в других изданиях" in own and "«Юго-Западный курьер»" in own
    copy = admin_client.get(f"/admin/pages/{result.copy.pk}/edit/").content.decode()
    assert "Копия материала" in copy and "Правки оригинала переносятся сюда" in copy
    admin_client.post(f"/admin/syndication/{result.copy.pk}/detach/")
    detached = admin_client.get(f"/admin/pages/{result.copy.pk}/edit/").content.decode()
    assert "Отсоединена: правки оригинала сюда не приходят" in detached


def test_who_may_only_draft_in_an_outlet_leaves_the_copy_unpublished(client, network):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    drafting = Group.objects.create(name="Авторы «Юго-Западного курьера»")
    GroupPagePermission.objects.create(
        group=drafting,
        page=network["yugozapad"],
        permission=Permission.objects.get(codename="add_page"),
    )
    drafting.permissions.add(Permission.objects.get(codename="access_admin"))
    author = user("author")
    author.groups.add(drafting)
    client.force_login(author)
    client.post(form_url(network["canonical"]), {"outlets": [str(network["yugozapad"].pk)]})
    (copy,) = ArticlePage.objects.filter(original=network["canonical"])
    assert not copy.live and copy.get_parent().slug == "yugozapad"


def test_carrying_again_brings_back_a_withdrawn_copy(network):
    (first,) = syndicate(network["canonical"], [network["yugozapad"]])
    first.copy.unpublish()
    (again,) = syndicate(network["canonical"], [network["yugozapad"]])
    again.copy.refresh_from_db()
    assert again.copy.pk == first.copy.pk and again.copy.live
