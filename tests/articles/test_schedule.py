"""Scheduled publishing and expiry as `vestnik worker` does them, dated by when they were due.

The worker's own run, with nobody calling it, is in tests/outlets/test_serve.py."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def draft(outlet, slug: str) -> ArticlePage:
    article = ArticlePage(
        title="Во Фрязине открыли новый сквер", slug=slug, lead="Сквер у станции.", live=False
    )
    outlet.add_child(instance=article)
    return article


def scheduled(outlet, slug: str, go_live_at) -> ArticlePage:
    """As «Запланировать публикацию» leaves it: a publish with a go-live time ahead."""
    article = draft(outlet, slug)
    article.go_live_at = go_live_at
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    return article


def fall_due(article: ArticlePage, due) -> None:
    """Move the scheduled time into the past, as if the worker had been down meanwhile."""
    revision = article.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()


def test_a_worker_started_after_the_due_time_publishes_it_dated_when_due(network):
    due = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    article = scheduled(network["zvezdny"], "skver-fryazino", timezone.now() + timedelta(hours=1))
    fall_due(article, due)

    call_command("worker", batch=True, verbosity=0)

    article.refresh_from_db()
    assert article.live
    assert article.first_published_at == due
    assert article.published_at == due
    assert article.last_published_at > due


def test_publish_scheduled_by_hand_dates_the_page_when_it_was_due(network):
    due = (timezone.now() - timedelta(minutes=30)).replace(microsecond=0)
    article = scheduled(network["zvezdny"], "skver-vruchnuyu", timezone.now() + timedelta(hours=1))
    fall_due(article, due)

    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)

    article.refresh_from_db()
    assert (article.live, article.published_at) == (True, due)
    assert output.getvalue() == "опубликовано: 1, снято: 0\n"


def test_a_date_the_editor_chose_is_kept_when_the_schedule_publishes(network):
    chosen = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    article = draft(network["zvezdny"], "skver-s-datoi")
    article.published_at = chosen
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()
    fall_due(article, timezone.now() - timedelta(minutes=1))

    call_command("worker", batch=True, verbosity=0)

    article.refresh_from_db()
    assert article.live and article.published_at == chosen


def test_a_page_past_its_expiry_is_withdrawn_by_the_worker(network):
    article = draft(network["zvezdny"], "skver-istek")
    article.expire_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()
    past = timezone.now() - timedelta(seconds=1)
    ArticlePage.objects.filter(pk=article.pk).update(expire_at=past)

    call_command("worker", batch=True, verbosity=0)

    article.refresh_from_db()
    assert (article.live, article.expired) == (False, True)
