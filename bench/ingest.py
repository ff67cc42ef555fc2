"""Ingest benchmark: how fast a feed of N real news items becomes articles, the first time,
unchanged, and with a tenth of the items edited; against the bare article upsert the text
importer uses, on the same texts.

    .venv/bin/python bench/ingest.py [--items 200] [--repeats 3] [--images] [--write]

Data: /work/shared/data/telegram_news_posts.jsonl.gz (``--data``), Russian Telegram news
posts from the dataset of the telegram-news-classifier project by NKTKLN, CC BY 4.0; the
posts of the ``moscow`` category with at least two paragraphs, links dropped, the first line
as headline and the rest as paragraphs. The feed is RSS 2.0 with ``content:encoded``, served
from memory by a loopback HTTP server; ``--images`` adds a generated 1200×675 PNG per item.

The run uses a throw-away SQLite database in a temporary directory (migrated first) and a
fresh outlet per repeat. Timed: ``ingest_url`` of the whole feed (fetch, parse, sanitise,
identity lookup, one transaction per item) for the three passes; the baseline stores the same
headlines and paragraphs with ``upsert_article`` alone (no fetching, parsing or sanitising).
With ``--write`` the results replace the section between ``<!-- ingest:start -->`` and
``<!-- ingest:end -->`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
from datetime import datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "telegram_news_posts.jsonl.gz"
DOCS_FILE = ROOT / "docs" / "benchmarks.md"
START_MARK, END_MARK = "<!-- ingest:start -->", "<!-- ingest:end -->"
MOSCOW = ZoneInfo("Europe/Moscow")
LINK = re.compile(r"https?://\S+")
PICTURES_NOTE = " (and here the pictures, which the baseline has none of)"


def load_posts(path: Path, count: int) -> list[tuple[str, list[str], datetime]]:
    posts = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            post = json.loads(line)
            if post["category"] != "moscow":
                continue
            parts = [" ".join(LINK.sub("", p).split()) for p in post["text"].split("\n")]
            parts = [p for p in parts if len(p) > 20]
            if len(parts) < 2:
                continue
            date = datetime.fromisoformat(post["date"]).astimezone(MOSCOW)
            posts.append((parts[0][:150], parts[1:], date))
            if len(posts) == count:
                break
    return posts


def feed(posts: list[tuple[str, list[str], datetime]], base: str, edited: int, images: bool) -> str:
    items = []
    for n, (headline, paragraphs, date) in enumerate(posts):
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        if n < edited:
            body += "<p>Дополнено редакцией.</p>"
        enclosure = f'<enclosure url="{base}/img/{n}.png" type="image/png"/>' if images else ""
        items.append(
            f"<item><title>{escape(headline)}</title><guid>post-{n}</guid>"
            f"<link>{base}/news/{n}</link>"
            f"<pubDate>{date.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
            f"<content:encoded>{escape(body)}</content:encoded>{enclosure}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def serve(pages: dict[str, bytes]) -> str:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            kind = "image/png" if self.path.endswith(".png") else "application/rss+xml"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--images", action="store_true")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is missing: the benchmark needs the posts archive")

    var_dir = tempfile.mkdtemp(prefix="vestnik-bench-ingest-")
    os.environ.update(VESTNIK_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="vestnik.settings.production")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from PIL import Image

    from vestnik.articles.upsert import ArticleSpec, upsert_article
    from vestnik.ingest.runs import ingest_url
    from vestnik.ingest.store import Destination
    from vestnik.outlets.factories import create_outlet
    from vestnik.regions.models import Region

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    posts = load_posts(args.data, args.items)
    pages: dict[str, bytes] = {}
    base = serve(pages)
    if args.images:
        for n in range(len(posts)):
            buffer = io.BytesIO()
            Image.new("RGB", (1200, 675), (n % 256, 90, 140)).save(buffer, format="PNG")
            pages[f"/img/{n}.png"] = buffer.getvalue()
    edited = len(posts) // 10
    region = Region.objects.lookup("Строгино")
    timings: dict[str, list[float]] = {"new": [], "unchanged": [], "edited": [], "baseline": []}
    for repeat in range(args.repeats):
        outlet = create_outlet(
            slug=f"bench-{repeat}", name=f"Bench {repeat}", region=region,
            hostname=f"bench-{repeat}.localhost",
        )  # fmt: skip
        # The bench's feed server is on loopback: allowed as an administrator would.
        destination = Destination(outlet, internal_hosts=frozenset({"127.0.0.1"}))
        for name, changed in (("new", 0), ("unchanged", 0), ("edited", edited)):
            pages["/rss"] = feed(posts, base, changed, args.images).encode()
            tick = time.perf_counter()
            summary = ingest_url(base + "/rss", destination)
            timings[name].append(time.perf_counter() - tick)
            assert not summary.failed, summary.failed
        baseline_outlet = create_outlet(
            slug=f"base-{repeat}", name=f"Base {repeat}", region=region,
            hostname=f"base-{repeat}.localhost",
        )  # fmt: skip
        tick = time.perf_counter()
        for n, (headline, paragraphs, date) in enumerate(posts):
            spec = ArticleSpec(slug=f"post-{n}", headline=headline, published_at=date,
                               paragraphs=tuple(paragraphs), regions=(region,))  # fmt: skip
            upsert_article(baseline_outlet, spec)
        timings["baseline"].append(time.perf_counter() - tick)

    rows = []
    for name, label in [
        ("new", "ingest, first run (all new)"),
        ("unchanged", "ingest, second run (all unchanged)"),
        ("edited", f"ingest, third run ({edited} of {len(posts)} edited)"),
        ("baseline", "baseline: `upsert_article` of the same texts"),
    ]:
        seconds = median(timings[name])
        rows.append(
            f"| {label} | {seconds:.2f} | {len(posts) / seconds:,.0f} | "
            f"{' / '.join(f'{t:.2f}' for t in timings[name])} |"
        )
    ratio = median(timings["new"]) / median(timings["baseline"])
    words = sum(len(" ".join(p).split()) for _, p, _ in posts)
    section = "\n".join(
        [
            START_MARK,
            "_Written by `bench/ingest.py --write`; edits between the markers are overwritten._",
            "",
            f"- **Run:** {datetime.now(MOSCOW):%Y-%m-%d %H:%M} MSK, "
            f"`python bench/ingest.py --items {args.items} --repeats {args.repeats}"
            f"{' --images' if args.images else ''}{' --write' if args.write else ''}`, "
            f"{time.perf_counter() - started:.0f} s in all",
            f"- **Machine:** {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            "SQLite (WAL), shared with other work (load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}): read medians and ratios.",
            f"- **Data:** {len(posts)} posts of the `moscow` category of telegram_news_posts "
            f"(telegram-news-classifier, NKTKLN, CC BY 4.0), {words:,} words, as one RSS feed "
            f"with `content:encoded` from a loopback server"
            f"{', one 1200×675 PNG per item' if args.images else ', no pictures'}.",
            "",
            "| pass | median s | items/s | runs (s) |",
            "|---|---|---|---|",
            *rows,
            "",
            f"A first ingest costs {ratio:.1f}× the bare upsert of the same texts: the difference "
            "is fetching, parsing, sanitising, the identity lookup and the `IngestedItem` row"
            f"{PICTURES_NOTE if args.images else ''}. An "
            "unchanged item is only hashed and looked up.",
            END_MARK,
        ]
    )
    sys.stdout.write(section + "\n")
    if args.write:
        text = DOCS_FILE.read_text(encoding="utf-8")
        if START_MARK in text:
            head, rest = text.split(START_MARK, 1)
            text = head + section + rest.split(END_MARK, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n## Ingest\n\n" + section + "\n"
        DOCS_FILE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
