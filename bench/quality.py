"""Editorial intelligence: how right the enrichment cores are, and how fast.

    .venv/bin/python bench/quality.py [--sizes 10000 100000] [--backends sqlite postgresql]
                                      [--write]
    .venv/bin/python bench/quality.py --quick        # evaluation only, small samples, ~1 min

Evaluation (precision, recall and F1 per component):

- geo-tagging: ``src/vestnik/enrichment/data/geo_cases.tsv``, the sentences the tagger was
  written against (the tests pin every one), and ``bench/data/geo_heldout.tsv``, sentences
  written later for this harness and never tuned for; regions compared as sets per sentence;
- entities: ``bench/data/entity_cases.tsv``, (kind, normal form) compared as sets;
- duplicates: real posts edited by program (sentences reordered, words swapped or dropped,
  lines added, the text cut short) against their source, reposts of one text by two
  channels, and pairs of posts on the same story written separately
  (``bench/data/related_clusters.tsv``);
- «Читайте также»: the same story clusters; precision@5 and recall of the related scorer
  over a pool of real posts, and of the full code path (``vestnik.newsroom.related``) in the
  benchmark databases.

Benchmark: enrichment throughput (articles per CPU second, with and without NER) and the
worker's memory in a subprocess; time to recompute one article's «Читайте также»
(``store_related``) on archives of N articles built as ``bench/search.py`` builds them, on
SQLite and PostgreSQL (database ``vestnik_bench_quality``, dropped afterwards).

Data: ../shared/data/telegram_news_posts.jsonl.gz (22,099 Russian Telegram news posts from
the dataset of the telegram-news-classifier project by NKTKLN, CC BY 4.0). Results are
printed; with ``--write`` they replace the section between ``<!-- quality:start -->`` and
``<!-- quality:end -->`` of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from search import (  # bench/search.py: the archive and the report helpers are shared
    ATTRIBUTION,
    DEFAULT_DATA,
    FIELDS,
    ROOT,
    Archive,
    dump_documents,
    insert_documents,
    log,
    machine,
    ms,
    out,
    percentile,
    pg_admin,
    read_posts,
    segment,
    table,
    write_docs,
)

DATA_DIR = ROOT / "bench" / "data"
GEO_DEV = ROOT / "src" / "vestnik" / "enrichment" / "data" / "geo_cases.tsv"
GEO_HELDOUT = DATA_DIR / "geo_heldout.tsv"
ENTITY_CASES = DATA_DIR / "entity_cases.tsv"
RELATED_CLUSTERS = DATA_DIR / "related_clusters.tsv"
START_MARK = "<!-- quality:start -->"
END_MARK = "<!-- quality:end -->"
RECOMPUTE_START = "<!-- quality-recompute:start -->"  # inside the quality section
RECOMPUTE_END = "<!-- quality-recompute:end -->"
PG_DATABASE = "vestnik_bench_quality"
BEFORE = " (before: the baseline's code)"
BRACKET = re.compile(r"\[([^\]]*)\]")
TARGET_RATE = 20.0  # articles per second per core
TARGET_RELATED_MS = 50.0  # p95 of one recompute at 100k articles
RELATED_LIMIT = 5
# Reposts and rewrites are told apart by how much of the word sequence two posts share
# (difflib's ratio on words, no lemmas, no shingles: independent of the detector).
REPOST_RATIO = 0.8
REWRITE_RATIO = 0.35


# --- scores ----------------------------------------------------------------------------


@dataclass
class Scores:
    """Counts of one comparison of found against expected items, and what they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set[Any], found: set[Any]) -> None:
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def score_row(name: str, scores: Scores, extra: Sequence[str] = ()) -> list[str]:
    return [
        name,
        str(scores.tp),
        str(scores.fp),
        str(scores.fn),
        pct(scores.precision),
        pct(scores.recall),
        pct(scores.f1),
        *extra,
    ]


SCORE_HEADER = ["", "TP", "FP", "FN", "precision", "recall", "F1"]


# --- geo-tagging -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    group: str
    text: str
    expected: frozenset[str]


