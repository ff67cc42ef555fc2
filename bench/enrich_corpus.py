"""Enrichment of a whole real corpus: every post of the telegram-news archive stored as a live
article and enriched by the worker, as a newsroom's publishing would have it.

    .venv/bin/python bench/enrich_corpus.py --limit 500          # quick check, ~2 min
    .venv/bin/python bench/enrich_corpus.py --write              # all 22k posts, hours
    .venv/bin/python bench/enrich_corpus.py --cores --write      # all 22k posts, cores only

With ``--cores`` every post goes through what the worker computes for an article, without a
database: its text as ``body_text`` gives it (the body's HTML escaped, then stripped and
unescaped once), natasha's entities and the gazetteer's regions. A failed post is one whose
computation raised, or whose proposals name one (kind, name) twice, which the suggestion
table's unique constraint would refuse. It takes minutes, not hours, so it covers the whole
archive where the worker run takes a sample.

Each post becomes an article of its channel's outlet (one outlet per channel) through
``upsert_article``, which publishes it: the search index is written by the publish, and the
enrichment task is queued in the database queue as for any publish. Every ``--chunk``
articles, ``vestnik worker --batch`` drains the queue (suggestions, duplicate check,
«Читайте также», the neighbours' refreshes). A failed article is one whose enrichment task
raised; the run reports each with its exception (target: none).

Then every suggestion (name and evidence), tag, alias and index entry (stored text and
terms) is searched for an HTML entity left escaped (``&quot;``, ``&amp;``, ``&#34;`` …, or
the term ``quot``, ``amp``, ``nbsp`` …) that the post's own text does not contain.

The posts are taken in a seeded random order, so ``--limit`` gives a sample of the whole
archive; ``--max-minutes`` stops storing new posts after that long and reports the part done.
A throw-away SQLite database in a temporary directory; nothing else is touched. With
``--write`` the results replace the section between ``<!-- enrich-corpus:start -->`` and
``<!-- enrich-corpus:end -->`` of docs/benchmarks.md.

Data: ../shared/data/telegram_news_posts.jsonl.gz, 22,099 Russian Telegram news posts from
the dataset of the telegram-news-classifier project by NKTKLN, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import shlex
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from search import DEFAULT_DATA, machine, read_posts, segment, table, write_docs

START_MARK = "<!-- enrich-corpus:start -->"
END_MARK = "<!-- enrich-corpus:end -->"
CORES_START_MARK = "<!-- enrich-corpus-cores:start -->"
CORES_END_MARK = "<!-- enrich-corpus-cores:end -->"
PARAGRAPH_SENTENCES = 3
# An entity left escaped in stored text, and the words such entities leave among the terms.
ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});?", re.IGNORECASE)
ENTITY_TERMS = frozenset({"quot", "amp", "nbsp", "lt", "gt", "apos", "laquo", "raquo", "mdash"})


class FailureLog(logging.Handler):
    """Collects the exceptions the enrichment task logs: article id → exception class."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.failures: dict[int, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.args:
            article_id = int(record.args[0])  # type: ignore[index, call-overload]
            error = record.exc_info[1]
            self.failures.setdefault(article_id, f"{type(error).__name__}: {error}"[:200])


def article_parts(post: dict[str, Any]) -> tuple[str, list[str]] | None:
    """(headline, paragraphs) of a post, cut as the other benchmarks cut it; None when the
    post has no text."""
    sentences = segment(post["text"])
    if not sentences:
        return None
    rest = sentences[1:]
    paragraphs = [
        " ".join(rest[i : i + PARAGRAPH_SENTENCES])
        for i in range(0, len(rest), PARAGRAPH_SENTENCES)
    ]
    return sentences[0], paragraphs


def unexplained_entities(text: str, source: str) -> list[str]:
    """Entity-like strings in stored text that the post's own text does not contain."""
    return [m.group() for m in ENTITY_RE.finditer(text) if m.group().lower() not in source]


