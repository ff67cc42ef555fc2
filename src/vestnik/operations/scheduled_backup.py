"""Backups made by `vestnik worker`: every ``VESTNIK_BACKUP_EVERY_HOURS`` into
``VESTNIK_BACKUP_DIR``, keeping the newest ``VESTNIK_BACKUP_KEEP``; off while the directory is
unset.

The worker tells apps above newsroom that it starts through ``worker_starting`` (as ingest and
readership hear it), so newsroom never imports this layer; a thread of its own keeps backups
apart from the schedule's clock, whose minute ticks a long backup would otherwise hold up.
"Due" is read from the newest archive in the directory, not from memory: a restarted worker
neither backs up again at once nor forgets a backup that fell due while it was down.
"""

import fcntl
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.dispatch import receiver

from vestnik.newsroom.signals import worker_starting

from .backup import ARCHIVE_PREFIX, DEFAULT_SUFFIX, DUMP_DIR_PREFIX, BackupResult, write_backup

__all__ = ["backup_if_due", "existing_backups", "prune_backups", "start_backups"]

logger = logging.getLogger(__name__)

# The longest wait between two looks at the directory, whatever the interval.
LONGEST_LOOK = 60.0  # seconds
LOCK_NAME = ".vestnik-backup.lock"


def existing_backups(directory: Path) -> list[Path]:
    """The scheduled archives in ``directory``, oldest first (their names sort by time)."""
    return sorted(
        path
        for path in directory.glob(f"{ARCHIVE_PREFIX}*{DEFAULT_SUFFIX}")
        if not path.name.startswith(".")
    )


def is_due(directory: Path, every_seconds: float) -> bool:
    backups = existing_backups(directory)
    return not backups or time.time() - backups[-1].stat().st_mtime >= every_seconds


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives (at least one is always kept); the deleted."""
    backups = existing_backups(directory)
    doomed = backups[: max(0, len(backups) - max(1, keep))]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def sweep_leftovers(directory: Path) -> None:
    """What a worker killed during a backup left: its half-written archive and database dump.
    Called under the lock, when no other backup of this machine can be running."""
    for partial in directory.glob(f".{ARCHIVE_PREFIX}*.partial"):
        partial.unlink(missing_ok=True)
    for dump in directory.glob(f"{DUMP_DIR_PREFIX}*"):
        shutil.rmtree(dump, ignore_errors=True)


def backup_if_due() -> BackupResult | None:
    """One look: a backup when the newest is older than the interval, then the pruning. Two
    workers of one machine never back up at once: the second finds the lock held and passes."""
    directory = Path(settings.VESTNIK_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        if not is_due(directory, settings.VESTNIK_BACKUP_EVERY_HOURS * 3600):
            return None
        sweep_leftovers(directory)
        result = write_backup(directory)
        pruned = prune_backups(directory, settings.VESTNIK_BACKUP_KEEP)
    logger.info(
        "Резервная копия: %s (%.1f МБ), удалено старых: %s",
        result.path.name,
        result.size / 2**20,
        len(pruned),
    )
    return result


def look_once() -> None:
    try:
        backup_if_due()
    except Exception:  # the disk full, the database away: logged, and tried again next look
        logger.exception("Резервная копия не сделана")


def keep_backing_up(pause: float) -> None:
    while True:
        close_old_connections()
        look_once()
        close_old_connections()
        time.sleep(pause)


@receiver(worker_starting)
def start_backups(sender: type, batch: bool = False, **kwargs: Any) -> None:
    """A daemon thread, like the schedule's clock; one look for `vestnik worker --batch`."""
    if not settings.VESTNIK_BACKUP_DIR:
        return
    if batch:
        look_once()
        return
    pause = min(LONGEST_LOOK, settings.VESTNIK_BACKUP_EVERY_HOURS * 3600)
    threading.Thread(target=keep_backing_up, args=(pause,), name="backup", daemon=True).start()
