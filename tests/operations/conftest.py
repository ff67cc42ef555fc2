"""The whole WSGI stack as `vestnik serve` runs it, in-process: the operations layer in front
of the page cache (in memory) in front of Django, on the test's database transaction."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.pagecache.conftest import call_wsgi, django_app, memory_page_store  # noqa: F401


@pytest.fixture
def stack(settings, memory_page_store, django_app):  # noqa: F811
    from vestnik.operations import readiness
    from vestnik.operations.wsgi_layer import OperationsApplication
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    settings.VESTNIK_READINESS_CACHE_SECONDS = 0  # each test sees its own state
    readiness._remembered.failing.clear()
    return OperationsApplication(PageCacheApplication(django_app))


def scrape(app) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``/metrics`` from loopback, as {(sample name, sorted labels): value}."""
    reply = call_wsgi(app, "/metrics")
    assert reply.status == 200, reply.text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }


def sample(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
