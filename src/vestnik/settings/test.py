"""Test settings: a throwaway var dir, locmem cache, fast hashing."""

import os
import tempfile

import dj_database_url

# Before base reads it: tests must not write into the checkout's var/.
os.environ.setdefault("VESTNIK_VAR_DIR", tempfile.mkdtemp(prefix="vestnik-test-var-"))

from .base import *  # noqa: E402, F403
from .base import VAR_DIR  # noqa: E402

MEDIA_ROOT = VAR_DIR / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The read-replica tests (tests/replicas) read a real standby through "replica1" when
# VESTNIK_TEST_REPLICA_URL names one; every other test reads the primary, so they turn the
# routing on themselves.
if os.environ.get("VESTNIK_TEST_REPLICA_URL") and DATABASES["default"]["ENGINE"].endswith(  # noqa: F405
    "postgresql"
):
    DATABASES["replica1"] = {  # noqa: F405
        **dj_database_url.parse(os.environ["VESTNIK_TEST_REPLICA_URL"]),
        "TEST": {"MIRROR": "default"},
    }
VESTNIK_READ_FROM_REPLICAS = False
