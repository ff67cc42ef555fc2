"""A reader subscribes on an outlet's site, confirms from the letter, and can delete their
address; the letters go over a real SMTP server on loopback."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from vestnik.digest.models import DigestList, Subscriber, Subscription
from vestnik.digest.tokens import make_token
from vestnik.regions.models import Region

from .conftest import HOST, link_in


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True, HTTP_HOST=HOST)


def post_form(client: Client, path: str, **data: str):  # type: ignore[no-untyped-def]
    """GET the form (which sets the CSRF cookie), then POST it with the page's token."""
    form = client.get(path)
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    assert token, form.content.decode()
    return client.post(path.partition("?")[0], {"csrfmiddlewaretoken": token.group(1), **data})


@pytest.mark.django_db
def test_a_reader_subscribes_to_a_district_and_confirms_from_the_letter(smtp, network):
    reply = post_form(
        csrf_client(), "/podpiska/?region=marfino", email="Reader@Example.ru", region="marfino"
    )

    assert reply.status_code == 200
    assert "Проверьте почту" in reply.content.decode()
    (letter,) = smtp.to("reader@example.ru")
    assert "Подтвердите подписку" in letter["Subject"]
    subscription = Subscription.objects.get(subscriber__email="reader@example.ru")
    assert subscription.digest_list.region == Region.objects.get(slug="marfino")
    assert subscription.confirmed_at is None

    confirmed = Client(HTTP_HOST=HOST).get(link_in(letter, "/podpiska/confirm/"))

    assert confirmed.status_code == 200
    assert "Подписка подтверждена" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


@pytest.mark.django_db
def test_the_form_answers_the_same_for_any_address_and_sends_one_letter(smtp, network):
    post_form(csrf_client(), "/podpiska/", email="twice@example.ru")
    Subscription.objects.filter(subscriber__email="twice@example.ru").update(
        confirmed_at=timezone.now()
    )

    again = post_form(csrf_client(), "/podpiska/", email="twice@example.ru")
    stranger = post_form(csrf_client(), "/podpiska/", email="new@example.ru")
    stranger_again = post_form(csrf_client(), "/podpiska/", email="new@example.ru")

    pages = {
        again.content.decode().count("Проверьте почту"),
        stranger.content.decode().count("Проверьте почту"),
    }
    assert len(pages) == 1 and pages != {0}
    assert stranger_again.status_code == 200
    assert len(smtp.to("twice@example.ru")) == 1  # the confirmed address gets nothing more
    assert len(smtp.to("new@example.ru")) == 1  # the throttle: one letter per ten minutes


@pytest.mark.django_db
def test_a_mistyped_address_is_answered_in_russian_and_nothing_is_kept(smtp, network):
    reply = post_form(csrf_client(), "/podpiska/", email="reader.example.ru")

    assert "Похоже, в адресе ошибка" in reply.content.decode()
    assert not Subscriber.objects.exists()
    assert not smtp.accepted


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(smtp, network):
    reply = csrf_client().post("/podpiska/", {"email": "reader@example.ru"})

    assert reply.status_code == 403
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_an_expired_confirmation_link_is_explained(smtp, network, settings):
    post_form(csrf_client(), "/podpiska/", email="late@example.ru")
    (letter,) = smtp.to("late@example.ru")
    settings.VESTNIK_DIGEST = {**settings.VESTNIK_DIGEST, "CONFIRM_DAYS": -1}

    reply = Client(HTTP_HOST=HOST).get(link_in(letter, "/podpiska/confirm/"))

    assert reply.status_code == 400
    assert "Ссылка устарела" in reply.content.decode()
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_the_owner_deletes_their_address_completely(smtp, network):
    post_form(csrf_client(), "/podpiska/", email="gone@example.ru")
    post_form(csrf_client(), "/podpiska/?region=marfino", email="gone@example.ru", region="marfino")
    assert Subscription.objects.filter(subscriber__email="gone@example.ru").count() == 2

    asked = post_form(csrf_client(), "/podpiska/udalit/", email="gone@example.ru")
    unknown = post_form(csrf_client(), "/podpiska/udalit/", email="nobody@example.ru")

    assert (
        "Проверьте почту" in asked.content.decode()
        and "Проверьте почту" in unknown.content.decode()
    )
    assert not smtp.to("nobody@example.ru")
    letter = smtp.to("gone@example.ru")[-1]
    link = link_in(letter, "/podpiska/delete/")
    reader = Client(HTTP_HOST=HOST)  # no cookies: the link's token is enough
    assert "Удалить адрес?" in reader.get(link).content.decode()
    assert Subscriber.objects.filter(email="gone@example.ru").exists()  # a GET deletes nothing

    reply = reader.post(link)

    assert "Адрес удалён" in reply.content.decode()
    assert not Subscriber.objects.filter(email="gone@example.ru").exists()
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_a_forged_deletion_link_deletes_nothing(network):
    subscriber = Subscriber.objects.create(email="kept@example.ru")
    forged = make_token("unsubscribe", subscriber.pk)  # a token of another kind

    reply = Client(HTTP_HOST=HOST).post(f"/podpiska/delete/{forged}/")

    assert reply.status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


@pytest.mark.django_db
def test_cached_pages_offer_the_list_and_the_form_page_is_never_stored(
    network, memory_page_store, django_app
):
    from tests.pagecache.conftest import call_wsgi
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    app = PageCacheApplication(django_app)
    call_wsgi(app, "/regions/marfino/")
    region_page = call_wsgi(app, "/regions/marfino/")
    call_wsgi(app, "/podpiska/", query="region=marfino")
    form_page = call_wsgi(app, "/podpiska/", query="region=marfino")

    assert region_page.cache == "hit"
    assert 'action="/podpiska/"' in region_page.text
    assert 'name="region" value="marfino"' in region_page.text
    assert "csrfmiddlewaretoken" not in region_page.text
    assert form_page.cache != "hit"
    assert "csrfmiddlewaretoken" in form_page.text
    assert "csrftoken=" in form_page.headers.get("Set-Cookie", "")
    assert DigestList.objects.count() == 0  # a page view creates no list
