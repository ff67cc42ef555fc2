"""An S3-compatible object store on loopback for the media storage tests: moto in server mode
(``moto[s3]`` with Flask), the one S3-compatible server installable here. It runs in this
process's threads, so the app servers the tests start as subprocesses reach it too."""

import gc
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

# The WSGI stack as `vestnik serve` runs it, for /readyz (test_readiness.py).
from tests.operations.conftest import stack  # noqa: F401
from tests.pagecache.conftest import django_app, memory_page_store  # noqa: F401
from vestnik.media_storage.location import MediaLocation, parse_media_storage_url

PORT = 18710  # in this helper's loopback range, away from the app servers' free ports
BUCKET = "vestnik-media"
# Readers may read pictures; documents stay private and are streamed by the app
# (docs/media-storage.md has the same policy).
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [
                f"arn:aws:s3:::{BUCKET}/original_images/*",
                f"arn:aws:s3:::{BUCKET}/images/*",
            ],
        }
    ],
}


@dataclass(frozen=True)
class ObjectStore:
    url: str  # MEDIA_STORAGE_URL
    location: MediaLocation
    client: Any  # boto3's S3 client, for looking into the bucket past the app

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def empty(self) -> None:
        for key in self.keys():
            self.client.delete_object(Bucket=BUCKET, Key=key)

    def storages(self) -> dict[str, Any]:
        """``STORAGES`` as the settings make it for this store."""
        from django.conf import settings

        default = {
            "BACKEND": "vestnik.media_storage.backends.ObjectStorage",
            "OPTIONS": self.location.storage_options(),
        }
        return {**settings.STORAGES, "default": default}


def forget_closed_connections() -> None:
    """Collect the sockets of boto3's and the moto server's connection pools now, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture(scope="session")
def object_store() -> Iterator[ObjectStore]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{PORT}"
    # The secret has a character a URL must escape, as real ones do.
    url = f"s3+http://vestnik:se%2Fcret@127.0.0.1:{PORT}/{BUCKET}?region=ru-central1"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="vestnik",
        aws_secret_access_key="se/cret",
        region_name="ru-central1",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ru-central1"}
    )
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    try:
        yield ObjectStore(url, parse_media_storage_url(url), client)
    finally:
        client.close()
        server.stop()
        # moto's stop() shuts the server down but leaves its listening socket open, and the
        # connections its request threads held are only closed when collected.
        server._server.server_close()  # type: ignore[union-attr]
        forget_closed_connections()


@pytest.fixture
def media_in_bucket(object_store: ObjectStore, settings: Any) -> Iterator[ObjectStore]:
    """This test's media in the bucket (emptied before it), as with MEDIA_STORAGE_URL set."""
    object_store.empty()
    settings.STORAGES = object_store.storages()
    settings.MEDIA_URL = object_store.location.public_url
    yield object_store
    # The backend keeps its HTTP connections open for reuse and the settings' reset drops it
    # without closing them: they are closed here, not reported by whichever test comes next.
    storages["default"].connection.meta.client.close()
    forget_closed_connections()
