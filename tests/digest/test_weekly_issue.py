"""The worker builds the week's issue by itself (its tick, as `vestnik worker` runs it) and
sends it over SMTP once to every confirmed subscriber; bounces and complaints stop the mail."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from vestnik.articles.models import ArticlePage
from vestnik.digest.messages import unsubscribe_url
from vestnik.digest.models import Delivery, DigestList, Issue, Subscriber, Subscription
from vestnik.regions.models import Region

from .conftest import HOST, publish_in

pytestmark = pytest.mark.django_db

HEADLINES = ("В Марфине открыли каток у пруда", "На Ботанической улице посадили сто лип")


@pytest.fixture
def marfino_week(network):  # type: ignore[no-untyped-def]
    """Two stories about Марфино this week, one draft and one behind a password."""
    marfino = Region.objects.get(slug="marfino")
    outlet = network["zvezdny"]
    for title in HEADLINES:
        publish_in(outlet, marfino, title, "Жители пришли посмотреть.")
    hidden = publish_in(outlet, marfino, "Закрытая заметка о Марфине", "Только по паролю.")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    draft = ArticlePage(title="Черновик о Марфине", live=False)
    outlet.add_child(instance=draft)
    draft.regions.set([marfino])
    draft.save_revision()
    return DigestList.objects.create(outlet=outlet, region=marfino)


def subscribed(digest_list: DigestList, email: str, confirmed: bool = True) -> Subscription:
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    return Subscription.objects.create(
        subscriber=subscriber,
        digest_list=digest_list,
        confirmed_at=timezone.now() if confirmed else None,
    )


def worker_tick() -> None:
    call_command("worker", batch=True, verbosity=0)


def test_the_worker_sends_the_weekly_issue_once_to_each_confirmed_subscriber(
    smtp, due_today, marfino_week
):
    for email in ("anna@example.ru", "boris@example.ru"):
        subscribed(marfino_week, email)
    subscribed(marfino_week, "unconfirmed@example.ru", confirmed=False)
    Subscriber.objects.filter(
        pk=subscribed(marfino_week, "bounced@example.ru").subscriber_id
    ).update(stopped_at=timezone.now(), stopped_because="bounce")
    leaving = subscribed(marfino_week, "leaving@example.ru")
    assert Client().post(unsubscribe_url(leaving).partition(HOST)[2]).status_code == 200

    worker_tick()
    worker_tick()  # the same week again: nothing more

    issue = Issue.objects.get(digest_list=marfino_week)
    assert sorted(recipient for recipient, _ in smtp.accepted) == [
        "anna@example.ru",
        "boris@example.ru",
    ]
    (letter,) = smtp.to("anna@example.ru")
    assert letter["Subject"].strip() == issue.subject
    assert "Марфино" in letter["Subject"] and "главное за неделю" in letter["Subject"]
    anna = Subscription.objects.get(subscriber__email="anna@example.ru")
    assert letter["Message-ID"] == f"<digest.{issue.pk}.{anna.pk}@vestnik.localhost>"
    assert letter["List-Id"] == f"<list-{marfino_week.pk}.vestnik.localhost>"
    assert letter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_link, mailto = (part.strip(" <>") for part in letter["List-Unsubscribe"].split(","))
    assert https_link.startswith("http://zvezdny.localhost/podpiska/unsubscribe/")
    assert mailto.startswith("mailto:digest@zvezdny.localhost?")
    text = letter.get_body(preferencelist=("plain",)).get_content()
    html = letter.get_body(preferencelist=("html",)).get_content()
    month = timezone.localdate().strftime("%m")
    for part in (text, html):
        for headline in HEADLINES:
            assert headline in part
        assert "Закрытая заметка" not in part and "Черновик" not in part
        assert https_link in part  # the visible unsubscribe link
        assert "Звёздный бульвар" in part
    assert any(name in text for name in RUSSIAN_MONTHS[int(month) - 1 : int(month)])
    assert 'href="http://zvezdny.localhost/' in html

    # A mail client's one-click button: a POST with no cookies and no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        https_link.partition(HOST)[2],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=HOST,
    )
    assert one_click.status_code == 200
    assert not Subscription.objects.filter(subscriber__email="anna@example.ru").exists()


RUSSIAN_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def test_the_issue_is_kept_in_the_sites_archive(smtp, due_today, marfino_week):
    subscribed(marfino_week, "anna@example.ru")
    worker_tick()
    issue = Issue.objects.get()
    reader = Client(HTTP_HOST=HOST)

    archive = reader.get("/digest/").content.decode()
    page = reader.get(f"/digest/{issue.pk}/").content.decode()

    assert issue.subject in archive and f"/digest/{issue.pk}/" in archive
    assert all(headline in page for headline in HEADLINES)
    assert "Закрытая заметка" not in page
    assert "/podpiska/?region=marfino" in page
    assert reader.get("/digest/999999/").status_code == 404


def test_a_refused_address_is_stopped_and_gets_nothing_more(smtp, due_today, marfino_week):
    smtp.refused.add("gone@example.ru")
    outlet_list = DigestList.objects.create(outlet=marfino_week.outlet)
    for digest_list in (marfino_week, outlet_list):
        subscribed(digest_list, "gone@example.ru")
        subscribed(digest_list, "here@example.ru")

    worker_tick()
    worker_tick()

    gone = Subscriber.objects.get(email="gone@example.ru")
    assert gone.stopped_at is not None and gone.stopped_because == "bounce"
    assert not smtp.to("gone@example.ru")
    assert len(smtp.to("here@example.ru")) == 2  # one issue of each list
    states = set(
        Delivery.objects.filter(subscription__subscriber=gone).values_list("state", flat=True)
    )
    assert states == {Delivery.State.REFUSED, Delivery.State.SKIPPED}


def test_a_providers_complaint_stops_the_mail(smtp, due_today, marfino_week, settings):
    settings.VESTNIK_DIGEST = {**settings.VESTNIK_DIGEST, "WEBHOOK_TOKEN": "s3cret-token"}
    subscribed(marfino_week, "angry@example.ru")
    subscribed(marfino_week, "calm@example.ru")
    provider = Client()
    event = json.dumps([{"email": "Angry@example.ru", "type": "complaint"}])

    forged = provider.post(
        "/digest/bounces/",
        event,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer wrong",
    )
    accepted = provider.post(
        "/digest/bounces/",
        event,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer s3cret-token",
    )
    worker_tick()

    assert forged.status_code == 403
    assert accepted.status_code == 200 and accepted.json() == {"stopped": 1}
    assert Subscriber.objects.get(email="angry@example.ru").stopped_because == "complaint"
    assert [recipient for recipient, _ in smtp.accepted] == ["calm@example.ru"]


def test_the_webhook_refuses_what_it_cannot_read(settings):
    settings.VESTNIK_DIGEST = {**settings.VESTNIK_DIGEST, "WEBHOOK_TOKEN": "s3cret-token"}
    provider = Client()

    reply = provider.post(
        "/digest/bounces/",
        "not json",
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer s3cret-token",
    )

    assert reply.status_code == 400 and "JSON" in reply.json()["error"]