def read_table(path: Path) -> list[dict[str, str]]:
    source = io.StringIO(path.read_text(encoding="utf-8"))
    return list(csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_geo_cases(path: Path) -> list[Case]:
    """Rows of a geo table: phenomenon, sentence with [marked] mentions, expected regions."""
    return [
        Case(
            row["phenomenon"],
            BRACKET.sub(r"\1", row["sentence"]),
            frozenset(name.strip() for name in row["expected"].split(",") if name.strip()),
        )
        for row in read_table(path)
    ]


@dataclass
class Evaluation:
    """Overall and per-group scores, and the cases that went wrong, for the report."""

    overall: Scores = field(default_factory=Scores)
    groups: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    traps: int = 0
    traps_passed: int = 0
    errors: list[str] = field(default_factory=list)
    pairs: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejected: int = 0  # duplicates the LSH proposed and the exact check turned down


def evaluate_cases(cases: Iterable[Case], find: Callable[[str], set[str]]) -> Evaluation:
    """Compare ``find(text)`` with each case's expected set; a case expecting nothing is a
    trap, passed when nothing is found."""
    result = Evaluation()
    for case in cases:
        found = find(case.text)
        result.overall.add(set(case.expected), found)
        result.groups[case.group].add(set(case.expected), found)
        if not case.expected:
            result.traps += 1
            result.traps_passed += not found
        if found != case.expected:
            missing = ", ".join(sorted(case.expected - found)) or "–"
            extra = ", ".join(sorted(found - case.expected)) or "–"
            result.errors.append(f"{case.text} — missed: {missing}; extra: {extra}")
    return result


def find_regions(text: str) -> set[str]:
    from vestnik.enrichment.districts import tag_districts

    return {match.region for match in tag_districts(text)}


def evaluate_geo(path: Path) -> Evaluation:
    return evaluate_cases(read_geo_cases(path), find_regions)


# --- entities --------------------------------------------------------------------------


def read_entity_cases(path: Path) -> list[Case]:
    """Rows: phenomenon, text, expected entities as ``kind:Name; kind:Name``."""
    return [
        Case(
            row["phenomenon"],
            row["text"],
            frozenset(item.strip() for item in row["expected"].split(";") if item.strip()),
        )
        for row in read_table(path)
    ]


def evaluate_entities(path: Path, models: Any) -> Evaluation:
    from vestnik.enrichment.entities import extract_entities

    def find(text: str) -> set[str]:
        return {f"{e.kind}:{e.name}" for e in extract_entities(text, models=models)}

    result = evaluate_cases(read_entity_cases(path), find)
    # Per kind too: a person's name and an organisation's quotes fail differently.
    for case in read_entity_cases(path):
        found = find(case.text)
        for kind in ("person", "organisation", "place"):
            result.groups[f"kind: {kind}"].add(
                {e for e in case.expected if e.startswith(kind)},
                {e for e in found if e.startswith(kind)},
            )
    return result


# --- posts, stories --------------------------------------------------------------------


def article_text(post: dict[str, Any]) -> tuple[str, str]:
    """(headline, body) of a post, cut as bench/search.py cuts it."""
    sentences = segment(post["text"])
    return (sentences[0] if sentences else ""), " ".join(sentences[1:])


def read_stories(path: Path = RELATED_CLUSTERS) -> dict[tuple[str, int], str]:
    """(channel, message_id) → story name, from the hand-picked clusters."""
    return {(row["channel"], int(row["message_id"])): row["story"] for row in read_table(path)}


# --- duplicates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    kind: str
    incoming: str
    earlier: str
    duplicate: bool


def _sentences(post: dict[str, Any]) -> list[str]:
    return segment(post["text"])


def _edit_words(sentences: list[str], rng: random.Random, edits: int) -> list[str]:
    """Swap two neighbouring words or drop one, ``edits`` times, in random sentences."""
    result = list(sentences)
    for _ in range(edits):
        index = rng.randrange(len(result))
        words = result[index].split()
        if len(words) < 3:
            continue
        at = rng.randrange(len(words) - 1)
        if rng.random() < 0.5:
            words[at], words[at + 1] = words[at + 1], words[at]
        else:
            del words[at]
        result[index] = " ".join(words)
    return result


def _swap_two(sentences: list[str], rng: random.Random) -> list[str]:
    """Two sentences after the first change places."""
    result = list(sentences)
    if len(result) > 2:
        i, j = rng.sample(range(1, len(result)), 2)
        result[i], result[j] = result[j], result[i]
    return result


EDITS: dict[str, Callable[[list[str], list[str], random.Random], list[str]]] = {
    "reordered": lambda s, other, rng: _swap_two(s, rng),
    # An editor's touch: a few words swapped or dropped.
    "words edited": lambda s, other, rng: _edit_words(s, rng, 3),
    # A new first line and a closing line from another post.
    "lines added": lambda s, other, rng: [other[0], *s, other[-1]],
    # Only the first two thirds kept.
    "shortened": lambda s, other, rng: s[: max(2, (2 * len(s) + 2) // 3)],
    # All of it at once.
    "all edits": lambda s, other, rng: [
        other[0],
        *_edit_words(_swap_two(s, rng), rng, 3),
        other[-1],
    ],
}


def duplicate_pairs(
    posts: Sequence[dict[str, Any]],
    stories: dict[tuple[str, int], str],
    sources: int,
    seed: int,
) -> list[Pair]:
    """Edited copies of ``sources`` random real posts (duplicates), reposts of one text by
    two channels (duplicates) and the same story written separately (not duplicates)."""
    rng = random.Random(seed)
    long_posts = [p for p in posts if len(" ".join(_sentences(p)).split()) >= 40]
    long_posts = [p for p in long_posts if len(_sentences(p)) >= 3]
    pairs: list[Pair] = []
    for post in rng.sample(long_posts, min(sources, len(long_posts))):
        sentences = _sentences(post)
        other = _sentences(rng.choice(long_posts))
        for kind, edit in EDITS.items():
            pairs.append(
                Pair(kind, " ".join(edit(sentences, other, rng)), " ".join(sentences), True)
            )
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for post in posts:
        story = stories.get((post["channel"], post["message_id"]))
        if story:
            by_story[story].append(post)
    for members in by_story.values():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                a, b = " ".join(_sentences(first)), " ".join(_sentences(second))
                ratio = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
                if ratio >= REPOST_RATIO:
                    pairs.append(Pair("repost (real)", a, b, True))
                elif ratio < REWRITE_RATIO:
                    pairs.append(Pair("same story, rewritten (real)", a, b, False))
    return pairs


def judged_duplicate(incoming: str, earlier: str) -> tuple[bool, bool]:
    """(LSH made them candidates, the exact check confirmed it), as the network would."""
    from vestnik.enrichment.duplicates import (
        band_keys,
        judge_duplicate,
        minhash_signature,
        shingle_terms,
    )
    from vestnik.language import analyze_terms

    a = shingle_terms(analyze_terms(incoming))
    b = shingle_terms(analyze_terms(earlier))
    candidate = bool(set(band_keys(minhash_signature(a))) & set(band_keys(minhash_signature(b))))
    return candidate, judge_duplicate(a, b).is_duplicate


def evaluate_duplicates(pairs: Sequence[Pair]) -> Evaluation:
    """A pair is found when LSH proposes it and the exact check confirms it."""
    result = Evaluation()
    for index, pair in enumerate(pairs):
        candidate, confirmed = judged_duplicate(pair.incoming, pair.earlier)
        found = {index} if candidate and confirmed else set()
        expected = {index} if pair.duplicate else set()
        result.overall.add(expected, found)
        result.groups[pair.kind].add(expected, found)
        result.pairs[pair.kind] += 1
        if pair.duplicate and candidate and not confirmed:
            result.rejected += 1
        if found != expected and len(result.errors) < 6:
            verdict = "missed" if pair.duplicate else "false alarm"
            result.errors.append(f"{pair.kind}, {verdict}: {pair.incoming[:90]}…")
    return result


# --- «Читайте также», the scorer over a pool -------------------------------------------


def profiles_of(archive: Archive, count: int) -> list[Any]:
    """Related-core profiles of the archive's first ``count`` articles (originals)."""
    from vestnik.enrichment.related import ArticleProfile, profile_terms

    profiles = []
    for i in range(count):
        row = dict(zip(FIELDS, archive.document(i), strict=True))
        facets = row["facet_terms"].split()
        profiles.append(
            ArticleProfile(
                article_id=row["article_id"],
                terms=profile_terms(
                    row["headline_terms"].split(),
                    row["lead_terms"].split(),
                    row["body_terms"].split(),
                ),
                tags=frozenset(int(f[1:]) for f in facets if f.startswith("t")),
                regions=frozenset(),  # the archive's regions are synthetic: left out
                neighbour_regions=frozenset(),
                outlet_id=row["outlet_id"],
                published_at=row["published_at"],
            )
        )
    return profiles


def story_targets(
    archive: Archive, count: int, stories: dict[tuple[str, int], str]
) -> dict[int, str]:
    """Article id → story of every clustered post among the archive's first ``count``."""
    return {
        i + 1: stories[post["source"]]
        for i, post in enumerate(archive.posts[:count])
        if post["source"] in stories
    }


@dataclass
class RankScores:
    """Precision@5 (share of the items shown that belong to the story) and recall (share
    of min(5, other members) found), averaged over targets."""

    targets: int = 0
    precision_sum: float = 0.0
    recall_sum: float = 0.0
    empty: int = 0

    def add(self, shown: Sequence[int], relevant: set[int]) -> None:
        if not relevant:
            return
        self.targets += 1
        hits = sum(1 for item in shown if item in relevant)
        if shown:
            self.precision_sum += hits / len(shown)
        else:
            self.empty += 1
        self.recall_sum += hits / min(RELATED_LIMIT, len(relevant))

    @property
    def precision(self) -> float:
        return self.precision_sum / self.targets if self.targets else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.targets if self.targets else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate_related(profiles: Sequence[Any], targets: dict[int, str]) -> RankScores:
    """The related core over the whole pool: every clustered article is a target, every
    other article a candidate, idf from the pool itself."""
    from vestnik.enrichment.related import RelatedWeights, idf_weights, score_related

    frequencies: dict[str, int] = defaultdict(int)
    for profile in profiles:
        for term in profile.terms:
            frequencies[term] += 1
    idf = idf_weights(frequencies, len(profiles))
    now = max(p.published_at for p in profiles) + timedelta(days=1)
    by_id = {p.article_id: p for p in profiles}
    members: dict[str, set[int]] = defaultdict(set)
    for article_id, story in targets.items():
        members[story].add(article_id)
    result = RankScores()
    for article_id, story in targets.items():
        shown = score_related(by_id[article_id], profiles, idf, RelatedWeights(), now=now)
        result.add([s.article_id for s in shown], members[story] - {article_id})
    return result


# --- throughput and memory (a subprocess) ----------------------------------------------


def rss_kib() -> dict[str, int]:
    status = Path("/proc/self/status").read_text().splitlines()
    return {
        line.split(":")[0]: int(line.split()[1])
        for line in status
        if line.startswith(("VmRSS", "VmHWM"))
    }


def enrich_without_ner(title: str, body: str) -> None:
    from vestnik.enrichment.districts import suggest_regions
    from vestnik.enrichment.duplicates import band_keys, minhash_signature, shingle_terms
    from vestnik.language import analyze_terms

    suggest_regions(body, title)
    band_keys(minhash_signature(shingle_terms(analyze_terms(f"{title} {body}"))))


def throughput(args: argparse.Namespace) -> None:
    """Runs in its own process: the cores on the sampled articles, without and with NER,
    timed by CPU seconds of this process (all its threads), and its memory."""
    from vestnik.enrichment.entities import extract_entities, load_ner_models

    articles = json.loads(Path(args.sample_file).read_text(encoding="utf-8"))
    warm, timed = articles[: args.warmup], articles[args.warmup :]
    result: dict[str, Any] = {"articles": len(timed), "memory_start": rss_kib()}
    started = time.perf_counter()
    models = load_ner_models()
    result["load_s"] = time.perf_counter() - started
    result["memory_loaded"] = rss_kib()
    for title, body in warm:  # lemma caches and the gazetteer, as a running worker has them
        enrich_without_ner(title, body)
        extract_entities(body, title, models=models)

    def run(with_ner: bool) -> dict[str, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for title, body in timed:
            enrich_without_ner(title, body)
            if with_ner:
                extract_entities(body, title, models=models)
        return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}

    result["without_ner"] = run(False)
    result["with_ner"] = run(True)
    result["memory_end"] = rss_kib()
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# --- «Читайте также» on the database (a subprocess per backend and size) ---------------


def fill_term_stats() -> None:
    from collections import Counter

    from vestnik.search.index import document_terms
    from vestnik.search.models import SearchDocument, TermStat

    frequencies: Counter[str] = Counter()
    for document in SearchDocument.objects.iterator(chunk_size=2000):
        frequencies.update(document_terms(document))
    TermStat.objects.bulk_create(
        [TermStat(term=t, documents=n) for t, n in frequencies.items()], batch_size=5000
    )


# Stages of one recompute, told apart by what a statement touches (the first that fits);
# the wall time outside SQL is Python: profiles, scoring, the ORM.
STAGES = (
    ("candidates", ("search_fts", "@@")),
    ("count", ("COUNT(*)",)),
    ("term stats", ("search_termstat",)),
    ("profiles", ("search_searchdocument",)),
    ("writes", ("search_computedrelated",)),
)
OTHER_SQL = "other SQL"
PYTHON = "Python"
STAGE_NAMES = [*(name for name, _ in STAGES), OTHER_SQL, PYTHON]


def stage_of(sql: str) -> str:
    return next((name for name, marks in STAGES if any(m in sql for m in marks)), OTHER_SQL)


def server_cpu_reader() -> Callable[[], float] | None:
    """The CPU seconds the PostgreSQL backend serving this connection has used so far, read
    from /proc when the server runs on this machine; None on SQLite or a remote server."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not stat.is_file():
        return None
    return lambda: int(stat.read_text().split()[0]) / 1e9


def timed_recomputes(store: Callable[[int], Any], sample: Sequence[int]) -> dict[str, Any]:
    """Wall, process CPU and server CPU time of each recompute, in ms, and the wall time
    of each stage."""
    from django.db import connection

    server_cpu = server_cpu_reader()
    spent: dict[str, float] = defaultdict(float)

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[stage_of(sql)] += (time.perf_counter() - started) * 1000

    times, cpu, server = [], [], []
    stages: dict[str, list[float]] = {name: [] for name in STAGE_NAMES}
    with connection.execute_wrapper(timed):
        for article_id in sample:
            spent.clear()
            server_before = server_cpu() if server_cpu else 0.0
            started, started_cpu = time.perf_counter(), time.process_time()
            store(article_id)
            wall = (time.perf_counter() - started) * 1000
            cpu.append((time.process_time() - started_cpu) * 1000)
            if server_cpu:
                server.append((server_cpu() - server_before) * 1000)
            times.append(wall)
            for name in STAGE_NAMES[:-1]:
                stages[name].append(spent[name])
            stages[PYTHON].append(wall - sum(spent.values()))
    return {"times_ms": times, "cpu_ms": cpu, "server_cpu_ms": server, "stages_ms": stages}


def related_worker(args: argparse.Namespace) -> None:
    if args.src:  # the baseline's code, ahead of this checkout's (search.py put it first)
        sys.path.insert(0, args.src)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        from vestnik.newsroom import related
    except ImportError:  # a baseline from before the newsroom app (b0115a7) kept it in search
        from vestnik.search import related  # type: ignore[no-redef]
    from vestnik.search.models import SearchDocument

    result: dict[str, Any] = {"backend": args.backend, "size": args.size}
    vendor = connection.vendor
    assert vendor == args.backend, (vendor, args.backend)
    if args.fill:
        call_command("migrate", verbosity=0)
        insert_documents(Path(args.docs), args.size)
        fill_term_stats()
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
            else:
                cursor.execute("VACUUM ANALYZE")
    log(f"{vendor} {args.size}: filled; timing «Читайте также»")

    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    rng = random.Random(args.seed)
    sample = rng.sample(range(1, args.size + 1), min(args.samples, args.size))
    for article_id in sample[:10]:  # warm-up: connections, caches, the Region table
        related.store_related(article_id)
    result.update(timed_recomputes(related.store_related, sample))

    # Quality through the real path: clustered articles as targets; any article carrying
    # the headline of a story's member is of that story (recombined articles beyond the
    # posts reuse headlines).
    targets = {int(k): v for k, v in plan["targets"].items() if int(k) <= args.size}
    headlines = plan["headlines"]
    rows = SearchDocument.objects.filter(headline__in=list(headlines))
    story_of = {
        article_id: headlines[headline]
        for article_id, headline in rows.values_list("article_id", "headline")
    }
    members: dict[str, set[int]] = defaultdict(set)
    for article_id, story in story_of.items():
        members[story].add(article_id)
    ranks = RankScores()
    for article_id, story in targets.items():
        shown = related.store_related(article_id)
        ranks.add(shown, members[story] - {article_id})
    result["quality"] = {
        "targets": ranks.targets,
        "precision": ranks.precision,
        "recall": ranks.recall,
        "empty": ranks.empty,
    }
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")
    log(f"{vendor} {args.size}: done")


def run_subprocess(arguments: list[str], env_extra: dict[str, str]) -> None:
    env = dict(os.environ)
    env.update(env_extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *arguments], env=env, check=True, cwd=ROOT
    )


def export_source(revision: str, tmp: Path) -> Path:
    """The ``src`` tree of a git revision, to time the code before a change beside it."""
    target = tmp / "baseline"
    target.mkdir()
    archive = subprocess.run(
        ["git", "archive", revision, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def merge_timings(results: dict[str, dict[str, Any]], label: str, run: dict[str, Any]) -> None:
    """Add a round's timings to the label's; quality is the same every round."""
    if label not in results:
        results[label] = run
        return
    merged = results[label]
    for key in ("times_ms", "cpu_ms", "server_cpu_ms"):
        merged[key] += run[key]
    for stage, values in run["stages_ms"].items():
        merged["stages_ms"][stage] += values


def run_related(
    backend: str,
    size: int,
    tmp: Path,
    docs: Path,
    plan: Path,
    args: argparse.Namespace,
    baseline_src: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Fill a fresh database and time this checkout's code on it, then, on the same rows,
    the baseline's (``baseline_src``); the database is dropped afterwards."""
    var_dir = tmp / f"{backend}-{size}"
    var_dir.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "vestnik.settings.production",
        "VESTNIK_VAR_DIR": str(var_dir),
        "SECRET_KEY": "bench",
        "DEBUG": "0",
    }
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    else:
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        pg_admin(args.pg_url, f'CREATE DATABASE "{PG_DATABASE}"')
        env["DATABASE_URL"] = f"{args.pg_url}/{PG_DATABASE}"
    common = [
        "--related-worker",
        *("--backend", backend, "--size", str(size), "--docs", str(docs), "--plan", str(plan)),
        *("--samples", str(args.samples), "--seed", str(args.seed)),
    ]
    results: dict[str, dict[str, Any]] = {}
    runs = {"current": [], "baseline": ["--src", str(baseline_src)] if baseline_src else None}
    try:
        # Alternating rounds: on a shared machine the load drifts within minutes, and one
        # run of each, one after the other, would credit the drift to the code.
        for round_number in range(args.rounds):
            for label, extra in runs.items():
                if extra is None:
                    continue
                fill = ["--fill"] if label == "current" and round_number == 0 else []
                out_path = var_dir / f"{label}.json"
                run_subprocess([*common, "--out", str(out_path), *extra, *fill], env)
                merge_timings(results, label, json.loads(out_path.read_text(encoding="utf-8")))
        return results
    finally:
        if backend == "postgresql":
            try:
                pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - report, do not mask the real failure
                log(f"could not drop database {PG_DATABASE}: {error}")
        shutil.rmtree(var_dir, ignore_errors=True)


# --- the parent ------------------------------------------------------------------------


def throughput_sample(raw: Sequence[dict[str, Any]], count: int, seed: int) -> list[list[str]]:
    """``count`` random real posts as (headline, body), advertisements and empty ones left out."""
    rng = random.Random(f"{seed}:throughput")
    pool = [p for p in raw if p["category"] != "advertisement"]
    sample = []
    for post in rng.sample(pool, min(len(pool), count * 2)):
        title, body = article_text(post)
        if title and body:
            sample.append([title, body])
        if len(sample) == count:
            break
    return sample


def measure_throughput(
    raw: Sequence[dict[str, Any]], args: argparse.Namespace, tmp: Path
) -> dict[str, Any]:
    sample_path, out_path = tmp / "throughput-sample.json", tmp / "throughput.json"
    sample = throughput_sample(raw, args.throughput + args.warmup, args.seed)
    sample_path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    run_subprocess(
        [
            "--throughput-worker",
            "--sample-file",
            str(sample_path),
            "--warmup",
            str(args.warmup),
            "--out",
            str(out_path),
        ],
        {"OPENBLAS_NUM_THREADS": "1"},
    )
    result: dict[str, Any] = json.loads(out_path.read_text(encoding="utf-8"))
    result["words"] = sum(len(f"{t} {b}".split()) for t, b in sample[args.warmup :])
    return result


def evaluation_pool(
    raw: Sequence[dict[str, Any]], stories: dict[tuple[str, int], str], size: int, seed: int
) -> list[dict[str, Any]]:
    """Every clustered post and ``size`` others, for a quick run of the related scorer."""
    rng = random.Random(f"{seed}:pool")
    clustered = [p for p in raw if (p["channel"], p["message_id"]) in stories]
    others = [p for p in raw if (p["channel"], p["message_id"]) not in stories]
    return clustered + rng.sample(others, min(size, len(others)))


def parent(args: argparse.Namespace) -> None:
    if not args.data.is_file():
        raise SystemExit(
            f"The data file {args.data} is missing. It is telegram_news_posts.jsonl.gz from the "
            "telegram-news-classifier project (NKTKLN, CC BY 4.0); put it there or pass --data."
        )
    if "postgresql" in args.backends and args.sizes:
        try:
            pg_admin(args.pg_url, "SELECT 1")
        except Exception as error:  # noqa: BLE001
            raise SystemExit(
                f"PostgreSQL at {args.pg_url} is not reachable ({error}); start it or run with "
                "--backends sqlite"
            ) from error
    started = time.perf_counter()
    figures: dict[str, Any] = {"command": " ".join(["python", "bench/quality.py", *sys.argv[1:]])}
    raw = read_posts(args.data)
    stories = read_stories()
    log(
        f"read {len(raw):,} posts, {len(stories)} clustered in {len(set(stories.values()))} stories"
    )

    if args.only == "recompute":
        recompute_only(args, raw, stories, figures, started)
        return
    figures["geo_dev"] = evaluate_geo(GEO_DEV)
    figures["geo_heldout"] = evaluate_geo(GEO_HELDOUT)
    log("geo-tagging evaluated; loading natasha for the entity cases")
    from vestnik.enrichment.entities import load_ner_models

    figures["entities"] = evaluate_entities(ENTITY_CASES, load_ner_models())
    pairs = duplicate_pairs(raw, stories, args.duplicate_sources, args.seed)
    figures["duplicate_pairs"] = pairs
    figures["duplicates"] = evaluate_duplicates(pairs)
    log(f"duplicates evaluated on {len(pairs)} pairs")

    needed = max(args.sizes) if args.sizes else 0
    if needed:
        archive = Archive(raw, args.seed, needed=needed)
    else:
        archive = Archive(
            evaluation_pool(raw, stories, args.pool, args.seed), args.seed, needed=len(raw)
        )
    pool = min(archive.analysed_posts, args.pool) if needed else archive.analysed_posts
    targets = story_targets(archive, archive.analysed_posts, stories)
    if needed:
        # The pool: the archive's first posts plus every clustered one.
        pool_ids = set(range(1, pool + 1)) | set(targets)
    else:
        pool_ids = set(range(1, pool + 1))
    profiles = [p for p in profiles_of(archive, archive.analysed_posts) if p.article_id in pool_ids]
    related_started = time.perf_counter()
    figures["related_core"] = evaluate_related(profiles, targets)
    figures["related_pool"] = len(profiles)
    log(
        f"related scorer evaluated on {len(targets)} targets over {len(profiles):,} articles "
        f"in {time.perf_counter() - related_started:.1f} s"
    )

    tmp = Path(tempfile.mkdtemp(prefix="vestnik-bench-quality-"))
    try:
        log(f"throughput on {args.throughput} posts (+{args.warmup} warm-up)")
        figures["throughput"] = measure_throughput(raw, args, tmp)
        measure_recompute(args, archive, targets, tmp, figures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    figures["elapsed_s"] = time.perf_counter() - started
    figures["archive"] = archive
    section = report(args, figures)
    out(section)
    if args.write:
        write_docs(section, START_MARK, END_MARK, heading="Editorial intelligence")
        log("wrote docs/benchmarks.md")


def measure_recompute(
    args: argparse.Namespace,
    archive: Archive,
    targets: dict[int, str],
    tmp: Path,
    figures: dict[str, Any],
) -> None:
    """Time «Читайте также» on a database per backend and size, with the baseline's code
    beside this checkout's; the figures go to ``related_db`` and ``related_baseline``."""
    figures["related_db"], figures["related_baseline"] = {}, {}
    if not args.sizes:
        return
    baseline_src = export_source(args.baseline, tmp) if args.baseline else None
    docs_path, plan_path = tmp / "documents.pickle", tmp / "plan.json"
    dump_documents(archive, max(args.sizes), docs_path)
    headlines = {archive.document(i - 1)[4]: story for i, story in targets.items()}
    plan = {"targets": targets, "headlines": headlines}
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    for size in sorted(set(args.sizes)):
        for backend in args.backends:
            log(f"--- «Читайте также», {backend}, N = {size:,}")
            runs = run_related(backend, size, tmp, docs_path, plan_path, args, baseline_src)
            figures["related_db"][(backend, size)] = runs["current"]
            if "baseline" in runs:
                figures["related_baseline"][(backend, size)] = runs["baseline"]


def recompute_only(
    args: argparse.Namespace,
    raw: Sequence[dict[str, Any]],
    stories: dict[tuple[str, int], str],
    figures: dict[str, Any],
    started: float,
) -> None:
    """``--only recompute``: the databases alone, minutes instead of half an hour; with
    ``--write`` only their part of the quality section is replaced."""
    if not args.sizes:
        raise SystemExit("--only recompute needs --sizes")
    archive = Archive(list(raw), args.seed, needed=max(args.sizes))
    targets = story_targets(archive, archive.analysed_posts, stories)
    tmp = Path(tempfile.mkdtemp(prefix="vestnik-bench-quality-"))
    try:
        measure_recompute(args, archive, targets, tmp, figures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    figures["elapsed_s"] = time.perf_counter() - started
    section = "\n".join(recompute_report(args, figures)).rstrip("\n") + "\n"
    out(section)
    if args.write:
        write_docs(section, RECOMPUTE_START, RECOMPUTE_END, heading="Editorial intelligence")
        log("wrote the recompute part of docs/benchmarks.md")


def group_table(evaluation: Evaluation) -> str:
    """Scores per group, with the number of pairs where the evaluation counts pairs."""
    if not evaluation.pairs:
        rows = [score_row(name, scores) for name, scores in sorted(evaluation.groups.items())]
        rows.append(score_row("**all**", evaluation.overall))
        return table(SCORE_HEADER, rows)
    rows = [
        score_row(name, scores, [str(evaluation.pairs[name])])
        for name, scores in sorted(evaluation.groups.items())
    ]
    rows.append(score_row("**all**", evaluation.overall, [str(sum(evaluation.pairs.values()))]))
    return table([*SCORE_HEADER, "pairs"], rows)


def mib_of(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def report(args: argparse.Namespace, figures: dict[str, Any]) -> str:
    info = machine()
    now = datetime.now().astimezone()
    geo_dev, geo_heldout = figures["geo_dev"], figures["geo_heldout"]
    entities, duplicates = figures["entities"], figures["duplicates"]
    core: RankScores = figures["related_core"]
    lines = [
        "_Written by `bench/quality.py --write`; edits between the markers are overwritten._ "
        "How right the enrichment cores are (precision, recall, F1 per component) and how fast "
        "they run.",
        "",
        f"- **Run:** {now:%Y-%m-%d %H:%M %Z}, `{figures['command']}`, "
        f"{figures['elapsed_s'] / 60:.1f} min in all",
        f"- **Machine:** {info['cpus']} CPUs ({info['cpu']}), {info.get('ram', '?')} RAM, "
        f"Python {info['python']}, SQLite {info['sqlite']}; shared with other work (load "
        f"{info['load']} at the end): read medians and ratios, not single numbers.",
        f"- **Data:** {ATTRIBUTION}. Hand-written cases in `bench/data/` and "
        "`src/vestnik/enrichment/data/geo_cases.tsv` (see `bench/data/README.md`).",
        "",
        "**Evaluation.** Geo-tagging and entities compare sets per sentence (regions; kind and "
        "normal form). Duplicates: a pair counts as found when the LSH bands make it a candidate "
        "and the exact check confirms it. «Читайте также»: precision@5 is the share of the items "
        "shown that belong to the target's story, recall the share of min(5, other members of "
        "the story) shown, averaged over targets.",
        "",
    ]
    rows = [
        score_row(
            "geo-tagging, development set (geo_cases.tsv, pinned by the tests)",
            geo_dev.overall,
            [f"{geo_dev.traps_passed}/{geo_dev.traps}"],
        ),
        score_row(
            "geo-tagging, held-out set (geo_heldout.tsv)",
            geo_heldout.overall,
            [f"{geo_heldout.traps_passed}/{geo_heldout.traps}"],
        ),
        score_row("entities (entity_cases.tsv)", entities.overall, ["–"]),
        score_row(
            f"duplicates ({len(figures['duplicate_pairs'])} pairs)", duplicates.overall, ["–"]
        ),
    ]
    rows.append(
        [
            f"«Читайте также», scorer over {figures['related_pool']:,} posts "
            f"({core.targets} targets)",
            "",
            "",
            "",
            pct(core.precision),
            pct(core.recall),
            pct(core.f1),
            "–",
        ]
    )
    lines += [table([*SCORE_HEADER, "traps passed"], rows), ""]

    lines += [
        "**Geo-tagging, held-out set by phenomenon** (sentences written for this harness, "
        "not tuned for):",
        "",
        group_table(geo_heldout),
        "",
    ]
    if geo_heldout.errors:
        lines += ["Held-out sentences the tagger gets wrong:", ""]
        lines += [f"- {error}" for error in geo_heldout.errors]
        lines.append("")
    lines += ["**Entities by kind and phenomenon:**", "", group_table(entities), ""]
    if entities.errors:
        lines += ["Entity cases that differ:", ""]
        lines += [f"- {error}" for error in entities.errors]
        lines.append("")
    lines += [
        f"**Duplicates by kind.** Edited copies of {args.duplicate_sources} random real posts "
        "(≥ 40 words): two body sentences reordered; three words swapped with a neighbour or "
        "dropped; a first and a last line from another post added; the first two thirds kept; "
        "all at once. Real pairs from the story clusters: a repost when difflib's word ratio "
        f"is ≥ {REPOST_RATIO}, the same story written separately when it is < {REWRITE_RATIO} "
        "(pairs in between are left out).",
        "",
        group_table(duplicates),
        "",
        f"Of the {duplicates.overall.fn} duplicates missed, {duplicates.rejected} were "
        "candidates of the LSH bands that the exact check (Jaccard ≥ 0.6 or containment ≥ 0.8 "
        "of four-lemma shingles) turned down; the rest were never candidates.",
        "",
    ]

    t = figures["throughput"]
    n = t["articles"]
    no_ner, ner = t["without_ner"], t["with_ner"]
    mem = t["memory_loaded"], t["memory_end"]
    rate_no, rate_ner = n / no_ner["cpu_s"], n / ner["cpu_s"]
    lines += [
        f"**Enrichment throughput** on {n} random real posts ({t['words'] / n:.0f} words each on "
        f"average, headline = first sentence), after a warm-up of {args.warmup} others, in one "
        "process with one BLAS thread; per core = articles / CPU seconds of the process. "
        "Without NER: districts (`suggest_regions`) and the duplicate signature (analysis, "
        "shingles, MinHash, bands). With NER: the same plus `extract_entities` (natasha).",
        "",
        table(
            ["", "CPU s", "wall s", "art/s/core", f"≥ {TARGET_RATE:.0f}"],
            [
                [
                    "without NER",
                    f"{no_ner['cpu_s']:.1f}",
                    f"{no_ner['wall_s']:.1f}",
                    f"{rate_no:.0f}",
                    "yes" if rate_no >= TARGET_RATE else "**no**",
                ],
                [
                    "with NER",
                    f"{ner['cpu_s']:.1f}",
                    f"{ner['wall_s']:.1f}",
                    f"{rate_ner:.0f}",
                    "yes" if rate_ner >= TARGET_RATE else "**no**",
                ],
            ],
        ),
        "",
        f"**Worker memory** (RSS of that process): {mib_of(t['memory_start']['VmRSS'])} with the "
        f"cores imported, {mib_of(mem[0]['VmRSS'])} after loading natasha ({t['load_s']:.1f} s), "
        f"{mib_of(mem[1]['VmRSS'])} after enriching {n + args.warmup} articles twice "
        f"(peak {mib_of(mem[1]['VmHWM'])}).",
        "",
    ]
    if figures["related_db"]:
        lines += [RECOMPUTE_START, *recompute_report(args, figures), RECOMPUTE_END, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def recompute_report(args: argparse.Namespace, figures: dict[str, Any]) -> list[str]:
    """The «Читайте также» part of the section: quality through the full code path, the
    time of one recompute and where it goes, this checkout's code beside the baseline's."""
    runs = sorted(figures["related_db"].items(), key=lambda x: (x[0][1], x[0][0]))
    baseline = figures["related_baseline"]
    rows = []
    for key, result in runs:
        for label, measured in (("", result), (BEFORE, baseline.get(key))):
            if measured is None:
                continue
            quality = measured["quality"]
            p, r = quality["precision"], quality["recall"]
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            rows.append(
                [
                    f"{key[1]:,}",
                    key[0] + label,
                    str(quality["targets"]),
                    pct(p),
                    pct(r),
                    pct(f1),
                ]
            )
    lines = [
        "**«Читайте также» through the full code path** (`vestnik.newsroom.related.store_related` "
        "on the benchmark databases below), precision@5 and recall over the clustered "
        "articles in the archive, measured as for the scorer above:",
        "",
        table(["N", "backend", "targets", "precision", "recall", "F1"], rows),
        "",
    ]
    rows = []
    for key, result in runs:
        times = result["times_ms"]
        before = baseline[key]["times_ms"] if key in baseline else None
        p95 = percentile(times, 95)
        rows.append(
            [
                f"{key[1]:,}",
                key[0],
                str(len(times)),
                ms(percentile(before, 50)) if before else "–",
                ms(percentile(times, 50)),
                ms(percentile(before, 95)) if before else "–",
                ms(p95),
                f"{percentile(before, 95) / p95:.1f}×" if before else "–",
                ms(max(times)),
                ms(percentile(result["cpu_ms"], 50)),
                "yes" if p95 <= TARGET_RELATED_MS else "**no**",
            ]
        )
    lines += [
        "**Recomputing «Читайте также» for one article** "
        "(`vestnik.newsroom.related.store_related`: candidates from the search backend, "
        "profiles and idf from the index, scoring, the five "
        "rows replaced in a transaction), on archives built as `bench/search.py` builds them "
        f"(search index and term statistics filled), {args.samples} random articles (seed "
        f"{args.seed}) after 10 warm-up ones, ms of wall time; CPU = the worker process's "
        "own CPU time (SQLite runs inside it, PostgreSQL does not). Before = the code of "
        f"`{args.baseline}` on the same rows, in {args.rounds} rounds alternating with "
        "this checkout's (each round a fresh process, 10 warm-up articles first).",
        "",
        table(
            [
                "N",
                "backend",
                "articles",
                "p50 before",
                "p50",
                "p95 before",
                "p95",
                "p95 before/after",
                "max",
                "CPU p50",
                f"p95 ≤ {TARGET_RELATED_MS:.0f}",
            ],
            rows,
        ),
        "",
    ]
    lines += stage_report(runs, baseline)
    return lines


def stage_report(
    runs: list[tuple[tuple[str, int], dict[str, Any]]], baseline: dict[tuple[str, int], Any]
) -> list[str]:
    """Where the time of one recompute goes, and the CPU it costs on both sides of the
    connection: less noisy than wall time on a shared machine."""
    rows = []
    for key, result in runs:
        for label, measured in (("after", result), ("before", baseline.get(key))):
            if measured is None or "stages_ms" not in measured:
                continue
            stages, server = measured["stages_ms"], measured["server_cpu_ms"]
            rows.append(
                [
                    f"{key[1]:,}",
                    key[0],
                    label,
                    ms(statistics.fmean(measured["times_ms"])),
                    *(ms(statistics.fmean(stages[name])) for name in STAGE_NAMES),
                    ms(percentile(measured["cpu_ms"], 50)),
                    ms(percentile(server, 50)) if server else "–",
                ]
            )
    if not rows:
        return []
    return [
        "**Where the time goes**: mean ms of wall time per recompute by stage, told apart by "
        "the statements each runs (candidates: the full-text match; count: counting the "
        "index; term stats: document frequencies for idf; profiles: the indexed terms of the "
        "article and its candidates; writes: the stored rows; other SQL: regions, tags, "
        "duplicates, transactions); Python is the rest (building profiles, scoring, the ORM). "
        "CPU p50: the worker process; server CPU p50: the PostgreSQL backend process serving "
        "the worker, read from /proc.",
        "",
        table(
            [
                "N",
                "backend",
                "code",
                "wall",
                *STAGE_NAMES,
                "CPU p50",
                "server CPU p50",
            ],
            rows,
        ),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--samples", type=int, default=200, help="articles timed per database")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternating timing rounds of this and the baseline"
    )
    parser.add_argument("--pool", type=int, default=10_000, help="posts the related scorer ranks")
    parser.add_argument("--duplicate-sources", type=int, default=150)
    parser.add_argument("--throughput", type=int, default=300, help="posts enriched and timed")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument(
        "--quick", action="store_true", help="evaluation on small samples, no databases"
    )
    parser.add_argument(
        "--only",
        choices=["recompute"],
        help="recompute: only the «Читайте также» timings on the databases, a few minutes",
    )
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--throughput-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--related-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sample-file", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--baseline", help="git revision whose «Читайте также» code is timed beside this one"
    )
    args = parser.parse_args()
    if args.throughput_worker:
        throughput(args)
        return
    if args.related_worker:
        related_worker(args)
        return
    if args.quick:
        args.sizes, args.pool, args.duplicate_sources, args.throughput = [], 1500, 30, 60

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    parent(args)


if __name__ == "__main__":
    main()
