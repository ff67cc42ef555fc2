"""One rule for what readers see: a restricted article (password or login) appears in no
search, listing, feed, sitemap, API answer or «Читайте также», and is not carried to other
outlets; removing the restriction brings it back."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from vestnik.articles.models import ArticlePage, ComputedRelated, ReaderRule
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.newsroom.syndication import SyndicationError, syndicate
from vestnik.search.models import SearchDocument

pytestmark = pytest.mark.django_db
MARKER = "Секретный бюджет Зюзина"  # a headline no demo article shares
WORD = "зюзинский"
RESTRICTIONS = [
    {"restriction_type": PageViewRestriction.PASSWORD, "password": "пароль"},
    {"restriction_type": PageViewRestriction.LOGIN},
]


@pytest.fixture
def secret(network):  # type: ignore[no-untyped-def]
    """A published article of Звёздный бульвар with the canonical's tags and regions."""
    canonical = network["canonical"]
    spec = ArticleSpec(
        slug="sekretnyi-byudzhet",
        headline=MARKER,
        published_at=timezone.now() - timedelta(hours=1),
        lead=f"Лид про {WORD} бюджет.",
        paragraphs=(f"Текст про {WORD} бюджет и Руднево.",),
        regions=tuple(canonical.regions.all()),
        tags=tuple((tag.name, tag.kind) for tag in canonical.tags.all()),
    )
    article, _ = upsert_article(network["zvezdny"], spec)
    return article


def restrict(page: Page, **kwargs: str) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, **kwargs)


def editor_client(client, name="editor-zvezdny"):  # type: ignore[no-untyped-def]
    client.force_login(get_user_model().objects.get(username=name))
    return client


def reader_surfaces(client, article):  # type: ignore[no-untyped-def]
    """What each reader-facing place answers, as text, keyed by the place."""
    tag = article.tags.first()
    region = article.regions.first()
    answers = {
        "search": client.get("/search/", {"q": WORD}),
        "search all": client.get("/search/", {"q": WORD, "all": "1"}),
        "api search": client.get("/api/v1/search/", {"q": WORD}),
        "home": client.get("/"),
        "tag": client.get(f"/tags/{tag.slug}/"),
        "region": client.get(f"/regions/{region.slug}/"),
        "rss": client.get("/rss/"),
        "atom": client.get("/atom/"),
        "tag rss": client.get(f"/tags/{tag.slug}/rss/"),
        "sitemap": client.get("/sitemap.xml"),
        "news sitemap": client.get("/news-sitemap.xml"),
        "api list": client.get("/api/v1/articles/", {"per_page": 50}),
    }
    return {place: response.content.decode() for place, response in answers.items()}


@pytest.mark.parametrize("kind", RESTRICTIONS, ids=["password", "login"])
def test_restricted_article_is_missing_from_every_reader_surface(client, network, secret, kind):
    before = reader_surfaces(client, secret)
    shown = {place for place, text in before.items() if MARKER in text or secret.slug in text}
    assert shown == set(before), f"the open article is missing from {set(before) - shown}"
    restrict(secret, **kind)
    after = reader_surfaces(client, secret)
    leaks = {place for place, text in after.items() if MARKER in text or secret.slug in text}
    assert leaks == set()
    assert client.get(f"/api/v1/articles/{secret.pk}/").status_code == 404


def test_restricted_article_is_missing_from_the_admin_network_search(client, network, secret):
    editor = editor_client(client)
    assert MARKER in editor.get("/admin/network-search/", {"q": WORD}).content.decode()
    restrict(secret, restriction_type=PageViewRestriction.LOGIN)
    assert MARKER not in editor.get("/admin/network-search/", {"q": WORD}).content.decode()


