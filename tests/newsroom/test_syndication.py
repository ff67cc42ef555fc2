"""Carrying an article to other outlets: provenance, following edits, detaching, withdrawing."""

import pytest
from django.core.management import CommandError, call_command

from vestnik.articles.models import ArticlePage
from vestnik.newsroom.syndication import SyndicationError, syndicate

pytestmark = pytest.mark.django_db

ORIGINAL_URL = "http://zvezdny.localhost/technopolis-2023/"


@pytest.fixture
def copies(network):
    results = syndicate(network["canonical"], [network["zelpanorama"], network["yugozapad"]])
    return {result.outlet.slug: result.copy for result in results}


def publish_edit(article: ArticlePage, **fields: object) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save_revision().publish()


def test_copies_credit_the_original_outlet_and_keep_its_photo(client, network, copies):
    original = network["canonical"]
    for slug, copy in copies.items():
        assert copy.live and copy.original_id == original.pk
        assert copy.get_parent().slug == slug
        assert copy.photo_id == original.photo_id
        page = client.get(copy.url, HTTP_HOST=f"{slug}.localhost").content.decode()
        assert "Текст: Звёздный бульвар" in page
        assert "Фото: Д. Гришкин" in page
        assert f'<link rel="canonical" href="{ORIGINAL_URL}">' in page


def test_original_names_itself_as_canonical(client, network, copies):
    page = client.get("/technopolis-2023/", HTTP_HOST="zvezdny.localhost").content.decode()
    assert f'<link rel="canonical" href="{ORIGINAL_URL}">' in page


def test_ingested_item_and_its_copies_name_the_external_source(client, network):
    original = network["canonical"]
    publish_edit(original, canonical_url="https://www.mos.ru/news/item/1/")
    (result,) = syndicate(original, [network["zelpanorama"]])
    page = client.get(result.copy.url, HTTP_HOST="zelpanorama.localhost").content.decode()
    assert '<link rel="canonical" href="https://www.mos.ru/news/item/1/">' in page


def test_syndicating_twice_makes_no_second_copy(network, copies):
    again = syndicate(network["canonical"], [network["zelpanorama"]])
    assert again[0].copy.pk == copies["zelpanorama"].pk and not again[0].created
    assert ArticlePage.objects.filter(original=network["canonical"]).count() == 2


def test_slug_taken_in_the_receiving_outlet_gets_a_number(network):
    other = ArticlePage.objects.child_of(network["yugozapad"]).first()
    other.slug = "technopolis-2023"
    other.save_revision().publish()
    (result,) = syndicate(network["canonical"], [network["yugozapad"]])
    assert result.copy.slug == "technopolis-2023-2"


def test_edits_to_the_original_reach_the_copies(network, copies):
    publish_edit(network["canonical"], title="Технополис: итоги года", lead="Новый лид.")
    for copy in copies.values():
        copy.refresh_from_db()
        assert (copy.title, copy.lead) == ("Технополис: итоги года", "Новый лид.")
        assert copy.live and not copy.has_unpublished_changes


def test_detached_copy_keeps_its_text(network, copies):
    from vestnik.newsroom.syndication import detach_copy

    detach_copy(copies["zelpanorama"])
    publish_edit(network["canonical"], title="Технополис: итоги года")
    detached = ArticlePage.objects.get(pk=copies["zelpanorama"].pk)
    following = ArticlePage.objects.get(pk=copies["yugozapad"].pk)
    assert detached.title != "Технополис: итоги года" and not detached.follows_original
    assert following.title == "Технополис: итоги года"


def test_unpublishing_the_original_withdraws_its_copies(network, copies):
    network["canonical"].unpublish()
    for copy in copies.values():
        copy.refresh_from_db()
        assert not copy.live


def test_deleting_the_original_withdraws_its_copies_and_frees_them(network, copies):
    network["canonical"].delete()
    for copy in copies.values():
        copy.refresh_from_db()
        assert not copy.live and copy.original_id is None


def test_a_copy_is_carried_as_its_original(network, copies):
    (result,) = syndicate(copies["zelpanorama"], [network["yugozapad"]])
    assert result.copy.pk == copies["yugozapad"].pk and not result.created


def test_an_article_is_not_carried_into_its_own_outlet(network):
    with pytest.raises(SyndicationError):
        syndicate(network["canonical"], [network["zvezdny"]])


def test_command_carries_an_article_and_reports_each_copy(network, capsys):
    call_command("syndicate", "technopolis-2023", "--to", "zelpanorama", "yugozapad")
    call_command("syndicate", "zvezdny/technopolis-2023", "--to", "zelpanorama")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "http://zelpanorama.localhost/technopolis-2023/\tсоздана",
        "http://yugozapad.localhost/technopolis-2023/\tсоздана",
        "http://zelpanorama.localhost/technopolis-2023/\tуже есть",
    ]


def test_command_refuses_unknown_outlet_and_writes_nothing(network):
    with pytest.raises(CommandError, match="Нет издания «nowhere»"):
        call_command("syndicate", "technopolis-2023", "--to", "zelpanorama", "nowhere")
    assert not ArticlePage.objects.filter(original=network["canonical"]).exists()


def test_tag_and_region_listings_show_the_story_once_as_the_outlet_carries_it(
    client, network, copies
):
    tag = network["canonical"].tags.first()
    region = network["canonical"].regions.first()
    for host, url in (
        ("zelpanorama", "http://zelpanorama.localhost/technopolis-2023/"),
        ("zvezdny", ORIGINAL_URL),
    ):
        for listing in (f"/tags/{tag.slug}/", f"/regions/{region.slug}/"):
            page = client.get(listing, HTTP_HOST=f"{host}.localhost").content.decode()
            assert page.count('technopolis-2023/"') == 1, (host, listing)
            assert f'href="{url.removeprefix(f"http://{host}.localhost")}"' in page


def test_tag_and_region_feeds_carry_the_story_once_as_the_outlet_carries_it(
    client, network, copies
):
    import feedparser

    tag = network["canonical"].tags.first()
    region = network["canonical"].regions.first()
    for host, url in (
        ("zelpanorama", "http://zelpanorama.localhost/technopolis-2023/"),
        ("zvezdny", ORIGINAL_URL),
    ):
        for feed in (f"/tags/{tag.slug}/rss/", f"/regions/{region.slug}/rss/"):
            response = client.get(feed, HTTP_HOST=f"{host}.localhost")
            links = [entry.link for entry in feedparser.parse(response.content).entries]
            story = [link for link in links if "technopolis-2023" in link]
            assert story == [url], (host, feed)


def test_wagtail_copy_of_a_copy_is_a_new_article_not_a_second_copy(network, copies):
    duplicate = copies["zelpanorama"].copy(update_attrs={"slug": "technopolis-copy"})
    assert duplicate.specific.original_id is None
