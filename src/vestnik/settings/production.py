"""The settings ``vestnik`` runs with: base plus what a public server wants."""

from .base import *  # noqa: F403
from .base import STORAGES, env_flag

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
