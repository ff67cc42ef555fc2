"""Search benchmark: indexing throughput, query latency and recall against PostgreSQL's
built-in ``russian`` configuration, on an archive of N articles built from real news posts.

    .venv/bin/python bench/search.py --sizes 10000 100000 [--queries 240] [--seed 7] [--write]

Data: /work/shared/data/telegram_news_posts.jsonl.gz (``--data`` to point elsewhere), 22,099
Russian Telegram news posts (``message_id, text, date, channel, category``) from the dataset of
the telegram-news-classifier project by NKTKLN, licensed CC BY 4.0. The archive is derived from
it: links are removed, each post is cut into a headline (first sentence, at most 150
characters), a lead (second sentence) and a body (the rest); past the number of posts, articles
are recombined from the sentences of other posts with shifted dates.

One parent process reads and analyses the posts once (``analyze_terms``, cold cache), builds
the documents and a fixed, seeded set of queries, and runs one subprocess per database and
size (``--worker``) against a throw-away database: a SQLite file in a temporary directory, or a
``vestnik_bench_<pid>_<n>`` database on PostgreSQL that is dropped afterwards, also on failure.
A worker migrates, inserts the documents with ``bulk_create``, runs the maintenance a rebuild
would (FTS5 ``optimize``; ``VACUUM ANALYZE``), times every query through
``get_search_backend().search(parse_query(text), filters, limit=10)``, and on PostgreSQL does
the same with a baseline table indexed by ``to_tsvector('russian', …)`` and queried with
``websearch_to_tsquery('russian', …)``, and compares the sets of documents both find.

The results are printed; with ``--write`` they also replace the section between
``<!-- search:start -->`` and ``<!-- search:end -->`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import pickle
import platform
import random
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "telegram_news_posts.jsonl.gz"
DOCS_FILE = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- search:start -->"
END_MARK = "<!-- search:end -->"
ATTRIBUTION = (
    "telegram_news_posts.jsonl.gz: 22,099 Russian Telegram news posts from the dataset of the "
    "telegram-news-classifier project (NKTKLN), licence CC BY 4.0; the archive is derived from "
    "it (links and channel promotion lines removed, posts cut into headline/lead/body and "
    "recombined beyond 22k)"
)
MOSCOW = ZoneInfo("Europe/Moscow")
DATE_START = datetime(2023, 8, 1, tzinfo=MOSCOW)
DATE_END = datetime(2025, 1, 1, tzinfo=MOSCOW)
HEADLINE_MAX = 150
BATCH = 1000
PASSES = 3
TARGET_P95_MS = 50.0
OKRUGS = 12
FIELDS = (
    "article_id",
    "outlet_id",
    "published_at",
    "url_path",
    "headline",
    "lead",
    "body",
    "headline_terms",
    "lead_terms",
    "body_terms",
    "extra_terms",
    "facet_terms",
)

URL_RE = re.compile(r"(?:https?://|www\.|t\.me/)\S+", re.IGNORECASE)
# Telegram furniture that no article carries: the channel's own promotion lines, Markdown
# links (their text is kept) and emphasis markers.
PROMO_RE = re.compile(
    r"подпис(?:аться|ывайся|ывайтесь)|прислать новость|читать нас без vpn", re.IGNORECASE
)
MARKDOWN_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)?")
MARKUP_RE = re.compile(r"\*\*|__|`+")
LETTER_RE = re.compile(r"[^\W\d_]")
# A plain Cyrillic word, not part of a hyphenated or mixed-script token.
QUERY_WORD_RE = re.compile(r"(?<![\w-])[А-Яа-яЁё]{4,}(?![\w-])")
PHRASE_TOKEN_RE = re.compile(r"[А-Яа-яЁё]{2,}")

T0 = time.perf_counter()


def log(message: str) -> None:
    sys.stderr.write(f"[{time.perf_counter() - T0:7.1f}s] {message}\n")
    sys.stderr.flush()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    low = math.floor(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --- the archive -------------------------------------------------------------------------


def read_posts(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def segment(text: str) -> list[str]:
    """Sentences of a post without its links and promotion lines; a first sentence over 150
    characters is cut at a word boundary and its remainder becomes the next segment."""
    from razdel import sentenize

    sentences: list[str] = []
    for paragraph in text.splitlines():
        if PROMO_RE.search(paragraph):
            continue
        paragraph = MARKDOWN_LINK_RE.sub(r"\1", paragraph)
        paragraph = MARKUP_RE.sub("", URL_RE.sub(" ", paragraph))
        if not paragraph.strip():
            continue
        for sentence in sentenize(paragraph):
            cleaned = " ".join(sentence.text.split())
            if LETTER_RE.search(cleaned):
                sentences.append(cleaned)
    if sentences and len(sentences[0]) > HEADLINE_MAX:
        first = sentences[0]
        cut = first.rfind(" ", 0, HEADLINE_MAX + 1)
        if cut < 40:
            cut = HEADLINE_MAX
        head, rest = first[:cut].rstrip(), first[cut:].strip()
        sentences[0:1] = [head] + ([rest] if rest else [])
    return sentences


class Archive:
    """Analysed posts and the deterministic recipe of article i (the same for every N)."""

    def __init__(self, raw: list[dict[str, Any]], seed: int, needed: int) -> None:
        from vestnik.language import analysis

        self.seed = seed
        order = list(range(len(raw)))
        random.Random(seed).shuffle(order)
        channels = sorted({post["channel"] for post in raw})
        categories = sorted({post["category"] for post in raw})
        self.outlet_of = {name: i + 1 for i, name in enumerate(channels)}
        self.tag_of = {name: i + 1 for i, name in enumerate(categories)}
        self.okrug_of = {name: zlib.crc32(name.encode()) % OKRUGS + 1 for name in channels}

        started = time.perf_counter()
        analysis._morph_analyzer()
        analysis.stop_words()
        self.load_seconds = time.perf_counter() - started

        self.posts: list[dict[str, Any]] = []
        words = terms = 0
        started = time.perf_counter()
        for index in order:
            if len(self.posts) >= needed:
                break
            post = raw[index]
            segments = []
            for sentence in segment(post["text"]):
                found = analysis.analyze_terms(sentence)
                words += len(sentence.split())
                terms += len(found)
                segments.append((sentence, found))
            if not segments or not segments[0][1]:
                continue  # nothing searchable in the headline: not an article
            self.posts.append(
                {
                    "source": (post["channel"], post["message_id"]),
                    "channel": post["channel"],
                    "category": post["category"],
                    "date": datetime.fromisoformat(post["date"]).astimezone(MOSCOW),
                    "segments": segments,
                }
            )
        self.analysis_seconds = time.perf_counter() - started
        self.analysed_posts = len(self.posts)
        self.analysed_words = words
        self.analysed_terms = terms
        self.lemma_cache = analysis.lemmatize_word.cache_info()

    def document(self, i: int) -> tuple[Any, ...]:
        """Article i (0-based): an original post below the number of posts, else recombined."""
        rng = random.Random(f"{self.seed}:{i}")
        count = len(self.posts)
        if i < count:
            post = self.posts[i]
            segments = post["segments"]
            headline, lead, body = segments[0], segments[1:2], segments[2:]
            published = post["date"]
        else:
            post = self.posts[rng.randrange(count)]
            headline = post["segments"][0]
            donor = self.posts[rng.randrange(count)]["segments"]
            lead = [donor[1] if len(donor) > 1 else donor[0]]
            body_source = self.posts[rng.randrange(count)]["segments"]
            body = list(body_source[2:] or body_source[1:])
            for _ in range(rng.randint(1, 2)):
                other = self.posts[rng.randrange(count)]["segments"]
                body.insert(rng.randint(0, len(body)), other[rng.randrange(len(other))])
            span = (DATE_END - DATE_START).total_seconds()
            shift = timedelta(days=rng.randint(-200, 200), minutes=rng.randint(0, 1439))
            offset = ((post["date"] + shift) - DATE_START).total_seconds() % span
            published = DATE_START + timedelta(seconds=offset)
        outlet = self.outlet_of[post["channel"]]
        okrug = self.okrug_of[post["channel"]]
        district = 100 + okrug * 10 + rng.randrange(10)
        tag = self.tag_of[post["category"]]
        article_id = i + 1
        return (
            article_id,
            outlet,
            published,
            f"/outlet{outlet}/news-{article_id}/",
            headline[0],
            " ".join(text for text, _ in lead),
            " ".join(text for text, _ in body),
            " ".join(headline[1]),
            " ".join(term for _, found in lead for term in found),
            " ".join(term for _, found in body for term in found),
            "",  # tag and region names: left out so both sides index the same text
            f"o{outlet} r{okrug} r{district} t{tag}",
        )


# --- the queries -------------------------------------------------------------------------

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def other_form(word: str, rng: random.Random) -> str:
    """The word in another grammatical form when pymorphy3 can make one, else as it is."""
    from vestnik.language.analysis import _morph_analyzer

    lower = word.lower()
    parse = _morph_analyzer().parse(lower)[0]
    pos = parse.tag.POS
    if pos in {"NOUN", "ADJF", "PRTF", "NUMR"}:
        number = {"plur"} if "sing" in parse.tag else {"sing"}
        options = [{case} for case in CASES] + [number]
    elif pos == "VERB":
        options = [{"femn"}, {"masc"}, {"neut"}, {"plur"}, {"sing"}, {"past"}, {"futr"}]
    else:
        options = []
    rng.shuffle(options)
    for grammemes in options:
        try:
            inflected = parse.inflect(grammemes)
        except ValueError:
            inflected = None
        if inflected is not None and inflected.word != lower:
            return str(inflected.word)
    return lower


def content_words(text: str) -> list[str]:
    from vestnik.language.analysis import stop_words

    stop = stop_words()
    return [w for w in QUERY_WORD_RE.findall(text) if w.lower().replace("ё", "е") not in stop]


def phrase_candidates(text: str) -> list[list[str]]:
    """Runs of 2–3 adjacent words (only spaces between them) that do not start or end with a
    stop word."""
    from vestnik.language.analysis import stop_words

    stop = stop_words()
    tokens = list(PHRASE_TOKEN_RE.finditer(text))
    runs = []
    for length in (2, 3):
        for start in range(len(tokens) - length + 1):
            window = tokens[start : start + length]
            if any(
                text[a.end() : b.start()] != " " for a, b in zip(window, window[1:], strict=False)
            ):
                continue
            words = [m.group() for m in window]
            if words[0].lower() in stop or words[-1].lower() in stop:
                continue
            if len(words[0]) < 4 or len(words[-1]) < 4:
                continue
            runs.append(words)
    return runs


def make_queries(archive: Archive, count: int, seed: int, pool_size: int) -> list[dict[str, Any]]:
    from vestnik.language.analysis import lemmatize_word
    from vestnik.language.query import parse_query

    rng = random.Random(f"queries:{seed}")
    pool = [archive.document(i) for i in range(pool_size)]
    kinds = ["word"] * 35 + ["words"] * 30 + ["phrase"] * 20 + ["exclusion"] * 15
    filter_kinds = ["outlet", "region", "date", "outlet+date"]
    queries: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    attempts = 0
    while len(queries) < count:
        attempts += 1
        if attempts > count * 50:
            raise SystemExit("could not build enough distinct queries from the archive")
        doc = dict(zip(FIELDS, pool[rng.randrange(len(pool))], strict=True))
        text_all = " ".join((doc["headline"], doc["lead"], doc["body"]))
        words = content_words(text_all)
        kind = rng.choice(kinds)
        changed: list[tuple[str, str]] = []

        def vary(word: str, changed: list[tuple[str, str]] = changed) -> str:
            form = other_form(word, rng)
            changed.append((word.lower(), form))
            return form

        if kind == "word":
            if not words:
                continue
            text = vary(rng.choice(words))
        elif kind == "words":
            if len(words) < 2:
                continue
            k = rng.randint(2, min(4, len(words)))
            picks = sorted(rng.sample(range(len(words)), k))
            text = " ".join(vary(words[p]) for p in picks)
        elif kind == "phrase":
            runs = phrase_candidates(text_all)
            if not runs:
                continue
            phrase = rng.choice(runs)
            quote = rng.choice(['"{}"', "«{}»"])
            text = quote.format(" ".join(w.lower() for w in phrase))
            if len(phrase) < 4 and words and rng.random() < 0.3:
                text += " " + vary(rng.choice(words))
        else:
            if not words:
                continue
            k = rng.randint(1, min(2, len(words)))
            base = " ".join(vary(w) for w in rng.sample(words, k))
            other = dict(zip(FIELDS, pool[rng.randrange(len(pool))], strict=True))
            other_words = content_words(other["headline"] + " " + other["lead"])
            if not other_words:
                continue
            text = f"{base} -{rng.choice(other_words).lower()}"
        facets: list[str] = []
        date_from = date_to = None
        filter_kind = "none"
        if rng.random() < 0.25:
            filter_kind = rng.choice(filter_kinds)
            okrug, district = doc["facet_terms"].split()[1:3]
            if "outlet" in filter_kind:
                facets.append(f"o{doc['outlet_id']}")
            if filter_kind == "region":
                facets.append(okrug if rng.random() < 0.6 else district)
            if "date" in filter_kind:
                month = doc["published_at"].replace(day=1, hour=0, minute=0, second=0)
                month = month.replace(microsecond=0)
                before = rng.randint(0, 2)
                after = rng.randint(1, 3)
                date_from = add_months(month, -before)
                date_to = add_months(month, after)
        parsed = parse_query(text)
        if parsed.is_empty or not 1 <= len(text.replace("-", " ").split()) <= 4:
            continue
        key = (text, tuple(facets), date_from, date_to)
        if key in seen:
            continue
        seen.add(key)
        queries.append(
            {
                "text": text,
                "kind": kind,
                "filter": filter_kind,
                "facets": facets,
                "date_from": date_from.isoformat() if date_from else None,
                "date_to": date_to.isoformat() if date_to else None,
                "source": doc["article_id"],
                "changed": [
                    (a, b, lemmatize_word(a) == lemmatize_word(b)) for a, b in changed if a != b
                ],
                "unchanged": sum(1 for a, b in changed if a == b),
            }
        )
    return queries


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1)


# --- the worker --------------------------------------------------------------------------


def filters_of(query: dict[str, Any]) -> Any:
    from vestnik.search.backends import SearchFilters

    return SearchFilters(
        facets=tuple(query["facets"]),
        date_from=datetime.fromisoformat(query["date_from"]) if query["date_from"] else None,
        date_to=datetime.fromisoformat(query["date_to"]) if query["date_to"] else None,
    )


def vestnik_search(
    query: dict[str, Any], limit: int = 10, order: str = "relevance"
) -> tuple[list[Any], int]:
    from vestnik.language.query import parse_query
    from vestnik.search.backends import get_search_backend

    return get_search_backend().search(
        parse_query(query["text"]), filters_of(query), limit=limit, order=order
    )


def baseline_sql(query: dict[str, Any], select: str) -> tuple[str, list[Any]]:
    """The baseline's statement: websearch_to_tsquery('russian') over bench_baseline, with
    the query's filters applied through a join to search_searchdocument."""
    where = ["b.vector @@ q"]
    params: list[Any] = [query["text"]]
    join = ""
    if query["facets"] or query["date_from"] or query["date_to"]:
        join = "JOIN search_searchdocument d ON d.article_id = b.article_id "
    if query["facets"]:
        where.append("d.facets @@ to_tsquery('simple', %s)")
        params.append(" & ".join(query["facets"]))
    if query["date_from"]:
        where.append("d.published_at >= %s")
        params.append(datetime.fromisoformat(query["date_from"]))
    if query["date_to"]:
        where.append("d.published_at < %s")
        params.append(datetime.fromisoformat(query["date_to"]))
    sql = (
        f"SELECT {select} FROM bench_baseline b {join}, "
        f"websearch_to_tsquery('russian', %s) q WHERE {' AND '.join(where)}"
    )
    return sql, params


