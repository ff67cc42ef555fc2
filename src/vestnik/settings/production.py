"""The settings ``vestnik`` runs with: base plus what a public server wants."""

from .base import *  # noqa: F403
from .base import env_flag

SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
