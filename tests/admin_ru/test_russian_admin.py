"""What an outlet editor reads in the admin is Russian and says «Вестник», not «Wagtail»."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Collection, Task, Workflow

from vestnik.articles.models import Suggestion

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """What a reader of the page sees: no markup, scripts, styles, icons or hidden templates,
    no iframe fallback (the browser shows the framed page, never that text), and no hidden
    leaf such as a side panel's counter, whose text the admin's script sets before showing it.
    Hidden tabs are kept: a click shows them as they are."""
    tree = lxml.html.fromstring(html)
    drop = "//script|//style|//template|//svg|//noscript|//iframe|//*[@hidden][not(*)]"
    for hidden in tree.xpath(drop):
        hidden.drop_tree()
    return " ".join(tree.itertext())


def test_login_page_is_russian_and_branded_vestnik(client, network):
    text = visible_text(client.get("/admin/login/").content.decode())
    assert "Вход в «Вестник»" in text
    assert "Пароль" in text
    assert "Password" not in text
    assert "Wagtail" not in text


def test_workflow_collection_and_groups_have_russian_names(network):
    assert Workflow.objects.filter(name="Утверждение редактором").exists()
    assert Task.objects.filter(name="Утверждение редактором").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Collection.get_first_root_node().name == "Общая медиатека сети"
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_suggestion_kinds_read_in_russian_on_the_edit_screen(client, network):
    article = network["canonical"]
    Suggestion.objects.create(
        article=article, kind="tag", name="Мосводоканал", tag_kind="organisation"
    )
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    text = visible_text(client.get(f"/admin/pages/{article.pk}/edit/").content.decode())
    assert "тег, организация" in text
    assert "organisation" not in text


def test_avatars_are_never_fetched_from_gravatar(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    assert "gravatar" not in client.get("/admin/").content.decode()


def test_page_listing_counts_in_russian(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    text = " ".join(
        visible_text(client.get(f"/admin/pages/{network['zvezdny'].pk}/").content.decode()).split()
    )
    assert "1–13 из 13" in text
    assert " of " not in text


def test_account_screen_offers_no_switch_to_english(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    html = client.get("/admin/account/").content.decode()
    assert "English" not in html
    assert 'value="en"' not in html


def test_aging_pages_report_shows_a_dash_for_pages_published_by_nobody(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    text = visible_text(client.get("/admin/reports/aging-pages/").content.decode())
    assert "—" in text
    assert "None" not in text