def unexplained_terms(terms: str, source: str) -> list[str]:
    return [
        term
        for term in set(terms.split()) & ENTITY_TERMS
        if not re.search(rf"(?<![^\W\d_]){term}(?![^\W\d_])", source)
    ]


def check_entities(sources: dict[int, str]) -> dict[str, list[str]]:
    """Where an escaped entity survived: kind of record → examples."""
    from vestnik.articles.models import Suggestion, Tag, TagAlias
    from vestnik.search.models import SearchDocument

    found: dict[str, list[str]] = {"suggestions": [], "tags": [], "index": []}
    everything = "\n".join(sources.values())
    for suggestion in Suggestion.objects.iterator():
        source = sources.get(suggestion.article_id, "")
        texts = [suggestion.name, *(item.get("text", "") for item in suggestion.evidence)]
        for text in texts:
            found["suggestions"] += [
                f"{suggestion.article_id}: {suggestion.name!r} ({hit})"
                for hit in unexplained_entities(text, source)
            ]
    for name in [*Tag.objects.values_list("name", flat=True)] + [
        *TagAlias.objects.values_list("name", flat=True)
    ]:
        found["tags"] += [f"{name!r} ({hit})" for hit in unexplained_entities(name, everything)]
    for document in SearchDocument.objects.iterator():
        source = sources.get(document.article_id, "")
        stored = " ".join((document.headline, document.lead, document.body))
        terms = " ".join(
            (
                document.headline_terms,
                document.lead_terms,
                document.body_terms,
                document.extra_terms,
            )
        )
        hits = unexplained_entities(stored, source) + unexplained_terms(terms, source)
        found["index"] += [f"{document.article_id}: {hit}" for hit in hits]
    return found


def stored_body_text(paragraphs: list[str]) -> str:
    """The text ``body_text`` reads back from paragraphs stored as rich text."""
    from html import escape, unescape

    from django.utils.html import strip_tags

    return "\n".join(unescape(strip_tags(f"<p>{escape(p)}</p>")) for p in paragraphs)


