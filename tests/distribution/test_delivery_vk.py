"""The worker posts, edits and deletes an article's post on a VK community's wall, against the
fake VK API on loopback; a lost answer is found on the wall rather than posted twice."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.fakes.vk import FakeVk, running_fake_vk
from vestnik.distribution.models import Delivery

from .conftest import make_channel, publish_article

pytestmark = pytest.mark.django_db

HEADLINE = "В Звёздном откроют сквер у пруда"


@pytest.fixture
def vk(network, settings):  # type: ignore[no-untyped-def]
    with running_fake_vk(tokens={"vk-admin-key": 1234}) as fake:
        settings.VK_API_URL = fake.api_url
        settings.VESTNIK_TELEGRAM_PER_MINUTE = 60_000
        make_channel(network["zvezdny"], network="vk", target="1234", token="vk-admin-key")
        yield fake


def test_publish_edit_and_unpublish_post_edit_and_delete_one_wall_post(
    network, vk: FakeVk, run_distribution
):
    article = publish_article(network["zvezdny"], "skver", HEADLINE, "Работы начнутся весной.")
    run_distribution()
    [post] = vk.live_posts()
    assert HEADLINE in post.message and post.from_group
    delivery = Delivery.objects.get(page_id=article.pk)
    assert (delivery.state, delivery.remote_id) == ("sent", str(post.id))
    assert delivery.link == f"https://vk.com/wall-1234_{post.id}"

    article.title = "В Звёздном откроют сквер у большого пруда"
    article.save_revision().publish()
    run_distribution()
    [post] = vk.live_posts()
    assert post.edits == 1 and "у большого пруда" in post.message

    article.unpublish()
    run_distribution()
    assert vk.live_posts() == [] and len(vk.posts) == 1
    assert Delivery.objects.get(page_id=article.pk).state == "deleted"


def test_a_post_whose_answer_was_dropped_is_found_not_posted_twice(
    network, vk: FakeVk, run_distribution
):
    vk.drop_next(method="wall.post")  # VK posts it; the answer never arrives
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    run_distribution()
    assert Delivery.objects.get(page_id=article.pk).state == "sending"
    assert len(vk.live_posts()) == 1
    # the retry is due (it waits out a backoff, moved here rather than waited for)
    DBTaskResult.objects.filter(queue_name="distribution", status="READY").update(
        run_after=timezone.now()
    )
    run_distribution()
    [post] = vk.live_posts()
    delivery = Delivery.objects.get(page_id=article.pk)
    assert (delivery.state, delivery.remote_id) == ("sent", str(post.id))
