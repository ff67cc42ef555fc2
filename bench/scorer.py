"""Scorer benchmark: ``score_related`` of this checkout beside a baseline revision's, on the same
synthetic candidates, in alternating rounds.

    .venv/bin/python bench/scorer.py [--baseline b0115a7] [--candidates 600] [--rounds 15]

The baseline's ``src/vestnik/enrichment/related.py`` is read with ``git show`` into a temporary
module; both versions score the same profiles (this checkout's ``ArticleProfile`` and
``RelatedWeights``: the scorer only reads their attributes). The inputs are built with a fixed
seed, like the tests' ``random_corpus``: profiles over a Zipf-like vocabulary, some of them
variants of a few stories, with tags, regions, neighbours, outlets, ages and copies.

Two mixes are timed: ``mixed`` (a fifth of the candidates retell one of eight stories, the
rest are random) and ``similar`` (every candidate retells one of them, so the bound skips fewer:
the worst case); ``mixed`` again with ``fetch_idf``, as ``vestnik.search.related`` calls it (the
target's idf given, the rest asked for in batches). Each round times ``--targets`` calls of
each version, in turn, the order swapped every round; the figures are medians over the rounds,
in ms per call, and the median of the per-round ratios this/baseline. Before timing, both
versions must give equal results (ids, scores and parts, exactly) for 100 random targets of
each corpus, with the whole idf and with ``fetch_idf``, limits 1 and 5.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vestnik.enrichment import related  # noqa: E402
from vestnik.enrichment.related import (  # noqa: E402
    ArticleProfile,
    RelatedWeights,
    idf_weights,
    profile_terms,
)

MODULE_PATH = "src/vestnik/enrichment/related.py"
NOW = datetime(2025, 5, 20, 12, 0)
WEIGHTS = RelatedWeights()
AGES_DAYS = (0.5, 1, 2, 3, 10, 30, 100, 400)
CHECKED_TARGETS = 100
# (seed offset, name, share of candidates retelling a story, through fetch_idf)
MIXES = ((0, "mixed", 0.2, False), (1, "similar", 1.0, False), (2, "mixed, fetch_idf", 0.2, True))

Scorer = Callable[..., list[Any]]


def load_baseline(revision: str, directory: str) -> ModuleType:
    """Import the baseline revision's related.py as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{revision}:{MODULE_PATH}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(directory) / "related_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("related_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def build_corpus(seed: int, size: int, similar_share: float) -> list[ArticleProfile]:
    """Profiles over a Zipf-like vocabulary; ``similar_share`` of them retell a few stories."""
    rng = random.Random(seed)
    vocabulary = [f"слово{index}" for index in range(5000)]
    frequency = [1 / (rank + 1) for rank in range(len(vocabulary))]
    stories = [rng.sample(vocabulary, 60) for _ in range(8)]
    profiles = []
    for article_id in range(1, size + 1):
        if rng.random() < similar_share:
            told = rng.choice(stories)
            words = told[: rng.randint(40, 60)] + rng.choices(vocabulary, frequency, k=20)
        else:
            words = rng.choices(vocabulary, frequency, k=rng.randint(60, 120))
        terms = profile_terms(words[:6], words[6:15], words[15:])
        tags, regions, neighbours = some_ids(rng, 40, 3), some_ids(rng, 20, 2), some_ids(rng, 20, 3)
        outlet, age = rng.randint(1, 4), timedelta(days=rng.choice(AGES_DAYS))
        copy_of = rng.choice([None] * 8 + [rng.randint(1, size)])  # one in nine a copy
        profiles.append(
            ArticleProfile(article_id, terms, tags, regions, neighbours, outlet, NOW - age, copy_of)
        )
    return profiles


def some_ids(rng: random.Random, below: int, most: int) -> frozenset[int]:
    return frozenset(rng.sample(range(below), rng.randint(0, most)))


def document_idf(profiles: Collection[ArticleProfile]) -> dict[str, float]:
    frequency = Counter(term for profile in profiles for term in profile.terms)
    return idf_weights(frequency, len(profiles))


def comparable(results: Sequence[Any]) -> list[tuple[int, float, dict[str, float]]]:
    return [(result.article_id, result.score, dict(result.parts)) for result in results]


