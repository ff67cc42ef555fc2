"""One story in several outlets (``articles.models.stories``): its family, its carrier in
each outlet, the same rule in ORM and in SQL, and «Читайте также» with its inverse."""

import pytest
from django.db import connection
from wagtail.models import Page

from vestnik.articles.models import ArticlePage, ComputedRelated, ReaderRule, read_also
from vestnik.articles.models.related import read_also_sources
from vestnik.articles.models.stories import (
    QSpelling,
    SqlSpelling,
    never_beside,
    stands_in_for_story,
    story_of,
    syndication_family,
)
from vestnik.newsroom.syndication import detach_copy, syndicate

pytestmark = pytest.mark.django_db


@pytest.fixture
def copies(network):
    results = syndicate(network["canonical"], [network["zelpanorama"], network["yugozapad"]])
    return {result.outlet.slug: result.copy for result in results}


def listed(outlet: Page) -> set[int]:
    return set(ArticlePage.objects.live().one_per_story(outlet).values_list("pk", flat=True))


# the family: the original and all its copies, whichever of them asks


def test_family_of_an_original_is_its_copies(network, copies):
    assert syndication_family(network["canonical"].pk) == {c.pk for c in copies.values()}


def test_family_of_a_copy_is_its_original_and_the_other_copies(network, copies):
    family = syndication_family(copies["zelpanorama"].pk)
    assert family == {network["canonical"].pk, copies["yugozapad"].pk}
    assert story_of(copies["zelpanorama"]) == network["canonical"]


def test_article_never_carried_has_no_family(network):
    assert syndication_family(network["canonical"].pk) == set()


# the carrier of a story for an outlet


def test_outlet_with_a_copy_lists_its_copy_not_the_original(network, copies):
    shown = listed(network["zelpanorama"])
    assert copies["zelpanorama"].pk in shown
    assert not shown & {network["canonical"].pk, copies["yugozapad"].pk}


def test_outlet_of_the_original_lists_the_original_not_the_copies(network, copies):
    shown = listed(network["zvezdny"])
    assert network["canonical"].pk in shown
    assert not shown & {c.pk for c in copies.values()}


def test_detached_copy_of_a_withdrawn_original_stands_for_itself_everywhere(network, copies):
    detach_copy(copies["yugozapad"])
    network["canonical"].unpublish()
    copy = ArticlePage.objects.get(pk=copies["yugozapad"].pk)
    assert copy.live and not stands_in_for_story(copy)
    assert copy.pk in listed(network["zelpanorama"]) & listed(network["zvezdny"])


def test_copy_of_a_live_original_stands_in_for_the_story(network, copies):
    assert stands_in_for_story(copies["zelpanorama"])
    assert not stands_in_for_story(network["canonical"])


# one rule, two spellings: the raw statement of «Читайте также» and the ORM agree


def kept_by_sql(article: ArticlePage, outlet_path: str) -> set[int]:
    never = never_beside(SqlSpelling("p", "a", "o"), article, outlet_path)
    page, own = Page._meta.db_table, ArticlePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id FROM {page} p JOIN {own} a ON a.page_ptr_id = p.id "
            f"LEFT JOIN {page} o ON o.id = a.original_id WHERE "
            + " AND ".join(f"NOT ({condition.text})" for condition in never),
            [param for condition in never for param in condition.params],
        )
        return {pk for (pk,) in cursor.fetchall()}


def kept_by_orm(article: ArticlePage, outlet_path: str) -> set[int]:
    kept = ArticlePage.objects.all()
    for condition in never_beside(QSpelling(ReaderRule.now()), article, outlet_path):
        kept = kept.exclude(condition)
    return set(kept.values_list("pk", flat=True))


@pytest.mark.parametrize("withdrawn", [False, True], ids=["live original", "withdrawn original"])
def test_sql_and_orm_spell_the_same_story_rule(network, copies, withdrawn):
    if withdrawn:
        detach_copy(copies["yugozapad"])
        network["canonical"].unpublish()
    for article in (network["canonical"], *copies.values()):
        outlet_path = article.path[: -article.steplen]
        kept = kept_by_orm(article, outlet_path)
        assert kept == kept_by_sql(article, outlet_path)
        assert not kept & {article.pk, *syndication_family(article.pk)}
        assert len(kept) > 1


# «Читайте также» and its inverse: the pages whose list names an article


def assert_every_listing_page_is_a_source() -> None:
    articles = list(ArticlePage.objects.live().order_by("pk")[:40])
    by_url = {article.get_url(): article for article in ArticlePage.objects.live()}
    checked = 0
    for article in articles:
        for teaser in read_also(article):
            if listed_article := by_url.get(teaser.url):
                assert article.pk in read_also_sources(listed_article), (article, listed_article)
                checked += 1
    assert checked


def test_read_also_sources_hold_every_page_listing_the_article(network, copies):
    assert_every_listing_page_is_a_source()


def test_read_also_sources_hold_the_fallback_lists_too(network, copies):
    ComputedRelated.objects.all().delete()
    assert_every_listing_page_is_a_source()
