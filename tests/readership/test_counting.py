"""Counting in the WSGI layer: who is a reader, what is kept of them, and that a counter that
fails never fails a page."""

import logging
import time

import pytest

from tests.pagecache.conftest import call_wsgi
from vestnik.readership.counting import ReadCounter
from vestnik.readership.models import DailyReads
from vestnik.readership.spools import FileSpool

from .conftest import BROWSER

pytestmark = pytest.mark.django_db

ARTICLE = "/technopolis-2023/"
ADDRESS = "203.0.113.42"


def read(app, path=ARTICLE, method="GET", agent=BROWSER, address=ADDRESS, **headers):
    return call_wsgi(app, path, method=method, remote_addr=address, USER_AGENT=agent, **headers)


def test_a_readers_view_is_counted_on_the_miss_and_on_every_hit(counted_app, reads_spool, network):
    replies = [read(counted_app) for _ in range(3)]
    assert [reply.cache for reply in replies] == ["miss", "hit", "hit"]
    assert "X-Vestnik-Read-Page" not in replies[0].headers | replies[1].headers
    reads = reads_spool.take()
    assert {r.page_id for r in reads} == {network["canonical"].pk}
    assert sum(r.views for r in reads) == 3
    assert len({r.visitor for r in reads}) == 1  # one reader, three views


def test_listings_are_not_reads(counted_app, reads_spool, network):
    read(counted_app, "/")
    read(counted_app, "/")
    assert reads_spool.take() == []


@pytest.mark.parametrize(
    ("method", "agent", "headers"),
    [
        ("GET", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", {}),
        ("GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("GET", "Mozilla/5.0 (compatible; YandexImages/3.0; +http://yandex.com/bots)", {}),
        ("GET", "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)", {}),
        ("GET", "TelegramBot (like TwitterBot)", {}),
        ("GET", "curl/8.5.0", {}),
        ("GET", "", {}),
        ("HEAD", BROWSER, {}),
        ("GET", BROWSER, {"SEC_PURPOSE": "prefetch;prerender"}),
        ("GET", BROWSER, {"PURPOSE": "prefetch"}),
        ("GET", BROWSER, {"X_MOZ": "prefetch"}),
    ],
)
def test_bots_heads_and_prefetches_are_not_reads(
    counted_app, reads_spool, network, method, agent, headers
):
    read(counted_app)  # the page stored, and one reader's view
    reads_spool.take()
    for _ in range(2):
        assert read(counted_app, method=method, agent=agent, **headers).status == 200
    assert reads_spool.take() == []


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0 YaBrowser/24.4.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Mobile/15E148 YandexSearch/8.10",
        "Mozilla/5.0 (Linux; Android 13; wv) Chrome/120.0 Mobile Telegram-Android/10.5",
    ],
)
def test_browsers_of_yandex_and_telegrams_in_app_browser_are_readers(
    counted_app, reads_spool, network, agent
):
    read(counted_app, agent=agent)
    assert sum(r.views for r in reads_spool.take()) == 1


def test_an_editor_with_a_session_is_not_counted(counted_app, reads_spool, network):
    read(counted_app, COOKIE="sessionid=abc")
    assert reads_spool.take() == []


def test_a_reader_is_one_hash_per_day_and_no_address_is_kept(counted_app, reads_spool, network):
    read(counted_app, address=ADDRESS)
    read(counted_app, address="198.51.100.7")
    read(counted_app, address=ADDRESS, agent=BROWSER.replace("131", "130"))
    spooled = (reads_spool.path).read_bytes()
    reads = reads_spool.take()
    assert len({r.visitor for r in reads}) == 3  # address and browser both tell readers apart
    salts = list(reads_spool.directory.glob("salt-*"))
    assert len(salts) == 1
    for kept in [spooled, *(path.read_bytes() for path in reads_spool.directory.iterdir())]:
        assert ADDRESS.encode() not in kept and b"198.51.100.7" not in kept


def test_the_same_reader_hashes_differently_the_next_day_and_the_old_salt_is_gone(
    settings, tmp_path
):
    spool = FileSpool(tmp_path / "reads")
    settings.VAR_DIR = tmp_path
    counter = ReadCounter(flush_seconds=3600, batch=1000, behind_proxy=False)
    environ = {"REQUEST_METHOD": "GET", "REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": BROWSER}
    now = time.time()
    counter.start_day(now)
    counter.count(1, environ)
    counter.count(1, environ)
    first_salt = sorted(p.name for p in spool.directory.glob("salt-*"))
    counter.start_day(now + 86400)
    counter.count(1, environ)
    counter.flush()
    today, tomorrow = spool.take()
    assert (today.views, tomorrow.views) == (2, 1)  # one reader's two views, then one
    assert today.visitor != tomorrow.visitor
    assert tomorrow.day > today.day
    assert sorted(p.name for p in spool.directory.glob("salt-*")) != first_salt
    assert len(list(spool.directory.glob("salt-*"))) == 1  # yesterday's salt is deleted


def test_a_failing_counter_never_fails_a_page(counted_app, reads_spool, network, caplog):
    reads_spool.path.mkdir()  # the spool cannot be written: a directory where its file goes
    with caplog.at_level(logging.WARNING, logger="vestnik.readership.counting"):
        replies = [read(counted_app) for _ in range(3)]
    assert [reply.status for reply in replies] == [200, 200, 200]
    assert [reply.cache for reply in replies] == ["miss", "hit", "hit"]
    assert [r.getMessage() for r in caplog.records if "Прочтения" in r.getMessage()] != []
    assert len(caplog.records) == 1  # one line, then counting pauses
    assert not DailyReads.objects.exists()