def baseline_search(cursor: Any, query: dict[str, Any]) -> tuple[list[int], int]:
    sql, params = baseline_sql(query, "count(*)")
    cursor.execute(sql, params)
    total = cursor.fetchone()[0]
    sql, params = baseline_sql(query, "b.article_id, ts_rank_cd(b.vector, q) AS score")
    cursor.execute(sql + " ORDER BY score DESC, b.article_id LIMIT 10", params)
    return [row[0] for row in cursor.fetchall()], total


def timed_passes(runners: dict[str, Any], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """One warm-up pass, then PASSES measured passes; times in ms per query per pass.

    With several engines (Vestnik and the baseline) each query is run on all of them back to
    back, the order turning with every pass, so a burst of load on the shared machine hits
    both alike and their ratio stays meaningful.
    """
    names = list(runners)
    results = {name: {"times": [[] for _ in queries], "totals": []} for name in names}
    for query in queries:
        for name in names:
            results[name]["totals"].append(runners[name](query)[1])
    for number in range(PASSES):
        order = names[number % len(names) :] + names[: number % len(names)]
        for index, query in enumerate(queries):
            for name in order:
                started = time.perf_counter()
                runners[name](query)
                results[name]["times"][index].append((time.perf_counter() - started) * 1000.0)
        log(f"  pass {number + 1}/{PASSES} done")
    return results


def capture_statements(
    query: dict[str, Any],
) -> tuple[list[tuple[str, list[Any]]], dict[str, float]]:
    """The SQL the backend runs for a query, and how long parsing and each statement take."""
    from django.db import connection

    from vestnik.language.query import parse_query
    from vestnik.search.backends import get_search_backend

    statements: list[tuple[str, list[Any]]] = []
    seconds: list[float] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, list(params or [])))
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds.append(time.perf_counter() - started)

    parse_ms, count_ms, page_ms = [], [], []
    for _ in range(3):
        statements.clear()
        seconds.clear()
        started = time.perf_counter()
        parsed = parse_query(query["text"])
        parse_ms.append((time.perf_counter() - started) * 1000)
        with connection.execute_wrapper(wrapper):
            get_search_backend().search(parsed, filters_of(query), limit=10)
        count_ms.append(seconds[0] * 1000)
        page_ms.append(seconds[1] * 1000)
    return list(statements), {
        "parse_ms": median(parse_ms),
        "count_ms": median(count_ms),
        "page_ms": median(page_ms),
    }


