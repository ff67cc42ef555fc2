"""Wagtail 8's autosave on the add form: its first post creates a draft page. An editor who
abandons that form must not find the headline's slug taken when writing the article again."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.articles.admin_forms import add_form_data, add_url
from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db

HEADLINE = "Во Внукове открыли каток"


@pytest.fixture
def editor_client(client, network):
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return client


def autosave(client, url: str, data: dict[str, object]):
    """The post Wagtail's w-autosave controller sends: the form's FormData, with no action
    button, accepting JSON."""
    data = {key: value for key, value in data.items() if not key.startswith("action-")}
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_abandoned_autosaved_add_form_leaves_no_draft_holding_the_slug(editor_client, network):
    outlet = network["zvezdny"]
    # Wagtail's slug script has filled the slug from the headline by the time autosave posts.
    form = add_form_data(HEADLINE, "во-внукове-открыли-каток")
    response = autosave(editor_client, add_url(outlet), form)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert response.json()["success"] is True
    stray = ArticlePage.objects.child_of(outlet).get(title=HEADLINE)
    assert not stray.live

    # The editor closed that tab and writes the article again in a fresh add form.
    response = editor_client.post(add_url(outlet), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    articles = ArticlePage.objects.child_of(outlet).filter(title=HEADLINE)
    assert [(a.slug, a.live) for a in articles] == [("vo-vnukove-otkryli-katok", True)]
    assert not ArticlePage.objects.filter(pk=stray.pk).exists()


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def autosaved_draft(client: Client, outlet) -> tuple[ArticlePage, dict[str, object]]:
    form = add_form_data(HEADLINE, "во-внукове-открыли-каток")
    assert autosave(client, add_url(outlet), form).json()["success"] is True
    return ArticlePage.objects.child_of(outlet).get(title=HEADLINE), form


def test_another_editors_fresh_autosaved_draft_keeps_its_slug(editor_client, network):
    outlet = network["zvezdny"]
    theirs, form = autosaved_draft(client_for("admin"), outlet)
    response = editor_client.post(add_url(outlet), form)
    # They may still be typing into it: the usual «slug in use» error, their draft untouched.
    assert response.status_code == 200
    assert "vo-vnukove-otkryli-katok" in response.content.decode()
    assert ArticlePage.objects.child_of(outlet).filter(title=HEADLINE).get().pk == theirs.pk


def test_another_editors_autosaved_draft_untouched_for_a_day_frees_its_slug(editor_client, network):
    outlet = network["zvezdny"]
    theirs, form = autosaved_draft(client_for("admin"), outlet)
    two_days_ago = timezone.now() - timedelta(days=2)
    ArticlePage.objects.filter(pk=theirs.pk).update(latest_revision_created_at=two_days_ago)
    response = editor_client.post(add_url(outlet), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    articles = ArticlePage.objects.child_of(outlet).filter(title=HEADLINE)
    assert [(a.slug, a.live) for a in articles] == [("vo-vnukove-otkryli-katok", True)]


def test_draft_saved_on_purpose_after_autosave_keeps_its_slug(editor_client, network):
    outlet = network["zvezdny"]
    draft, form = autosaved_draft(editor_client, outlet)
    # Typing on, autosave posts to the edit form; the draft is still autosave's alone.
    edit_url = f"/admin/pages/{draft.pk}/edit/"
    saving = {key: value for key, value in form.items() if not key.startswith("action-")}
    saving["slug"] = draft.slug
    assert autosave(editor_client, edit_url, saving).json()["success"] is True
    draft.refresh_from_db()
    assert draft.autosave_draft
    # «Сохранить черновик»: the editor keeps it.
    assert editor_client.post(edit_url, saving).status_code == 302
    draft.refresh_from_db()
    assert not draft.autosave_draft
    response = editor_client.post(add_url(outlet), form)
    assert response.status_code == 200
    assert ArticlePage.objects.filter(pk=draft.pk).exists()
