"""The worker posts, edits and deletes an article's message in a Telegram channel, against the
fake Bot API on loopback: exactly one message, whatever the network answers."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.fakes.telegram import DEFAULT_TOKEN
from vestnik.distribution.models import Delivery

from .conftest import make_channel, publish_article

pytestmark = pytest.mark.django_db

HEADLINE = "В Звёздном откроют сквер у пруда"


@pytest.fixture
def channel(network, bot_api):  # type: ignore[no-untyped-def]
    return make_channel(network["zvezdny"], target="@zvezdny", token=DEFAULT_TOKEN)


def test_publish_edit_and_unpublish_post_edit_and_delete_one_message(
    network, bot_api, channel, run_distribution
):
    article = publish_article(network["zvezdny"], "skver", HEADLINE, "Работы начнутся весной.")
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    assert HEADLINE in message.text and "Работы начнутся весной." in message.text
    delivery = Delivery.objects.get(page_id=article.pk)
    assert (delivery.state, delivery.remote_id) == ("sent", str(message.message_id))
    assert delivery.link == f"https://t.me/zvezdny/{message.message_id}"

    article.title = "В Звёздном откроют сквер у большого пруда"
    article.save_revision().publish()
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    assert message.edits == 1 and "у большого пруда" in message.text

    article.save_revision().publish()  # nothing changed: nothing sent
    run_distribution()
    assert bot_api.messages_in("@zvezdny")[0].edits == 1

    article.unpublish()
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    assert message.deleted
    assert Delivery.objects.get(page_id=article.pk).state == "deleted"


def test_own_text_replaces_the_lead(network, bot_api, channel, run_distribution):
    article = publish_article(network["zvezdny"], "skver", HEADLINE, "Лид для сайта.")
    article.social_text = "Голосуйте за проект до пятницы!"
    article.save_revision().publish()
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    assert "Голосуйте за проект до пятницы!" in message.text
    assert "Лид для сайта." not in message.text


def test_deleting_the_article_deletes_its_message(network, bot_api, channel, run_distribution):
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    run_distribution()
    article.delete()
    run_distribution()
    assert [m.deleted for m in bot_api.messages_in("@zvezdny")] == [True]
    assert Delivery.objects.get().state == "deleted"


def test_a_rate_limited_message_is_queued_again_after_retry_after(
    network, bot_api, channel, run_distribution
):
    bot_api.rate_limit = 1
    publish_article(network["zvezdny"], "first", "Первая новость дня")
    second = publish_article(network["zvezdny"], "second", "Вторая новость дня")
    before = timezone.now()
    run_distribution()

    assert len(bot_api.messages_in("@zvezdny")) == 1
    delivery = Delivery.objects.get(page_id=second.pk)
    assert delivery.state == "sending"  # not sent, and it stays in the queue
    match = re.search(r"retry after (\d+)", delivery.last_error)
    assert match, delivery.last_error
    [retry] = DBTaskResult.objects.filter(queue_name="distribution", status="READY")
    assert retry.args_kwargs["args"][0] == delivery.pk
    assert retry.run_after >= before + timezone.timedelta(seconds=int(match[1]))


def test_a_refusal_fails_with_telegrams_description_shown_and_retry_sends_it(
    network, bot_api, client, run_distribution
):
    channel = make_channel(network["zvezdny"], target="zvezdny", token=DEFAULT_TOKEN)
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    run_distribution()
    delivery = Delivery.objects.get(page_id=article.pk)
    assert (delivery.state, delivery.last_error) == ("failed", "Bad Request: chat not found")

    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "ошибка: Bad Request: chat not found" in page
    assert f"/admin/channels/retry/{delivery.pk}/" in page

    channel.target = "@zvezdny"  # the editor corrects the channel
    channel.save()
    assert client.get(f"/admin/channels/retry/{delivery.pk}/").status_code == 405
    response = client.post(f"/admin/channels/retry/{delivery.pk}/")
    assert response.status_code == 302
    run_distribution()
    assert len(bot_api.messages_in("@zvezdny")) == 1
    page = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "отправлено" in page and "https://t.me/zvezdny/1" in page


def test_an_editor_of_another_outlet_cannot_retry(network, bot_api, client, run_distribution):
    make_channel(network["zvezdny"], target="zvezdny", token=DEFAULT_TOKEN)
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    run_distribution()
    delivery = Delivery.objects.get(page_id=article.pk)
    client.force_login(get_user_model().objects.get(username="editor-zelpanorama"))
    assert client.post(f"/admin/channels/retry/{delivery.pk}/").status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).state == "failed"


def test_a_lost_answer_is_found_rather_than_posted_twice(
    network, bot_api, channel, run_distribution
):
    bot_api.drop_next_answer()
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    run_distribution()  # the message is in the channel; the answer never came
    assert Delivery.objects.get(page_id=article.pk).state == "sending"
    DBTaskResult.objects.filter(queue_name="distribution", status="READY").update(
        run_after=timezone.now()
    )
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    delivery = Delivery.objects.get(page_id=article.pk)
    assert (delivery.state, delivery.remote_id) == ("sent", str(message.message_id))


def test_an_article_with_a_photo_goes_out_as_a_photo(network, bot_api, channel, run_distribution):
    article = network["canonical"]  # Звёздный бульвар's, with its photo and credit
    assert article.photo is not None
    article.save_revision().publish()
    run_distribution()
    [message] = bot_api.messages_in("@zvezdny")
    assert message.kind == "photo" and message.photo_size > 0
    assert article.title in message.text