def explain(vendor: str, statements: list[tuple[str, list[Any]]]) -> list[str]:
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            if vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plans.append("\n".join(f"{row[0]} {row[1]} {row[3]}" for row in cursor.fetchall()))
    return plans


def dump_documents(archive: Archive, count: int, path: Path) -> None:
    """Articles 0..count-1 of the archive, pickled in batches for insert_documents."""
    with path.open("wb") as handle:
        for first in range(0, count, BATCH):
            batch = [archive.document(i) for i in range(first, min(first + BATCH, count))]
            pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)


def insert_documents(path: Path, size: int) -> float:
    from django.db import transaction

    from vestnik.search.models import SearchDocument

    seconds = 0.0
    done = 0
    with path.open("rb") as handle:
        while done < size:
            rows = pickle.load(handle)[: size - done]
            started = time.perf_counter()
            objects = [SearchDocument(**dict(zip(FIELDS, row, strict=True))) for row in rows]
            with transaction.atomic():
                SearchDocument.objects.bulk_create(objects, batch_size=BATCH)
            seconds += time.perf_counter() - started
            done += len(rows)
            if done % 20000 == 0 or done == size:
                log(f"  inserted {done}/{size}")
    return seconds


def reinsert_server_side(vendor: str) -> float:
    """Copy every row into the same table with new ids inside a transaction, then roll back:
    what the index maintenance alone costs, without Python, the ORM or the network."""
    from django.db import connection, transaction

    columns = ", ".join(f for f in FIELDS if f != "article_id")
    started = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_searchdocument (article_id, {columns}) "
                f"SELECT article_id + 1000000000, {columns} FROM search_searchdocument"
            )
            elapsed = time.perf_counter() - started
            raise _Rollback(elapsed)
    except _Rollback as rollback:
        return rollback.elapsed


class _Rollback(Exception):
    def __init__(self, elapsed: float) -> None:
        self.elapsed = elapsed


def worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    result: dict[str, Any] = {"backend": args.backend, "size": args.size}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = time.perf_counter() - started
    vendor = connection.vendor
    assert vendor == args.backend, (vendor, args.backend)
    log(f"{vendor} {args.size}: migrated in {result['migrate_s']:.1f} s; inserting")

    result["insert_s"] = insert_documents(Path(args.docs), args.size)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        if vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
        else:
            cursor.execute("VACUUM ANALYZE search_searchdocument")  # autocommit: no transaction
        result["maintenance_s"] = time.perf_counter() - started
        if vendor == "sqlite":
            result["versions"] = {"sqlite": sqlite3.sqlite_version}
        else:
            cursor.execute("SHOW server_version")
            settings_shown = {"server_version": cursor.fetchone()[0]}
            for name in ("shared_buffers", "work_mem", "jit", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {name}")
                settings_shown[name] = cursor.fetchone()[0]
            result["versions"] = settings_shown
    log(f"{vendor} {args.size}: inserted in {result['insert_s']:.1f} s, maintenance done")

    queries = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                """CREATE TABLE bench_baseline (
                    article_id bigint PRIMARY KEY,
                    headline text NOT NULL, lead text NOT NULL, body text NOT NULL,
                    vector tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('russian', headline), 'A')
                        || setweight(to_tsvector('russian', lead), 'B')
                        || setweight(to_tsvector('russian', body), 'C')) STORED)"""
            )
            cursor.execute(
                "CREATE INDEX bench_baseline_vector ON bench_baseline USING gin (vector)"
            )
            started = time.perf_counter()
            cursor.execute(
                "INSERT INTO bench_baseline (article_id, headline, lead, body) "
                "SELECT article_id, headline, lead, body FROM search_searchdocument"
            )
            result["baseline_insert_s"] = time.perf_counter() - started
            started = time.perf_counter()
            cursor.execute("VACUUM ANALYZE bench_baseline")
            result["baseline_maintenance_s"] = time.perf_counter() - started
            sizes = {}
            for label, sql in (
                ("table", "pg_table_size('search_searchdocument')"),
                ("vector_gin", "pg_relation_size('search_document_vector')"),
                ("facets_gin", "pg_relation_size('search_document_facets')"),
                ("total", "pg_total_relation_size('search_searchdocument')"),
                ("baseline_total", "pg_total_relation_size('bench_baseline')"),
                ("baseline_gin", "pg_relation_size('bench_baseline_vector')"),
            ):
                cursor.execute(f"SELECT {sql}")
                sizes[label] = cursor.fetchone()[0]
            result["sizes"] = sizes
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            sizes = {"file": pages * cursor.fetchone()[0]}
            try:
                cursor.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' "
                    "OR name = 'search_searchdocument'"
                )
                sizes["search_tables"] = cursor.fetchone()[0]
            except Exception:  # noqa: BLE001 - dbstat is an optional compile-time module
                pass
            result["sizes"] = sizes

    log(f"{vendor} {args.size}: timing {len(queries)} queries")
    with connection.cursor() as cursor:
        runners: dict[str, Any] = {"vestnik": vestnik_search}
        if vendor == "postgresql":
            runners["baseline"] = lambda query: baseline_search(cursor, query)
        result.update(timed_passes(runners, queries))

    # Where the time of the slowest queries goes.
    medians = [median(t) for t in result["vestnik"]["times"]]
    worst = sorted(range(len(queries)), key=lambda i: -medians[i])[:5]
    breakdown = []
    for index in worst:
        statements, parts = capture_statements(queries[index])
        breakdown.append({"index": index, "median_ms": medians[index], **parts})
    result["worst"] = breakdown
    statements, _ = capture_statements(queries[worst[0]])
    result["explain"] = {"index": worst[0], "plans": explain(vendor, statements)}
    if vendor == "postgresql":
        base_medians = [median(t) for t in result["baseline"]["times"]]
        slowest_base = max(range(len(queries)), key=lambda i: base_medians[i])
        sql, params = baseline_sql(queries[slowest_base], "count(*)")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        result["baseline_explain"] = {"index": slowest_base, "plans": [plan]}
        log(f"{vendor} {args.size}: recall against the baseline")
        result["recall"] = recall(queries)

    # Last, because on PostgreSQL the rolled-back rows stay behind as dead tuples.
    log(f"{vendor} {args.size}: server-side re-insert (rolled back)")
    result["reinsert_s"] = reinsert_server_side(vendor)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    log(f"{vendor} {args.size}: done")


def recall(queries: list[dict[str, Any]]) -> dict[str, Any]:
    """For every query without exclusions: the ids the baseline finds and those Vestnik finds."""
    from django.db import connection

    from vestnik.language.query import parse_query

    per_query = []
    sets = {}
    with connection.cursor() as cursor:
        for index, query in enumerate(queries):
            if query["kind"] == "exclusion":
                continue
            sql, params = baseline_sql(query, "b.article_id")
            cursor.execute(sql, params)
            base = {row[0] for row in cursor.fetchall()}
            # In date order every match is listed (relevance ranks a broad query's newest).
            hits, _ = vestnik_search(query, limit=1_000_000, order="date")
            found = {hit.article_id for hit in hits}
            sets[index] = (base, found)
            per_query.append(
                {
                    "index": index,
                    "base": len(base),
                    "vestnik": len(found),
                    "both": len(base & found),
                }
            )

    with connection.cursor() as cursor:
        for item in per_query:
            query = queries[item["index"]]
            cursor.execute("SELECT websearch_to_tsquery('russian', %s)::text", [query["text"]])
            item["base_query"] = cursor.fetchone()[0]

    def weight(item: dict[str, Any], only: int) -> float:
        # The share of the union one side alone finds, favouring larger differences.
        union = item["base"] + item["vestnik"] - item["both"]
        if not item["base_query"] or not only:
            return 0.0
        return only / union * math.log1p(only)

    def more(item: dict[str, Any]) -> float:
        return weight(item, item["vestnik"] - item["both"])

    def fewer(item: dict[str, Any]) -> float:
        return weight(item, item["base"] - item["both"])

    chosen: list[tuple[str, dict[str, Any]]] = []
    for direction, key in (("more", more), ("fewer", fewer)):
        for item in sorted(per_query, key=key, reverse=True)[:3]:
            if key(item) > 0 and all(item is not other for _, other in chosen):
                chosen.append((direction, item))
    examples = []
    with connection.cursor() as cursor:
        for direction, item in chosen:
            query = queries[item["index"]]
            base, found = sets[item["index"]]
            parsed = parse_query(query["text"])
            example = {
                **item,
                "direction": direction,
                "vestnik_terms": [*parsed.terms, *(" ".join(p) for p in parsed.phrases)],
            }
            only_base = sorted(base - found)
            only_vestnik = sorted(found - base)
            if only_base:
                cursor.execute(
                    "SELECT headline, ts_headline('russian', headline || ' ' || lead || ' ' || "
                    "body, websearch_to_tsquery('russian', %s), 'StartSel=**, StopSel=**, "
                    "MaxWords=14, MinWords=5, MaxFragments=1') "
                    "FROM search_searchdocument WHERE article_id = %s",
                    [query["text"], only_base[0]],
                )
                example["base_only"] = list(cursor.fetchone())
            if only_vestnik:
                cursor.execute(
                    "SELECT headline, lead, body FROM search_searchdocument WHERE article_id = %s",
                    [only_vestnik[0]],
                )
                headline, lead, body = cursor.fetchone()
                example["vestnik_only"] = [
                    headline,
                    fragment(" ".join((headline, lead, body)), parsed.highlight_terms()),
                ]
            examples.append(example)
    return {"per_query": per_query, "examples": examples}


def fragment(text: str, terms: frozenset[str]) -> str:
    """A dozen words around the first word whose term is one of ``terms``, marked **so**."""
    from vestnik.language.analysis import analyze_text

    tokens = [t for t in analyze_text(text) if t.term in terms]
    if not tokens:
        return ""
    first = tokens[0]
    start = text.rfind(" ", 0, max(0, first.start - 60)) + 1
    stop = text.find(" ", min(len(text), first.stop + 60))
    stop = len(text) if stop < 0 else stop
    pieces, cursor = [], start
    for token in tokens:
        if token.start < start or token.stop > stop:
            continue
        pieces.append(text[cursor : token.start] + "**" + token.text + "**")
        cursor = token.stop
    pieces.append(text[cursor:stop])
    return ("… " if start > 0 else "") + "".join(pieces) + (" …" if stop < len(text) else "")


# --- the parent --------------------------------------------------------------------------


def pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(statement)


