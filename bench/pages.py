"""HTTP benchmark: Vestnik's page cache against nginx serving the same bytes, on a network
of N articles built from real news posts.

    .venv/bin/python bench/pages.py [--articles 100000] [--duration 10] [--soak 600] [--write]

Data: the archive of bench/search.py (imported, not copied): 22,099 Russian Telegram news
posts (CC BY 4.0, see that script), cut into headline, lead and body and recombined beyond
22k, one outlet per channel (24), one tag per category (12), an okrug per channel and a
district in it per article.

Building 100k Wagtail pages through ``add_child`` and revisions would take hours, so the
pages are written with bulk inserts of the rows Wagtail itself writes: ``wagtailcore_page``
rows with treebeard paths from ``MP_Node._get_path`` and url paths, the ``ArticlePage`` rows
with ``body_html`` rendered through the same template as at save, tags, regions, the search
documents (the FTS5 triggers index them) and a stored «Читайте также» per article (its five
predecessors on the same tag, standing in for what the enrichment worker computes). Outlets
are created by the ordinary factory. The database is SQLite in a temporary directory.

Then, in one run, side by side: nginx (Debian, ``worker_processes 2``, a config file in the
temporary directory) serving a static copy of the article page's bytes; ``vestnik serve``
with the page cache on (a hit); the same with the cache off (a miss) with 1, 2 and 4
threads per worker; the outlet home; a search page. wrk measures requests/s and latency;
server CPU per request comes from /proc (utime + stime of the server's process tree).
Then reads counted or not (``readership``): two more cache-hit servers, one with counting
off (``VESTNIK_READS_COUNTED=0``) and one with it on, measured in interleaved rounds with a
browser's User-Agent (wrk sends none, and a request without one is not a reader's, so it is
not counted); medians and their ratio, which should stay ≥ 0.9. ``--reads-only`` runs just
this comparison. Last, a soak: ``--soak`` seconds at 70% of the hit rate (wrk, each
connection waiting between requests through wrk's ``delay()``), with errors and server RSS at
start and end.

(Named pages.py, not http.py: a script's folder comes first on sys.path, and a bench/http.py
would stand in for the standard library's http package in the other benchmarks.)
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's http package: its folder must not shadow it.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]

import argparse  # noqa: E402
import html  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402


def load_search_bench() -> Any:
    """bench/search.py, whose archive builder this benchmark reuses."""
    spec = importlib.util.spec_from_file_location("bench_search", BENCH_DIR / "search.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


search_bench = load_search_bench()
Archive, DEFAULT_DATA, ROOT = search_bench.Archive, search_bench.DEFAULT_DATA, search_bench.ROOT
machine, read_posts = search_bench.machine, search_bench.read_posts
write_docs = search_bench.write_docs

START_MARK = "<!-- http:start -->"
END_MARK = "<!-- http:end -->"
HEADING = "HTTP: page cache against nginx"
READS_START_MARK = "<!-- reads:start -->"
READS_END_MARK = "<!-- reads:end -->"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
WORKERS = 2
CONNECTIONS = 64
SOAK_CONNECTIONS = 256
THREAD_CHOICES = (1, 2, 4)
RELATED = 5
T0 = time.perf_counter()


def log(message: str) -> None:
    sys.stderr.write(f"[{time.perf_counter() - T0:7.1f}s] {message}\n")
    sys.stderr.flush()


# --- building the network ---------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?…])\s+", text.strip())
    chunks, chunk = [], ""
    for sentence in sentences:
        chunk = f"{chunk} {sentence}".strip()
        if len(chunk) > 400:
            chunks.append(chunk)
            chunk = ""
    if chunk:
        chunks.append(chunk)
    return chunks or [text]


def build_network(size: int, seed: int, data: Path) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.template.loader import render_to_string
    from wagtail.models import Locale, Page

    from vestnik.articles.models import ArticlePage, ArticleTag, ComputedRelated, Tag
    from vestnik.language.typography import normalize_headline
    from vestnik.outlets.factories import create_outlet
    from vestnik.regions.models import Region
    from vestnik.search.models import SearchDocument

    call_command("migrate", verbosity=0)
    archive = Archive(read_posts(data), seed, size)
    log(f"archive: {archive.analysed_posts} posts analysed")
    okrugs = list(Region.objects.okrugs().order_by("pk"))
    districts = {okrug.pk: list(okrug.children.order_by("pk")) for okrug in okrugs}
    outlets = {}
    for number in sorted(set(archive.outlet_of.values())):
        okrug = okrugs[(number - 1) % len(okrugs)]
        outlets[number] = create_outlet(
            slug=f"outlet{number}",
            name=f"Издание {number}",
            region=okrug,
            hostname=f"outlet{number}.localhost",
            is_default_site=number == 1,
        )
    tags = {
        number: Tag.objects.get_or_create(name=f"Рубрика {number}", slug=f"rubrika-{number}")[0]
        for number in sorted(set(archive.tag_of.values()))
    }
    article_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    body_field = ArticlePage._meta.get_field("body")
    own_fields = [f for f in ArticlePage._meta.local_concrete_fields if f.column != "page_ptr_id"]
    insert_sql = "INSERT INTO {} (page_ptr_id, {}) VALUES ({})".format(
        ArticlePage._meta.db_table,
        ", ".join(f.column for f in own_fields),
        ", ".join(["%s"] * (len(own_fields) + 1)),
    )
    children = dict.fromkeys(outlets, 0)
    by_tag: dict[int, list[tuple[Any, int]]] = {}
    started = time.perf_counter()
    for start in range(0, size, 2000):
        docs = [archive.document(i) for i in range(start, min(size, start + 2000))]
        pages, extras = [], []
        for doc in docs:
            (number, outlet_n, published, _, headline, lead, body, *_terms, facets) = doc
            outlet = outlets[outlet_n]
            children[outlet_n] += 1
            slug = f"n{number}"
            pages.append(
                Page(
                    title=headline[:255],
                    draft_title=headline[:255],
                    slug=slug,
                    content_type=article_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{outlet.url_path}{slug}/",
                    path=Page._get_path(outlet.path, outlet.depth + 1, children[outlet_n]),
                    depth=outlet.depth + 1,
                    numchild=0,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    first_published_at=published,
                    last_published_at=published,
                )
            )
            extras.append((doc, outlet_n))
        with transaction.atomic():
            Page.objects.bulk_create(pages, batch_size=500)
            rows, tag_rows, region_rows, documents = [], [], [], []
            for page, (doc, outlet_n) in zip(pages, extras, strict=True):
                (
                    number,
                    _,
                    published,
                    _,
                    headline,
                    lead,
                    body,
                    hterms,
                    lterms,
                    bterms,
                    _,
                    facets,
                ) = doc
                texts = [html.escape(p, quote=False) for p in paragraphs(body)]
                stream = [
                    {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
                    for text in texts
                ]
                body_json = json.dumps(stream, ensure_ascii=False)
                # What the body template renders for plain paragraphs; checked against the
                # template itself once per batch.
                body_html = "\n".join(f"<p>{text}</p>" for text in texts)
                if not rows:
                    value = body_field.to_python(body_json)
                    rendered = render_to_string("articles/includes/body.html", {"body": value})
                    assert rendered.strip() == body_html, (rendered, body_html)
                article = ArticlePage(
                    lead=lead,
                    published_at=published,
                    headline_key=normalize_headline(headline)[:255],
                    body_html=body_html,
                )
                rows.append(
                    [
                        page.pk,
                        *(
                            body_json
                            if f.name == "body"
                            else f.get_db_prep_save(f.pre_save(article, True), connection)
                            for f in own_fields
                        ),
                    ]
                )
                okrug_n = int(facets.split()[1][1:])
                okrug = okrugs[(okrug_n - 1) % len(okrugs)]
                district = random.Random(number).choice(districts[okrug.pk] or [okrug])
                tag = tags[int(facets.split()[3][1:])]
                tag_rows.append(ArticleTag(tag=tag, content_object_id=page.pk))
                region_rows.append(
                    ArticlePage.regions.through(articlepage_id=page.pk, region_id=district.pk)
                )
                by_tag.setdefault(tag.pk, []).append((published, page.pk))
                outlet = outlets[outlet_n]
                documents.append(
                    SearchDocument(
                        article_id=page.pk,
                        outlet_id=outlet.pk,
                        published_at=published,
                        url_path=page.url_path,
                        headline=headline,
                        lead=lead,
                        body=body,
                        headline_terms=hterms,
                        lead_terms=lterms,
                        body_terms=bterms,
                        extra_terms="",
                        facet_terms=f"o{outlet.pk} r{okrug.pk} r{district.pk} t{tag.pk}",
                    )
                )
            with connection.cursor() as cursor:
                cursor.executemany(insert_sql, rows)
            ArticleTag.objects.bulk_create(tag_rows, batch_size=1000)
            ArticlePage.regions.through.objects.bulk_create(region_rows, batch_size=1000)
            SearchDocument.objects.bulk_create(documents, batch_size=500)
        log(f"  {start + len(docs)}/{size} articles")
    for number, outlet in outlets.items():
        Page.objects.filter(pk=outlet.pk).update(numchild=children[number])
    related = []
    for items in by_tag.values():
        items.sort()
        for index, (_, article_id) in enumerate(items):
            for position, (_, target) in enumerate(
                reversed(items[max(0, index - RELATED) : index])
            ):
                related.append(
                    ComputedRelated(
                        article_id=article_id, position=position, target_id=target, score=1.0
                    )
                )
    ComputedRelated.objects.bulk_create(related, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - started
    log(f"built {size} articles in {build_seconds:.0f}s")
    # The measured article: the newest of the first outlet, at the top of its home page.
    article = ArticlePage.objects.live().descendant_of(outlets[1]).order_by("-published_at").first()
    word = max(article.title.split(), key=len).strip("«»,.:;!?\"'")
    return {
        "host": "outlet1.localhost",
        "path": f"/{article.slug}/",
        "title": article.title,
        "search": f"/search/?q={urllib.request.quote(word)}",
        "build_seconds": build_seconds,
        "outlets": len(outlets),
    }


# --- servers and measurement ------------------------------------------------------------


def tree_pids(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def wait_for(port: int, host: str, path: str = "/") -> None:
    for _ in range(300):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Host": host}
            )
            urllib.request.urlopen(request, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"nothing answers on port {port}")


def fetch(port: int, host: str, path: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def start_vestnik(
    env: dict[str, str], port: int, threads: int, cache: bool
) -> subprocess.Popen[bytes]:
    server_env = {**env, "VESTNIK_PAGE_CACHE": "1" if cache else "0"}
    command = [
        sys.executable,
        "-m",
        "vestnik.cli",
        "serve",
        "--no-worker",
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--threads",
        str(threads),
    ]
    return subprocess.Popen(
        command,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_nginx(directory: Path, port: int, page: bytes) -> subprocess.Popen[bytes]:
    (directory / "nginx-root").mkdir(exist_ok=True)
    (directory / "nginx-root" / "article.html").write_bytes(page)
    config = directory / "nginx.conf"
    config.write_text(
        f"""user root;
