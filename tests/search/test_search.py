"""Search that understands Russian: quality, filters, index upkeep and hostile input."""

from datetime import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.regions.models import Region
from vestnik.search.models import SearchDocument
from vestnik.search.service import search_articles

pytestmark = pytest.mark.django_db


def moscow(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))


def found(text: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.url.rstrip("/").rsplit("/", 1)[-1] for r in search_articles(text, **options).results]


def publish(outlet, slug, headline, paragraphs=(), when=None, **fields):  # type: ignore[no-untyped-def]
    article, _ = upsert_article(
        outlet,
        ArticleSpec(
            slug=slug,
            headline=headline,
            published_at=when or moscow(2024, 6, 1, 12, 0),
            paragraphs=tuple(paragraphs),
            **fields,
        ),
    )
    return article


# падежи и числа существительного
@pytest.mark.parametrize(
    "query",
    [
        "производство",
        "производства",
        "производств",
        "производствах",
        "Производством",
        "ПРОИЗВОДСТВУ",
    ],
)
def test_every_form_of_a_noun_finds_the_canonical_article(network, query):
    assert "technopolis-2023" in found(query)


# фамилии и топонимы
@pytest.mark.parametrize("query", ["Собянин", "Собянина", "Собянину", "собяниным", "Руднево"])
def test_names_and_places_find_the_canonical_article(network, query):
    assert "technopolis-2023" in found(query)


# прилагательные
@pytest.mark.parametrize("query", ["новых производств", "новое производство", "новые производства"])
def test_adjective_forms_match(network, query):
    assert "technopolis-2023" in found(query)


def test_matched_words_are_highlighted_in_their_original_forms(network):
    [result] = [
        r
        for r in search_articles("производство Собянину").results
        if r.url.endswith("/technopolis-2023/")
    ]
    marked = {f.text for f in (*result.headline, *result.snippet) if f.highlighted}
    assert {"Собянин", "производства"} <= marked or {"Собянин", "производств"} <= marked


def test_headline_hit_ranks_above_body_hit(network):
    outlet = network["yugozapad"]
    publish(outlet, "body-hit", "Новости района", ["Во дворе поставили фонтан для детей."])
    publish(outlet, "headline-hit", "Во дворе поставили фонтан", ["Подробности позже."])
    assert found("фонтан", recency=False)[:2] == ["headline-hit", "body-hit"]


def test_phrase_respects_word_order(network):
    publish(network["zvezdny"], "square", "Открыли зелёный сквер", ["Сквер рядом со школой."])
    assert found('"зелёный сквер"') == ["square"]
    assert found("«сквер зелёный»") == []


def test_exclusion_excludes(network):
    outlet = network["zvezdny"]
    publish(outlet, "bench-a", "Скамейки в парке покрасили", ["Работы в Останкинском парке."])
    publish(outlet, "bench-b", "Скамейки на бульваре покрасили", ["Работы на Звёздном бульваре."])
    assert set(found("скамейки")) >= {"bench-a", "bench-b"}
    assert "bench-a" not in found("скамейки -парк")
    assert "bench-b" in found("скамейки -парк")


def test_all_words_must_match_with_a_relaxed_fallback(network):
    strict = search_articles("производство Руднево")
    assert strict.total >= 1 and not strict.relaxed
    relaxed = search_articles("производство шмырдяклюк")
    assert relaxed.relaxed and relaxed.total >= 1
    assert search_articles("шмырдяклюк").total == 0


def test_outlet_filter_keeps_to_the_outlet(network):
    from vestnik.search.documents import facet

    outlet_id = network["zelpanorama"].pk
    everywhere = search_articles("Собянин")
    here = search_articles("Собянин", facets=(facet("o", outlet_id),))
    assert 0 < here.total < everywhere.total
    assert {r.outlet_id for r in here.results} == {outlet_id}


def test_okrug_filter_includes_its_districts(network):
    from vestnik.search.documents import facet

    krukovo = Region.objects.get(name="Крюково")
    publish(
        network["zelpanorama"],
        "kryukovo-pool",
        "В Крюкове открыли бассейн",
        ["Бассейн работает с утра."],
        regions=(krukovo,),
    )
    zelao = Region.objects.get(abbreviation="ЗелАО")
    svao = Region.objects.get(abbreviation="СВАО")
    assert "kryukovo-pool" in found("бассейн", facets=(facet("r", zelao.pk),))
    assert "kryukovo-pool" in found("бассейн", facets=(facet("r", krukovo.pk),))
    assert "kryukovo-pool" not in found("бассейн", facets=(facet("r", svao.pk),))


def test_tag_filter(network):
    from vestnik.articles.models import Tag
    from vestnik.search.documents import facet

    industry = Tag.objects.get(name="промышленность")
    hits = search_articles("Собянин", facets=(facet("t", industry.pk),), per_page=50)
    tagged = set(
        ArticlePage.objects.filter(tagged_items__tag=industry).values_list("pk", flat=True)
    )
    assert hits.results and {r.article_id for r in hits.results} <= tagged


