"""The database as one file, and back: SQLite through its online backup API, PostgreSQL through
``pg_dump``/``pg_restore`` in their custom format.

SQLite's backup API copies a consistent snapshot while editors and the worker keep writing; so
does ``pg_dump``, which reads in one repeatable-read transaction. Restoring is for an
installation whose processes are stopped (docs/backup.md says so).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

__all__ = [
    "DatabaseToolError",
    "dump_database",
    "dump_file_name",
    "load_database",
    "table_names",
]

# The archive's name for the database, by vendor.
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class DatabaseToolError(Exception):
    """``pg_dump`` or ``pg_restore`` is missing or failed; the message says which and why."""


def dump_file_name() -> str:
    try:
        return DUMP_NAMES[connection.vendor]
    except KeyError:
        raise DatabaseToolError(
            f"Резервная копия не умеет базу {connection.vendor} "
            f"(backup supports SQLite and PostgreSQL only)"
        ) from None


def dump_database(target: Path) -> None:
    """Write a consistent copy of the default database to ``target``."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        run_pg_tool("pg_dump", "--format=custom", f"--file={target}")


def load_database(dump: Path) -> None:
    """Replace the default database with the one in ``dump`` (made by ``dump_database``)."""
    connection.close()
    if connection.vendor == "sqlite":
        replace_sqlite_file(dump, Path(connection.settings_dict["NAME"]))
    else:
        # One transaction: a dump that fails half way leaves the database as it was. --clean
        # drops what the dump recreates; --no-owner makes the restoring role own everything.
        run_pg_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        )


def replace_sqlite_file(dump: Path, database: Path) -> None:
    """Put the dump in place with one rename, so the database is the old one or the new one,
    never half of each. The old file's write-ahead log goes with it: left beside the new file,
    SQLite would replay the old installation's last transactions into it."""
    database.parent.mkdir(parents=True, exist_ok=True)
    staged = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(dump, staged)
    with open(staged, "rb") as file:
        os.fsync(file.fileno())
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    os.replace(staged, database)


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def run_pg_tool(tool: str, *arguments: str) -> None:
    """Run a PostgreSQL client tool on the default database. The password travels in the
    environment (``PGPASSWORD``), never on the command line, where ``ps`` would show it."""
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if value := settings_dict.get(key):
            env[variable] = str(value)
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    executable = shutil.which(tool)
    if executable is None:
        raise DatabaseToolError(
            f"Не найдена программа {tool}: установите клиент PostgreSQL той же версии, "
            f"что и сервер ({tool} not found: install the PostgreSQL client tools)"
        )
    result = subprocess.run(
        [executable, "--no-password", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DatabaseToolError(f"{tool} завершился с ошибкой ({tool} failed): {result.stderr}")
