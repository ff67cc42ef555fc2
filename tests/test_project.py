"""Project-wide checks a fresh clone must pass."""

import ast
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

import vestnik


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", check=True, dry_run=True, stdout=StringIO())


def test_settings_speak_russian_in_moscow_time(settings):
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "ru",
        "Europe/Moscow",
        True,
    )


def test_cli_maps_hyphenated_commands_to_management_commands(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "vestnik.cli", "import-text", "--help"],
        capture_output=True,
        text=True,
        env={"VESTNIK_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--outlet" in result.stdout


def test_debug_is_off_unless_asked(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        capture_output=True,
        text=True,
        env={
            "VESTNIK_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "vestnik.settings.production",
            "PATH": "/usr/bin:/bin",
        },
        check=False,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_articles_never_import_ingest():
    """Ingest sits above articles: it stores items through ``articles.upsert``, and hears
    the worker start through ``articles.signals.worker_starting``; articles import nothing
    of it, not even inside a function."""
    articles = Path(vestnik.__file__).parent / "articles"
    offenders = []
    for path in articles.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = ["." * node.level + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.startswith(("vestnik.ingest", "..ingest")) for name in names):
                offenders.append(f"{path.relative_to(articles)}:{node.lineno}")
    assert offenders == []
