"""/readyz with media in a bucket: the bucket is checked (a HEAD, remembered a few seconds), not
the local disk, and a bucket that does not answer leaves the server degraded but ready."""

import json

import pytest

from tests.pagecache.conftest import call_wsgi
from vestnik.operations import readiness

from .conftest import BUCKET, ObjectStore

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_probe():
    readiness._bucket = readiness.BucketProbe()
    yield
    readiness._bucket = readiness.BucketProbe()


def media_check(app) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    reply = call_wsgi(app, "/readyz")
    return reply.status, json.loads(reply.body)["checks"]


def test_with_media_in_a_bucket_readyz_checks_the_bucket_not_the_disk(
    media_in_bucket: ObjectStore, stack, settings, network
):
    settings.VESTNIK_MEDIA_MIN_FREE_MB = 2**40  # the local disk would fail: it is not asked
    status, checks = media_check(stack)
    assert status == 200
    assert "media_disk" not in checks
    assert checks["media_bucket"] | {"ms": 0} == {
        "ok": True,
        "critical": False,
        "ms": 0,
        "storage": "s3",
    }


def test_a_bucket_that_does_not_answer_is_reported_but_leaves_the_server_ready(
    media_in_bucket: ObjectStore, stack, settings, network
):
    storages = media_in_bucket.storages()
    storages["default"]["OPTIONS"] = {**storages["default"]["OPTIONS"], "bucket_name": "missing"}
    settings.STORAGES = storages
    status, checks = media_check(stack)
    assert status == 200
    assert checks["media_bucket"]["ok"] is False
    assert checks["media_bucket"]["error"] == "ClientError"
    assert BUCKET not in json.dumps(checks) and "missing" not in json.dumps(checks)


def test_the_buckets_answer_is_remembered_for_a_few_seconds(
    media_in_bucket: ObjectStore, stack, settings, network
):
    assert media_check(stack)[1]["media_bucket"]["ok"] is True
    storages = media_in_bucket.storages()
    storages["default"]["OPTIONS"] = {**storages["default"]["OPTIONS"], "bucket_name": "missing"}
    settings.STORAGES = storages
    # polled again at once: the store is not asked, its last answer stands
    assert media_check(stack)[1]["media_bucket"]["ok"] is True
    readiness._bucket.until = float("-inf")  # the few seconds have passed
    assert media_check(stack)[1]["media_bucket"]["ok"] is False
