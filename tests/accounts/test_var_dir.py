"""Everything under VESTNIK_VAR_DIR is readable by the account that runs Vestnik alone."""

import os
import stat
import subprocess
import sys
from pathlib import Path

# What a fresh installation does first: settings (secret key), the SQLite file with a write
# (its -wal file), an uploaded file in a new media folder.
START_AND_WRITE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    cursor.execute("INSERT INTO probe VALUES (1)")
default_storage.save("original_images/снимок.jpg", ContentFile(b"jpeg"))
"""


def start(var_dir: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MEDIA_ROOT", "SECRET_KEY", "VESTNIK_SERVE_MEDIA"}
    }
    env |= {"VESTNIK_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "vestnik.settings.base"}
    # A umask that would make everything world-readable, as a login shell's 022 does.
    subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022)\n{START_AND_WRITE}"],
        env=env,
        check=True,
        timeout=120,
    )


def modes(var_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(var_dir.stat().st_mode)}
    for path in var_dir.rglob("*"):
        found[str(path.relative_to(var_dir))] = stat.S_IMODE(path.stat().st_mode)
    return found


def test_fresh_installation_creates_its_var_files_private(tmp_path):
    var_dir = tmp_path / "var"
    start(var_dir)
    found = modes(var_dir)
    assert {"secret_key", "vestnik.sqlite3", "media/original_images"} <= set(found)
    assert any(name.startswith("media/original_images/") for name in found)
    for name, mode in found.items():
        expected = 0o700 if (var_dir / name).is_dir() else 0o600
        assert mode == expected, f"{name}: {oct(mode)}"


def test_earlier_installations_world_readable_database_is_closed_at_start(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)
    database = var_dir / "vestnik.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    start(var_dir)
    assert stat.S_IMODE(var_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
