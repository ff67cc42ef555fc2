"""A run killed in the middle of a batch, then run again: every item imported exactly once.

The import runs as a real `vestnik ingest-url` process on its own SQLite database. The
loopback server holds the request for the fourth item's picture, which is fetched only
after the third item's transaction has committed; the test kills the process with SIGKILL
right then, with no sleeping or timing involved.
"""

import signal
import sqlite3
import subprocess
import threading
from pathlib import Path

from tests.commands import CREATE_STROGINO, WAIT_LIMIT, command, environment

from .conftest import ALLOW_LOOPBACK, LoopbackSite, png

ITEMS = 6
KILL_AT = 4  # the item whose picture request stops the run


def feed(base: str) -> str:
    items = "".join(
        f"""<item><title>Новость Строгина номер {n}</title><link>{base}/news/{n}</link>
        <guid>strogino-{n}</guid><pubDate>Sat, 04 Jan 2025 0{n}:00:00 +0300</pubDate>
        <description>Текст новости номер {n} о жизни района Строгино.</description>
        <enclosure url="{base}/img/item-{n}.png" type="image/png" length="100"/></item>"""
        for n in range(1, ITEMS + 1)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Т</title>{items}</channel></rss>'
    )


def vestnik(var_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(*args),
        env=environment(var_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=WAIT_LIMIT)
    assert process.returncode == 0, err
    return out


def imported(database: Path) -> tuple[list[str], int]:
    """Item GUIDs recorded, and how many article pages exist."""
    with sqlite3.connect(database) as connection:
        guids = [row[0] for row in connection.execute("SELECT guid FROM ingest_ingesteditem")]
        (pages,) = connection.execute("SELECT count(*) FROM articles_articlepage").fetchone()
    connection.close()
    return sorted(guids), pages


def test_killed_run_then_rerun_imports_every_item_once(site: LoopbackSite, tmp_path: Path):
    finish(vestnik(tmp_path, "migrate", "-v", "0"))
    finish(vestnik(tmp_path, "shell", "-c", CREATE_STROGINO))
    site.serve("/rss", "application/rss+xml", feed(site.base))
    for n in range(1, ITEMS + 1):
        site.serve(f"/img/item-{n}.png", "image/png", png(f"#{n}{n}{n}"))

    reached, released = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        released.wait(WAIT_LIMIT)

    site.hooks[f"/img/item-{KILL_AT}.png"] = hold
    process = vestnik(
        tmp_path, "ingest-url", f"{site.base}/rss", "--outlet", "strogino", *ALLOW_LOOPBACK
    )
    try:
        assert reached.wait(WAIT_LIMIT), process.stderr and process.stderr.read()
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=WAIT_LIMIT)
    finally:
        released.set()
    assert process.returncode == -signal.SIGKILL
    database = tmp_path / "vestnik.sqlite3"
    assert imported(database) == ([f"strogino-{n}" for n in range(1, KILL_AT)], KILL_AT - 1)

    del site.hooks[f"/img/item-{KILL_AT}.png"]
    output = finish(
        vestnik(tmp_path, "ingest-url", f"{site.base}/rss", "--outlet", "strogino", *ALLOW_LOOPBACK)
    )
    assert f"новых: {ITEMS - KILL_AT + 1}, обновлено: 0, без изменений: {KILL_AT - 1}" in output
    assert imported(database) == (sorted(f"strogino-{n}" for n in range(1, ITEMS + 1)), ITEMS)
    output = finish(
        vestnik(tmp_path, "ingest-url", f"{site.base}/rss", "--outlet", "strogino", *ALLOW_LOOPBACK)
    )
    assert f"без изменений: {ITEMS}, с ошибкой: 0" in output
