"""WebSub publishing (https://www.w3.org/TR/websub/): the hub hears of every feed an article's
publish or unpublish changed, so that aggregators subscribed there fetch it within seconds
instead of at their next poll.

Each feed names the hub (``rel="hub"``, ``generators``) when ``VESTNIK_WEBSUB_HUB_URL`` is set.
A publish or unpublish runs ``ping_feeds`` in the articles' pipeline (stage ``ENQUEUE``), which
only queues ``ping_hub_task`` with the feeds' addresses: the editor never waits for the hub.
The worker then POSTs ``hub.mode=publish`` and ``hub.url=<feed>`` for each feed, the form the
hubs in use take (PubSubHubbub 0.4, §7, which the W3C text leaves to publisher and hub), and
queues what failed again, a minute later, then two, four…, ``VESTNIK_WEBSUB_MAX_ATTEMPTS``
times in all.

The feeds that show an article: its outlet's four (RSS, Atom, Дзен, Яндекс), its section's
four, the three of each region it is about and of the regions around it (an okrug's feed
lists its districts' news), and each of its tags' RSS, all on its own outlet's host: the
address the outlet's pages link to. The same listings served on other outlets' hosts are not
pinged; their subscribers get the news at their next poll.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from typing import Final
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from vestnik.articles import pipeline
from vestnik.articles.models import ArticlePage, ReaderRule
from vestnik.articles.pipeline import Change, Event, Stage
from vestnik.newsroom.tasks import enqueue_safely
from vestnik.outlets.models import OutletHomePage

__all__ = ["feeds_showing", "ping_feeds", "ping_hub", "ping_hub_task", "register_steps"]

logger = logging.getLogger(__name__)

OUTLET_FEEDS: Final = ("feeds:rss", "feeds:atom", "feeds:dzen", "feeds:yandex")
SECTION_FEEDS: Final = (
    "feeds:section_rss", "feeds:section_atom", "feeds:section_dzen", "feeds:section_yandex",
)  # fmt: skip
REGION_FEEDS: Final = ("feeds:region_rss", "feeds:region_dzen", "feeds:region_yandex")
TAG_FEEDS: Final = ("feeds:tag_rss",)
# Seconds a hub may take to answer one ping.
PING_TIMEOUT: Final = 10.0


def feeds_showing(article: ArticlePage) -> list[str]:
    """The addresses of the feeds that list ``article``, as the database has it now; none for
    an article outside an outlet with a site."""
    outlet = article.get_parent().specific
    home = outlet.get_full_url() if isinstance(outlet, OutletHomePage) else None
    if home is None:
        return []
    routes: list[tuple[str, list[str]]] = [(name, []) for name in OUTLET_FEEDS]
    if (section := article.section) is not None:
        routes += [(name, [section.slug]) for name in SECTION_FEEDS]
    regions = {
        place.slug
        for region in article.regions.select_related("parent__parent")
        for place in region.lineage()
    }
    routes += [(name, [slug]) for slug in sorted(regions) for name in REGION_FEEDS]
    tags = sorted(article.tags.values_list("slug", flat=True))
    routes += [(name, [slug]) for slug in tags for name in TAG_FEEDS]
    return [urljoin(home, reverse(name, args=args)) for name, args in routes]


def ping_feeds(change: Change) -> None:
    """The pipeline's step: queue the pings, never more (the worker sends them)."""
    if not settings.VESTNIK_WEBSUB_HUB_URL:
        return
    article = change.article
    # Published but not shown to readers (a restricted page, a withdrawn outlet): no feed
    # changed, so no hub hears of it.
    if change.event == Event.PUBLISH and not ReaderRule.now().admits_page(article):
        return
    if urls := feeds_showing(article):
        enqueue_safely(ping_hub_task, urls)


def ping_hub(hub_url: str, feed_url: str) -> bool:
    """One ``hub.mode=publish`` for ``feed_url``; True when the hub took it (any 2xx)."""
    form = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    request = urllib.request.Request(hub_url, data=form, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=PING_TIMEOUT) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError) as error:
        # The hub's address may carry a key: the host alone goes into the log.
        host = urllib.parse.urlsplit(hub_url).hostname
        logger.warning("WebSub: хаб %s не принял %s: %s", host, feed_url, error)
        return False


@task(backend="enrichment", queue_name="enrichment")
def ping_hub_task(feed_urls: list[str], attempt: int = 1) -> None:
    """Tell the hub of each feed; queue the ones it did not take again, later each time."""
    hub_url = settings.VESTNIK_WEBSUB_HUB_URL
    if not hub_url:
        return
    failed = [url for url in feed_urls if not ping_hub(hub_url, url)]
    if not failed:
        return
    if attempt >= settings.VESTNIK_WEBSUB_MAX_ATTEMPTS:
        logger.error("WebSub: хаб не принял %s после %s попыток", failed, attempt)
        return
    delay = timedelta(seconds=settings.VESTNIK_WEBSUB_RETRY_SECONDS * 2 ** (attempt - 1))
    ping_hub_task.using(run_after=timezone.now() + delay).enqueue(failed, attempt + 1)


def register_steps() -> None:
    pipeline.register(Stage.ENQUEUE, on={Event.PUBLISH, Event.UNPUBLISH}, step=ping_feeds)
