"""Schemathesis generates requests from the OpenAPI schema, sends them through the WSGI app
and checks every answer against the schema: status codes, content types, bodies, headers,
no 5xx; schema-valid requests must be accepted and schema-invalid ones rejected.

Every built-in check runs, ``positive_data_acceptance`` included: a schema cannot say which
slugs exist or that a period must not end before it starts, so the API answers those
schema-valid requests with an empty list rather than a 400, as its schema says.

Each operation gets a bounded number of examples with a fixed seed, so the run is repeatable
and quick. (schemathesis.pytest.from_fixture would do the looping, but its lazy loader reads
a pytest-internal attribute that pytest 9 no longer has; Hypothesis drives it directly here.)
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode

OPERATIONS = [
    "/api/v1/outlets/",
    "/api/v1/outlets/{slug}/",
    "/api/v1/articles/",
    "/api/v1/articles/{id}/",
    "/api/v1/regions/",
    "/api/v1/regions/{slug}/",
    "/api/v1/tags/",
    "/api/v1/tags/{slug}/",
    "/api/v1/search/",
]
EXAMPLES = 25

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_app():  # type: ignore[no-untyped-def]
    """The project's WSGI application, keeping the test's database connection between
    requests as Django's test client does: after each request Django would otherwise close
    it, transaction and all (PostgreSQL notices; SQLite in memory does not)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# A slug in the path has no invalid form that still makes a URL, so those get positive
# cases only (Hypothesis would find nothing to send).
CASES = [
    (path, mode)
    for path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (path.endswith("{slug}/") and mode is GenerationMode.NEGATIVE)
]


@pytest.mark.parametrize(("path", "mode"), CASES)
def test_api_agrees_with_its_schema(network, wsgi_app, path, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operation = schema[path]["GET"]

    @seed(29012024)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):  # type: ignore[no-untyped-def]
        case.call_and_validate()

    check()


def test_every_operation_of_the_schema_is_fuzzed(network, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    found = {result.ok().path for result in schema.get_all_operations()}
    assert found == set(OPERATIONS)
