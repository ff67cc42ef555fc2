"""The settings ``vestnik`` runs with: base plus what a public server wants."""

import os

from .base import *  # noqa: F403
from .base import LOG_LEVEL, STORAGES, env_flag, logging_settings

SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
# HSTS only where HTTPS is known to be in front; a year, as browsers' preload lists expect.
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_SSL_REDIRECT else 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("VESTNIK_BEHIND_PROXY") else None
)

# `vestnik serve` runs collectstatic first: hashed names, served with far-future expiry.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "vestnik.staticfiles.HashedStaticFilesStorage"}}

# A server's logs are read by machines: JSON lines unless told otherwise.
VESTNIK_LOG_FORMAT = os.environ.get("VESTNIK_LOG_FORMAT", "json")
LOGGING = logging_settings(VESTNIK_LOG_FORMAT, LOG_LEVEL)
