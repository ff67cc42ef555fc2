"""A one-line progress bar for long commands run by hand (silent when not on a terminal)."""

import sys
from collections.abc import Callable

ProgressCallback = Callable[[int, int], None]


def terminal_progress(width: int = 40) -> ProgressCallback | None:
    """A callback drawing ``[####....] done/total`` on stderr, or None off a terminal."""
    if not sys.stderr.isatty():
        return None

    def draw(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return draw
