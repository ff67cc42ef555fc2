"""What /metrics counts, read the way Prometheus reads it, over the whole WSGI stack: requests by
page type and status (page cache hits included, which never enter Django), hits and misses,
render time, purges, failures, and the queue as it is when scraped."""

import os
import subprocess
import sys

import pytest

from tests.commands import command, environment
from vestnik.newsroom.tasks import enrich_article_task
from vestnik.operations.page_types import PAGE_TYPE_HEADER
from vestnik.work_failures import report_failure

from .conftest import call_wsgi, sample, scrape

pytestmark = pytest.mark.django_db

ARTICLE = "/technopolis-2023/"


def test_requests_are_counted_by_page_type_and_status_hits_and_misses_too(stack, network):
    before = scrape(stack)
    first, second = call_wsgi(stack, ARTICLE), call_wsgi(stack, ARTICLE)
    assert (first.cache, second.cache) == ("miss", "hit")
    assert PAGE_TYPE_HEADER not in first.headers and PAGE_TYPE_HEADER not in second.headers
    after = scrape(stack)

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("vestnik_http_requests_total", page_type="article", status="200") == 2
    assert grew("vestnik_page_cache_requests_total", outcome="hit") == 1
    assert grew("vestnik_page_cache_requests_total", outcome="miss") == 1
    # Only the miss was rendered.
    assert grew("vestnik_render_seconds_count", page_type="article") == 1


@pytest.mark.parametrize(
    ("path", "query", "page_type", "status"),
    [
        ("/", "", "home", "200"),
        ("/regions/", "", "region", "200"),
        ("/search/", "q=%D0%BF%D0%B0%D1%80%D0%BA", "search", "200"),  # «парк»
        ("/rss/", "", "feed", "200"),
        ("/sitemap.xml", "", "feed", "200"),
        ("/api/v1/articles/", "", "api", "200"),
        ("/admin/login/", "", "admin", "200"),
        ("/tags/", "", "other", "200"),
        ("/net-takoi-stranitsy/", "", "other", "404"),
    ],
)
def test_each_kind_of_page_has_its_type(stack, network, path, query, page_type, status):
    before = scrape(stack)
    reply = call_wsgi(stack, path, query=query)
    assert str(reply.status) == status, reply.text[:500]
    after = scrape(stack)
    labels = {"page_type": page_type, "status": status}
    assert sample(after, "vestnik_http_requests_total", **labels) == (
        sample(before, "vestnik_http_requests_total", **labels) + 1
    )


def test_an_outlets_section_page_is_a_section(stack, network):
    section = network["zvezdny"].sections.first()
    before = scrape(stack)
    assert call_wsgi(stack, f"/rubrics/{section.slug}/").status == 200
    labels = {"page_type": "section", "status": "200"}
    assert sample(scrape(stack), "vestnik_http_requests_total", **labels) == (
        sample(before, "vestnik_http_requests_total", **labels) + 1
    )


def test_a_publish_counts_one_purge_of_the_pages_showing_the_article(
    stack, network, django_capture_on_commit_callbacks
):
    before = scrape(stack)
    article = network["canonical"]
    article.title = "Технополис: итоги года уточнены"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    after = scrape(stack)
    purges = "vestnik_page_cache_purges_total"
    assert sample(after, purges, scope="pages") >= sample(before, purges, scope="pages") + 1
    pages = "vestnik_page_cache_purged_pages_total"
    # Its own page, its outlet's home, the feeds and sitemaps at least.
    assert sample(after, pages, scope="pages") >= sample(before, pages, scope="pages") + 5


def test_failures_reported_by_background_work_are_counted_by_kind(stack):
    before = scrape(stack)
    report_failure("distribution")
    report_failure("distribution")
    name = "vestnik_task_failures_total"
    assert sample(scrape(stack), name, kind="distribution") == (
        sample(before, name, kind="distribution") + 2
    )


def test_the_queue_is_read_when_scraped(stack, network):
    assert sample(scrape(stack), "vestnik_queue_depth", queue="database") == 0
    enrich_article_task.enqueue(network["canonical"].pk)
    samples = scrape(stack)
    assert sample(samples, "vestnik_queue_depth", queue="database") == 1
    assert sample(samples, "vestnik_queue_oldest_age_seconds", queue="database") >= 0


def test_counts_of_every_process_are_summed(stack, tmp_path):
    """granian's web workers and the background worker are processes of their own: what each
    counted is in every scrape, whichever process answers it."""
    before = scrape(stack)
    code = "from vestnik.work_failures import report_failure; report_failure('distribution')"
    env = environment(tmp_path, PROMETHEUS_MULTIPROC_DIR=os.environ["PROMETHEUS_MULTIPROC_DIR"])
    others = [subprocess.Popen(command("shell", "-c", code), env=env) for _ in range(2)]
    assert [other.wait(timeout=120) for other in others] == [0, 0]
    name = "vestnik_task_failures_total"
    assert sample(scrape(stack), name, kind="distribution") == (
        sample(before, name, kind="distribution") + 2
    )


def test_files_of_ended_processes_are_removed_unless_they_hold_our_counts(tmp_path):
    """django-rq's Summary leaves a file for every process that imports it; ours are totals."""
    from vestnik.operations.metrics import forget_idle_files

    code = (
        "from prometheus_client import Counter, Summary;"
        "Summary('rq_request_processing_seconds_total', 'RQ');"
        "Counter('vestnik_task_failures', 'ours', ['kind']).labels('enrichment').inc()"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert {path.name.partition("_")[0] for path in tmp_path.iterdir()} == {"summary", "counter"}
    forget_idle_files(tmp_path)
    assert [path.name.partition("_")[0] for path in tmp_path.iterdir()] == ["counter"]
