"""Project-wide checks a fresh clone must pass."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


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
