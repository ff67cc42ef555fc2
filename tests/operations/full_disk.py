"""A media disk that fills up midway through a file: the first kilobyte is written, then the
write fails with ENOSPC, as it does on a real full disk (whose size the tests cannot set)."""

import errno
import os
from collections.abc import Iterator
from typing import Any

from django.core.files import File

from vestnik.operations.storage import MediaStorage

WRITTEN_BEFORE_FULL = 1024


class FillingUp(File):
    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        self.seek(0)
        yield self.read(WRITTEN_BEFORE_FULL)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDiskStorage(MediaStorage):
    def _save(self, name: str, content: Any) -> str:
        return super()._save(name, FillingUp(content.file, content.name))
