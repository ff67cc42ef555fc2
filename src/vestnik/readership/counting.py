"""Counting a reader's view of an article, in the page cache's WSGI layer, cache hit or miss.

No cookie, no script, no third party, nothing personal kept: a reader is the hash of their
address and browser (``User-Agent``) with the day's salt (``spools``), so a reader is one
reader for one day and no hash can be matched to an address once the day's salt is gone.
Crawlers, link previews, prefetches and HEAD requests are not reads; editors never reach this
(a session goes straight to Django, and previews live under /admin/).

The hot path stays cheap, a few dictionary look-ups and a list append, no lock: this process
notes (article, address, browser), and every ``FLUSH_SECONDS`` (or ``BATCH`` views, and when
the process exits) tallies the notes, hashes each reader once and writes the tally to the
spool (a file or Redis) in one write. So an address stays in this process's memory for at
most those seconds, as it does in a web server's, and only its hash ever leaves it. A view
noted by one thread in the instant another swaps the list out may be lost: a count off by
one now and then, for no lock per request. A failure to count is logged once and never
fails a page.
"""

import atexit
import hashlib
import logging
import re
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from vestnik.client_address import client_address

from .spools import Read, get_spool

__all__ = [
    "READ_MARK_HEADER",
    "READS_ENVIRON_KEY",
    "ReadCounter",
    "count_read",
    "get_counter",
    "is_crawler",
    "is_prefetch",
]

logger = logging.getLogger(__name__)

# The WSGI layer asks Django to name the article a response shows; Django answers in this
# header, which the layer keeps with the stored page and never sends to the reader.
READS_ENVIRON_KEY = "vestnik.reads"
READ_MARK_HEADER = "X-Vestnik-Read-Page"

# Crawlers, feed readers, link previews of messengers and social networks, monitoring and
# command-line clients. «YaBrowser» and the Yandex app («YandexSearch») are people's
# browsers; «YandexBot» and the Yandex robots named below are not.
# Telegram's preview is «TelegramBot»: the word alone would also drop readers in its in-app
# browser («Telegram-Android»).
NOT_A_READER = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|vkshare|whatsapp"
    r"|skype|preview|lighthouse|headless|pingdom|uptime|monitor|curl|wget|python|httpx|aiohttp"
    r"|go-http|java/|okhttp|libwww|feed|rss|mediapartners|google-inspection"
    r"|yandex(?:images|metrika|news|turbo|direct|video|favicons|screenshot|webmaster|pagechecker)",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
MOSCOW = ZoneInfo("Europe/Moscow")
MEMOISED_AGENTS = 4096
PAUSE_SECONDS = 30.0


def is_crawler(agent: str) -> bool:
    """Whether a User-Agent is a program's rather than a reader's browser (or missing).

    >>> is_crawler("Mozilla/5.0 (compatible; YandexBot/3.0)")
    True
    """
    return not agent or NOT_A_READER.search(agent) is not None


def is_prefetch(environ: dict[str, Any]) -> bool:
    """A page fetched ahead of a click (``Sec-Purpose: prefetch``) or for a preview."""
    for name in PREFETCH_HEADERS:
        purpose = environ.get(name)
        if purpose is not None and ("prefetch" in purpose.lower() or "preview" in purpose.lower()):
            return True
    return False


class ReadCounter:
    """This process's tally of views not yet in the spool, and the day's salt."""

    def __init__(self, flush_seconds: float, batch: int, behind_proxy: bool) -> None:
        self.flush_seconds = flush_seconds
        self.batch = batch
        self.behind_proxy = behind_proxy
        # (article, address, browser) per view; tallied, hashed and written by ``flush``.
        self.views: list[tuple[int, str, str]] = []
        self.lock = threading.Lock()  # for ``flush``, never taken per request
        self.flush_at = time.time() + flush_seconds
        self.day = date.min
        self.day_ends = 0.0
        self.hasher = hashlib.blake2b(digest_size=12)
        self.paused_until = 0.0
        self.crawlers: dict[str, bool] = {}

    def count(self, page_id: int, environ: dict[str, Any]) -> None:
        if environ.get("REQUEST_METHOD") != "GET":
            return
        if (
            "HTTP_SEC_PURPOSE" in environ
            or "HTTP_PURPOSE" in environ
            or "HTTP_X_PURPOSE" in environ
            or "HTTP_X_MOZ" in environ
        ) and is_prefetch(environ):
            return
        agent = environ.get("HTTP_USER_AGENT", "")
        crawler = self.crawlers.get(agent)
        if crawler is None:
            crawler = is_crawler(agent)
            if len(self.crawlers) < MEMOISED_AGENTS:  # browsers send a few thousand at most
                self.crawlers[agent] = crawler
        if crawler:
            return
        now = time.time()
        if now < self.paused_until:
            return  # the spool failed a moment ago: readers are not kept waiting on it
        if now >= self.day_ends:
            self.start_day(now)
        address = client_address(environ, self.behind_proxy)
        views = self.views
        views.append((page_id, address, agent))  # atomic: no lock
        if now >= self.flush_at or len(views) >= self.batch:
            self.flush()

    def start_day(self, now: float) -> None:
        moment = datetime.fromtimestamp(now, MOSCOW)
        midnight = datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), MOSCOW)
        self.flush(now)  # yesterday's views go out under yesterday's day and salt
        salt = get_spool().salt(moment.date(), midnight.timestamp() - now)
        self.hasher = hashlib.blake2b(key=salt, digest_size=12)
        self.day, self.day_ends = moment.date(), midnight.timestamp()

    def visitor(self, address: str, agent: str) -> str:
        """The reader's hash for today: the day's salt keys BLAKE2b over address and browser."""
        hashed = self.hasher.copy()
        hashed.update(f"{address}\n{agent}".encode())
        return hashed.hexdigest()

    def flush(self, now: float | None = None) -> None:
        with self.lock:
            taken, self.views = self.views, []
            self.flush_at = (now or time.time()) + self.flush_seconds
        if not taken:
            return
        reads = [
            Read(self.day, page_id, self.visitor(address, agent), views)
            for (page_id, address, agent), views in Counter(taken).items()
        ]
        try:
            get_spool().append(reads)
        except Exception as error:  # noqa: BLE001  (a lost batch of counts, never a page)
            self.failed(error)

    def failed(self, error: BaseException) -> None:
        """One log line, then no counting for ``PAUSE_SECONDS``: a spool that does not answer
        must not cost every reader a timeout."""
        logger.warning("Прочтения не считаются %s с: %s", PAUSE_SECONDS, error)
        self.paused_until = time.time() + PAUSE_SECONDS


@cache
def get_counter() -> ReadCounter:
    config = settings.VESTNIK_READS
    counter = ReadCounter(
        flush_seconds=float(config["FLUSH_SECONDS"]),
        batch=int(config["BATCH"]),
        behind_proxy=bool(config["BEHIND_PROXY"]),
    )
    atexit.register(counter.flush)
    return counter


def count_read(page_id: int, environ: dict[str, Any]) -> None:
    """Count one view of the article ``page_id``, if a reader made it. Never raises."""
    try:
        get_counter().count(page_id, environ)
    except Exception as error:  # noqa: BLE001  (counting must never fail a page)
        try:
            get_counter().failed(error)
        except Exception:  # noqa: BLE001
            pass


@receiver(setting_changed)
def forget_counter(setting: str, **kwargs: Any) -> None:
    if setting in ("VESTNIK_READS", "VESTNIK_PAGE_CACHE", "VAR_DIR"):
        if get_counter.cache_info().currsize:
            get_counter().flush()
        get_counter.cache_clear()