worker_processes {WORKERS};
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types {{ text/html html; }}
  server {{
    listen 127.0.0.1:{port};
    root {directory}/nginx-root;
  }}
}}
"""
    )
    return subprocess.Popen(
        [
            "nginx",
            "-c",
            str(config),
            "-p",
            str(directory),
            "-e",
            f"{directory}/error.log",
            "-g",
            "daemon off;",
        ],
        start_new_session=True,
    )


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
PERCENTILE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(
    port: int,
    host: str,
    path: str,
    seconds: int,
    pids: list[int],
    script: Path | None = None,
    connections: int = CONNECTIONS,
    agent: str | None = None,
) -> dict[str, Any]:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"Host: {host}",
    ]
    if agent:
        command += ["-H", f"User-Agent: {agent}"]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    cpu_before = cpu_seconds(pids)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pids) - cpu_before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    percentiles = {int(p): float(v) * UNIT_MS[u] for p, v, u in PERCENTILE.findall(output)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(WRK_LINE.search(output).group(1)),
        "requests": requests,
        "p50": percentiles.get(50, 0.0),
        "p99": percentiles.get(99, 0.0),
        "cpu_ms": 1000 * cpu / max(requests, 1),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


def measure(args: argparse.Namespace) -> None:
    directory = args.keep or Path(tempfile.mkdtemp(prefix="vestnik-http-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    built = directory / "network.json"
    env = {
        **os.environ,
        "VESTNIK_VAR_DIR": str(directory / "var"),
        "DATABASE_URL": f"sqlite:///{directory / 'var' / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "vestnik.settings.production",
        "ALLOWED_HOSTS": ".localhost,127.0.0.1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update(env)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        import django

        django.setup()
        if built.exists():
            network = json.loads(built.read_text())
            assert network["articles"] == args.articles, f"{built} holds another network"
            log(f"reusing the network of {built}")
        else:
            network = build_network(args.articles, args.seed, args.data)
            if args.keep:
                built.write_text(json.dumps({**network, "articles": args.articles}))
        if args.profile:
            profile_miss(network)
            return
        host, path = network["host"], network["path"]
        if args.reads_only:
            reads = compare_reads(env, host, path, args, servers, directory)
            section = report_reads(args, network, reads)
            sys.stdout.write(section)
            if args.write:
                write_docs(section, READS_START_MARK, READS_END_MARK, READS_HEADING)
            return
        ports = {"hit": 18081, **{f"miss{t}": 18090 + t for t in THREAD_CHOICES}, "nginx": 18080}
        cache_server = start_vestnik(env, ports["hit"], 2, cache=True)
        servers.append(cache_server)
        wait_for(ports["hit"], host, path)
        plain = {}
        for threads in THREAD_CHOICES:
            plain[threads] = start_vestnik(env, ports[f"miss{threads}"], threads, cache=False)
            servers.append(plain[threads])
            wait_for(ports[f"miss{threads}"], host, path)
        page, _ = fetch(ports["miss1"], host, path)
        # Each worker keeps its own memory store: read until both have stored the page.
        for _ in range(20):
            cached, headers = fetch(ports["hit"], host, path)
            if headers.get("x-vestnik-cache") == "hit":
                break
        assert headers.get("x-vestnik-cache") == "hit", headers
        assert cached == page, "the cached page differs from the rendered one"
        nginx = start_nginx(directory, ports["nginx"], page)
        servers.append(nginx)
        time.sleep(1)
        assert fetch(ports["nginx"], host, "/article.html")[0] == page
        log(f"page: {len(page)} bytes, {host}{path}")
        pids = {
            name: tree_pids(server.pid)
            for name, server in [
                ("hit", cache_server),
                ("nginx", nginx),
                *((f"miss{t}", s) for t, s in plain.items()),
            ]
        }
        seconds = args.duration
        results: dict[str, dict[str, Any]] = {}
        runs = [
            ("nginx static copy", "nginx", "/article.html"),
            ("Vestnik cache hit", "hit", path),
            *(
                (
                    f"Vestnik cache miss (cache off, {t} thread{'s' if t > 1 else ''})",
                    f"miss{t}",
                    path,
                )
                for t in THREAD_CHOICES
            ),
        ]
        # Rounds in turn, each label's figures the median of its rounds: on a shared machine
        # one 10-second run can land in a neighbour's burst.
        rounds: dict[str, list[dict[str, Any]]] = {label: [] for label, _, _ in runs}
        for number in range(1, args.rounds + 1):
            for label, server, target in runs:
                log(f"wrk: {label} (round {number} of {args.rounds})")
                rounds[label].append(run_wrk(ports[server], host, target, seconds, pids[server]))
        for label, measured in rounds.items():
            results[label] = {
                key: statistics.median(run[key] for run in measured) for key in measured[0]
            }
            results[label]["errors"] = sum(run["errors"] for run in measured)
            results[label]["cpu_ms_rounds"] = [run["cpu_ms"] for run in measured]
        best = min(
            THREAD_CHOICES,
            key=lambda t: (
                -results[f"Vestnik cache miss (cache off, {t} thread{'s' if t > 1 else ''})"]["rps"]
            ),
        )
        for label, server, target in [
            ("Outlet home, cache hit", "hit", "/"),
            (f"Outlet home, cache off ({best} threads)", f"miss{best}", "/"),
            (f"Search page ({best} threads)", f"miss{best}", network["search"]),
        ]:
            fetch(ports[server], host, target)
            log(f"wrk: {label}")
            results[label] = run_wrk(ports[server], host, target, seconds, pids[server])
        reads = compare_reads(env, host, path, args, servers, directory)
        soak = None
        if args.soak:
            soak = run_soak(
                ports["hit"],
                host,
                path,
                args.soak,
                pids["hit"],
                directory,
                0.7 * results["Vestnik cache hit"]["rps"],
                results["Vestnik cache hit"]["p50"],
            )
        section = report(args, network, len(page), results, best, soak)
        reads_section = report_reads(args, network, reads)
        sys.stdout.write(section + "\n" + reads_section)
        if args.write:
            write_docs(section, START_MARK, END_MARK, HEADING)
            write_docs(reads_section, READS_START_MARK, READS_END_MARK, READS_HEADING)
    finally:
        for server in servers:
            try:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(directory / "nginx-root", ignore_errors=True)
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)


def compare_reads(
    env: dict[str, str],
    host: str,
    path: str,
    args: argparse.Namespace,
    servers: list[subprocess.Popen[bytes]],
    directory: Path,
) -> dict[str, Any]:
    """The article's cache hit with reads counted and not, side by side: the same server
    twice, one setting apart, in rounds that alternate which goes first."""
    ports = {"off": 18083, "on": 18084}
    started = {}
    for name, counted in (("off", "0"), ("on", "1")):
        started[name] = start_vestnik(
            {**env, "VESTNIK_READS_COUNTED": counted}, ports[name], 2, True
        )
        servers.append(started[name])
        wait_for(ports[name], host, path)
        for _ in range(20):  # each worker keeps its own memory store
            _, headers = fetch(ports[name], host, path)
            if headers.get("x-vestnik-cache") == "hit":
                break
    pids = {name: tree_pids(server.pid) for name, server in started.items()}
    spool = directory / "var" / "reads" / "reads.log"
    spooled_before = spool.stat().st_size if spool.exists() else 0
    rounds: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for number in range(1, args.rounds + 1):
        for name in ("off", "on") if number % 2 else ("on", "off"):
            log(f"wrk: cache hit, reads counted {name} (round {number} of {args.rounds})")
            rounds[name].append(
                run_wrk(ports[name], host, path, args.duration, pids[name], agent=BROWSER)
            )
    for server in started.values():  # stopping flushes what each worker still holds
        servers.remove(server)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    spooled = 0  # views in the lines the counting server wrote: day, page, reader, views
    if spool.exists():
        with open(spool, "rb") as lines:
            lines.seek(spooled_before)
            spooled = sum(int(line.rsplit(b"\t", 1)[1]) for line in lines if line.strip())
    medians = {
        name: {key: statistics.median(run[key] for run in measured) for key in measured[0]}
        for name, measured in rounds.items()
    }
    return {
        "rounds": rounds,
        "medians": medians,
        "ratio": medians["on"]["rps"] / medians["off"]["rps"],
        "counted": spooled,
        "requests_on": sum(run["requests"] for run in rounds["on"]),
    }


READS_HEADING = "Reads counted on cache hits"


def report_reads(args: argparse.Namespace, network: dict[str, Any], reads: dict[str, Any]) -> str:
    info = machine()
    lines = [
        f"Machine: {info['cpu']}, {info['cpus']} cores, {info.get('ram', '?')} RAM, shared with "
        f"other work (load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}); "
        f"Python {info['python']}, SQLite {info['sqlite']}.",
        "",
        f"Data: {args.articles:,} articles in {network['outlets']} outlets (see above). Page: "
        f"{network['host']}{network['path']}, a cache hit.",
        "",
        f"Command: `.venv/bin/python bench/pages.py --articles {args.articles} --duration "
        f"{args.duration} --rounds {args.rounds}{' --reads-only' if args.reads_only else ''} "
        f"--write`; wrk -t2 -c{CONNECTIONS} -d{args.duration}s with a browser's User-Agent, "
        f"granian with {WORKERS} workers each; the two servers' rounds interleaved, the one "
        "going first alternating; medians of the rounds.",
        "",
        "| reads | requests/s | p50 ms | p99 ms | server CPU ms/request | rounds (requests/s) |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name in ("off", "on"):
        median = reads["medians"][name]
        each = " / ".join(f"{run['rps']:,.0f}" for run in reads["rounds"][name])
        lines.append(
            f"| counted {name} | {median['rps']:,.0f} | {median['p50']:.2f} | "
            f"{median['p99']:.2f} | {median['cpu_ms']:.3f} | {each} |"
        )
    lines += [
        "",
        f"Counted on ÷ off: {reads['ratio']:.3f} of the requests/s (target ≥ 0.9). The counting "
        f"server spooled {reads['counted']:,} views of {reads['requests_on']:,} requests.",
    ]
    return "\n".join(lines) + "\n"


def profile_miss(network: dict[str, Any]) -> None:
    """Where a miss spends its time: cProfile over in-process requests (``--profile``)."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_HOST=network["host"])
    for _ in range(20):
        client.get(network["path"])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(200):
        client.get(network["path"])
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)


