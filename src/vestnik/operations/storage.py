"""Media on the local disk, never half-written.

Django's file storage leaves whatever it wrote when a write fails midway (a full disk): a
truncated picture that no row names and that nobody deletes. This one removes it."""

import logging
import os
from typing import Any

from django.core.files.storage import FileSystemStorage

__all__ = ["MediaStorage"]

logger = logging.getLogger(__name__)


class MediaStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        # A file already there is someone else's (the name is taken between the free-name
        # check and the write): Django then picks another name, and that one is not ours to
        # remove either way.
        existed = os.path.lexists(path)
        try:
            # django-stubs leave out the private _save every storage overrides.
            return str(super()._save(name, content))  # type: ignore[misc]
        except OSError:
            if not existed and os.path.lexists(path):
                os.remove(path)
                logger.warning("removed %s, written only in part", name)
            raise
