"""The CPU time of a page cache miss, measured in-process, where the machine's load hardly counts.

    .venv/bin/python bench/miss_in_process.py --keep DIR [--requests 300] [--rounds 3]
        [--baseline CHECKOUT --baseline-keep DIR2] [--write]

``DIR`` holds a network built by ``bench/pages.py --keep DIR``. The article page of that
benchmark (and the outlet's home) is requested through Django's test client with the page
cache off, after warm-up requests; the figure is the process CPU time (``time.process_time``)
per request, so other processes on a shared machine slow the run down without adding to it.

With ``--baseline``, the same is measured for another checkout (its own ``.venv`` and ``src``)
on its own copy of the network, in runs alternating baseline and this checkout, one fresh
process per run; the report gives the medians and their ratio. HTTP figures (requests/s,
server CPU over wrk) stay in ``bench/pages.py``: this is the control that the load cannot
move, which a side-by-side reading on a busy machine needs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_MARK, END_MARK = "<!-- miss-in-process:start -->", "<!-- miss-in-process:end -->"
HEADING = "Page cache miss, CPU in-process"
WARM_UP = 30


def measure_here(keep: Path, requests: int) -> dict[str, float]:
    """CPU ms per request for the article page and the outlet home, in this process."""
    network = json.loads((keep / "network.json").read_text())
    os.environ.update(
        {
            "VESTNIK_VAR_DIR": str(keep / "var"),
            "DATABASE_URL": f"sqlite:///{keep / 'var' / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "vestnik.settings.production",
            "ALLOWED_HOSTS": ".localhost,127.0.0.1",
            "VESTNIK_PAGE_CACHE": "0",
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=network["host"])
    figures: dict[str, float] = {}
    for name, path in (("article", network["path"]), ("home", "/")):
        for _ in range(WARM_UP):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        figures[f"{name}_queries"] = len(queries)
        count = requests if name == "article" else max(requests // 10, 10)
        started = time.process_time()
        for _ in range(count):
            client.get(path)
        figures[f"{name}_ms"] = (time.process_time() - started) * 1000 / count
    return figures


def run_in(python: Path, src: Path, keep: Path, requests: int) -> dict[str, float]:
    """One measurement in a fresh process of the given checkout."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [str(python), __file__, "--keep", str(keep), "--requests", str(requests), "--json"]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def revision(checkout: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def report(args: argparse.Namespace, runs: dict[str, list[dict[str, float]]]) -> str:
    sides = list(runs)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, shared with other work (load "
        f"average at the end: {load}); Python {platform.python_version()}.",
        "",
        f"Data: the network of `bench/pages.py --keep` ({args.keep}), page cache off. Command: "
        f"`.venv/bin/python bench/miss_in_process.py --keep DIR --requests {args.requests} "
        f"--rounds {args.rounds}"
        + (" --baseline CHECKOUT --baseline-keep DIR2`" if args.baseline else "`")
        + f"; {args.rounds} run(s) per side"
        + (", alternating" if args.baseline else "")
        + ", one process each; medians (the runs in brackets).",
        "",
        "| what | " + " | ".join(sides) + (" | new/old |" if len(sides) == 2 else " |"),
        "| --- | " + " | ".join("---:" for _ in sides) + (" | ---: |" if len(sides) == 2 else " |"),
    ]
    for key, label in (
        ("article_ms", "article page, CPU ms/request"),
        ("home_ms", "outlet home, CPU ms/request"),
        ("article_queries", "article page, SQL statements"),
        ("home_queries", "outlet home, SQL statements"),
    ):
        medians = [statistics.median(run[key] for run in runs[side]) for side in sides]
        cells = []
        for side, median in zip(sides, medians, strict=True):
            spread = " / ".join(f"{run[key]:.2f}" for run in runs[side])
            cells.append(f"{median:.0f}" if key.endswith("queries") else f"{median:.2f} ({spread})")
        ratio = f" | {medians[1] / medians[0]:.2f}" if len(sides) == 2 and medians[0] else ""
        lines.append(f"| {label} | " + " | ".join(cells) + ratio + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="a network of bench/pages.py")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout, measured alternately")
    parser.add_argument("--baseline-keep", type=Path, help="the baseline's copy of the network")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run's figures
    args = parser.parse_args()
    if args.json:
        sys.stdout.write(json.dumps(measure_here(args.keep, args.requests)) + "\n")
        return
    here = (f"new ({revision(ROOT)})", ROOT / ".venv" / "bin" / "python", ROOT / "src", args.keep)
    sides = [here]
    if args.baseline:
        baseline = args.baseline.resolve()
        old_python = baseline / ".venv" / "bin" / "python"
        sides.insert(
            0, (f"old ({revision(baseline)})", old_python, baseline / "src", args.baseline_keep)
        )
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in sides}
    for round_number in range(args.rounds):
        for name, python, src, keep in sides:
            figures = run_in(python, src, keep, args.requests)
            runs[name].append(figures)
            sys.stderr.write(f"round {round_number + 1} {name}: {figures}\n")
    section = report(args, runs)
    sys.stdout.write(section)
    if args.write:
        from search import write_docs  # bench/search.py's, shared by the benchmarks

        write_docs(section, START_MARK, END_MARK, HEADING)


if __name__ == "__main__":
    main()