def test_a_restriction_takes_the_article_out_of_the_index_and_removing_it_puts_it_back(
    network, secret
):
    assert SearchDocument.objects.filter(article_id=secret.pk).exists()
    restriction = restrict(secret, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not SearchDocument.objects.filter(article_id=secret.pk).exists()
    restriction.delete()
    assert SearchDocument.objects.filter(article_id=secret.pk).exists()


def test_a_restriction_on_the_outlet_takes_its_articles_out_of_search(client, network, secret):
    outlet = network["zvezdny"]
    restrict(outlet, restriction_type=PageViewRestriction.LOGIN)
    inside = ArticlePage.objects.child_of(outlet).values_list("pk", flat=True)
    assert not SearchDocument.objects.filter(article_id__in=list(inside)).exists()
    found = client.get("/api/v1/search/", {"q": WORD}).json()
    assert found["count"] == 0


def test_index_left_from_before_the_rule_never_shows_a_restricted_article(client, network, secret):
    # An installation upgraded without `vestnik search-index`: the document is still there.
    restrict(secret, restriction_type=PageViewRestriction.LOGIN)
    SearchDocument.objects.bulk_create([build(secret)])
    assert MARKER not in client.get("/search/", {"q": WORD, "all": "1"}).content.decode()


def build(article):  # type: ignore[no-untyped-def]
    from vestnik.search.documents import build_document

    return build_document(article)


def test_withdrawn_outlet_hides_its_articles_from_search_and_the_api(client, network, secret):
    outlet = network["zvezdny"]
    Page.objects.filter(pk=outlet.pk).update(live=False)
    from vestnik.search.signals import reindex_subtree

    reindex_subtree(outlet)
    assert not SearchDocument.objects.filter(article_id=secret.pk).exists()
    assert secret.pk not in {a.pk for a in ArticlePage.objects.visible_to_readers()}


def test_article_past_its_expiry_is_hidden_before_the_scheduler_runs(client, network, secret):
    ArticlePage.objects.filter(pk=secret.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    assert MARKER not in client.get("/").content.decode()
    assert MARKER not in client.get("/search/", {"q": WORD}).content.decode()


def test_the_rule_reads_the_same_as_a_queryset_an_instance_and_raw_sql(network, secret):
    restrict(network["canonical"], restriction_type=PageViewRestriction.LOGIN)
    ArticlePage.objects.filter(pk=secret.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    Page.objects.filter(pk=network["yugozapad"].pk).update(live=False)
    rule = ReaderRule.now()
    by_queryset = set(ArticlePage.objects.visible_to_readers(rule).values_list("pk", flat=True))
    by_instance = {a.pk for a in ArticlePage.objects.all() if a.is_visible_to_readers(rule)}
    condition, params = ReaderRule.sql("p")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id FROM wagtailcore_page p JOIN articles_articlepage a "
            f"ON a.page_ptr_id = p.id WHERE {condition}",
            params,
        )
        by_sql = {pk for (pk,) in cursor.fetchall()}
    assert by_queryset == by_instance == by_sql
    hidden = {network["canonical"].pk, secret.pk}
    hidden |= set(ArticlePage.objects.child_of(network["yugozapad"]).values_list("pk", flat=True))
    assert not by_queryset & hidden
    assert by_queryset | hidden == set(ArticlePage.objects.live().values_list("pk", flat=True))


def test_chosen_read_also_leaves_out_a_restricted_article(
    client, network, django_capture_on_commit_callbacks
):
    canonical = network["canonical"]
    target = canonical.related_items.exclude(target=None).first().target
    assert target.title in client.get("/technopolis-2023/").content.decode()
    # Committed, as the admin does: pages trust the network-wide "no restrictions" until then.
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(target, restriction_type=PageViewRestriction.LOGIN)
    assert target.title not in client.get("/technopolis-2023/").content.decode()
    lift(restriction, django_capture_on_commit_callbacks)


def test_computed_read_also_leaves_out_a_restricted_article(
    client, network, django_capture_on_commit_callbacks
):
    article = (
        ArticlePage.objects.live()
        .filter(pk__in=ComputedRelated.objects.values("article_id"))
        .exclude(related_items__isnull=False)
        .first()
    )
    first = ComputedRelated.objects.filter(article_id=article.pk).order_by("position").first()
    target = ArticlePage.objects.get(pk=first.target_id)
    url, host = article.get_url(), article.get_site().hostname
    assert target.title in client.get(url, HTTP_HOST=host).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(target, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert target.title not in client.get(url, HTTP_HOST=host).content.decode()
    lift(restriction, django_capture_on_commit_callbacks)


def lift(restriction, capture):  # type: ignore[no-untyped-def]
    """Remove a committed restriction as the admin would, so later tests find the network's
    remembered "no restrictions" again (the test's rollback alone would not tell it)."""
    with capture(execute=True):
        restriction.delete()


@pytest.mark.parametrize("kind", RESTRICTIONS, ids=["password", "login"])
def test_syndication_refuses_a_restricted_original_in_russian(network, secret, kind):
    restrict(secret, **kind)
    with pytest.raises(SyndicationError, match="закрыта для читателей"):
        syndicate(secret, [network["zelpanorama"]])
    assert not ArticlePage.objects.filter(original=secret).exists()


def test_syndication_form_refuses_a_restricted_original(client, network, secret):
    restrict(secret, restriction_type=PageViewRestriction.LOGIN)
    # A network administrator: outlet editors may not add to other outlets at all.
    editor = editor_client(client, "admin")
    response = editor.post(
        f"/admin/syndication/{secret.pk}/", {"outlets": [network["zelpanorama"].pk]}, follow=True
    )
    assert "закрыта для читателей" in response.content.decode()
    assert not ArticlePage.objects.filter(original=secret).exists()


def test_a_restricted_original_no_longer_rewrites_its_public_copies(network, secret):
    (carried,) = syndicate(secret, [network["zelpanorama"]])
    restrict(secret, restriction_type=PageViewRestriction.LOGIN)
    secret.title = "Секретный бюджет Зюзина: подробности для своих"
    secret.save_revision().publish()
    carried.copy.refresh_from_db()
    assert carried.copy.title == MARKER


def test_withdrawing_an_outlet_unindexes_its_articles_and_republishing_brings_them_back(
    network, secret
):
    outlet = network["zelpanorama"]
    inside = list(ArticlePage.objects.live().child_of(outlet).values_list("pk", flat=True))
    assert SearchDocument.objects.filter(article_id__in=inside).count() == len(inside) > 0
    outlet.unpublish()
    assert not SearchDocument.objects.filter(article_id__in=inside).exists()
    outlet.save_revision().publish()
    assert SearchDocument.objects.filter(article_id__in=inside).count() == len(inside)
