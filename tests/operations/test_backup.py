"""`vestnik backup` and `vestnik restore` round-trip a real installation, as an operator runs
them: each command a process of its own, on var dirs (and, when the run's DATABASE_URL names
PostgreSQL, databases) of their own. The source is the demo network enriched by the worker
(suggestions), plus an article through ingest, a syndicated copy, renditions and a document;
the restored installation must hold every table and every media file byte for byte."""

import hashlib
import io
import json
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.browser.demo_server import demo_database, stop
from tests.commands import command, environment, run, shell, wait_for

# An agency item in ninjs, as a wire service delivers it (vestnik.ingest reads it from a file).
NINJS_ITEM = {
    "items": [
        {
            "uri": "urn:mos:press:2025-0412",
            "type": "text",
            "headline": "В Отрадном открыли новую библиотеку",
            "firstcreated": "2025-04-12T06:00:00Z",
            "versioncreated": "2025-04-12T06:00:00Z",
            "byline": "Пресс-служба управы района Отрадное",
            "description_text": "В библиотеке двадцать тысяч книг и зал для занятий.",
            "body_html": "<p>Библиотека на Декабристов приняла первых читателей.</p>",
            "located": "Отрадное",
        }
    ]
}

# The demo network, and what editors and the wire leave besides: an ingested item, a copy of
# the canonical article in another outlet, renditions of every picture, an uploaded document.
# The worker then enriches it all (suggestions), leaving its queue empty.
BUILD = """
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from vestnik.demo.loader import load_demo
call_command('migrate', interactive=False, verbosity=0)
load_demo()
call_command('ingest_file', {ninjs!r}, outlet='zvezdny', verbosity=0)
call_command('syndicate', 'technopolis-2023', to=['zelpanorama'])
for image in get_image_model().objects.all():
    image.get_rendition('fill-320x180')
    image.get_rendition('width-960')
get_document_model().objects.create(
    title='Положение о конкурсе', file=ContentFile(b'%PDF-1.4 demo', name='polozhenie.pdf')
)
print('ok')
"""

# Every table (each model's, auto-created many-to-many ones, and the search index's own) as a
# row count and a hash of its rows in a stable order; every media file's SHA-256; and how many
# articles a reader's search for the ingested headline finds.
FINGERPRINT = """
import hashlib, json
from pathlib import Path
from django.apps import apps
from django.conf import settings
from django.db import connection

def plain(value):
    return bytes(value) if isinstance(value, memoryview) else value

tables = {}
with connection.cursor() as cursor:
    names = connection.introspection.table_names(cursor)
    for model in apps.get_models(include_auto_created=True):
        if names and model._meta.managed and not model._meta.proxy:
            assert model._meta.db_table in names, model._meta.db_table
    for name in names:
        cursor.execute('SELECT * FROM ' + connection.ops.quote_name(name))
        rows = sorted(repr(tuple(plain(value) for value in row)) for row in cursor.fetchall())
        tables[name] = [len(rows), hashlib.sha256('\\n'.join(rows).encode()).hexdigest()]
root = Path(settings.MEDIA_ROOT)
media = {
    str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in sorted(root.rglob('*')) if path.is_file()
}
from vestnik.search.service import search_articles
found = search_articles('библиотека в Отрадном').total if names else 0
print(json.dumps({'tables': tables, 'media': media, 'found': found}))
"""


def fingerprint(var_dir: Path, database: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(shell(var_dir, FINGERPRINT, **database))
    return result


def restore(
    var_dir: Path, database: dict[str, str], archive: Path, *flags: str
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        command("restore", str(archive), *flags),
        env=environment(var_dir, **database),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def installations() -> Iterator[ExitStack]:
    """Databases made for this module, dropped at its end."""
    with ExitStack() as stack:
        yield stack


def new_installation(
    installations: ExitStack, tmp_path_factory: pytest.TempPathFactory, name: str
) -> tuple[Path, dict[str, str]]:
    var_dir = tmp_path_factory.mktemp(name)
    url = installations.enter_context(demo_database(var_dir))
    return var_dir, {"DATABASE_URL": url}


@pytest.fixture(scope="module")
def source(installations, tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, Any]]:
    """The demo network with everything else, and its fingerprint."""
    var_dir, database = new_installation(installations, tmp_path_factory, "source")
    ninjs = var_dir / "wire.json"
    ninjs.write_text(json.dumps(NINJS_ITEM, ensure_ascii=False), encoding="utf-8")
    assert shell(var_dir, BUILD.format(ninjs=str(ninjs)), **database) == "ok"
    run(var_dir, "worker", "--batch", **database)
    return var_dir, database, fingerprint(var_dir, database)


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory) -> Path:
    var_dir, database, _ = source
    backups = tmp_path_factory.mktemp("backups")
    output = run(var_dir, "backup", str(backups), **database)
    [path] = list(backups.iterdir())
    assert str(path) in output
    return path