def check_equal(old: Scorer, new: Scorer, profiles: list[ArticleProfile], seed: int) -> int:
    """Compare both versions on random targets, with and without fetch_idf; return calls."""
    idf = document_idf(profiles)
    rng = random.Random(seed)

    def fetch(terms: Collection[str]) -> dict[str, float]:
        return {term: idf[term] for term in terms if term in idf}

    calls = 0
    for target in rng.sample(profiles, CHECKED_TARGETS):
        own = {term: idf[term] for term in target.terms}
        for known, fetch_idf in ((idf, None), (own, fetch)):
            for limit in (1, 5):
                expected, got = (
                    comparable(scorer(target, profiles, known, WEIGHTS, now=NOW, limit=limit,
                                      exclude={target.article_id + 1}, fetch_idf=fetch_idf))
                    for scorer in (old, new)
                )  # fmt: skip
                if expected != got:
                    raise SystemExit(f"different results for target {target.article_id}")
                calls += 1
    return calls


def time_calls(
    scorer: Scorer,
    targets: Sequence[ArticleProfile],
    profiles: list[ArticleProfile],
    idf: dict[str, float],
    fetch: bool,
) -> float:
    """Return ms per call of ``scorer`` over ``targets``; with ``fetch``, through fetch_idf."""
    if not fetch:
        started = time.perf_counter()
        for target in targets:
            scorer(target, profiles, idf, WEIGHTS, now=NOW)
        return (time.perf_counter() - started) * 1000 / len(targets)

    def fetch_idf(terms: Collection[str]) -> dict[str, float]:
        return {term: idf[term] for term in terms if term in idf}

    owns = [{term: idf[term] for term in target.terms} for target in targets]
    started = time.perf_counter()
    for target, own in zip(targets, owns, strict=True):
        scorer(target, profiles, own, WEIGHTS, now=NOW, fetch_idf=fetch_idf)
    return (time.perf_counter() - started) * 1000 / len(targets)


def measure(
    old: Scorer,
    new: Scorer,
    profiles: list[ArticleProfile],
    fetch: bool,
    args: argparse.Namespace,
) -> dict[str, list[float]]:
    idf = document_idf(profiles)
    targets = random.Random(args.seed).sample(profiles, args.targets)
    times: dict[str, list[float]] = {"baseline": [], "this": [], "ratio": []}
    for scorer in (old, new):  # warm-up
        time_calls(scorer, targets[:3], profiles, idf, fetch)
    for round_number in range(args.rounds):
        order = [("baseline", old), ("this", new)]
        if round_number % 2:
            order.reverse()
        measured = {
            name: time_calls(scorer, targets, profiles, idf, fetch) for name, scorer in order
        }
        for name, ms in measured.items():
            times[name].append(ms)
        times["ratio"].append(measured["this"] / measured["baseline"])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="b0115a7", help="git revision timed beside")
    parser.add_argument("--candidates", type=int, default=600, help="candidates per call")
    parser.add_argument("--rounds", type=int, default=15, help="alternating timing rounds")
    parser.add_argument("--targets", type=int, default=20, help="calls per version and round")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vestnik-bench-scorer-") as directory:
        baseline = load_baseline(args.baseline, directory)
    old, new = baseline.score_related, related.score_related
    started = time.perf_counter()
    lines = [
        f"score_related: this checkout against {args.baseline}, {args.candidates} candidates a "
        f"call, {args.rounds} rounds of {args.targets} calls each, seed {args.seed}",
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        "",
        "| mix | checked calls | baseline ms | this ms | this/baseline (median of rounds) |",
        "|---|---|---|---|---|",
    ]
    for offset, mix, share, fetch in MIXES:
        profiles = build_corpus(args.seed + offset, args.candidates, share)
        calls = check_equal(old, new, profiles, args.seed + offset)
        times = measure(old, new, profiles, fetch, args)
        lines.append(
            f"| {mix} | {calls}, equal | {median(times['baseline']):.2f} | "
            f"{median(times['this']):.2f} | {median(times['ratio']):.3f} |"
        )
    lines += ["", f"{time.perf_counter() - started:.0f} s in all"]
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    main()