def test_date_range_filter(network):
    hits = search_articles(
        "Собянин", date_from=moscow(2024, 1, 29), date_to=moscow(2024, 1, 30), per_page=50
    )
    assert [r.url.rsplit("/", 2)[-2] for r in hits.results] == ["technopolis-2023"]


def test_sort_by_date_puts_newest_first(network):
    results = search_articles("Собянин", order="date", per_page=50).results
    dates = [r.published_at for r in results]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)


def test_recency_boost_can_be_switched_off(network):
    outlet = network["yugozapad"]
    publish(outlet, "old-lamp", "Фонари и фонари", ["Фонари."], when=moscow(2015, 1, 1))
    publish(outlet, "new-lamp", "Фонари", ["Фонари."], when=timezone.now())
    assert found("фонари", recency=False)[0] == "old-lamp"
    assert found("фонари")[0] == "new-lamp"


def test_pagination(network):
    first = search_articles("Москва", per_page=3)
    second = search_articles("Москва", per_page=3, page=2)
    assert first.total > 3 and first.has_next and second.has_previous
    assert not {r.article_id for r in first.results} & {r.article_id for r in second.results}


# индекс в ногу с публикацией
def test_unpublished_article_leaves_the_index(network):
    network["canonical"].unpublish()
    assert "technopolis-2023" not in found("Руднево")


def test_edited_article_is_found_by_its_new_words_only(network):
    article = publish(network["zvezdny"], "edit-me", "Ремонт подъездов", ["Красят стены."])
    assert found("подъезд") == ["edit-me"]
    publish(network["zvezdny"], "edit-me", "Ремонт лифтов", ["Меняют кабины."])
    assert found("подъезд") == [] and found("лифт") == ["edit-me"]
    assert SearchDocument.objects.filter(article_id=article.pk).count() == 1


def test_deleted_article_leaves_the_index(network):
    article = publish(network["zvezdny"], "delete-me", "Снос гаражей", ["Гаражи снесут."])
    article.delete()
    assert found("гаражи") == []
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_moved_article_changes_outlet_in_the_index(network):
    from vestnik.search.documents import facet

    article = publish(network["zvezdny"], "move-me", "Переезд библиотеки", ["Книги перевезут."])
    article.move(network["yugozapad"], pos="last-child")
    hits = search_articles("библиотека переезд", facets=(facet("o", network["yugozapad"].pk),))
    assert [r.article_id for r in hits.results] == [article.pk]
    assert "yugozapad" in hits.results[0].url or hits.results[0].url.endswith("/move-me/")


def test_rebuild_command_reindexes_every_live_article(network):
    SearchDocument.objects.all().delete()
    assert found("Руднево") == []
    call_command("search_index", quiet=True)
    assert "technopolis-2023" in found("Руднево")
    assert SearchDocument.objects.count() == ArticlePage.objects.live().count()


def test_a_failing_index_write_leaves_the_admin_publish_undone(client, network, monkeypatch):
    from django.contrib.auth import get_user_model

    from tests.articles.admin_forms import edit_form_data

    def broken(*args, **kwargs):
        raise RuntimeError("индекс недоступен")

    article = network["canonical"]
    monkeypatch.setattr("vestnik.search.index.build_document", broken)
    client.force_login(get_user_model().objects.get(username="admin"))
    client.raise_request_exception = False
    response = client.post(
        f"/admin/pages/{article.pk}/edit/", edit_form_data(article, title="Сломанная правка")
    )
    assert response.status_code == 500
    article.refresh_from_db()
    assert article.title != "Сломанная правка"
    assert not article.revisions.filter(content__title="Сломанная правка").exists()
    assert "technopolis-2023" in found("Руднево")


def test_a_broad_query_is_counted_up_to_the_limit_and_ranks_the_newest(network, monkeypatch):
    from vestnik.search.backends import SearchBackend

    outlet = network["yugozapad"]
    for day in range(1, 6):
        publish(outlet, f"bench-{day}", f"Гамаки {day}", ["Гамаки."], when=moscow(2020, 1, day))
    monkeypatch.setattr(SearchBackend, "match_limit", 3)
    page = search_articles("гамаки", per_page=10)
    assert not page.total_is_exact and page.shown_total == 3 and page.num_pages == 1
    # PostgreSQL scores only the newest three; SQLite scores all and shows the best three.
    assert len(page.results) == 3
    newest = {"bench-5", "bench-4", "bench-3"}
    if connection.vendor == "postgresql":
        assert {r.url.rstrip("/").rsplit("/", 1)[-1] for r in page.results} == newest
    assert len(search_articles("гамаки", per_page=2, page=2).results) == 1
    monkeypatch.setattr(SearchBackend, "match_limit", 5)
    exact = search_articles("гамаки")
    assert exact.total_is_exact and exact.shown_total == 5


def test_the_search_page_says_more_than_the_limit(network, client, monkeypatch):
    from vestnik.search.backends import SearchBackend

    monkeypatch.setattr(SearchBackend, "match_limit", 2)
    response = client.get("/search/?q=Москва&all=1", HTTP_HOST="zvezdny.localhost")
    assert "Найдено материалов: более 2" in response.content.decode()