def cores_pass(posts: list[dict[str, Any]], args: argparse.Namespace, total_posts: int) -> str:
    """Every post through the cores as the worker calls them; the section for the docs."""
    from vestnik.enrichment.districts import suggest_regions
    from vestnik.enrichment.entities import extract_entities, load_ner_models

    models = load_ner_models()
    started = time.perf_counter()
    failures: list[str] = []
    entity_hits: list[str] = []
    counted = empty = entities = regions = 0
    for n, post in enumerate(posts):
        parts = article_parts(post)
        if parts is None:
            empty += 1
            continue
        headline, paragraphs = parts
        title, body = headline[:255], stored_body_text(paragraphs)
        source = post["text"].lower()
        counted += 1
        try:
            found = extract_entities(body, title, models=models)
            places = suggest_regions(body, title)
        except Exception as error:  # noqa: BLE001 - the figure is how many posts raise
            failures.append(f"post {n}: {type(error).__name__}: {error}"[:200])
            continue
        keys = [("tag", entity.name) for entity in found]
        if len(keys) != len(set(keys)):
            failures.append(f"post {n}: one name proposed twice: {sorted(keys)}"[:200])
        entities += len(found)
        regions += len(places)
        entity_hits += [
            f"post {n}: {entity.name!r} ({hit})"
            for entity in found
            for hit in unexplained_entities(entity.name, source)
        ]
        if n and n % 2000 == 0:
            sys.stderr.write(f"[{time.perf_counter() - started:7.0f}s] {n} posts\n")
    elapsed = time.perf_counter() - started
    info = machine()
    command = "python bench/enrich_corpus.py " + shlex.join(sys.argv[1:])
    scope = f"{len(posts):,} of {total_posts:,}" if args.limit else f"all {total_posts:,}"
    lines = [
        "_Written by `bench/enrich_corpus.py --cores --write`; edits between the markers are "
        "overwritten._ Every post through the cores as the worker calls them (text as "
        "`body_text` gives it, natasha's entities, the gazetteer's regions), no database.",
        "",
        f"- **Run:** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{command}`, "
        f"{elapsed / 60:.1f} min in all",
        f"- **Machine:** {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}; shared "
        f"with other work (load {info['load']} at the end).",
        f"- **Data:** telegram_news_posts.jsonl.gz (NKTKLN, CC BY 4.0), {scope} posts cut "
        f"as the worker run cuts them; {empty} posts without text skipped.",
        "",
        table(
            ["", "figure"],
            [
                ["posts enriched", f"{counted:,}"],
                ["rate", f"{counted / elapsed if elapsed else 0:.1f} posts/s"],
                ["entities, region suggestions", f"{entities:,}, {regions:,}"],
                ["**failed posts**", f"**{len(failures)}**"],
                ["escaped entities in entity names", str(len(entity_hits))],
            ],
        ),
        "",
    ]
    lines += [f"- failed: {failure}" for failure in failures[:20]]
    lines += [f"- entity: {hit}" for hit in entity_hits[:10]]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="posts to store (0: all)")
    parser.add_argument("--chunk", type=int, default=100, help="articles per worker batch")
    parser.add_argument("--max-minutes", type=float, default=0, help="stop storing after this")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--cores", action="store_true", help="the cores only, every post")
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data} is missing: the benchmark needs the telegram-news posts archive")

    var_dir = tempfile.mkdtemp(prefix="vestnik-bench-enrich-")
    os.environ.update(VESTNIK_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="vestnik.settings.production")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("VESTNIK_TASKS_REDIS_URL", None)
    import django

    django.setup()
    if args.cores:
        posts = read_posts(args.data)
        total = len(posts)
        section = cores_pass(posts[: args.limit] if args.limit else posts, args, total)
        sys.stdout.write(section)
        if args.write:
            heading = "Enrichment of the whole corpus, cores"
            write_docs(section, CORES_START_MARK, CORES_END_MARK, heading=heading)
        return
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from vestnik.articles.models import ArticlePage, Suggestion, Tag
    from vestnik.articles.upsert import ArticleSpec, upsert_article
    from vestnik.newsroom.models import DuplicateLink
    from vestnik.outlets.factories import create_outlet
    from vestnik.regions.models import Region

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    failures = FailureLog()
    logging.getLogger("vestnik.newsroom.tasks").addHandler(failures)

    posts = read_posts(args.data)
    total_posts = len(posts)
    random.Random(args.seed).shuffle(posts)
    if args.limit:
        posts = posts[: args.limit]
    region = Region.objects.lookup("Строгино")
    outlets: dict[str, Any] = {}
    sources: dict[int, str] = {}
    empty = 0
    store_seconds = worker_seconds = 0.0
    stopped_early = False
    batch: list[int] = []

    def drain() -> None:
        nonlocal worker_seconds
        tick = time.perf_counter()
        call_command("worker", batch=True, verbosity=0)
        worker_seconds += time.perf_counter() - tick
        batch.clear()

    for n, post in enumerate(posts):
        if args.max_minutes and time.perf_counter() - started > args.max_minutes * 60:
            stopped_early = True
            break
        parts = article_parts(post)
        if parts is None:
            empty += 1
            continue
        channel = post["channel"]
        if channel not in outlets:
            slug = f"c{len(outlets) + 1}"
            outlets[channel] = create_outlet(
                slug=slug, name=channel, region=region, hostname=f"{slug}.localhost"
            )
        headline, paragraphs = parts
        published = datetime.fromisoformat(post["date"])
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        tick = time.perf_counter()
        spec = ArticleSpec(
            slug=f"post-{n}", headline=headline[:255], published_at=published,
            paragraphs=tuple(paragraphs),
        )  # fmt: skip
        article, _ = upsert_article(outlets[channel], spec)
        store_seconds += time.perf_counter() - tick
        sources[article.pk] = post["text"].lower()
        batch.append(article.pk)
        if len(batch) >= args.chunk:
            drain()
            done = len(sources)
            sys.stderr.write(
                f"[{time.perf_counter() - started:7.0f}s] {done} articles, "
                f"{len(failures.failures)} failed\n"
            )
    if batch:
        drain()

    stored = len(sources)
    failed_tasks = DBTaskResult.objects.failed().filter(task_path__endswith="enrich_article_task")
    failed_ids = {task.args_kwargs["args"][0] for task in failed_tasks}
    failed_ids |= set(failures.failures)
    entities = check_entities(sources)
    kinds = Counter(
        ("region" if kind == "region" else tag_kind)
        for kind, tag_kind in Suggestion.objects.values_list("kind", "tag_kind")
    )
    figures = {
        "stored": stored,
        "live": ArticlePage.objects.live().count(),
        "suggestions": sum(kinds.values()),
        "kinds": kinds,
        "tags": Tag.objects.count(),
        "duplicates": DuplicateLink.objects.count(),
        "failed": sorted(failed_ids),
    }
    elapsed = time.perf_counter() - started
    info = machine()
    command = "python bench/enrich_corpus.py " + shlex.join(sys.argv[1:])
    kind_text = ", ".join(f"{count:,} {kind or 'untyped'}" for kind, count in kinds.most_common())
    scope = (
        f"all {total_posts:,} posts" if not args.limit and not stopped_early
        else f"{len(posts) if not stopped_early else n:,} of {total_posts:,} posts "
        f"(seed {args.seed})"
    )  # fmt: skip
    lines = [
        "_Written by `bench/enrich_corpus.py --write`; edits between the markers are "
        "overwritten._ Real posts stored as live articles and enriched by the worker "
        "(`vestnik worker --batch` every "
        f"{args.chunk} articles): suggestions, duplicate check, «Читайте также».",
        "",
        f"- **Run:** {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{command}`, "
        f"{elapsed / 60:.1f} min in all",
        f"- **Machine:** {info['cpus']} CPUs ({info['cpu']}), {info.get('ram', '?')} RAM, "
        f"Python {info['python']}, SQLite {info['sqlite']} (WAL); shared with other work "
        f"(load {info['load']} at the end): read the rates as rough.",
        "- **Data:** telegram_news_posts.jsonl.gz: 22,099 Russian Telegram news posts from the "
        "dataset of the telegram-news-classifier project (NKTKLN), licence CC BY 4.0; "
        f"{scope}, links and promotion lines removed, the first sentence as headline, one "
        f"outlet per channel ({len(outlets)}); {empty} posts without text skipped.",
        "",
        table(
            ["", "figure"],
            [
                ["articles stored and published", f"{stored:,}"],
                [
                    "storing (publish, index, queue)",
                    f"{store_seconds:.0f} s, "
                    f"{stored / store_seconds if store_seconds else 0:.1f} articles/s",
                ],
                [
                    "worker (all enrichment tasks)",
                    f"{worker_seconds:.0f} s, "
                    f"{stored / worker_seconds if worker_seconds else 0:.1f} articles/s",
                ],
                ["suggestions", f"{figures['suggestions']:,} ({kind_text})"],
                ["tags (none accepted)", f"{figures['tags']:,}"],
                ["articles marked as duplicates", f"{figures['duplicates']:,}"],
                ["**failed articles**", f"**{len(failed_ids)}**"],
                ["escaped entities in suggestions", str(len(entities["suggestions"]))],
                ["escaped entities in tags", str(len(entities["tags"]))],
                ["escaped entities in the index", str(len(entities["index"]))],
            ],
        ),  # fmt: skip
        "",
    ]
    for article_id in sorted(failed_ids)[:20]:
        lines.append(f"- failed: article {article_id}: {failures.failures.get(article_id, '?')}")
    for where, hits in entities.items():
        for hit in hits[:10]:
            lines.append(f"- entity in {where}: {hit}")
    section = "\n".join(lines).rstrip("\n") + "\n"
    sys.stdout.write(section)
    if args.write:
        write_docs(section, START_MARK, END_MARK, heading="Enrichment of the whole corpus")


if __name__ == "__main__":
    main()
