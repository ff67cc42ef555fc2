"""Articles made for a test on top of the demo network: live, drafted or scheduled."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, PhotoSpec, tag_named, upsert_article
from vestnik.regions.models import Region

Publish = Callable[..., ArticlePage]


@pytest.fixture
def publish(network) -> Publish:  # type: ignore[no-untyped-def]
    """Publish an article on an outlet of the demo network (zvezdny unless told)."""

    def publish(
        slug: str,
        headline: str = "",
        *,
        outlet: str = "zvezdny",
        published_at: datetime | None = None,
        regions: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        photo: bool = False,
    ) -> ArticlePage:
        spec = ArticleSpec(
            slug=slug,
            headline=headline or f"Материал {slug}",
            published_at=published_at or timezone.now() - timedelta(hours=1),
            lead=f"Лид материала {slug}.",
            paragraphs=(f"Текст материала {slug}.",),
            regions=tuple(Region.objects.get(slug=region) for region in regions),
            tags=tuple((tag, "topic") for tag in tags),
            photo=PhotoSpec(caption="Подпись", credit_author="А. Фотографова") if photo else None,
        )
        article, _ = upsert_article(network[outlet], spec)
        return ArticlePage.objects.get(pk=article.pk)  # as published, with its dates

    return publish


@pytest.fixture
def unpublished(network) -> dict[str, ArticlePage]:  # type: ignore[no-untyped-def]
    """A draft never published, and an article scheduled to go live tomorrow, on zvezdny,
    both tagged «промышленность», about Марфино and dated an hour ago."""
    outlet = network["zvezdny"]
    hour_ago = timezone.now() - timedelta(hours=1)
    articles = {}
    for slug in ("draft-article", "scheduled-article"):
        article = ArticlePage(
            title=f"Неопубликованный {slug}", slug=slug, live=False, published_at=hour_ago
        )
        outlet.add_child(instance=article)
        # Saved into the tables, not just into the revision, so only the live flag keeps
        # them out of the listings.
        article.regions.set([Region.objects.get(slug="marfino")])
        article.tags.set([tag_named("промышленность")])
        article.save()
        if slug == "scheduled-article":
            article.go_live_at = timezone.now() + timedelta(days=1)
            article.save_revision().publish()
        else:
            article.save_revision()
        articles[slug] = ArticlePage.objects.get(pk=article.pk)
    assert not any(article.live for article in articles.values())
    return articles
