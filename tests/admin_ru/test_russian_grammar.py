"""Russian that reads right: counts take the three plural forms, a scheduled publication is
announced in Russian, and Wagtail's «отредактировать страница» is gone."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from vestnik.accounts.lockout import lockout_response

from .test_russian_admin import visible_text

pytestmark = pytest.mark.django_db


# 1 минуту / 2 минуты / 5 минут, and the teens and twenties that trip a two-form rule
@pytest.mark.parametrize(
    ("minutes", "wait"),
    [
        (1, "1 минуту"),
        (2, "2 минуты"),
        (5, "5 минут"),
        (11, "11 минут"),
        (21, "21 минуту"),
        (24, "24 минуты"),
    ],
)
def test_lockout_page_counts_minutes_in_three_plural_forms(settings, minutes, wait):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    request = RequestFactory().get("/admin/login/")
    request.user = AnonymousUser()
    with translation.override("ru"):
        text = lockout_response(request, None, {}).content.decode()
    assert f"через {wait}:" in " ".join(text.split())


def test_scheduled_publication_reads_in_russian_in_the_history(client, network):
    editor = get_user_model().objects.get(username="editor-zvezdny")
    article = network["canonical"]
    article.unpublish(user=editor)
    article.go_live_at = timezone.now() + timedelta(days=1)
    article.save_revision(user=editor).publish(user=editor)
    client.force_login(editor)
    text = " ".join(
        visible_text(client.get(f"/admin/pages/{article.pk}/history/").content.decode()).split()
    )
    assert "Публикация запланирована на" in text
    assert "scheduled" not in text


def test_wagtail_phrases_with_a_nominative_model_name_are_rephrased():
    with translation.override("ru"):
        anyone = gettext("Anyone can edit this %(model_name)s")
        here = gettext("You can edit the %(model_name)s here:")
    assert anyone == "Редактировать может любой пользователь"
    assert here == "Отредактировать можно здесь:"


def test_the_admin_scripts_count_new_menu_items_without_a_wrong_plural(client):
    """Wagtail's script string for «N new items» has one form for every N; ours puts the
    number after a colon («новое в этом меню: 2») instead of «2 новых элементов»."""
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    catalogue = client.get("/admin/jsi18n/").content.decode()  # strings as JSON, \u-escaped
    assert json.dumps("(новое в этом меню: %(number)s)") in catalogue
    assert json.dumps("новых элементов")[1:-1] not in catalogue
