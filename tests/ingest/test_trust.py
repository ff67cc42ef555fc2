"""Untrusted sources cannot abuse ingest: no request into the server's network, no fetch
without an end, no source in another's lane, no editor overruled, no bad picture kept."""

import io
import socket
import threading
from collections.abc import Iterator
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from PIL import Image

from vestnik.articles.models import ArticlePage
from vestnik.ingest.addresses import is_internal, permitted
from vestnik.ingest.documents import DocumentKind, detect_kind
from vestnik.ingest.fetch import fetch
from vestnik.ingest.items import SourceError
from vestnik.ingest.models import IngestedItem, Source
from vestnik.ingest.runs import ingest_url, run_source
from vestnik.ingest.store import Destination
from vestnik.language.slugs import headline_slug

from .conftest import LOOPBACK, data_text, png
from .test_import_text import OWN_PAGE

pytestmark = pytest.mark.django_db


# Addresses inside the network, however they are written
@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("0.0.0.0", True),
        ("::", True),
        ("10.0.0.1", True),
        ("172.16.5.4", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),  # cloud metadata
        ("100.64.0.1", True),  # carrier-grade NAT
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),  # IPv4-mapped
        ("::ffff:10.0.0.1", True),
        ("2002:7f00:1::", True),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", True),  # NAT64 around 10.0.0.1
        ("224.0.0.1", True),
        ("93.184.216.34", False),
        ("2606:2800:220:1:248:1893:25c8:1946", False),
    ],
)
def test_internal_addresses_are_told_in_every_notation(address, internal):
    assert is_internal(address) is internal


def test_an_allowed_host_opens_only_itself():
    assert permitted("intranet.local", "10.1.2.3", {"intranet.local"})
    assert not permitted("other.local", "10.1.2.3", {"intranet.local"})
    assert permitted("any", "10.1.2.3", {"10.1.0.0/16"})
    assert not permitted("any", "10.2.0.1", {"10.1.0.0/16"})
    assert permitted("any", "::ffff:127.0.0.1", {"127.0.0.1"})


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "127.0.0.2"],
)
def test_fetch_never_connects_to_a_loopback_address_without_the_allowance(site, host):
    site.serve("/secret", "text/plain", "внутреннее")
    port = site.base.rsplit(":", 1)[1]
    with pytest.raises(SourceError, match="во внутренней сети"):
        fetch(f"http://{host}:{port}/secret", max_bytes=1000)
    assert site.requested == []


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/"])
def test_fetch_refuses_private_and_link_local_addresses_before_connecting(url):
    with pytest.raises(SourceError, match="во внутренней сети"):
        fetch(url, max_bytes=1000)


def test_feed_pictures_and_redirects_into_the_network_are_never_requested(site, network):
    """The source may reach «localhost» (its feed); its items point elsewhere inside."""
    port = site.base.rsplit(":", 1)[1]
    feed = data_text("feed.xml", f"http://localhost:{port}", number="3")
    feed = feed.replace(f"http://localhost:{port}/img/katok.png", f"{site.base}/img/katok.png")
    feed = feed.replace('src="/img/biblioteka.png"', 'src="http://10.0.0.1/x.png"')
    site.serve("/rss", "application/rss+xml", feed)
    site.serve("/img/katok.png", "image/png", png())
    source = Source.objects.create(
        name="Лента с чужими картинками",
        location=f"http://localhost:{port}/rss",
        internal_hosts="localhost",
        outlet=network["zvezdny"],
        publish_live=True,
        poll_interval=0,
    )
    summary = run_source(source)
    assert summary.new == 3 and summary.failed == []
    assert "/img/katok.png" not in site.requested  # 127.0.0.1 itself was not allowed
    reasons = " ".join(notice for _, notice in summary.notices)
    assert "127.0.0.1 во внутренней сети" in reasons and "10.0.0.1 во внутренней сети" in reasons
    rink = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    assert rink.photo is None or rink.photo.file.name.startswith("original_images/")


def test_redirect_into_the_network_is_refused(redirecting_site):
    """The source may reach «localhost»; the redirects name other loopback spellings."""
    base, requested = redirecting_site
    base = base.replace("127.0.0.1", "localhost")
    allow = {"localhost"}
    with pytest.raises(SourceError, match="во внутренней сети"):
        fetch(f"{base}/go?to=http://[::ffff:127.0.0.1]:1/", max_bytes=1000, allow=allow)
    with pytest.raises(SourceError, match="во внутренней сети"):
        fetch(f"{base}/go?to=http://0.0.0.0:1/", max_bytes=1000, allow=allow)
    assert [unquote(path) for path in requested] == [
        "/go?to=http://[::ffff:127.0.0.1]:1/",
        "/go?to=http://0.0.0.0:1/",
    ]


