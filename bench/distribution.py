"""Distribution benchmark: 1,000 articles published in a burst reach one Telegram channel
through the worker, paced by the queue: none lost, none doubled, no 429 from Telegram.

    .venv/bin/python bench/distribution.py [--articles 1000] [--per-minute 600] [--write]

Runs in a throw-away SQLite database in a temporary var dir: one outlet with one Telegram
channel pointed at the fake Bot API (tests/fakes/telegram.py) in this process. It publishes
``--articles`` articles one after another as fast as it can, then starts a real `vestnik
worker`: every post waits in the queue at once, the hardest case for the pacing (publishing on
this machine is slower than the raised limit, so a worker running alongside would only keep
up). The fake enforces ``--per-minute`` messages a minute to one chat (Telegram's own limit is
about 20; both sides are raised equally so that the run takes minutes, not an hour) and the
worker is given the same number (VESTNIK_TELEGRAM_PER_MINUTE). Printed and, with ``--write``,
put between ``<!-- distribution:start -->`` and ``<!-- distribution:end -->``
of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
START_MARK = "<!-- distribution:start -->"
END_MARK = "<!-- distribution:end -->"
CHAT = "@bench_channel"
DEADLINE = 3600.0  # seconds: only a safety net for a worker that stopped sending


class SendLog:
    """What the fake answered to each send: when it took one, and how many it refused (429)."""

    def __init__(self) -> None:
        self.sent_at: list[float] = []
        self.too_many = 0
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        if not line.startswith(("sendMessage", "sendPhoto")):
            return
        with self._lock:
            if "→ 200" in line:
                self.sent_at.append(time.monotonic())
            elif "→ 429" in line:
                self.too_many += 1


def setup_django(var_dir: str, environment: dict[str, str]) -> None:
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vestnik.settings.production"
    import django

    django.setup()


def prepare(api_url: str) -> object:
    """Migrate, and one outlet with one Telegram channel; returns the outlet."""
    from django.core.management import call_command
    from tests.fakes.telegram import DEFAULT_TOKEN

    from vestnik.distribution.models import Channel
    from vestnik.outlets.factories import create_outlet
    from vestnik.regions.models import Region

    call_command("migrate", verbosity=0)
    outlet = create_outlet(
        slug="strogino",
        name="Строгино",
        region=Region.objects.lookup("Строгино"),
        hostname="strogino.localhost",
    )
    channel = Channel(outlet=outlet, network="telegram", name="Строгино", target=CHAT)
    channel.set_token(DEFAULT_TOKEN)
    channel.save()
    return outlet


def publish_burst(outlet: object, count: int) -> float:
    """``count`` articles, one publish after another; seconds it took."""
    from vestnik.articles.models import ArticlePage
    from vestnik.newsroom.signals import enrichment_held

    start = time.monotonic()
    for number in range(count):
        article = ArticlePage(
            title=f"Новость номер {number}: в Строгине открыли каток",
            slug=f"novost-{number}",
            lead="Лёд залили у пруда, вход свободный.",
        )
        outlet.add_child(instance=article)  # type: ignore[attr-defined]
        with enrichment_held():  # the benchmark measures distribution, not suggestions
            article.save_revision().publish()
    return time.monotonic() - start


def delivered(database: Path) -> tuple[int, int]:
    """(sent, failed) deliveries, read as another process writes them."""
    with sqlite3.connect(database) as connection:
        rows = dict(
            connection.execute("SELECT state, count(*) FROM distribution_delivery GROUP BY state")
        )
    connection.close()
    return rows.get("sent", 0), rows.get("failed", 0)


def run(count: int, per_minute: int) -> dict[str, float]:
    from tests.fakes.telegram import FakeBotApi

    with tempfile.TemporaryDirectory(prefix="vestnik-bench-distribution-") as var_dir:
        log = SendLog()
        with FakeBotApi(rate_limit=per_minute, report=log) as api:
            from cryptography.fernet import Fernet

            database = Path(var_dir) / "bench.sqlite3"
            environment = {
                "VESTNIK_VAR_DIR": var_dir,
                "DATABASE_URL": f"sqlite:///{database}",
                "TELEGRAM_API_URL": api.url,
                "VESTNIK_TELEGRAM_PER_MINUTE": str(per_minute),
                "VESTNIK_SECRETS_KEY": Fernet.generate_key().decode(),
                "VESTNIK_SCHEDULE_TICK": "3600",
                "ALLOWED_HOSTS": "*",
            }
            setup_django(var_dir, environment)
            outlet = prepare(api.url)
            publish_seconds = publish_burst(outlet, count)
            worker_log = open(Path(var_dir) / "worker.log", "wb")  # noqa: SIM115
            worker = subprocess.Popen(
                [sys.executable, "-m", "vestnik.cli", "worker"],
                env={**os.environ, **environment, "PYTHONUNBUFFERED": "1"},
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + DEADLINE
                while sum(delivered(database)) < count and time.monotonic() < deadline:
                    time.sleep(1)
            finally:
                worker.terminate()
                worker.wait()
                worker_log.close()
            sent, failed = delivered(database)
            headlines = Counter(message.text.split("\n")[0] for message in api.messages_in(CHAT))
    first, last = log.sent_at[0], log.sent_at[-1]
    busiest = max(
        sum(1 for moment in log.sent_at if start <= moment < start + 60) for start in log.sent_at
    )
    return {
        "articles": count,
        "publish_seconds": publish_seconds,
        "messages": sum(headlines.values()),
        "sent": sent,
        "failed": failed,
        "duplicates": sum(times - 1 for times in headlines.values()),
        "lost": count - len(headlines),
        "too_many": log.too_many,
        "send_minutes": (last - first) / 60,
        "rate": (len(log.sent_at) - 1) / ((last - first) / 60) if last > first else 0.0,
        "busiest_minute": busiest,
        "per_minute": per_minute,
    }


def report(result: dict[str, float], args: str) -> str:
    return "\n".join(
        [
            f"Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, SQLite, shared with other jobs.",
            f"Data: {result['articles']:.0f} articles (Russian headline and lead, no photo) "
            "published one after another in one outlet with one Telegram channel, then the "
            "worker started with all of them queued; the fake Bot "
            f"API and the worker both at {result['per_minute']:.0f} messages a minute "
            "(Telegram's real limit is about 20; raised on both sides so the run takes minutes).",
            f"Command: `.venv/bin/python bench/distribution.py {args}`",
            "",
            "| measure | value |",
            "| --- | ---: |",
            f"| burst of publishes, s | {result['publish_seconds']:.1f} |",
            f"| messages in the channel | {result['messages']:.0f} |",
            f"| deliveries stored as sent | {result['sent']:.0f} |",
            f"| failed | {result['failed']:.0f} |",
            f"| duplicates | {result['duplicates']:.0f} |",
            f"| lost | {result['lost']:.0f} |",
            f"| 429 answers from the fake | {result['too_many']:.0f} |",
            f"| sending took, min | {result['send_minutes']:.2f} |",
            f"| achieved rate, messages/min (limit {result['per_minute']:.0f}) | "
            f"{result['rate']:.0f} |",
            f"| most messages in any 60 s | {result['busiest_minute']:.0f} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-minute", type=int, default=600)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    result = run(args.articles, args.per_minute)
    text = report(result, f"--articles {args.articles} --per-minute {args.per_minute}")
    print(text)  # noqa: T201
    if args.write:
        from search import write_docs  # bench/search.py's, shared by the benchmarks

        write_docs(text + "\n", START_MARK, END_MARK, "Distribution to Telegram: a burst")


if __name__ == "__main__":
    main()
