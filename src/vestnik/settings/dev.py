"""Local development: base with DEBUG on."""

from .base import *  # noqa: F403

DEBUG = True
