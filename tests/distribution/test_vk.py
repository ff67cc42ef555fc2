"""The VK client against a fake VK on loopback (tests/fakes/vk.py): VK's upload flow, the guid,
edits and deletes, and VK's refusals as the two kinds of failure the distribution steps handle."""

import dataclasses
import io
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from django.test import override_settings
from PIL import Image

from tests.commands import free_port, wait_for
from tests.fakes.vk import FakeVk, running_fake_vk
from vestnik.distribution.networks import (
    Credentials,
    DistributionError,
    Photo,
    Post,
    Rejected,
    RetryLater,
)
from vestnik.distribution.vk import CAPTCHA_DESCRIPTION, MESSAGE_LIMIT, Vk, compose_message

TOKEN = "vk1.a.community-secret-Zx9"
GROUP = 218_447_003
URL = "https://zvezdny.example/novosti/katok-v-strogine/"


class ManualClock:
    """The fake's time, moved by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = 1_765_000_000.0

    def __call__(self) -> float:
        return self.now


def jpeg(colour: str = "#3a7") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


KATOK = Post(
    headline="В Строгине открылся каток с прокатом коньков",
    lead="Каток у пруда работает до 23:00, вход бесплатный.",
    url=URL,
    photo=Photo(name="katok.jpg", content_type="image/jpeg", data=jpeg()),
    marker="vestnik-17-3",
)


def article(**changes: Any) -> Post:
    """The skating rink article, with ``changes``."""
    return dataclasses.replace(KATOK, **changes)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeVk]:
    with running_fake_vk(tokens={TOKEN: GROUP}, clock=clock) as server:
        yield server


@pytest.fixture
def vk(fake: FakeVk) -> Vk:
    return Vk(Credentials(token=TOKEN, target=str(GROUP)), api_url=fake.api_url)


def methods(fake: FakeVk) -> list[str]:
    return [method for method, _ in fake.calls]


# Publishing


def test_post_with_photo_is_uploaded_saved_and_attached(fake: FakeVk, vk: Vk) -> None:
    posted = vk.publish(article())

    assert methods(fake) == ["photos.getWallUploadServer", "photos.saveWallPhoto", "wall.post"]
    (photo,) = fake.photos
    assert (photo.name, photo.owner_id) == ("katok.jpg", -GROUP)
    (post,) = fake.posts
    assert post.owner_id == -GROUP and post.from_group and post.guid == "vestnik-17-3"
    assert post.message == (
        "В Строгине открылся каток с прокатом коньков\n\n"
        "Каток у пруда работает до 23:00, вход бесплатный.\n\n" + URL
    )
    assert post.attachments == [f"photo-{GROUP}_{photo.id}", URL]
    assert (posted.remote_id, posted.link) == (
        str(post.id),
        f"https://vk.com/wall-{GROUP}_{post.id}",
    )


def test_post_without_photo_is_one_wall_post_with_the_own_text(fake: FakeVk, vk: Vk) -> None:
    vk.publish(article(photo=None, own_text="Берите коньки — прокат тоже есть!"))

    assert methods(fake) == ["wall.post"]
    (post,) = fake.posts
    assert "Берите коньки — прокат тоже есть!" in post.message
    assert "вход бесплатный" not in post.message
    assert post.attachments == [URL]


def test_settings_name_the_api(fake: FakeVk) -> None:
    with override_settings(VK_API_URL=fake.api_url, VK_API_VERSION="5.131"):
        Vk(Credentials(token=TOKEN, target=str(GROUP))).publish(article(photo=None))

    assert fake.calls[0][1]["v"] == "5.131"
    assert len(fake.posts) == 1


def test_publishing_twice_with_one_marker_leaves_one_post(fake: FakeVk, vk: Vk) -> None:
    first = vk.publish(article())
    second = vk.publish(article())

    assert first == second
    assert len(fake.live_posts()) == 1


def test_an_answer_lost_after_posting_is_retried_into_the_same_post(fake: FakeVk, vk: Vk) -> None:
    fake.drop_next(method="wall.post")

    with pytest.raises(RetryLater):
        vk.publish(article(photo=None))
    assert len(fake.posts) == 1  # VK posted it; the worker never heard

    assert vk.publish(article(photo=None)).remote_id == str(fake.posts[0].id)
    assert len(fake.live_posts()) == 1


def test_a_post_is_found_on_the_wall_after_its_guid_expired(
    fake: FakeVk, vk: Vk, clock: ManualClock
) -> None:
    vk.publish(article(photo=None, marker="vestnik-5-1", url="https://zvezdny.example/a/"))
    posted = vk.publish(article(photo=None))
    clock.now += fake.guid_window + 1

    assert vk.find(article(), after="1") == posted
    assert vk.find(article(), after=None) == posted
    assert vk.find(article(), after=posted.remote_id) is None
    assert vk.find(article(url="https://zvezdny.example/drugaya/"), after=None) is None


def test_a_long_text_is_cut_at_a_word_and_keeps_headline_and_link(fake: FakeVk, vk: Vk) -> None:
    lead = "Жители Строгина обсуждают каток. " * 800  # ~26,000 characters

    vk.publish(article(lead=lead, photo=None))

    (post,) = fake.posts
    assert len(post.message) <= MESSAGE_LIMIT
    assert post.message.startswith("В Строгине открылся каток")
    headline, body, link = post.message.split("\n\n")
    assert (headline, link) == ("В Строгине открылся каток с прокатом коньков", URL)
    assert body.endswith("…") and body[:-1].split()[-1] in {
        "Жители",
        "Строгина",
        "обсуждают",
        "каток",
    }


@pytest.mark.parametrize(
    ("lead", "limit", "expected"),
    [
        # fits: untouched
        ("Коротко.", 200, "Заголовок\n\nКоротко.\n\nhttps://x.ru/"),
        # cut at a word, never inside one
        ("Один два три четыре пять", 38, "Заголовок\n\nОдин два…\n\nhttps://x.ru/"),
        ("Один два три четыре пять", 39, "Заголовок\n\nОдин два три…\n\nhttps://x.ru/"),
        # no comma or dash before the ellipsis
        ("Один, два три", 35, "Заголовок\n\nОдин…\n\nhttps://x.ru/"),
        # a full stop merges into the ellipsis
        ("Один два. Три четыре", 36, "Заголовок\n\nОдин два…\n\nhttps://x.ru/"),
        # a no-break space keeps its words together
        ("Каток в\u00a0мае откроют", 36, "Заголовок\n\nКаток…\n\nhttps://x.ru/"),
        # a single overlong word is cut where it must be
        ("Длиннющееслово", 35, "Заголовок\n\nДлиннюще…\n\nhttps://x.ru/"),
    ],
)
def test_compose_message(lead: str, limit: int, expected: str) -> None:
    post = Post(headline="Заголовок", lead=lead, url="https://x.ru/", photo=None)
    assert compose_message(post, limit) == expected
    assert len(expected) <= limit


# Edits and deletes


def test_edit_changes_text_and_photo_of_the_same_post(fake: FakeVk, vk: Vk) -> None:
    posted = vk.publish(article())

    edited = vk.edit(
        posted.remote_id,
        article(
            headline="Каток в Строгине закрыт на заливку",
            photo=Photo("zaliv.png", "image/png", jpeg("#a58")),
        ),
    )

    assert edited == posted
    (post,) = fake.posts
    assert post.edits == 1 and post.message.startswith("Каток в Строгине закрыт на заливку")
    assert post.attachments == [f"photo-{GROUP}_{fake.photos[1].id}", URL]


def test_deleting_twice_counts_as_deleted(fake: FakeVk, vk: Vk) -> None:
    posted = vk.publish(article(photo=None))

    vk.delete(posted.remote_id)
    vk.delete(posted.remote_id)

    assert fake.posts[0].deleted
    assert fake.live_posts() == []


# A community key: VK lets it post but neither upload a wall photo nor read the wall


@pytest.fixture
def community_vk(fake: FakeVk) -> Vk:
    fake.tokens["vk1.a.community-key"] = GROUP
    fake.community_keys.add("vk1.a.community-key")
    return Vk(Credentials(token="vk1.a.community-key", target=str(GROUP)), api_url=fake.api_url)


def test_a_community_key_posts_the_link_without_the_photo(fake: FakeVk, community_vk: Vk) -> None:
    posted = community_vk.publish(article())

    assert methods(fake) == ["photos.getWallUploadServer", "wall.post"]
    (post,) = fake.posts
    assert post.attachments == [URL] and fake.photos == []
    assert community_vk.publish(article()) == posted  # the guid still holds


def test_a_community_key_leaves_finding_to_the_guid(fake: FakeVk, community_vk: Vk) -> None:
    community_vk.publish(article())

    assert community_vk.find(article(), after=None) is None


def test_a_community_key_deletes_twice(fake: FakeVk, community_vk: Vk) -> None:
    posted = community_vk.publish(article(photo=None))

    community_vk.delete(posted.remote_id)
    community_vk.delete(posted.remote_id)

    assert fake.live_posts() == []


# Refusals: wait, or tell the editor


def test_flood_control_is_retried_later(clock: ManualClock) -> None:
    with running_fake_vk(tokens={TOKEN: GROUP}, clock=clock, posts_per_period=2) as fake:
        vk = Vk(Credentials(token=TOKEN, target=str(GROUP)), api_url=fake.api_url)
        vk.publish(article(photo=None, marker="vestnik-1-3"))
        vk.publish(article(photo=None, marker="vestnik-2-3"))

        with pytest.raises(RetryLater, match="Flood control"):
            vk.publish(article(photo=None, marker="vestnik-3-3"))
        assert len(fake.posts) == 2

        clock.now += fake.period
        vk.publish(article(photo=None, marker="vestnik-3-3"))
        assert len(fake.posts) == 3


@pytest.mark.parametrize(
    ("inject", "retry_after"),
    [
        (lambda fake: fake.fail_next(6), 1.0),  # too many requests per second
        (lambda fake: fake.fail_next(10, method="wall.post"), None),  # VK's internal error
        (lambda fake: fake.fail_next_http(502, method="photos.saveWallPhoto"), None),
        (lambda fake: fake.drop_next(method="photos.getWallUploadServer"), None),
        (lambda fake: fake.fail_next_http(504, method="upload"), None),
    ],
)
def test_passing_failures_are_retried_later(
    fake: FakeVk, vk: Vk, inject: Callable[[FakeVk], None], retry_after: float | None
) -> None:
    inject(fake)

    with pytest.raises(RetryLater) as failure:
        vk.publish(article())

    assert failure.value.retry_after == retry_after
    assert fake.posts == []
    vk.publish(article())
    assert len(fake.posts) == 1


def test_a_captcha_is_shown_to_the_editor_in_russian(fake: FakeVk, vk: Vk) -> None:
    fake.require_captcha()

    with pytest.raises(Rejected) as failure:
        vk.publish(article(photo=None))

    assert failure.value.description == CAPTCHA_DESCRIPTION
    assert "капчу" in failure.value.description and "повторите" in failure.value.description
    assert fake.posts == []


def test_an_expired_token_is_rejected_with_vks_words_and_what_to_do(fake: FakeVk, vk: Vk) -> None:
    posted = vk.publish(article(photo=None))
    fake.revoke(TOKEN)

    with pytest.raises(Rejected) as failure:
        vk.publish(article(marker="vestnik-18-3"))
    assert "User authorization failed" in failure.value.description
    assert "выпустите новый" in failure.value.description

    with pytest.raises(Rejected, match="User authorization failed"):
        vk.delete(posted.remote_id)
    assert fake.live_posts() == fake.posts


def test_a_wrong_group_is_rejected_with_vks_words(fake: FakeVk) -> None:
    other = Vk(Credentials(token=TOKEN, target="1"), api_url=fake.api_url)

    with pytest.raises(Rejected, match="Access to adding post denied"):
        other.publish(article(photo=None))


def test_a_file_that_is_no_picture_is_rejected(fake: FakeVk, vk: Vk) -> None:
    with pytest.raises(Rejected, match="фотографию"):
        vk.publish(article(photo=Photo("katok.jpg", "image/jpeg", b"<html>not a photo</html>")))
    assert fake.posts == []


def test_a_group_id_must_be_digits() -> None:
    with pytest.raises(Rejected, match="число"):
        Vk(Credentials(token=TOKEN, target="club_zvezdny"), api_url="http://127.0.0.1:1/method")


def test_a_silent_vk_is_retried_later_after_the_timeout(fake: FakeVk) -> None:
    impatient = Vk(Credentials(token=TOKEN, target=str(GROUP)), api_url=fake.api_url, timeout=0.2)
    fake.hang_next(method="upload")

    with pytest.raises(RetryLater, match="не ответил вовремя"):
        impatient.publish(article())
    assert fake.posts == []


def test_a_refused_connection_is_retried_later() -> None:
    vk = Vk(
        Credentials(token=TOKEN, target=str(GROUP)),
        api_url=f"http://127.0.0.1:{free_port()}/method",
    )

    with pytest.raises(RetryLater, match="Нет связи"):
        vk.publish(article())


# The token


@pytest.mark.parametrize(
    "inject",
    [
        lambda fake: fake.revoke(TOKEN),
        lambda fake: fake.require_captcha(),
        lambda fake: fake.fail_next_http(503),
        lambda fake: fake.drop_next(),
        lambda fake: fake.fail_next(100),
        lambda fake: fake.stop(),
    ],
)
def test_the_token_is_never_in_an_error_a_log_or_an_address(
    fake: FakeVk, vk: Vk, inject: Callable[[FakeVk], None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    inject(fake)

    with pytest.raises(DistributionError) as failure:
        vk.publish(article())

    seen = [str(failure.value), repr(failure.value), failure.value.description, repr(vk)]
    seen += [str(failure.value.__cause__), str(failure.value.__context__), caplog.text]
    assert all(TOKEN not in text for text in seen)
    assert all(TOKEN not in path for path in fake.paths)


# The fake, for tests in other processes


def test_the_fake_shows_its_posts_and_takes_faults_over_http(fake: FakeVk, vk: Vk) -> None:
    vk.publish(article(photo=None))
    httpx.post(f"{fake.url}/_fake/faults", json={"error_code": 14, "method": "wall.post"})

    with pytest.raises(Rejected):
        vk.publish(article(photo=None, marker="vestnik-18-3"))
    posts = httpx.get(f"{fake.url}/_fake/posts").json()

    assert [(post["id"], post["guid"], post["deleted"]) for post in posts] == [
        (1, "vestnik-17-3", False)
    ]


def test_the_fake_holds_an_answer_over_http_after_storing_the_post(fake: FakeVk, vk: Vk) -> None:
    httpx.post(f"{fake.url}/_fake/faults", json={"hold": True, "method": "wall.post"})
    answers: list[str] = []
    caller = threading.Thread(target=lambda: answers.append(vk.publish(KATOK).remote_id))
    caller.start()

    [post] = wait_for(lambda: httpx.get(f"{fake.url}/_fake/posts").json(), "the post")
    assert answers == []  # stored, its answer still held
    httpx.post(f"{fake.url}/_fake/release")
    caller.join(timeout=30)
    assert answers == [str(post["id"])]


@pytest.mark.parametrize(
    ("method", "params", "code"),
    [
        ("wall.post", {"owner_id": f"-{GROUP}", "message": "Текст", "v": ""}, 8),
        ("wall.post", {"owner_id": f"-{GROUP}", "message": "Текст", "access_token": "x"}, 5),
        ("wall.post", {"message": "Текст"}, 100),
        ("wall.post", {"owner_id": f"-{GROUP}"}, 100),
        ("wall.post", {"owner_id": f"-{GROUP}", "attachments": "https://a.ru/,https://b.ru/"}, 100),
        ("wall.post", {"owner_id": f"-{GROUP}", "attachments": f"photo-{GROUP}_1"}, 100),
        ("wall.post", {"owner_id": f"-{GROUP}", "message": "я" * (MESSAGE_LIMIT + 1)}, 100),
        ("wall.post", {"owner_id": "-1", "message": "Текст"}, 214),
        ("wall.edit", {"owner_id": f"-{GROUP}", "post_id": "77", "message": "Текст"}, 15),
        (
            "photos.saveWallPhoto",
            {"group_id": str(GROUP), "photo": "[]", "server": "1", "hash": "x"},
            121,
        ),
        ("photos.getWallUploadServer", {"group_id": "1"}, 15),
        ("wall.pin", {"owner_id": f"-{GROUP}", "post_id": "1"}, 3),
    ],
)
def test_the_fake_refuses_what_vk_refuses(
    fake: FakeVk, method: str, params: dict[str, str], code: int
) -> None:
    form = {"access_token": TOKEN, "v": "5.199", **params}

    answer = httpx.post(f"{fake.api_url}/{method}", data=form).json()

    assert answer["error"]["error_code"] == code
    assert all(item["key"] != "access_token" for item in answer["error"]["request_params"])
