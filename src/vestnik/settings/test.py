"""Test settings: a throwaway var dir, locmem cache, fast hashing."""

import os
import tempfile

# Before base reads it: tests must not write into the checkout's var/.
os.environ.setdefault("VESTNIK_VAR_DIR", tempfile.mkdtemp(prefix="vestnik-test-var-"))

from .base import *  # noqa: E402, F403
from .base import VAR_DIR  # noqa: E402

MEDIA_ROOT = VAR_DIR / "media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