def run_soak(
    port: int,
    host: str,
    path: str,
    seconds: int,
    pids: list[int],
    directory: Path,
    rate: float,
    latency_ms: float,
) -> dict[str, Any]:
    # Many connections, each pausing between its requests for what is left of its share of
    # a second once the answer's own latency is counted (wrk waits for an answer before it
    # pauses). A 15-second calibration at the hit run's p50 finds the latency at this rate;
    # the pause is then rounded down, so the soak runs at the aim or a little above it.
    script = directory / "paced.lua"
    share_ms = SOAK_CONNECTIONS * 1000 / rate

    def pace(delay_ms: int) -> None:
        script.write_text(f"function delay()\n  return {delay_ms}\nend\n")

    trial_ms = max(1, round(share_ms - latency_ms))
    pace(trial_ms)
    trial = run_wrk(port, host, path, 15, pids, script=script, connections=SOAK_CONNECTIONS)
    measured_latency_ms = SOAK_CONNECTIONS * 1000 / trial["rps"] - trial_ms
    delay_ms = max(1, math.floor(share_ms - measured_latency_ms))
    pace(delay_ms)
    log(
        f"soak: {seconds}s at about {rate:.0f} requests/s "
        f"({SOAK_CONNECTIONS} connections, {delay_ms} ms apart; calibration "
        f"{trial['rps']:.0f} requests/s at {trial_ms} ms)"
    )
    rss_start = rss_mib(pids)
    result = run_wrk(port, host, path, seconds, pids, script=script, connections=SOAK_CONNECTIONS)
    result.update(rss_start=rss_start, rss_end=rss_mib(pids), target=rate, seconds=seconds)
    return result


