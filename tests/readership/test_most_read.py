"""«Самое читаемое» follows what readers read, though every read is a cache hit: a web process
reads pages through the real WSGI stack with the page cache on, a running `vestnik worker`
sums the reads, and the outlet home, purged, shows the new order on its next hits.

Both are real processes on one var dir (its SQLite database, the page cache's purge log, the
reads' spool), as on a one-machine newsroom.
"""

import json
import subprocess
from pathlib import Path

from tests.commands import command, environment, run, shell

PREPARE = """
from vestnik.articles.models import ArticlePage
from vestnik.newsroom.signals import enrichment_held
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
outlet = create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),
                       hostname='strogino.localhost', is_default_site=True)
with enrichment_held():
    for slug, title in (('katok', 'В Строгине зальют каток'), ('most', 'Мост через затон закроют')):
        article = ArticlePage(title=title, slug=slug, lead='Коротко.')
        outlet.add_child(instance=article)
        article.save_revision().publish()
print('ok')
"""

# The web process: what a reader's browser would do, then a look at the home page until the
# worker's purge shows the lists; everything it saw, as JSON on its last line.
READ_PAGES = """
import json, re, time
from io import BytesIO
from django.core.handlers.wsgi import WSGIHandler
from vestnik.pagecache.wsgi_layer import PageCacheApplication

app = PageCacheApplication(WSGIHandler())
BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36'

def get(path, address='203.0.113.1'):
    environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': path, 'QUERY_STRING': '',
               'SERVER_NAME': 'strogino.localhost', 'SERVER_PORT': '80',
               'SERVER_PROTOCOL': 'HTTP/1.1', 'HTTP_HOST': 'strogino.localhost',
               'HTTP_USER_AGENT': BROWSER, 'REMOTE_ADDR': address, 'wsgi.url_scheme': 'http',
               'wsgi.input': BytesIO(), 'wsgi.errors': BytesIO()}
    replied = {}
    body = b''.join(app(environ, lambda status, headers, *_: replied.update(
        status=status, headers=dict(headers))))
    return replied['status'], replied['headers'].get('X-Vestnik-Cache'), body.decode()

def day_list(html):
    block = html.partition('Самое читаемое за день')[2].partition('</ol>')[0]
    return re.findall(r'href="/([a-z]+)/"', block)

seen = {'home': [get('/')[1], get('/')[1]], 'reads': []}
for slug, readers in (('katok', 2), ('most', 4)):
    for reader in range(readers):
        seen['reads'].append(get(f'/{slug}/', f'203.0.113.{reader + 1}')[:2])
# Until the cache serves the home with the new list: a page rendered while the worker's purge
# was on its way (the counts committed, the generation not yet moved) is not stored.
deadline = time.monotonic() + 300
status, cache, html = get('/')
while (day_list(html), cache) != (['most', 'katok'], 'hit') and time.monotonic() < deadline:
    time.sleep(0.2)
    status, cache, html = get('/')
seen['after'] = [status, cache, day_list(html), html.count('Самое читаемое за неделю')]
print(json.dumps(seen))
"""


def test_most_read_changes_as_cached_pages_are_read(tmp_path: Path):
    run(tmp_path, "migrate", "-v", "0")
    assert shell(tmp_path, PREPARE) == "ok"
    settings = {"VESTNIK_READS_AGGREGATE_SECONDS": "0.2", "VESTNIK_READS_FLUSH_SECONDS": "0"}
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            command("worker"),
            env=environment(tmp_path, **settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        seen = json.loads(shell(tmp_path, READ_PAGES, **settings))
    finally:
        worker.terminate()
        worker.wait()
    assert seen["home"] == ["miss", "hit"]
    # Every read after an article's first is a hit: Django never saw it.
    assert seen["reads"] == [
        ["200 OK", "miss"],
        ["200 OK", "hit"],
        ["200 OK", "miss"],
        ["200 OK", "hit"],
        ["200 OK", "hit"],
        ["200 OK", "hit"],
    ], log.read_text()
    # The home stored before the reads was purged by the worker; the one stored after shows
    # the read articles, the most read first, and is itself served from the cache.
    assert seen["after"] == ["200 OK", "hit", ["most", "katok"], 1], log.read_text()