@pytest.fixture
def redirecting_site() -> Iterator[tuple[str, list[str]]]:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    requested: list[str] = []

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(302)
            self.send_header("Location", unquote(self.path.split("to=", 1)[1]))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requested
    server.shutdown()
    server.server_close()


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """Answers every connection with a byte per 0.2 s: headers first, then a body that
    would take a minute; it stops when the client goes away."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def trickle(connection: socket.socket) -> None:
        answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        answer += b"Content-Length: 300\r\n\r\n" + b" " * 300
        with connection:
            connection.recv(4096)
            for byte in answer:
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/rss"
    stop.set()
    listener.close()


def test_a_server_trickling_a_byte_at_a_time_is_cut_off_at_the_fetch_deadline(
    trickling_server, settings
):
    settings.VESTNIK_FETCH_DEADLINE = 1.0
    with pytest.raises(SourceError, match="не загрузился за 1 с"):
        fetch(trickling_server, max_bytes=10_000, allow=LOOPBACK)


def test_feed_beginning_with_a_doctype_is_recognised(site, network):
    doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    )
    feed = data_text("feed.xml", site.base, number="3").split("?>", 1)[1]
    assert detect_kind(doctype + feed) == DocumentKind.FEED
    site.serve("/rss", "text/html", doctype + feed)
    summary = ingest_url(
        site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.new == 3


def feed_source(site, name: str, path: str, outlet, **fields) -> Source:  # type: ignore[no-untyped-def]
    return Source.objects.create(
        name=name,
        location=site.base + path,
        internal_hosts="127.0.0.1",
        outlet=outlet,
        publish_live=True,
        poll_interval=0,
        **fields,
    )


def test_source_reusing_another_sources_guid_never_touches_its_article(district_site, network):
    outlet = network["zvezdny"]
    first = feed_source(district_site, "Управа", "/rss", outlet, text_credit="Управа")
    run_source(first)
    rink = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    impostor = data_text("feed.xml", district_site.base, number="3").replace(
        "В Строгине открыли каток у пруда", "Каток закрыт навсегда"
    )
    district_site.serve("/other", "application/rss+xml", impostor)
    second = feed_source(district_site, "Чужой", "/other", outlet, text_credit="Чужой")
    assert run_source(second).new == 3
    rink.refresh_from_db()
    assert (rink.title, rink.text_credit, rink.live) == (
        "В Строгине открыли каток у пруда",
        "Управа",
        True,
    )
    assert IngestedItem.objects.filter(source=second).exclude(article=rink).count() == 3


def test_a_feed_item_never_touches_an_article_made_by_hand(district_site, network):
    outlet = network["zvezdny"]
    headline = "В Строгине открыли каток у пруда"
    by_hand = ArticlePage(title=headline, slug=headline_slug(headline), lead="Написано в редакции.")
    outlet.add_child(instance=by_hand)
    by_hand.save_revision().publish()

    summary = run_source(feed_source(district_site, "Управа", "/rss", outlet))
    assert summary.new == 3
    by_hand.refresh_from_db()
    assert (by_hand.lead, by_hand.live) == ("Написано в редакции.", True)
    assert not IngestedItem.objects.filter(article=by_hand).exists()
    imported = IngestedItem.objects.get(article__title=headline).article
    assert imported.pk != by_hand.pk and imported.slug != by_hand.slug


def changed_feed(site) -> None:  # type: ignore[no-untyped-def]
    site.serve("/rss", "application/rss+xml", data_text("feed.xml", site.base, number="7"))


def test_article_the_editor_unpublished_stays_unpublished_when_its_item_changes(
    district_site, network
):
    source = feed_source(district_site, "Управа", "/rss", network["zvezdny"])
    run_source(source)
    library = ArticlePage.objects.get(title__startswith="Библиотека №3")
    library.unpublish()
    changed_feed(district_site)
    summary = run_source(source)
    assert (summary.held, summary.updated) == (1, 0)
    library.refresh_from_db()
    assert not library.live
    draft = library.get_latest_revision_as_object()
    assert draft.title == "Библиотека №7 продлила часы работы"


def test_editors_own_edit_is_not_overwritten_by_the_next_poll(
    district_site, network, django_user_model
):
    source = feed_source(district_site, "Управа", "/rss", network["zvezdny"])
    run_source(source)
    editor = django_user_model.objects.get(username="editor-zvezdny")
    library = ArticlePage.objects.get(title__startswith="Библиотека №3")
    library.title = "Библиотека работает дольше: правка редактора"
    library.save_revision(user=editor).publish(user=editor)
    changed_feed(district_site)
    assert run_source(source).held == 1
    library.refresh_from_db()
    assert library.live and library.title == "Библиотека работает дольше: правка редактора"
    assert library.get_latest_revision().user is None  # the source's change waits as a draft


def test_import_text_and_ingest_file_give_one_article_for_one_page(tmp_path, network):
    page = tmp_path / "page.txt"
    page.write_text(
        OWN_PAGE.format(related_headline="Х", related_lead="Л", related_date="1 Мар 2025 в 10:00"),
        encoding="utf-8",
    )
    copy = tmp_path / "copy.txt"
    copy.write_bytes(page.read_bytes())
    call_command("import_text", str(page), outlet="zelpanorama", stdout=StringIO())
    out = StringIO()
    call_command("ingest_file", str(copy), outlet="zelpanorama", stdout=out, stderr=StringIO())
    assert "без изменений: 1" in out.getvalue()
    assert (
        ArticlePage.objects.filter(title="В Крюкове открылся центр детского творчества").count()
        == 1
    )


def test_path_source_outside_the_import_directory_is_refused(tmp_path, network, settings):
    settings.VESTNIK_IMPORT_DIR = tmp_path / "import"
    (tmp_path / "import").mkdir()
    source = Source(name="Диск", kind=Source.Kind.TEXT, location="/etc", outlet=network["zvezdny"])
    with pytest.raises(ValidationError, match="только из каталога импорта"):
        source.full_clean()
    source.location = "../"
    with pytest.raises(ValidationError, match="только из каталога импорта"):
        source.full_clean()
    source.location = "archive"
    source.full_clean()
    source.location = "/etc"
    source.save()
    assert "вне каталога импорта" in run_source(source).failed[0][1]


def test_internal_hosts_field_is_checked_and_shown_only_to_superusers(network):
    source = Source(
        name="Интранет", location="http://intranet.local/rss", outlet=network["zvezdny"]
    )
    source.internal_hosts = "intranet.local\n10.1.0.0/16"
    source.full_clean()
    source.internal_hosts = "http://x/"
    with pytest.raises(ValidationError, match="не имя сервера"):
        source.full_clean()
    panel = next(p for p in Source.panels if getattr(p, "field_name", "") == "internal_hosts")
    assert panel.permission == "superuser"


def jpeg(size: tuple[int, int] = (64, 36)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#a58").save(buffer, format="JPEG")
    return buffer.getvalue()


def corrupt_png() -> bytes:
    """A PNG whose compressed pixels are garbage under a correct checksum: verify() passes."""
    import struct
    import zlib

    data = png(size=(64, 36))
    start = data.index(b"IDAT") - 4
    length = struct.unpack(">I", data[start : start + 4])[0]
    garbage = bytes(range(256)) * (length // 256 + 1)
    garbage = garbage[:length]
    chunk = b"IDAT" + garbage
    return (
        data[:start]
        + struct.pack(">I", length)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + data[start + 12 + length :]
    )


@pytest.mark.parametrize(
    ("picture", "reason"),
    [
        (lambda: jpeg()[: len(jpeg()) // 2], "повреждено"),
        (corrupt_png, "повреждено"),
    ],
)
def test_broken_picture_is_left_out_with_its_reason_and_the_item_kept(
    district_site, network, picture, reason
):
    district_site.serve("/img/katok.png", "image/png", picture())
    summary = ingest_url(
        district_site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.new == 3 and summary.failed == []
    assert any(reason in notice and "katok" in notice for _, notice in summary.notices)
    rink = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    assert rink.photo is None or not rink.photo.file.name.endswith(".png")


def test_picture_above_the_pixel_cap_is_left_out(district_site, network, settings):
    settings.VESTNIK_IMAGE_MAX_PIXELS = 1000
    summary = ingest_url(
        district_site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.new == 3
    assert any("больше 0.001 Мпикс" in notice for _, notice in summary.notices)


def test_renditions_the_pages_show_are_made_at_import_not_by_the_reader(
    district_site, network, client
):
    # Wagtail remembers renditions in the cache; an earlier test's image had the same id.
    cache.clear()
    ingest_url(
        district_site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    rink = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    made = set(rink.photo.renditions.values_list("filter_spec", flat=True))
    assert {
        "fill-960x540",
        "format-webp|fill-800x450",
        "format-jpeg|fill-480x270",
        "format-webp|fill-320x180",
        "format-jpeg|width-1200",
    } <= made
    before = rink.photo.renditions.count()
    assert client.get(rink.url, HTTP_HOST="zvezdny.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="zvezdny.localhost").status_code == 200
    assert rink.photo.renditions.count() == before


def test_migration_gives_file_keyed_and_import_text_articles_the_text_page_key(tmp_path, network):
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "vestnik.ingest.migrations.0004_text_pages_keyed_by_date_and_headline"
    )
    page = tmp_path / "page.txt"
    page.write_text(
        OWN_PAGE.format(related_headline="Х", related_lead="Л", related_date="1 Мар 2025 в 10:00"),
        encoding="utf-8",
    )
    call_command("import_text", str(page), outlet="zelpanorama", stdout=StringIO())
    row = IngestedItem.objects.get()
    text_key, article = row.guid, row.article
    # As ``ingest-file`` keyed it before.
    row.guid = page.as_uri()
    row.save()
    migration.key_text_pages(apps, None)
    assert IngestedItem.objects.get(article=article).guid == text_key
    # As ``import-text`` left it before: an article without a row.
    IngestedItem.objects.all().delete()
    migration.key_text_pages(apps, None)
    assert IngestedItem.objects.get(article=article).guid == text_key
    out = StringIO()
    call_command("ingest_file", str(page), outlet="zelpanorama", stdout=out, stderr=StringIO())
    assert "обновлено: 1" in out.getvalue()
    assert (
        ArticlePage.objects.filter(title="В Крюкове открылся центр детского творчества").count()
        == 1
    )
