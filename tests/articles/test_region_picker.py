"""The regions field of the article form: grouped by okrug, with a filter box whose script and
styles are static files."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from tests.articles.admin_forms import add_form_data, add_url
from vestnik.articles.models import ArticlePage
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return client


def picker_groups(html: str) -> dict[str, list[str]]:
    """Each group's legend and the labels of its checkboxes, in the order the form shows them."""
    picker = BeautifulSoup(html, "html.parser").select_one("[data-region-picker]")
    assert picker is not None, "no region picker on the form"
    return {
        group.legend.get_text(strip=True): [
            option.get_text(" ", strip=True) for option in group.select("label")
        ]
        for group in picker.select("fieldset[data-region-picker-group]")
    }


def test_region_picker_groups_districts_under_their_okrug_with_russian_labels(
    editor_client, network
):
    response = editor_client.get(add_url(network["zvezdny"]))
    assert response.status_code == 200
    groups = picker_groups(response.content.decode())
    legends = list(groups)
    assert legends[0] == "Москва"
    assert "Восточный административный округ (ВАО)" in legends
    assert "Северо-Восточный административный округ (СВАО)" in legends
    okrugs = Region.objects.okrugs().count()
    assert len(groups) == okrugs + 1
    vao = groups["Восточный административный округ (ВАО)"]
    assert vao[0] == "Весь округ"
    assert "Косино-Ухтомский" in vao
    assert "Бибирево" not in vao
    assert "Бибирево" in groups["Северо-Восточный административный округ (СВАО)"]
    # Every region is offered once, so none is lost in the grouping.
    assert sum(len(options) for options in groups.values()) == Region.objects.count()


def test_region_picker_loads_its_script_and_styles_as_static_files(editor_client, network):
    page = BeautifulSoup(editor_client.get(add_url(network["zvezdny"])).content, "html.parser")
    scripts = [tag.get("src", "") for tag in page.select("script[src]")]
    styles = [tag.get("href", "") for tag in page.select("link[rel=stylesheet]")]
    assert any(src.endswith("regions/region-picker.js") for src in scripts)
    assert any(href.endswith("regions/region-picker.css") for href in styles)
    picker = page.select_one("[data-region-picker]")
    assert picker is not None
    assert not picker.select("script")
    assert not [tag for tag in picker.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


def test_region_picker_entries_carry_folded_names_for_the_filter(editor_client, network):
    page = BeautifulSoup(editor_client.get(add_url(network["zvezdny"])).content, "html.parser")
    savelki = Region.objects.lookup("Савёлки")
    label = page.select_one(f"input[name=regions][value='{savelki.pk}']").find_parent("label")
    assert "савелки" in label["data-search"]


def test_regions_posted_through_the_picker_are_stored_as_before(editor_client, network):
    chosen = (Region.objects.lookup("ВАО"), Region.objects.lookup("Косино-Ухтомский"))
    response = editor_client.post(
        add_url(network["zvezdny"]), add_form_data("Каток в Косине", "katok-v-kosine", chosen)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = ArticlePage.objects.child_of(network["zvezdny"]).get(title="Каток в Косине")
    assert set(article.regions.all()) == set(chosen)
    edit = editor_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    checked = BeautifulSoup(edit, "html.parser").select("input[name=regions][checked]")
    assert {int(box["value"]) for box in checked} == {region.pk for region in chosen}
