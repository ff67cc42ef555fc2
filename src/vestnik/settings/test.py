"""Test settings: a throwaway var dir, locmem cache, fast hashing."""

import tempfile

from .base import *  # noqa: F403

MEDIA_ROOT = tempfile.mkdtemp(prefix="vestnik-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True
