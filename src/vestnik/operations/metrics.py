"""``/metrics`` in Prometheus's text format (prometheus-client).

granian runs several web worker processes and the background worker is a process of its own,
so counters live in prometheus-client's multiprocess mode: each process writes its own small
memory-mapped files under ``PROMETHEUS_MULTIPROC_DIR`` (``VAR_DIR/metrics`` unless set; the
settings set it before the library is imported) and a scrape sums them all. The files are never
wiped: a counter of a process that ended stays in the sum (so totals only grow), and a new
process that happens to get an old pid adds to that pid's file. Queue depth and age and the
worker's heartbeat are read from the database or Redis when scraped, so they are right whichever
process answers.

Metrics are created on first use, so a process that never counts writes none of ours; the files
other libraries leave (django-rq's) are removed once their process has ended.
"""

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .heartbeat import last_beat
from .queue_state import read_queue

__all__ = ["count_failure", "count_purge", "count_request", "exposition"]

logger = logging.getLogger(__name__)

PAGE_TYPES = frozenset(
    {"article", "home", "region", "section", "feed", "search", "api", "admin", "other"}
)
# From a page cache hit (a millisecond) to a slow search on a loaded server.
RENDER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Metrics:
    requests: Counter
    cache: Counter
    render: Histogram
    failures: Counter
    purges: Counter
    purged_pages: Counter


@cache
def metrics() -> Metrics:
    return Metrics(
        requests=Counter(
            "vestnik_http_requests",
            "HTTP requests answered, by page type and status",
            ["page_type", "status"],
        ),
        cache=Counter(
            "vestnik_page_cache_requests",
            "Requests the page cache looked up, by outcome (hit or miss)",
            ["outcome"],
        ),
        render=Histogram(
            "vestnik_render_seconds",
            "Seconds Django took to answer a request the page cache did not (by page type)",
            ["page_type"],
            buckets=RENDER_BUCKETS,
        ),
        failures=Counter(
            "vestnik_task_failures",
            "Background work that failed, by kind (enrichment, distribution)",
            ["kind"],
        ),
        purges=Counter(
            "vestnik_page_cache_purges",
            "Purges of the page cache: of some pages, or of everything",
            ["scope"],
        ),
        purged_pages=Counter(
            "vestnik_page_cache_purged_pages",
            "Page addresses purged (a purge of everything counts none)",
            ["scope"],
        ),
    )


def count_request(page_type: str, status: int, cache_outcome: str, seconds: float) -> None:
    """One answered request; ``cache_outcome`` is "hit", "miss" or "" (not looked up)."""
    page_type = page_type if page_type in PAGE_TYPES else "other"
    m = metrics()
    m.requests.labels(page_type, str(status)).inc()
    if cache_outcome in ("hit", "miss"):
        m.cache.labels(cache_outcome).inc()
    if cache_outcome != "hit":
        m.render.labels(page_type).observe(seconds)


def count_failure(kind: str, **_: Any) -> None:
    metrics().failures.labels(kind).inc()


def count_purge(pages: int, everything: bool, **_: Any) -> None:
    m = metrics()
    scope = "everything" if everything else "pages"
    m.purges.labels(scope).inc()
    m.purged_pages.labels(scope).inc(pages)


class QueueCollector(Collector):
    """What waits in the queue and when the worker last ticked, read at scrape time. A queue
    or database that does not answer leaves its samples out (``/readyz`` says why)."""

    def collect(self) -> Iterator[Metric]:
        try:
            state = read_queue()
        except Exception as error:  # noqa: BLE001 - a scrape must answer whatever is down
            logger.warning("metrics: the queue could not be read: %r", error)
        else:
            depth = GaugeMetricFamily(
                "vestnik_queue_depth", "Jobs ready to run in the queue", labels=["queue"]
            )
            depth.add_metric([state.kind], state.depth)
            yield depth
            age = GaugeMetricFamily(
                "vestnik_queue_oldest_age_seconds",
                "Seconds the oldest ready job has waited (0 when none waits)",
                labels=["queue"],
            )
            age.add_metric([state.kind], state.oldest_age)
            yield age
        try:
            beaten = last_beat()
        except Exception as error:  # noqa: BLE001
            logger.warning("metrics: the worker's heartbeat could not be read: %r", error)
            return
        if beaten is not None:
            yield GaugeMetricFamily(
                "vestnik_worker_heartbeat_age_seconds",
                "Seconds since the background worker last ticked",
                value=(timezone.now() - beaten).total_seconds(),
            )


def forget_idle_files(directory: Path) -> None:
    """Remove the files of ended processes that hold nothing of ours. django-rq defines a
    Summary when it is imported, so every process, `vestnik migrate` included, leaves a file;
    a scrape would read more of them every day. Ours stay: they are in the totals."""
    for path in directory.glob("*.db"):
        pid = path.stem.rpartition("_")[2]
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        families = MultiProcessCollector.merge([str(path)], accumulate=False)
        if not any(family.name.startswith("vestnik_") for family in families):
            path.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to judge
    return True


def exposition() -> bytes:
    """Every process's counters, summed, and the queue's gauges, in the text format."""
    forget_idle_files(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(QueueCollector())
    return generate_latest(registry)
