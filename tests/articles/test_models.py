from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vestnik.articles.models import ArticlePage, RelatedItem, read_also
from vestnik.articles.upsert import ArticleSpec, RelatedSpec, is_up_to_date, upsert_article

pytestmark = pytest.mark.django_db


def moscow(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))


def publish(outlet, slug, headline, when, **fields):  # type: ignore[no-untyped-def]
    article, _ = upsert_article(
        outlet, ArticleSpec(slug=slug, headline=headline, published_at=when, **fields)
    )
    return article


def test_published_at_defaults_to_first_publication(network):
    article = ArticlePage(title="Во дворах на Бибиревской высадили клёны", slug="klyony")
    network["zvezdny"].add_child(instance=article)
    assert article.published_at is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == article.first_published_at


def test_explicit_published_at_survives_publishing(network):
    article = publish(network["zvezdny"], "archive", "Архивная заметка", moscow(2019, 3, 1, 8, 5))
    article.refresh_from_db()
    assert article.published_at == moscow(2019, 3, 1, 8, 5)
    assert article.first_published_at != article.published_at


def test_headline_key_ignores_case_quotes_and_yo(network):
    article = publish(network["zvezdny"], "key", "Ёлки в «Сокольниках».", moscow(2024, 12, 1))
    assert article.headline_key == 'елки в "сокольниках"'


def test_related_item_needs_an_article_or_a_headline():
    with pytest.raises(ValidationError):
        RelatedItem(headline="  ").clean()


def test_related_item_cannot_point_at_its_own_article(network):
    canonical = network["canonical"]
    with pytest.raises(ValidationError):
        RelatedItem(article=canonical, target=canonical).clean()


def test_chosen_items_are_shown_in_the_editors_order(network):
    teasers = read_also(network["canonical"])
    assert [t.published_at for t in teasers] == [
        moscow(2025, 5, 19, 9, 39),
        moscow(2025, 5, 16, 17, 36),
        moscow(2025, 5, 16, 11, 27),
        moscow(2025, 5, 16, 10, 38),
        moscow(2025, 5, 16, 9, 47),
    ]
    assert all(t.url for t in teasers)


def test_unpublished_chosen_article_is_left_out(network):
    first = network["canonical"].related_items.first().target
    first.unpublish()
    headlines = [t.headline for t in read_also(network["canonical"])]
    assert first.title not in headlines
    assert len(headlines) == 4


def test_pending_item_is_shown_unlinked_until_its_article_arrives(network):
    outlet = network["zelpanorama"]
    article = publish(
        outlet,
        "waiting",
        "Ждём продолжения",
        moscow(2024, 6, 1, 12, 0),
        related=(RelatedSpec("В Крюкове открыли библиотеку", "Лид", moscow(2024, 5, 30, 10, 0)),),
    )
    [teaser] = read_also(article)
    assert (teaser.headline, teaser.lead, teaser.url) == ("В Крюкове открыли библиотеку", "Лид", "")

    publish(outlet, "library", "В Крюкове открыли  библиотеку", moscow(2024, 5, 30, 10, 0))
    [teaser] = read_also(article)
    assert teaser.url.endswith("/library/")


def test_without_chosen_items_newest_articles_sharing_a_tag_come_first(network):
    outlet = network["yugozapad"]
    article = publish(
        outlet,
        "solo",
        "Заметка о промышленности",
        moscow(2024, 2, 1),
        tags=(("промышленность", "topic"),),
    )
    teasers = read_also(article)
    assert len(teasers) == 5
    tagged = set(
        ArticlePage.objects.live()
        .filter(tagged_items__tag__name="промышленность")
        .exclude(pk=article.pk)
        .values_list("title", flat=True)
    )
    newest_tagged = [t.headline for t in teasers if t.headline in tagged]
    assert len(newest_tagged) == min(5, len(tagged))
    assert article.title not in [t.headline for t in teasers]
    dates = [t.published_at for t in teasers[: len(newest_tagged)]]
    assert dates == sorted(dates, reverse=True)


def test_without_tags_the_outlets_newest_fill_the_block(network):
    outlet = network["yugozapad"]
    article = publish(outlet, "untagged", "Без тегов", moscow(2024, 2, 1))
    expected = list(
        ArticlePage.objects.live()
        .for_outlet(outlet)
        .exclude(pk=article.pk)
        .newest_first()
        .values_list("title", flat=True)[:5]
    )
    assert [t.headline for t in read_also(article)] == expected


def test_future_scheduled_article_is_not_live(network):
    article = ArticlePage(title="Завтрашняя новость", slug="tomorrow", lead="Скоро")
    network["zvezdny"].add_child(instance=article)
    article.go_live_at = timezone.now() + timedelta(days=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert not ArticlePage.objects.live().filter(pk=article.pk).exists()


def test_upsert_twice_with_the_same_spec_writes_nothing(network):
    spec = ArticleSpec(slug="twice", headline="Дважды", published_at=moscow(2024, 1, 1))
    article, created = upsert_article(network["zvezdny"], spec)
    revisions = article.revisions.count()
    assert is_up_to_date(article, spec)
    again, created_again = upsert_article(network["zvezdny"], spec)
    assert (created, created_again) == (True, False)
    assert again.pk == article.pk and again.revisions.count() == revisions


def test_upsert_of_a_changed_spec_updates_the_same_article(network):
    spec = ArticleSpec(slug="changed", headline="Было", published_at=moscow(2024, 1, 1))
    article, _ = upsert_article(network["zvezdny"], spec)
    changed = replace(spec, headline="Стало")
    assert not is_up_to_date(article, changed)
    again, created = upsert_article(network["zvezdny"], changed)
    assert (again.pk, again.title, created) == (article.pk, "Стало", False)
    assert ArticlePage.objects.child_of(network["zvezdny"]).filter(slug="changed").count() == 1