def report(
    args: argparse.Namespace,
    network: dict[str, Any],
    size: int,
    results: dict[str, dict[str, Any]],
    best: int,
    soak: dict[str, Any] | None,
) -> str:
    info = machine()
    nginx = results["nginx static copy"]["rps"]
    lines = [
        f"Machine: {info['cpu']}, {info['cpus']} cores, {info.get('ram', '?')} RAM, shared with "
        f"other work (load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}); "
        f"Python {info['python']} ({os.path.realpath(sys._base_executable)}), "
        f"SQLite {info['sqlite']}.",
        "",
        f"Data: {args.articles:,} articles in {network['outlets']} outlets, built in "
        f"{network['build_seconds']:.0f} s by bulk inserts (see bench/pages.py). Page: "
        f"{network['host']}{network['path']}, {size:,} bytes, the same bytes for nginx.",
        "",
        f"Command: `.venv/bin/python bench/pages.py --articles {args.articles} --duration "
        f"{args.duration} --rounds {args.rounds} --soak {args.soak} --write`; wrk -t2 "
        f"-c{CONNECTIONS} -d{args.duration}s, granian with {WORKERS} workers, nginx with "
        f"{WORKERS} workers. The first five rows are medians of {args.rounds} rounds run in "
        "turn (server CPU of each round in brackets); the last three are one run each.",
        "",
        "| what | requests/s | p50 ms | p99 ms | server CPU ms/request | × nginx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, result in results.items():
        cpu = f"{result['cpu_ms']:.3f}"
        if len(result.get("cpu_ms_rounds", ())) > 1:
            cpu += f" ({' / '.join(f'{ms:.2f}' for ms in result['cpu_ms_rounds'])})"
        lines.append(
            f"| {label} | {result['rps']:,.0f} | {result['p50']:.2f} | {result['p99']:.2f} | "
            f"{cpu} | {result['rps'] / nginx:.3f} |"
        )
    hit = results["Vestnik cache hit"]
    miss = results[f"Vestnik cache miss (cache off, {best} thread{'s' if best > 1 else ''})"]
    lines += [
        "",
        f"Cache hit: {hit['rps'] / nginx:.2f} of nginx's requests/s (target ≥ 0.3). Cache miss: "
        f"{miss['cpu_ms']:.2f} ms of server CPU per request with {best} thread(s) per worker, the "
        f"best of {', '.join(map(str, THREAD_CHOICES))} (target ≤ 3 ms).",
    ]
    if soak:
        lines += [
            "",
            f"Soak: {soak['seconds']} s at {soak['rps']:,.0f} requests/s (aimed at 70% of the hit "
            f"rate, {soak['target']:,.0f}): {soak['requests']:,} requests, "
            f"{soak['errors']} errors, {SOAK_CONNECTIONS} connections, "
            f"p99 {soak['p99']:.2f} ms; server RSS {soak['rss_start']:.0f} MiB at the start, "
            f"{soak['rss_end']:.0f} MiB at the end.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--soak", type=int, default=600, help="soak seconds (0: none)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the main runs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the network in this folder and keep it; a later run with it reuses it",
    )
    parser.add_argument("--profile", action="store_true", help="profile a miss in-process, no HTTP")
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="only the cache hit with reads counted off and on, side by side",
    )
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        sys.exit("wrk and nginx are needed: apt-get install -y wrk nginx")
    measure(args)


if __name__ == "__main__":
    main()
