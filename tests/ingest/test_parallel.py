"""Sources polled side by side: `vestnik ingest --due` (what the worker's poll runs) fetches
several sources at once, each source's items still in their own transactions.

The loopback server holds each feed's request until every source has asked for its feed: a
poll that went one source after another would never get all three in at once.
"""

import threading
from pathlib import Path

from tests.commands import WAIT_LIMIT, run

from .conftest import LoopbackSite

SOURCES = 3

CREATE_SOURCES = """
from vestnik.ingest.models import Source
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
outlet = create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),
                       hostname='strogino.localhost')
for n in range(1, {count} + 1):
    Source.objects.create(name=f'Лента {{n}}', kind=Source.Kind.FEED, location=f'{base}/rss/{{n}}',
                          outlet=outlet, publish_live=False, poll_interval=30,
                          internal_hosts='127.0.0.1')
"""


def feed(n: int) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title>'
        f"<item><title>Новость ленты {n} о Строгине</title><guid>lenta-{n}</guid>"
        f"<description>Текст новости ленты номер {n} о районе Строгино.</description>"
        "</item></channel></rss>"
    )


def vestnik(var_dir: Path, *args: str) -> str:
    return run(var_dir, *args, VESTNIK_INGEST_PARALLEL=str(SOURCES))


def test_due_sources_are_polled_side_by_side_not_one_after_another(
    site: LoopbackSite, tmp_path: Path
):
    vestnik(tmp_path, "migrate", "-v", "0")
    vestnik(tmp_path, "shell", "-c", CREATE_SOURCES.format(count=SOURCES, base=site.base))
    all_asked = threading.Barrier(SOURCES, timeout=WAIT_LIMIT / 4)
    broken: list[str] = []

    def hold(n: int) -> None:
        try:
            all_asked.wait()
        except threading.BrokenBarrierError:
            broken.append(f"/rss/{n}")

    for n in range(1, SOURCES + 1):
        site.serve(f"/rss/{n}", "application/rss+xml", feed(n))
        site.hooks[f"/rss/{n}"] = lambda n=n: hold(n)

    output = vestnik(tmp_path, "ingest", "--due")

    assert broken == []
    for n in range(1, SOURCES + 1):
        assert f"Лента {n}: новых: 1, обновлено: 0, без изменений: 0, с ошибкой: 0" in output
