"""Feeds, pages and ninjs from a loopback server become articles, each exactly once."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from vestnik.articles.models import ArticlePage
from vestnik.ingest.items import SourceError
from vestnik.ingest.models import IngestedItem, Source
from vestnik.ingest.runs import ingest_path, ingest_url
from vestnik.ingest.store import Destination

from .conftest import ALLOW_LOOPBACK, LOOPBACK, data_text, png

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


def ingested(outlet) -> list[ArticlePage]:  # type: ignore[no-untyped-def]
    ids = IngestedItem.objects.filter(outlet=outlet).values_list("article_id", flat=True)
    return list(ArticlePage.objects.filter(pk__in=ids).order_by("published_at"))


def paragraphs(article: ArticlePage) -> list[str]:
    return [str(block.value) for block in article.body if block.block_type == "paragraph"]


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_feed_ingested_twice_yields_each_article_once(district_site, network):
    outlet = network["zvezdny"]
    first = ingest_url(district_site.base + "/rss", Destination(outlet, internal_hosts=LOOPBACK))
    assert (first.new, first.updated, first.unchanged, first.failed) == (3, 0, 0, [])
    second = ingest_url(district_site.base + "/rss", Destination(outlet, internal_hosts=LOOPBACK))
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert len(ingested(outlet)) == 3
    assert IngestedItem.objects.filter(outlet=outlet).count() == 3


def test_changed_feed_item_updates_its_article_instead_of_adding_one(district_site, network):
    outlet = network["zvezdny"]
    ingest_url(district_site.base + "/rss", Destination(outlet, internal_hosts=LOOPBACK))
    before = {a.pk for a in ingested(outlet)}
    district_site.serve(
        "/rss", "application/rss+xml", data_text("feed.xml", district_site.base, number="7")
    )
    summary = ingest_url(district_site.base + "/rss", Destination(outlet, internal_hosts=LOOPBACK))
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 2)
    after = ingested(outlet)
    assert {a.pk for a in after} == before
    assert "Библиотека №7 продлила часы работы" in [a.title for a in after]


def test_rss_item_becomes_article_with_date_body_credit_and_provenance(district_site, network):
    outlet = network["zvezdny"]
    ingest_url(
        district_site.base + "/rss",
        Destination(outlet, internal_hosts=LOOPBACK, photo_credit="управа Строгино"),
    )
    article = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    assert article.live
    assert article.published_at == datetime(2025, 1, 4, 9, 30, tzinfo=MOSCOW)
    assert article.canonical_url == district_site.base + "/news/katok"
    assert article.text_credit == "Ирина Соколова"
    assert article.lead == "Каток работает ежедневно с 10:00 до 22:00."
    assert "площадью 1200 квадратных метров" in paragraphs(article)[0]
    assert article.photo.credit_author == "А. Лебедева"
    assert article.photo.credit_source == "пресс-служба управы района Строгино"
    with article.photo.file.open("rb") as picture:
        assert picture.read(8) == b"\x89PNG\r\n\x1a\n"
    # content:encoded keeps its markup, links made absolute, its picture as an image block.
    library = ArticlePage.objects.get(title__startswith="Библиотека №3")
    kinds = [block.block_type for block in library.body]
    assert kinds == ["paragraph", "image", "paragraph"]
    assert "<b>до 21:00</b>" in paragraphs(library)[0]
    assert f'href="{district_site.base}/news/klub"' in paragraphs(library)[1]
    assert library.body[1].value["image"].credit_source == "управа Строгино"
    # Without full text the description is the body.
    light = ArticlePage.objects.get(title__startswith="Во дворе на Исаковского")
    assert "14 новых светильников" in paragraphs(light)[0]
    assert light.published_at == datetime(2025, 1, 2, 9, 0, tzinfo=MOSCOW)


def test_html_page_becomes_article_through_ingest_url(district_site, network, client):
    output = run(
        "ingest_url", district_site.base + "/szao/dosug", "--outlet", "zvezdny", *ALLOW_LOOPBACK
    )
    assert "создана" in output and "новых: 1" in output
    article = ArticlePage.objects.get(title="В Куркине открылся центр досуга")
    assert article.published_at == datetime(2025, 2, 10, 11, 20, tzinfo=MOSCOW)
    assert article.canonical_url == district_site.base + "/szao/dosug"
    assert article.text_credit == "Ольга Миронова"
    assert article.photo.caption == "Центр досуга в Куркине"
    assert article.photo.credit_author == "В. Орлов"
    assert article.photo.credit_source == "пресс-служба префектуры СЗАО"
    text = " ".join(paragraphs(article))
    assert "Новокуркинском шоссе" in text and "семейные мастер-классы" in text
    assert "Главная" not in text and "Все права защищены" not in text
    quotes = [block.value["text"] for block in article.body if block.block_type == "quote"]
    assert quotes and "Анна Белова" in quotes[0]
    # Neither the headline nor the lead picture is repeated inside the body.
    assert all("<h2>В Куркине" not in p for p in paragraphs(article))
    assert [b.block_type for b in article.body].count("image") == 0
    page = client.get(article.url, HTTP_HOST="zvezdny.localhost")
    assert "Фото: В. Орлов, пресс-служба префектуры СЗАО" in page.content.decode()


def test_atom_and_ninjs_documents_are_told_apart_by_content(district_site, network):
    outlet = network["yugozapad"]
    atom = ingest_url(district_site.base + "/atom", Destination(outlet, internal_hosts=LOOPBACK))
    ninjs = ingest_url(district_site.base + "/ninjs", Destination(outlet, internal_hosts=LOOPBACK))
    assert (atom.new, ninjs.new) == (1, 1)
    alley = ArticlePage.objects.get(title="В Митине высадили аллею лип")
    assert alley.published_at == datetime(2025, 1, 5, 10, 15, tzinfo=MOSCOW)
    assert alley.text_credit == "Пресс-служба префектуры СЗАО"
    clinic = ArticlePage.objects.get(title="В Южном Бутове отремонтировали поликлинику")
    assert clinic.published_at == datetime(2025, 3, 11, 9, 0, tzinfo=MOSCOW)
    assert [str(region) for region in clinic.regions.all()] == ["Южное Бутово"]
    assert clinic.photo.caption == "Поликлиника после ремонта"
    assert clinic.photo.credit_source == "mos.ru"
    assert clinic.lead == "Ремонт занял восемь месяцев."


def test_seed_page_becomes_article_through_ingest_file(seed_page, network, client):
    output = run("ingest_file", str(seed_page), "--outlet", "zvezdny")
    assert "новых: 1" in output
    article = ArticlePage.objects.get(headline_key__startswith="собянин рассказал о новых")
    assert article.published_at == datetime(2024, 1, 29, 9, 41, tzinfo=MOSCOW)
    assert article.text_credit == "Звёздный Бульвар"
    assert [str(r) for r in article.regions.all()] == ["СВАО"]
    assert article.photo.credit_author == "Д. Гришкин"
    assert article.photo.credit_source == "mos.ru. Пресс-служба мэра и Правительства Москвы"
    assert len(paragraphs(article)) > 3
    assert len(article.related_items.all()) == 5
    record = IngestedItem.objects.get(article=article)
    assert record.guid.startswith("text:2024-01-29T09:41:собянин рассказал о новых")
    assert "новых: 0, обновлено: 0, без изменений: 1" in run(
        "ingest_file", str(seed_page), "--outlet", "zvezdny"
    )


def test_bad_item_is_reported_and_the_batch_goes_on(site, network):
    feed = data_text("feed.xml", site.base, number="3").replace(
        "<title>Во дворе на Исаковского заменили освещение</title>", "<title></title>"
    )
    site.serve("/rss", "application/rss+xml", feed)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="не импортировано материалов: 1"):
        call_command(
            "ingest_url",
            site.base + "/rss",
            *ALLOW_LOOPBACK,
            outlet="zvezdny",
            stdout=out,
            stderr=err,
        )
    assert "новых: 2, обновлено: 0, без изменений: 0, с ошибкой: 1" in out.getvalue()
    assert f"ошибка: {site.base}/news/svet: нет заголовка" in err.getvalue()


def test_item_whose_text_is_all_script_is_refused(site, network):
    feed = data_text("feed.xml", site.base, number="3").replace(
        "<![CDATA[<p>Во дворе дома 6 на улице Исаковского установили 14 новых светильников.</p>]]>",
        "<![CDATA[<script>alert(1)</script><style>p{}</style>]]>",
    )
    site.serve("/rss", "application/rss+xml", feed)
    summary = ingest_url(
        site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.failed == [(f"{site.base}/news/svet", "после очистки HTML не осталось текста")]


def test_configured_source_runs_by_name_or_id_as_drafts(district_site, network):
    source = Source.objects.create(
        name="Управа Строгино",
        kind=Source.Kind.FEED,
        internal_hosts="127.0.0.1",
        location=district_site.base + "/rss",
        outlet=network["zelpanorama"],
        poll_interval=0,
        text_credit="Управа района Строгино",
    )
    assert "новых: 3" in run("ingest", "Управа Строгино")
    assert "без изменений: 3" in run("ingest", str(source.pk))
    articles = ingested(network["zelpanorama"])
    assert len(articles) == 3
    assert not any(article.live for article in articles)
    assert {article.text_credit for article in articles} == {"Управа района Строгино"}
    source.refresh_from_db()
    assert source.last_polled_at is not None
    assert source.last_result.startswith("новых: 0, обновлено: 0, без изменений: 3")
    assert IngestedItem.objects.filter(source=source).count() == 3


def test_unknown_source_or_outlet_is_a_clear_error(network):
    with pytest.raises(CommandError, match="Нет источника «нет такого»"):
        run("ingest", "нет такого")
    with pytest.raises(CommandError, match="Нет издания «nowhere»"):
        run("ingest_url", "http://127.0.0.1:9/", "--outlet", "nowhere")


def test_worker_polls_due_sources(district_site, network, run_worker):
    Source.objects.create(
        name="СЗАО",
        kind=Source.Kind.PAGE,
        internal_hosts="127.0.0.1",
        location=district_site.base + "/szao/dosug",
        outlet=network["zelpanorama"],
        publish_live=True,
        poll_interval=30,
    )
    run_worker()
    assert ArticlePage.objects.live().filter(title="В Куркине открылся центр досуга").exists()
    source = Source.objects.get(name="СЗАО")
    assert source.last_result.startswith("новых: 1")
    # The next poll waits for the interval; running the worker again brings nothing new.
    run_worker()
    assert IngestedItem.objects.filter(source=source).count() == 1


@pytest.mark.parametrize(
    ("path", "content_type", "body", "message"),
    [
        ("/empty", "text/html", b"", "пустой документ"),
        ("/spaces", "text/html", b"  \n\t ", "пустой документ"),
        ("/png", "image/png", png(), "это не текст и не HTML: image/png"),
        ("/pdf", "application/pdf", b"%PDF-1.4 ...", "это не текст и не HTML"),
        ("/binary", "text/plain", b"\x00\x01\x02abc", "двоичные данные"),
        ("/json", "application/json", b'{"headline": ', "повреждённый JSON"),
        ("/xml", "application/xml", b"<?xml version='1.0'?><catalog/>", "XML неизвестного вида"),
        ("/rss", "application/rss+xml", b"<rss version='2.0'><channel><item>", "лента"),
        ("/text", "text/plain", "просто строка".encode(), "не лента, не HTML"),
        ("/nohead", "text/html", b"<html><body><div></div></body></html>", "нет заголовка"),
    ],
)
def test_malformed_documents_get_a_clear_error(site, network, path, content_type, body, message):
    site.serve(path, content_type, body)
    with pytest.raises(SourceError, match=message):
        ingest_url(site.base + path, Destination(network["zvezdny"], internal_hosts=LOOPBACK))
    assert not IngestedItem.objects.exists()


def test_fetch_refuses_oversized_missing_and_non_http(site, network, monkeypatch):
    monkeypatch.setattr("vestnik.ingest.runs.MAX_DOCUMENT_BYTES", 1000)
    site.serve("/big", "text/html", b"<p>" + b"x" * 5000)
    destination = Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    with pytest.raises(SourceError, match="ответ больше"):
        ingest_url(site.base + "/big", destination)
    with pytest.raises(SourceError, match="сервер ответил 404"):
        ingest_url(site.base + "/missing", destination)
    with pytest.raises(SourceError, match="http:// или https://"):
        ingest_url("file:///etc/passwd", destination)


def test_pictures_that_are_not_pictures_or_too_large_are_left_out(site, network, monkeypatch):
    monkeypatch.setattr("vestnik.ingest.images.MAX_IMAGE_BYTES", 50_000)
    feed = data_text("feed.xml", site.base, number="3")
    site.serve("/rss", "application/rss+xml", feed)
    site.serve("/img/katok.png", "image/png", b"<svg onload='alert(1)'></svg>")
    site.serve("/img/biblioteka.png", "image/png", png(size=(2000, 2000)) + b"\0" * 60_000)
    summary = ingest_url(
        site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.new == 3
    rink = ArticlePage.objects.get(title="В Строгине открыли каток у пруда")
    assert rink.photo is None
    library = ArticlePage.objects.get(title="Библиотека №3 продлила часы работы")
    assert [block.block_type for block in library.body] == ["paragraph", "paragraph"]


def test_same_picture_in_two_items_is_stored_once(district_site, network):
    from vestnik.ingest.models import IngestedImage

    district_site.serve(
        "/img/biblioteka.png", "image/png", district_site.pages["/img/katok.png"][1]
    )
    ingest_url(
        district_site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert IngestedImage.objects.count() == 1


def test_cp1251_and_koi8_pages_are_decoded(site, network):
    page = data_text("article.html", site.base)
    site.serve(
        "/cp1251",
        "text/html",
        page.replace('charset="utf-8"', 'charset="windows-1251"').encode(
            "cp1251", "xmlcharrefreplace"
        ),
    )
    koi = page.replace("/szao/dosug", "/szao/dosug-koi").replace('<meta charset="utf-8">', "")
    site.serve("/koi8", "text/html; charset=koi8-r", koi.encode("koi8_r", "xmlcharrefreplace"))
    bare = page.replace("/szao/dosug", "/szao/dosug-bare").replace('<meta charset="utf-8">', "")
    site.serve("/bare", "text/html", bare.encode("cp1251", "xmlcharrefreplace"))
    for path in ("/cp1251", "/koi8", "/bare"):
        ingest_url(site.base + path, Destination(network["zvezdny"], internal_hosts=LOOPBACK))
    titles = set(
        ArticlePage.objects.filter(title__contains="Куркине").values_list("title", flat=True)
    )
    assert titles == {"В Куркине открылся центр досуга"}
    assert IngestedItem.objects.count() == 3


def test_items_sharing_a_link_but_not_a_guid_stay_apart(site, network):
    feed = data_text("feed.xml", site.base, number="3").replace(
        f"<link>{site.base}/news/biblioteka</link>", f"<link>{site.base}/news/katok</link>"
    )
    site.serve("/rss", "application/rss+xml", feed)
    summary = ingest_url(
        site.base + "/rss", Destination(network["zvezdny"], internal_hosts=LOOPBACK)
    )
    assert summary.new == 3
    assert len(ingested(network["zvezdny"])) == 3


def test_page_taken_alone_then_met_in_a_feed_is_one_article(district_site, network):
    outlet = network["zvezdny"]
    district_site.serve(
        "/rss2",
        "application/rss+xml",
        f"""<rss version="2.0"><channel><title>СЗАО</title><item>
        <title>В Куркине открылся центр досуга</title><guid>szao-55</guid>
        <link>{district_site.base}/szao/dosug</link>
        <description>Центр досуга открылся на Новокуркинском шоссе.</description>
        </item></channel></rss>""",
    )
    assert (
        ingest_url(
            district_site.base + "/szao/dosug", Destination(outlet, internal_hosts=LOOPBACK)
        ).new
        == 1
    )
    summary = ingest_url(district_site.base + "/rss2", Destination(outlet, internal_hosts=LOOPBACK))
    assert (summary.new, summary.updated) == (0, 1)
    assert len(ingested(outlet)) == 1


def test_page_by_another_address_or_saved_as_a_file_is_one_article(
    district_site, network, tmp_path
):
    """Without a source an item is known within its outlet by its canonical address, however
    it arrives: fetched again by another address, or taken in as a saved file."""
    outlet = network["zvezdny"]
    destination = Destination(outlet, internal_hosts=LOOPBACK)
    page = data_text("article.html", district_site.base)
    district_site.serve("/szao/dosug?from=rss", "text/html; charset=utf-8", page)
    saved = tmp_path / "dosug.html"
    saved.write_text(page, encoding="utf-8")
    assert ingest_url(district_site.base + "/szao/dosug", destination).new == 1
    again = ingest_url(district_site.base + "/szao/dosug?from=rss", destination)
    from_file = ingest_path(saved, destination)
    assert (again.new, from_file.new, len(ingested(outlet))) == (0, 0, 1)
    assert IngestedItem.objects.get(outlet=outlet).guid == district_site.base + "/szao/dosug"


def test_text_archive_directory_source_reports_each_bad_file(
    seed_page, tmp_path, network, settings
):
    settings.VESTNIK_IMPORT_DIR = tmp_path
    (tmp_path / "seed.txt").write_bytes(seed_page.read_bytes())
    (tmp_path / "broken.txt").write_text("Заметка без даты публикации", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8 not a document")
    Source.objects.create(
        name="Архив «Звёздного бульвара»",
        kind=Source.Kind.TEXT,
        location=str(tmp_path),
        outlet=network["zvezdny"],
        publish_live=True,
        poll_interval=60,
    )
    with pytest.raises(CommandError, match="не импортировано материалов: 1"):
        call_command("ingest", "--due", stdout=(out := StringIO()), stderr=StringIO())
    output = out.getvalue()
    assert (
        "Архив «Звёздного бульвара»: новых: 1, обновлено: 0, без изменений: 0, с ошибкой: 1"
        in output
    )
    (article,) = ingested(network["zvezdny"])
    assert article.live and article.text_credit == "Звёздный Бульвар"
    # Polled just now: not due again until its interval has passed.
    assert run("ingest", "--due") == ""
