"""Distribution benchmark: how long an outlet's feeds, sitemaps and article metadata take to
build, next to the outlet's home page (20 teasers) as the baseline, on a network grown to
ARTICLES live articles in one outlet.

    .venv/bin/python bench/feeds.py [--articles 200] [--repeat 30] [--write]

Runs in a throw-away SQLite database in a temporary var dir: migrates, loads the demo network,
then publishes articles with photos on «Звёздный бульвар» (the demo's texts again, under new
slugs) until it holds ``--articles``. Every URL is fetched once to make its photo renditions,
then ``--repeat`` times through Django's test client; the medians are printed and, with
``--write``, replace the section between ``<!-- feeds:start -->`` and ``<!-- feeds:end -->``
of docs/benchmarks.md. No page cache is in front: these are the costs a cache miss pays.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
START_MARK = "<!-- feeds:start -->"
END_MARK = "<!-- feeds:end -->"
HOST = "zvezdny.localhost"
PATHS = (
    ("/", "home page, 20 teasers (baseline)"),
    ("/technopolis-2023/", "article page with JSON-LD and OpenGraph"),
    ("/rss/", "RSS, 50 items in full"),
    ("/atom/", "Atom, 50 items in full"),
    ("/regions/svao/rss/", "okrug RSS (with districts)"),
    ("/sitemap.xml", "sitemap.xml"),
    ("/news-sitemap.xml", "news-sitemap.xml"),
)


def setup_django(var_dir: str) -> None:
    os.environ["VESTNIK_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "vestnik.settings.test"
    import django

    django.setup()


def grow_network(articles: int) -> int:
    """Publish copies of the demo's zvezdny articles until the outlet holds ``articles``."""
    from django.core.management import call_command
    from django.utils import timezone

    from vestnik.articles.models import ArticlePage
    from vestnik.articles.upsert import ArticleSpec, PhotoSpec, upsert_article
    from vestnik.demo.loader import load_demo, load_network_data

    call_command("migrate", verbosity=0)
    network = load_demo(domain="localhost", port=80)
    outlet = next(o for o in network.outlets if o.slug == "zvezdny")
    items = [item for item in load_network_data()["articles"] if item["outlet"] == "zvezdny"]
    existing = ArticlePage.objects.live().for_outlet(outlet).count()
    now = timezone.now()
    for number in range(articles - existing):
        item = items[number % len(items)]
        spec = ArticleSpec(
            slug=f"{item['key']}-{number}",
            headline=f"{item['headline']} ({number})",
            lead=item["lead"],
            published_at=now - timedelta(hours=number),
            body=tuple(
                (block["type"], {k: v for k, v in block.items() if k != "type"})
                for block in item["body"]
            ),
            text_credit=item.get("text_credit", ""),
            photo=PhotoSpec(caption=f"Подпись {number}", credit_author="Д. Гришкин"),
        )
        upsert_article(outlet, spec)
    return ArticlePage.objects.live().for_outlet(outlet).count()


def measure(repeat: int) -> list[tuple[str, str, float, int, int]]:
    """(path, what, median ms, queries, bytes) per URL."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    rows = []
    for path, what in PATHS:
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        rows.append((path, what, median(timings), len(queries), len(response.content)))
    return rows


def report(rows: list[tuple[str, str, float, int, int]], articles: int, args: str) -> str:
    baseline = rows[0][2]
    lines = [
        f"Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, SQLite, shared with other jobs.",
        f"Data: the demo network with «Звёздный бульвар» grown to {articles} live articles "
        "with photos (the demo's texts under new slugs).",
        f"Command: `.venv/bin/python bench/feeds.py {args}`",
        "",
        "| URL | what | median ms | × home page | queries | bytes |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for path, what, ms, queries, size in rows:
        lines.append(f"| `{path}` | {what} | {ms:.1f} | {ms / baseline:.2f} | {queries} | {size} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vestnik-bench-feeds-") as var_dir:
        setup_django(var_dir)
        articles = grow_network(args.articles)
        text = report(
            measure(args.repeat), articles, f"--articles {args.articles} --repeat {args.repeat}"
        )
    print(text)  # noqa: T201
    if args.write:
        from search import write_docs  # bench/search.py's, shared by the benchmarks

        write_docs(text + "\n", START_MARK, END_MARK, "Feeds and sitemaps")


if __name__ == "__main__":
    main()
