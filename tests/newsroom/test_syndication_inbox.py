"""Offering a story to an outlet one cannot add to, and that outlet's «Входящие», as outlet
editors live it: editor-zvezdny offers, editor-zelpanorama accepts or declines."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.newsroom.syndication import syndicate

pytestmark = pytest.mark.django_db

INBOX = "/admin/syndication/inbox/"


def editor(client: Client, slug: str) -> Client:
    client.force_login(get_user_model().objects.get(username=f"editor-{slug}"))
    return client


def offer(network, to: str = "zelpanorama") -> ArticlePage:
    """editor-zvezdny offers the canonical article through the form, as in the admin."""
    sender = editor(Client(), "zvezdny")
    article = network["canonical"]
    sender.post(f"/admin/syndication/{article.pk}/", {"outlets": [str(network[to].pk)]})
    return ArticlePage.objects.get(original=article, path__startswith=network[to].path)


def test_offered_copy_waits_as_a_draft_in_the_receiving_inbox(client, network):
    copy = offer(network)
    assert not copy.live
    assert Client().get(copy.url, HTTP_HOST="zelpanorama.localhost").status_code == 404
    inbox = editor(client, "zelpanorama").get(INBOX).content.decode()
    assert network["canonical"].title in inbox
    assert "Звёздный бульвар" in inbox  # from which outlet
    assert "1 материал ждёт решения" in inbox
    assert f"/admin/syndication/inbox/{copy.pk}/accept/" in inbox
    assert ">Принять</button>" in inbox and ">Отклонить</button>" in inbox


def test_the_draft_copys_edit_screen_points_to_the_inbox(client, network):
    copy = offer(network)
    screen = editor(client, "zelpanorama").get(f"/admin/pages/{copy.pk}/edit/").content.decode()
    assert "Копия ждёт решения" in screen and INBOX in screen


def test_inbox_is_in_the_menu_of_an_outlet_editor(client, network):
    home = editor(client, "zelpanorama").get("/admin/").content.decode()
    # The sidebar is a JSON payload, so the label arrives \u-escaped.
    assert INBOX in home and json.dumps("Входящие") in home


def test_accepting_publishes_the_copy_on_the_receiving_host(client, network):
    copy = offer(network)
    receiving = editor(client, "zelpanorama")
    done = receiving.post(f"/admin/syndication/inbox/{copy.pk}/accept/", follow=True)
    assert "опубликован в «Зеленоградская панорама»" in done.content.decode()
    copy.refresh_from_db()
    assert copy.live and copy.follows_original
    page = Client().get(copy.url, HTTP_HOST="zelpanorama.localhost").content.decode()
    assert network["canonical"].title in page and "Текст: Звёздный бульвар" in page
    assert '<link rel="canonical" href="http://zvezdny.localhost/technopolis-2023/">' in page
    assert network["canonical"].title not in receiving.get(INBOX).content.decode()


def test_accepted_copy_follows_and_is_withdrawn_with_its_original(client, network):
    copy = offer(network)
    editor(client, "zelpanorama").post(f"/admin/syndication/inbox/{copy.pk}/accept/")
    original = network["canonical"]
    original.title = "Технополис: итоги года"
    original.save_revision().publish()
    copy.refresh_from_db()
    assert copy.title == "Технополис: итоги года" and copy.live
    original.unpublish()
    copy.refresh_from_db()
    assert not copy.live


def test_declining_deletes_the_draft_copy(client, network):
    copy = offer(network)
    receiving = editor(client, "zelpanorama")
    done = receiving.post(f"/admin/syndication/inbox/{copy.pk}/decline/", follow=True)
    assert "отклонён" in done.content.decode()
    assert not ArticlePage.objects.filter(pk=copy.pk).exists()
    assert "Предложенных материалов нет" in receiving.get(INBOX).content.decode()


def test_a_third_editor_sees_nothing_and_cannot_decide(client, network):
    copy = offer(network)
    third = editor(client, "yugozapad")
    inbox = third.get(INBOX).content.decode()
    assert network["canonical"].title not in inbox and "0 материалов ждут решения" in inbox
    assert third.post(f"/admin/syndication/inbox/{copy.pk}/accept/").status_code == 404
    assert third.post(f"/admin/syndication/inbox/{copy.pk}/decline/").status_code == 404
    copy.refresh_from_db()
    assert not copy.live


def test_the_offering_editor_cannot_accept_their_own_offer(client, network):
    copy = offer(network)
    sender = editor(client, "zvezdny")
    assert sender.post(f"/admin/syndication/inbox/{copy.pk}/accept/").status_code == 404
    copy.refresh_from_db()
    assert not copy.live


def test_deciding_takes_a_post_with_a_csrf_token(network):
    copy = offer(network)
    checked = Client(enforce_csrf_checks=True)
    editor(checked, "zelpanorama")
    assert checked.get(f"/admin/syndication/inbox/{copy.pk}/accept/").status_code == 405
    assert checked.post(f"/admin/syndication/inbox/{copy.pk}/accept/").status_code == 403
    assert checked.post(f"/admin/syndication/inbox/{copy.pk}/decline/").status_code == 403
    copy.refresh_from_db()
    assert not copy.live and ArticlePage.objects.filter(pk=copy.pk).exists()


def test_a_withdrawn_original_cannot_be_accepted_only_declined(client, network):
    copy = offer(network)
    network["canonical"].unpublish()
    receiving = editor(client, "zelpanorama")
    done = receiving.post(f"/admin/syndication/inbox/{copy.pk}/accept/", follow=True)
    assert "принять копию нельзя" in done.content.decode()
    copy.refresh_from_db()
    assert not copy.live


@pytest.mark.parametrize(
    ("offered", "heading"),
    [(2, "2 материала ждут решения"), (5, "5 материалов ждут решения")],
)
def test_inbox_counts_agree_in_number(client, network, offered, heading):
    sender = get_user_model().objects.get(username="editor-zvezdny")
    for number in range(offered):
        story, _ = upsert_article(
            network["zvezdny"],
            ArticleSpec(
                slug=f"sovet-deputatov-{number}",
                headline=f"Совет депутатов: заседание №{number + 1}",
                published_at=timezone.now(),
            ),
        )
        syndicate(story, [network["zelpanorama"]], sender)
    assert heading in editor(client, "zelpanorama").get(INBOX).content.decode()


def test_administrator_still_carries_at_once(admin_client, network):
    article = network["canonical"]
    admin_client.post(
        f"/admin/syndication/{article.pk}/", {"outlets": [str(network["zelpanorama"].pk)]}
    )
    (copy,) = ArticlePage.objects.filter(original=article)
    assert copy.live
    inbox = editor(Client(), "zelpanorama").get(INBOX).content.decode()
    assert article.title not in inbox


def test_an_offer_decided_once_cannot_be_decided_again(client, network):
    copy = offer(network)
    receiving = editor(client, "zelpanorama")
    assert receiving.post(f"/admin/syndication/inbox/{copy.pk}/accept/").status_code == 302
    assert receiving.post(f"/admin/syndication/inbox/{copy.pk}/decline/").status_code == 404
    copy.refresh_from_db()
    assert copy.live
