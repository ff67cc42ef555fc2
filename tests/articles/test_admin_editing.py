"""An outlet editor writing articles in the admin, as the add and edit forms are posted."""

import pytest
from django.contrib.auth import get_user_model

from tests.articles.admin_forms import add_form_data, add_url, edit_form_data
from vestnik.articles.models import ArticlePage
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return client


def test_russian_headline_in_the_admin_gets_the_importers_latin_slug(editor_client, network):
    response = editor_client.post(
        add_url(network["zvezdny"]), add_form_data("Итоги Технополиса", "итоги-технополиса")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.child_of(network["zvezdny"]).get(title="Итоги Технополиса")
    assert article.slug == "itogi-tekhnopolisa"
    assert article.url.endswith("/itogi-tekhnopolisa/")


def test_existing_cyrillic_slug_stays_when_the_article_is_edited(editor_client, network):
    article = network["canonical"]
    article.slug = "технополис-2023"
    article.save_revision().publish()
    response = editor_client.post(
        f"/admin/pages/{article.pk}/edit/", edit_form_data(article, title="Технополис: итоги")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Технополис: итоги", "технополис-2023")


def test_accepting_a_district_suggestion_keeps_the_region_in_the_header(editor_client, network):
    from vestnik.articles.models import Suggestion
    from vestnik.articles.models.page_relations import regions_of

    vao = Region.objects.lookup("ВАО")
    response = editor_client.post(
        add_url(network["zvezdny"]),
        add_form_data("В округе открыли каток", "в-округе-открыли-каток", (vao,)),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.child_of(network["zvezdny"]).get(title="В округе открыли каток")
    assert list(article.regions.all()) == [vao]
    district = Region.objects.lookup("Косино-Ухтомский")
    suggestion = Suggestion.objects.create(
        article=article, kind=Suggestion.Kind.REGION, name=district.name, region=district
    )
    response = editor_client.post(f"/admin/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert set(article.regions.all()) == {vao, district}
    assert article.primary_region(network["zvezdny"], regions_of(article.pk)) == vao


def test_the_edit_screen_offers_unpublishing_once(editor_client, network):
    html = editor_client.get(f"/admin/pages/{network['canonical'].pk}/edit/").content.decode()
    assert html.count("Отменить публикацию") == 1