def run_worker(
    backend: str, size: int, tmp: Path, docs: Path, queries: Path, pg_url: str, keep: bool
) -> dict[str, Any]:
    var_dir = tmp / f"{backend}-{size}"
    var_dir.mkdir()
    out_path = var_dir / "result.json"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="vestnik.settings.production",
        VESTNIK_VAR_DIR=str(var_dir),
        SECRET_KEY="bench",
        DEBUG="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    database = None
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    else:
        database = f"vestnik_bench_{os.getpid()}_{size}"
        pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        pg_admin(pg_url, f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{pg_url}/{database}"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--backend",
        backend,
        "--size",
        str(size),
        "--docs",
        str(docs),
        "--queries-file",
        str(queries),
        "--out",
        str(out_path),
    ]
    try:
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        result: dict[str, Any] = json.loads(out_path.read_text(encoding="utf-8"))
        return result
    finally:
        if database and keep:
            log(f"kept database {database}")
        elif database:
            try:
                pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - report, do not mask the real failure
                log(f"could not drop database {database}: {error}")
        if not keep:
            shutil.rmtree(var_dir, ignore_errors=True)


def machine() -> dict[str, str]:
    info = {"cpus": str(len(os.sched_getaffinity(0))), "cpu": platform.processor() or "?"}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    info["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    info["python"] = platform.python_version()
    info["sqlite"] = sqlite3.sqlite_version
    return info


def ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "–"


def mib(value: int | None) -> str:
    return f"{value / 1024 / 1024:.0f} MiB" if value else "–"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def latency_stats(times: list[list[float]]) -> dict[str, Any]:
    flat = [t for per_query in times for t in per_query]
    passes = [[per_query[p] for per_query in times] for p in range(PASSES)]
    return {
        "p50": percentile(flat, 50),
        "p95": percentile(flat, 95),
        "max": max(flat),
        "pass_p95": [percentile(p, 95) for p in passes],
    }


def report(
    args: argparse.Namespace,
    archive: Archive,
    queries: list[dict[str, Any]],
    results: dict[tuple[str, int], dict[str, Any]],
    build_seconds: float,
    total_seconds: float,
) -> tuple[str, str]:
    """The report as Markdown (also printed) and a one-paragraph reading of it."""
    info = machine()
    pg = next((r for (b, _), r in results.items() if b == "postgresql"), None)
    pg_version = pg["versions"] if pg else {}
    lines: list[str] = []
    add = lines.append
    command = "python bench/search.py " + shlex.join(sys.argv[1:])
    add(
        "_Written by `bench/search.py --write`; edits between the markers are overwritten._ "
        "Vestnik's search on SQLite and PostgreSQL, and PostgreSQL's built-in `russian` text "
        "search configuration on the same rows as the baseline."
    )
    add("")
    add(
        f"- **Run:** {datetime.now(MOSCOW):%Y-%m-%d %H:%M} MSK, `{command}`, "
        f"{total_seconds / 60:.1f} min in all"
    )
    add(
        f"- **Machine:** {info['cpus']} CPUs ({info['cpu']}), {info.get('ram', '?')} RAM, "
        f"Python {info['python']}, SQLite {info['sqlite']}"
        + (
            f", PostgreSQL {pg_version.get('server_version')} (shared_buffers "
            f"{pg_version.get('shared_buffers')}, work_mem {pg_version.get('work_mem')}, "
            f"jit {pg_version.get('jit')}; default settings, same machine)"
            if pg
            else ""
        )
        + f". The machine is shared and has {info['cpus']} cores, with the databases on it "
        f"too (load average {info['load']} when the run ended): single timings are noisy, so "
        "read medians and ratios rather than single numbers."
    )
    words_per_doc = archive.analysed_words / max(1, archive.analysed_posts)
    add(
        f"- **Data:** N = {', '.join(f'{n:,}' for n in args.sizes)} articles built from "
        f"{ATTRIBUTION}. {archive.analysed_posts:,} posts kept (≈{words_per_doc:.0f} words "
        "each); articles past that are recombined from their already analysed sentences. "
        "Dates 2023-08 … 2024-12 (Moscow), 24 outlets (one per channel), facets "
        "`o<outlet> r<okrug> r<district> t<tag>` (12 synthetic okrugs, 10 districts each, the "
        "post's category as tag). `extra_terms` is left empty so both sides index the same text."
    )
    add("")

    # Queries
    by_kind = Counter(q["kind"] for q in queries)
    by_filter = Counter(q["filter"] for q in queries)
    changed = [c for q in queries for c in q["changed"]]
    unchanged = sum(q["unchanged"] for q in queries)
    same_term = sum(1 for c in changed if c[2])
    add(
        f"**Queries:** {len(queries)} (seed {args.seed}), drawn from the first "
        f"{args.pool:,} articles: "
        + ", ".join(
            f"{by_kind[k]} {label}"
            for k, label in (
                ("word", "single words"),
                ("words", "of 2–4 words"),
                ("phrase", "with a quoted phrase of 2–3 words"),
                ("exclusion", "with a `-exclusion`"),
            )
        )
        + "; "
        + ", ".join(
            f"{by_filter[k]} filtered by {k}" for k in ("outlet", "region", "date", "outlet+date")
        )
        + f", {by_filter['none']} unfiltered. Of the {len(changed) + unchanged} query words "
        f"taken from an article (phrases excepted), {len(changed)} were put into another "
        f"grammatical form with pymorphy3 (the rest have none), and Vestnik's analysis maps "
        f"{same_term} of those {len(changed)} to the same term as the article's form. Examples: "
        + "; ".join(f"`{describe(q)}`" for q in examples_of(queries))
        + "."
    )
    add("")

    # Indexing
    add(
        "**Indexing.** Analysis runs once, in the parent, with a cold lemma cache "
        f"(sentence splitting included, dictionary load of {archive.load_seconds:.1f} s not): "
        f"{archive.analysed_posts:,} posts, {archive.analysed_words:,} words in "
        f"{archive.analysis_seconds:.1f} s = "
        f"**{rate(archive.analysed_posts, archive.analysis_seconds)} docs/s, "
        f"{rate(archive.analysed_words, archive.analysis_seconds)} words/s** "
        f"({archive.lemma_cache.currsize:,} distinct words cached); building the "
        f"{max(args.sizes):,} documents from the analysed sentences took {build_seconds:.1f} s. "
        "Insert = `bulk_create` in batches of 1,000, one transaction each, including building "
        "the model objects; on SQLite the triggers fill FTS5, on PostgreSQL the generated "
        "`vector`/`facets` columns and both GIN indexes are maintained on the way. Then FTS5 "
        "`optimize` / `VACUUM ANALYZE` (run outside a transaction), as a rebuild would. "
        '"Server-side" repeats the insert as one `INSERT … SELECT` from the table itself, '
        "rolled back: the index cost without Python and the ORM. The baseline table is filled "
        "the same server-side way (`to_tsvector('russian')` generated column + GIN)."
    )
    add("")
    rows = []
    for (backend, size), r in sorted(results.items(), key=lambda x: (x[0][1], x[0][0])):
        rows.append(
            [
                f"{size:,}",
                "SQLite" if backend == "sqlite" else "PostgreSQL",
                rate(size, r["insert_s"]),
                f"{r['maintenance_s']:.1f} s",
                rate(size, r["reinsert_s"]),
                mib(r["sizes"].get("file") or r["sizes"].get("total")),
                rate(size, r["baseline_insert_s"]) if "baseline_insert_s" in r else "–",
                f"{r['baseline_maintenance_s']:.1f} s" if "baseline_maintenance_s" in r else "–",
                mib(r["sizes"].get("baseline_total")),
            ]
        )
    add(
        table(
            [
                "N",
                "backend",
                "insert docs/s",
                "optimize/VACUUM",
                "server-side docs/s",
                "size",
                "baseline docs/s",
                "baseline VACUUM",
                "baseline size",
            ],
            rows,
        )
    )
    add("")
    add(
        "Size is the SQLite file after a WAL checkpoint, or `pg_total_relation_size` of "
        "search_searchdocument (heap, TOAST, GIN and B-tree indexes)."
    )
    add("")

    # Latency
    add(
        f"**Query latency** (ms), per query `get_search_backend().search(parse_query(text), "
        f"filters, limit=10)` timed with `perf_counter` (parsing, the count and the top-10 "
        f"statement); one warm-up pass, then {PASSES} measured passes over all "
        f"{len(queries)} queries; p50/p95 over all {PASSES * len(queries)} timings. The "
        "baseline runs the same two statements (count(*) and top 10 by `ts_rank_cd`) with "
        "`websearch_to_tsquery('russian', text)` and the same filters, in the same worker: "
        "each query runs on both back to back, so load on the machine hits both alike. "
        "Vestnik counts up to 1,001 matches and, on PostgreSQL, ranks the newest 1,000 "
        "matches of a broader query (`MATCH_LIMIT` in `search/backends/base.py`); the "
        "baseline counts and ranks every match, as a plain `ts_rank_cd` search does."
    )
    add("")
    rows = []
    stats: dict[tuple[str, int], dict[str, Any]] = {}
    for (backend, size), r in sorted(results.items(), key=lambda x: (x[0][1], x[0][0])):
        entries = [("Vestnik " + ("SQLite" if backend == "sqlite" else "PostgreSQL"), "vestnik")]
        if "baseline" in r:
            entries.append(("baseline PostgreSQL `russian`", "baseline"))
        for label, key in entries:
            s = latency_stats(r[key]["times"])
            stats[(key if key == "baseline" else backend, size)] = s
            target = ""
            if key == "vestnik":
                target = "yes" if s["p95"] <= TARGET_P95_MS else "**no**"
            rows.append(
                [
                    f"{size:,}",
                    label,
                    ms(s["p50"]),
                    ms(s["p95"]),
                    " / ".join(ms(p) for p in s["pass_p95"]),
                    ms(s["max"]),
                    target,
                ]
            )
    add(table(["N", "engine", "p50", "p95", "p95 per pass", "max", "p95 ≤ 50"], rows))
    add("")
    slow_notes = []
    for (backend, size), r in sorted(results.items(), key=lambda x: (x[0][1], x[0][0])):
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        for label, key in (("Vestnik " + name, "vestnik"), ("the baseline", "baseline")):
            if key not in r:
                continue
            slow = [i for i, t in enumerate(r[key]["times"]) if median(t) > TARGET_P95_MS]
            if slow:
                hits = sorted(r[key]["totals"][i] for i in slow)
                span = f"{hits[0]:,}" if len(hits) == 1 else f"{hits[0]:,}–{hits[-1]:,}"
                slow_notes.append(
                    f"{label} at N = {size:,}: {len(slow)} (matching {span} articles)"
                )
    add(
        "Queries with a median over 50 ms: "
        + ("; ".join(slow_notes) if slow_notes else "none")
        + "."
    )
    add("")
    biggest = results.get(("postgresql", max(args.sizes)))
    if biggest:
        size = max(args.sizes)
        negated = [
            i
            for i, (v, b) in enumerate(
                zip(biggest["vestnik"]["totals"], biggest["baseline"]["totals"], strict=True)
            )
            if b > 0.9 * size and v < 0.5 * size
        ]
        if negated:
            add(
                f"{len(negated)} baseline "
                + ("query matches" if len(negated) == 1 else "queries match")
                + f" almost every article at N = {size:,} ("
                + ", ".join(
                    f"`{queries[i]['text']}` → {biggest['baseline']['totals'][i]:,}"
                    for i in negated[:3]
                )
                + "): `websearch_to_tsquery` drops the `russian` stop words and leaves only the "
                "negation, which matches every article without the excluded word."
            )
            add("")

    # Cross-check of totals
    dated_differ = phrase_differ = False
    for size in args.sizes:
        a, b = results.get(("sqlite", size)), results.get(("postgresql", size))
        if a and b:
            pairs = list(zip(a["vestnik"]["totals"], b["vestnik"]["totals"], strict=True))
            differ = [i for i, (x, y) in enumerate(pairs) if x != y]
            dated_differ |= any(queries[i]["date_from"] for i in differ)
            phrase_differ |= any(queries[i]["kind"] == "phrase" for i in differ)
            shown = "; ".join(
                f"`{describe(queries[i])}` {pairs[i][0]:,} vs {pairs[i][1]:,}" for i in differ[:5]
            )
            empty = sum(1 for x in b["vestnik"]["totals"] if x == 0)
            add(
                f"- At N = {size:,}, SQLite and PostgreSQL report the same total for "
                f"{len(pairs) - len(differ)} of {len(queries)} queries"
                + (f" (differing, SQLite vs PostgreSQL: {shown})" if differ else "")
                + f"; {empty} queries find nothing on PostgreSQL."
            )
    add("")
    if dated_differ:
        add(
            "Date-filtered queries can differ because the SQLite backend passes the aware "
            "filter datetimes to raw SQL, where sqlite3 renders them in Moscow time with an "
            "offset («2024-10-01 00:00:00+03:00»), while Django stores `published_at` as UTC "
            "text («2024-09-30 21:00:00»): the comparison is textual, so both range ends are "
            "3 hours late on SQLite."
        )
        add("")
    if phrase_differ:
        add(
            "A phrase can differ because PostgreSQL concatenates the headline, lead and body "
            "vectors into one, so a phrase matches across the end of the headline and the start "
            "of the lead; an FTS5 phrase stays inside one column."
        )
    add("")

    # Worst queries
    add("**Slowest queries** (median of the 3 passes; parse / count / top-10 split re-measured):")
    add("")
    rows = []
    for (backend, size), r in sorted(results.items(), key=lambda x: (-x[0][1], x[0][0])):
        if size != max(args.sizes):
            continue
        for item in r["worst"]:
            q = queries[item["index"]]
            rows.append(
                [
                    f"{size:,}",
                    "SQLite" if backend == "sqlite" else "PostgreSQL",
                    f"`{describe(q)}`",
                    f"{r['vestnik']['totals'][item['index']]:,}",
                    ms(item["median_ms"]),
                    f"{ms(item['parse_ms'])} / {ms(item['count_ms'])} / {ms(item['page_ms'])}",
                ]
            )
    add(table(["N", "backend", "query", "hits", "ms", "parse / count / top 10"], rows))
    add("")

    # Recall
    add(
        "**Recall against the baseline** (PostgreSQL worker, every query without an exclusion, "
        "all matching ids on both sides): recall = |V ∩ B| / |B| averaged over queries where "
        "the baseline finds something; extra = |V \\ B| / |V| averaged over queries where "
        "Vestnik finds something; micro = the same over the summed counts."
    )
    add("")
    rows = []
    recall_summary: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        r = results.get(("postgresql", size))
        if not r:
            continue
        per = r["recall"]["per_query"]
        with_base = [p for p in per if p["base"]]
        with_v = [p for p in per if p["vestnik"]]
        rec = sum(p["both"] / p["base"] for p in with_base) / max(1, len(with_base))
        extra = sum((p["vestnik"] - p["both"]) / p["vestnik"] for p in with_v) / max(1, len(with_v))
        micro_rec = sum(p["both"] for p in per) / max(1, sum(p["base"] for p in per))
        micro_extra = 1 - sum(p["both"] for p in per) / max(1, sum(p["vestnik"] for p in per))
        full = sum(1 for p in with_base if p["both"] == p["base"])
        v_only = sum(1 for p in per if p["vestnik"] and not p["base"])
        b_only = sum(1 for p in per if p["base"] and not p["vestnik"])
        recall_summary[size] = {"recall": rec, "extra": extra, "micro": micro_rec}
        rows.append(
            [
                f"{size:,}",
                str(len(per)),
                f"{rec:.1%}",
                f"{micro_rec:.1%}",
                f"{extra:.1%}",
                f"{micro_extra:.1%}",
                f"{full}/{len(with_base)}",
                str(b_only),
                str(v_only),
            ]
        )
    add(
        table(
            [
                "N",
                "queries",
                "recall",
                "recall (micro)",
                "extra",
                "extra (micro)",
                "all of B found",
                "only B finds any",
                "only V finds any",
            ],
            rows,
        )
    )
    add("")
    biggest = results.get(("postgresql", max(args.sizes)))
    if biggest:
        per = biggest["recall"]["per_query"]
        parts = []
        for kind, label in (
            ("word", "single words"),
            ("words", "2–4 words"),
            ("phrase", "phrases"),
        ):
            mine = [p for p in per if queries[p["index"]]["kind"] == kind]
            with_base = [p for p in mine if p["base"]]
            with_v = [p for p in mine if p["vestnik"]]
            if with_base and with_v:
                parts.append(
                    f"{label} ({len(mine)}) recall "
                    f"{sum(p['both'] / p['base'] for p in with_base) / len(with_base):.0%}, extra "
                    f"{sum(1 - p['both'] / p['vestnik'] for p in with_v) / len(with_v):.0%}"
                )
        guillemets = sum(
            1
            for p in per
            if queries[p["index"]]["kind"] == "phrase" and "«" in queries[p["index"]]["text"]
        )
        add(
            f"By kind at N = {max(args.sizes):,}: " + "; ".join(parts) + ". "
            '`websearch_to_tsquery` takes only ASCII "…" as phrase quotes, so for the '
            f"{guillemets} phrase queries typed with «…» the baseline searches the words with AND "
            "(the raw text is passed to both sides unchanged)."
        )
        add("")
        stop_only = [p for p in per if not p["base_query"]]
        add(
            f"{len(stop_only)} of these {len(per)} queries "
            f"{'consists' if len(stop_only) == 1 else 'consist'} only of words on the "
            "`russian` configuration's stop list (e.g. "
            + ", ".join(f"«{queries[p['index']]['text']}»" for p in stop_only[:4])
            + "), so the baseline finds nothing for them while Vestnik, whose stop list is "
            'shorter, does; they count towards "only V finds any" and are left out of the '
            "examples below."
            if stop_only
            else "No query consists only of `russian` stop words."
        )
        add("")
    if biggest and biggest["recall"]["examples"]:
        add(
            f"Where they differ most (N = {max(args.sizes):,}; V = Vestnik, B = baseline; "
            "matched words in **bold**; one example article from each side):"
        )
        add("")
        for example in biggest["recall"]["examples"]:
            q = queries[example["index"]]
            add(
                f"- {'V finds more' if example['direction'] == 'more' else 'B finds more'}: "
                f"`{describe(q)}` — Vestnik terms {', '.join(example['vestnik_terms'])} → "
                f"{example['vestnik']:,} hits; baseline `{example['base_query']}` → "
                f"{example['base']:,}; both {example['both']:,}."
            )
            if "base_only" in example:
                headline, snippet = example["base_only"]
                add(f"  - only B: «{headline}» — {snippet}")
            if "vestnik_only" in example:
                headline, snippet = example["vestnik_only"]
                add(f"  - only V: «{headline}» — {snippet}")
        add("")

    reading = interpretation(args, stats, recall_summary, results, archive)
    add(reading)
    add("")

    # Plans
    if biggest:
        index = biggest["explain"]["index"]
        add(
            f"<details><summary>EXPLAIN (ANALYZE, BUFFERS) of the slowest Vestnik query on "
            f"PostgreSQL at N = {max(args.sizes):,}: <code>{describe(queries[index])}</code>"
            "</summary>"
        )
        add("")
        for plan in biggest["explain"]["plans"]:
            add("```")
            add(plan)
            add("```")
        index = biggest["baseline_explain"]["index"]
        add(f"Slowest baseline query: `{describe(queries[index])}` (count statement)")
        add("```")
        add(biggest["baseline_explain"]["plans"][0])
        add("```")
        add("</details>")
        add("")
    lite = results.get(("sqlite", max(args.sizes)))
    if lite:
        index = lite["explain"]["index"]
        add(
            f"<details><summary>EXPLAIN QUERY PLAN of the slowest query on SQLite at "
            f"N = {max(args.sizes):,}: <code>{describe(queries[index])}</code></summary>"
        )
        add("")
        for plan in lite["explain"]["plans"]:
            add("```")
            add(plan)
            add("```")
        add("</details>")
    return "\n".join(lines).rstrip() + "\n", reading


def describe(query: dict[str, Any]) -> str:
    parts = [query["text"]]
    if query["facets"]:
        parts.append("[" + " ".join(query["facets"]) + "]")
    if query["date_from"]:
        parts.append(f"[{query['date_from'][:10]} … {query['date_to'][:10]})")
    return " ".join(parts)


def examples_of(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One query of each kind and one filtered query."""
    picks = [
        next((q for q in queries if q["kind"] == kind and q["filter"] == "none"), None)
        for kind in ("word", "words", "phrase", "exclusion")
    ]
    picks.append(next((q for q in queries if q["filter"] != "none"), None))
    return [q for q in picks if q is not None]


def interpretation(
    args: argparse.Namespace,
    stats: dict[tuple[str, int], dict[str, Any]],
    recall_summary: dict[int, dict[str, float]],
    results: dict[tuple[str, int], dict[str, Any]],
    archive: Archive,
) -> str:
    size = max(args.sizes)
    sentences = []
    lite, pg, base = (
        stats.get(("sqlite", size)),
        stats.get(("postgresql", size)),
        stats.get(("baseline", size)),
    )
    if lite and pg:
        met = [
            name for name, s in (("SQLite", lite), ("PostgreSQL", pg)) if s["p95"] <= TARGET_P95_MS
        ]
        missed = [
            name for name, s in (("SQLite", lite), ("PostgreSQL", pg)) if s["p95"] > TARGET_P95_MS
        ]
        verdict = (
            "the target p95 ≤ 50 ms holds on both"
            if not missed
            else "the target p95 ≤ 50 ms is missed on "
            + " and ".join(missed)
            + (" (met on " + " and ".join(met) + ")" if met else "")
        )
        sentences.append(
            f"At {size:,} articles Vestnik answers in a median of {ms(lite['p50'])} ms on SQLite "
            f"and {ms(pg['p50'])} ms on PostgreSQL, p95 {ms(lite['p95'])} and {ms(pg['p95'])} ms: "
            f"{verdict}."
        )
    if pg and base:
        r = results[("postgresql", size)]
        ratios = [
            median(v) / median(b)
            for v, b in zip(r["vestnik"]["times"], r["baseline"]["times"], strict=True)
        ]
        sentences.append(
            f"PostgreSQL's own `russian` configuration on the same rows takes {ms(base['p50'])} "
            f"ms at the median and {ms(base['p95'])} ms at p95, so Vestnik on PostgreSQL costs "
            f"{pg['p50'] / base['p50']:.1f}× the baseline at the median and "
            f"{pg['p95'] / base['p95']:.1f}× at p95; query by query (median of the passes) it "
            f"takes {median(ratios):.2f}× the baseline's time at the median, "
            f"{percentile(ratios, 25):.2f}–{percentile(ratios, 75):.2f}× for the middle half "
            "(Vestnik's time includes parsing the query in Python, which the baseline leaves "
            "to the server)."
        )
    smaller = [n for n in args.sizes if n != size]
    if smaller and lite and pg and stats.get(("sqlite", smaller[0])):
        n0 = smaller[0]
        l0, p0 = stats[("sqlite", n0)], stats[("postgresql", n0)]
        r = results[("postgresql", size)]
        worst_hits = median(r["vestnik"]["totals"][w["index"]] for w in r["worst"])
        all_hits = median(r["vestnik"]["totals"])
        sentences.append(
            f"From {n0:,} to {size:,} articles ({size / n0:.0f}× the data) p95 grows "
            f"{lite['p95'] / l0['p95']:.1f}× on SQLite and {pg['p95'] / p0['p95']:.1f}× on "
            f"PostgreSQL; the five slowest queries on PostgreSQL match a median of "
            f"{worst_hits:,.0f} articles (counting stops at 1,001) against {all_hits:,.0f} "
            "for all queries, so the time goes into counting up to that cap and ranking the "
            "newest 1,000 matches (see the plan below)."
        )
    if size in recall_summary:
        r = recall_summary[size]
        sentences.append(
            f"Vestnik finds {r['recall']:.0%} of what the baseline finds (averaged per query; "
            f"{r['micro']:.0%} of all baseline hits), and {r['extra']:.0%} of its own hits per "
            "query are ones the baseline misses; the examples above show where lemmas and "
            "Snowball stems part ways."
        )
    if ("sqlite", size) in results and ("postgresql", size) in results:
        lite_rate = size / results[("sqlite", size)]["insert_s"]
        pg_rate = size / results[("postgresql", size)]["insert_s"]
        analysis_rate = archive.analysed_posts / archive.analysis_seconds
        sentences.append(
            f"Indexing is bounded by the analysis ({analysis_rate:,.0f} docs/s with a cold "
            f"cache) rather than by the databases ({lite_rate:,.0f} docs/s into SQLite, "
            f"{pg_rate:,.0f} docs/s into PostgreSQL)."
            if analysis_rate < min(lite_rate, pg_rate)
            else f"Inserting runs at {lite_rate:,.0f} docs/s into SQLite and {pg_rate:,.0f} "
            f"docs/s into PostgreSQL, against {analysis_rate:,.0f} docs/s for the analysis."
        )
    sentences.append(
        f"All of this ran on a shared {len(os.sched_getaffinity(0))}-core machine with the "
        "databases beside the benchmark, "
        "so single numbers move by tens of percent between runs (see the per-pass p95); the "
        "medians and the ratios are the figures to rely on."
    )
    return "**Reading.** " + " ".join(sentences)


def write_docs(
    section: str, start_mark: str = START_MARK, end_mark: str = END_MARK, heading: str = "Search"
) -> None:
    """Replace the marked section of docs/benchmarks.md, or append it under ``heading``."""
    block = f"{start_mark}\n{section}{end_mark}\n"
    if DOCS_FILE.exists():
        text = DOCS_FILE.read_text(encoding="utf-8")
    else:
        text = (
            "# Benchmarks\n\n"
            "Measurements of Vestnik on real data, produced by the scripts in `bench/` (see "
            "`bench/README.md` for how to run them). Each section is rewritten by its script "
            "with `--write`; the figures are from the machine named in the section.\n\n"
        )
    if start_mark in text and end_mark in text:
        head, rest = text.split(start_mark, 1)
        _, tail = rest.split(end_mark, 1)
        text = head + block + tail.lstrip("\n")
        if tail.strip():
            text = head + block + "\n" + tail.lstrip("\n")
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n" + block
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DOCS_FILE.write_text(text, encoding="utf-8")


def parent(args: argparse.Namespace) -> None:
    if not args.data.is_file():
        raise SystemExit(
            f"The data file {args.data} is missing. It is telegram_news_posts.jsonl.gz from the "
            "telegram-news-classifier project (NKTKLN, CC BY 4.0); put it there or pass --data."
        )
    args.sizes = sorted(set(args.sizes))
    if "postgresql" in args.backends:
        try:
            pg_admin(args.pg_url, "SELECT 1")
        except Exception as error:  # noqa: BLE001
            raise SystemExit(
                f"PostgreSQL at {args.pg_url} is not reachable ({error}); start it or run with "
                "--backends sqlite"
            ) from error
    started = time.perf_counter()
    raw = read_posts(args.data)
    log(f"read {len(raw):,} posts; analysing (cold cache)")
    archive = Archive(raw, args.seed, needed=max(args.sizes))
    log(
        f"analysed {archive.analysed_posts:,} posts, {archive.analysed_words:,} words in "
        f"{archive.analysis_seconds:.1f} s"
    )
    tmp = Path(tempfile.mkdtemp(prefix="vestnik-bench-"))
    try:
        docs_path = tmp / "documents.pickle"
        build_started = time.perf_counter()
        dump_documents(archive, max(args.sizes), docs_path)
        build_seconds = time.perf_counter() - build_started
        log(f"built {max(args.sizes):,} documents in {build_seconds:.1f} s")
        args.pool = min(2000, min(args.sizes), archive.analysed_posts)
        queries = make_queries(archive, args.queries, args.seed, args.pool)
        queries_path = tmp / "queries.json"
        queries_path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        examples = " | ".join(describe(q) for q in examples_of(queries))
        log(f"{len(queries)} queries; e.g. {examples}")

        results: dict[tuple[str, int], dict[str, Any]] = {}
        for size in args.sizes:
            for backend in args.backends:
                log(f"--- {backend}, N = {size:,}")
                results[(backend, size)] = run_worker(
                    backend, size, tmp, docs_path, queries_path, args.pg_url, args.keep
                )
        section, _ = report(
            args, archive, queries, results, build_seconds, time.perf_counter() - started
        )
        out(section)
        if args.write:
            write_docs(section)
            log(f"wrote {DOCS_FILE.relative_to(ROOT)}")
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=240, help="at least 200")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and databases"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if args.queries < 200:
        parser.error("--queries must be at least 200")

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    parent(args)


if __name__ == "__main__":
    main()
