"""Which archives the scheduled backup deletes: only its own, oldest first."""

from vestnik.operations.scheduled_backup import existing_backups, prune_backups

ARCHIVES = [f"vestnik-backup-2026030{day}T110000Z.tar.gz" for day in range(1, 6)]
OTHERS = ["notes.txt", "march.tar", f".{ARCHIVES[0]}.x1y2.partial"]


def fill(directory, names):
    for name in names:
        (directory / name).write_bytes(b"")


def test_pruning_keeps_the_newest_archives_and_touches_nothing_else(tmp_path):
    fill(tmp_path, [*reversed(ARCHIVES), *OTHERS])
    deleted = prune_backups(tmp_path, 2)
    assert [path.name for path in deleted] == ARCHIVES[:3]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*ARCHIVES[3:], *OTHERS])


def test_pruning_keeps_at_least_one_archive(tmp_path):
    fill(tmp_path, ARCHIVES)
    prune_backups(tmp_path, 0)
    assert [path.name for path in existing_backups(tmp_path)] == ARCHIVES[-1:]