@pytest.fixture(scope="module")
def restored(archive, installations, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    var_dir, database = new_installation(installations, tmp_path_factory, "restored")
    result = restore(var_dir, database, archive)
    assert result.returncode == 0, result.stderr
    assert "Восстановлено" in result.stdout
    return var_dir, database


def row_count(prints: dict[str, Any], table: str) -> int:
    count: int = prints["tables"][table][0]
    return count


def test_restored_installation_holds_every_table_and_file_of_the_backed_up_one(
    source, archive, restored
):
    _, _, before = source
    # The source is the installation the test means: enriched, ingested, syndicated, pictured.
    assert row_count(before, "articles_suggestion") > 0
    assert row_count(before, "ingest_ingesteditem") > 0
    assert row_count(before, "articles_vestnikrendition") > 0
    assert row_count(before, "wagtaildocs_document") == 1
    assert any(name.startswith("images/") for name in before["media"])
    assert any(name.startswith("original_images/") for name in before["media"])
    assert "documents/polozhenie.pdf" in before["media"]
    assert before["found"] >= 1

    after = fingerprint(*restored)
    assert after["media"] == before["media"]
    assert after["found"] == before["found"]
    differing = {
        table: (before["tables"].get(table), after["tables"].get(table))
        for table in before["tables"].keys() | after["tables"].keys()
        if before["tables"].get(table) != after["tables"].get(table)
    }
    assert differing == {}


def test_archive_lists_versions_migrations_and_a_checksum_per_member(archive):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert set(manifest["versions"]) == {"vestnik", "django", "wagtail"}
    assert manifest["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "0001_initial" in manifest["migrations"]["articles"]
    assert set(manifest["sha256"]) == set(names) - {"manifest.json"}


def rewritten(archive: Path, target: Path, change: Any) -> Path:
    """A copy of ``archive`` whose members pass through ``change(name, data)``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def from_the_future(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["articles"].append("9999_from_a_newer_vestnik")
    return json.dumps(manifest).encode()


def flipped_picture(name: str, data: bytes) -> bytes:
    if name.startswith("media/original_images/"):
        return data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
    return data


def test_damaged_or_newer_archive_is_refused_with_nothing_written(
    archive, installations, tmp_path_factory
):
    var_dir, database = new_installation(installations, tmp_path_factory, "refusing")
    work = tmp_path_factory.mktemp("broken")
    truncated = work / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    cases = {
        rewritten(archive, work / "flipped.tar.gz", flipped_picture): "Контрольная сумма",
        truncated: "Архив повреждён",
        rewritten(archive, work / "newer.tar.gz", from_the_future): "более новой версией",
    }
    for broken, message in cases.items():
        result = restore(var_dir, database, broken)
        assert result.returncode != 0
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert fingerprint(var_dir, database) == {"tables": {}, "media": {}, "found": 0}


def test_non_empty_installation_is_refused_unless_forced(source, archive, restored):
    var_dir, database = restored
    shell(
        var_dir,
        "from django.contrib.auth import get_user_model;"
        "get_user_model().objects.create_user('lishniy', password='x');"
        "from django.conf import settings;"
        "(settings.MEDIA_ROOT / 'lishniy.txt').write_text('не из архива')",
        **database,
    )

    refused = restore(var_dir, database, archive)
    assert refused.returncode != 0
    assert "База данных не пуста" in refused.stderr
    assert "--force" in refused.stderr

    forced = restore(var_dir, database, archive, "--force")
    assert forced.returncode == 0, forced.stderr
    assert fingerprint(var_dir, database) == source[2]


def test_worker_backs_up_on_schedule_and_keeps_the_newest(archive, installations, tmp_path_factory):
    var_dir, database = new_installation(installations, tmp_path_factory, "scheduled")
    assert restore(var_dir, database, archive).returncode == 0
    backups = tmp_path_factory.mktemp("scheduled-backups")
    log_path = var_dir / "worker.log"
    seen: set[str] = set()

    def archives() -> set[str]:
        names = {path.name for path in backups.glob("vestnik-backup-*.tar.gz")}
        seen.update(names)
        return names

    def rotated() -> bool:
        # Three made, the oldest deleted again: two kept.
        names = archives()
        return len(seen) >= 3 and len(names) == 2 and min(seen) not in names

    settings = {
        **database,
        "VESTNIK_BACKUP_DIR": str(backups),
        "VESTNIK_BACKUP_EVERY_HOURS": "0.0005",  # 1.8 seconds
        "VESTNIK_BACKUP_KEEP": "2",
    }
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            command("worker"),
            env=environment(var_dir, **settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(rotated, "three scheduled backups, two kept", lambda: log_path.read_text())
    finally:
        stop(worker)
    newest = max(archives())
    with tarfile.open(backups / newest) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        member = manifest["database"]["member"]
        data = tar.extractfile(member).read()
    assert hashlib.sha256(data).hexdigest() == manifest["sha256"][member]
