"""Two real app servers (granian, one worker each) sharing one var dir and database, with the
in-process store: an article with a Cyrillic slug unpublished by a third process vanishes
from both at once, through the purge log."""

import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.demo_server import SCRUBBED_ENV, running_app_server, vestnik_command

SLUG = "итоги-технополиса"
DEADLINE = 120.0
MAKE_ARTICLE = f"""
from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage
article = ArticlePage(title="Итоги Технополиса", slug="{SLUG}", lead="Лид")
OutletHomePage.objects.get(slug="zvezdny").add_child(instance=article)
article.save_revision().publish()
"""
UNPUBLISH = f"""
from vestnik.articles.models import ArticlePage
ArticlePage.objects.get(slug="{SLUG}").unpublish()
"""


def read(port: int, path: str) -> tuple[int, str]:
    url = f"http://127.0.0.1:{port}{urllib.parse.quote(path)}"
    request = urllib.request.Request(url, headers={"Host": "zvezdny.localhost"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("X-Vestnik-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Vestnik-Cache", "")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[int], dict]]:
    var_dir: Path = tmp_path_factory.mktemp("vestnik-two-servers")
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENV}
    env.update(
        VESTNIK_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'vestnik.sqlite3'}",
        VESTNIK_PAGE_CACHE_URL="",
        REDIS_URL="",
        PYTHONUNBUFFERED="1",
    )
    run = {"cwd": var_dir, "env": env, "check": True, "capture_output": True}
    subprocess.run([*vestnik_command(), "demo", "--no-serve"], **run, timeout=600)
    subprocess.run([*vestnik_command(), "shell", "-c", MAKE_ARTICLE], **run, timeout=120)
    with running_app_server(var_dir, env) as first, running_app_server(var_dir, env) as second:
        yield [first, second], run


def test_unpublishing_in_one_process_reaches_both_servers_memory(servers):
    ports, run = servers
    for port in ports:
        read(port, f"/{SLUG}/")
        assert read(port, f"/{SLUG}/") == (200, "hit"), port
    subprocess.run([*vestnik_command(), "shell", "-c", UNPUBLISH], **run, timeout=120)
    deadline = time.monotonic() + DEADLINE
    for port in ports:
        while (status := read(port, f"/{SLUG}/")[0]) != 404:
            assert time.monotonic() < deadline, f"still {status} on port {port}"
