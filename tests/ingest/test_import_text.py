import re
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from vestnik.articles.models import ArticlePage, read_also

pytestmark = pytest.mark.django_db

# A page of our own in the shape of a saved district-paper page.
OWN_PAGE = """Москва. Зеленоградский административный округ. Район Крюково
Опубликовано 3 Мар 2025 в 14:05 | Текст: Зеленоградская панорама

В Крюкове открылся центр детского творчества

В Крюкове открылся центр детского творчества
В Крюкове открылся центр детского творчества. Фото: А. Петрова, пресс-служба префектуры ЗелАО

Новый центр занял первый этаж дома на Panfilovsky. Здесь работают студии рисунка и керамики.

Занятия бесплатные, запись идёт через портал госуслуг.

Читайте также

{related_headline}

{related_lead}

{related_date}

Этого материала в сети пока нет

Его лид

1 Мар 2025 в 10:00
"""


def write_page(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    return path


def import_page(path: Path, outlet: str = "zelpanorama") -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_text", str(path), outlet=outlet, stdout=out)
    return out.getvalue()


@pytest.fixture
def own_page(tmp_path, network):
    existing = ArticlePage.objects.live().child_of(network["zvezdny"]).newest_first().first()
    date = timezone.localtime(existing.published_at).strftime("%d.%m.%Y")
    day, month, year = date.split(".")
    months = "Янв Фев Мар Апр Май Июн Июл Авг Сен Окт Ноя Дек".split()
    text = OWN_PAGE.format(
        related_headline=existing.title,
        related_lead=existing.lead,
        related_date=f"{int(day)} {months[int(month) - 1]} {year} в 10:00",
    )
    return write_page(tmp_path, text), existing


def test_seed_page_becomes_one_article_with_every_element(seed_page, network, client):
    output = import_page(seed_page, outlet="zvezdny")
    assert "\tсоздана" in output
    article = ArticlePage.objects.get(headline_key__startswith="собянин рассказал о новых")
    assert article.published_at == timezone.make_aware(datetime(2024, 1, 29, 9, 41))
    assert article.text_credit == "Звёздный Бульвар"
    assert [str(r) for r in article.regions.all()] == ["СВАО"]
    assert article.photo.credit_author == "Д. Гришкин"
    assert article.photo.credit_source == "mos.ru. Пресс-служба мэра и Правительства Москвы"
    assert article.photo.caption == article.title
    paragraphs = [block for block in article.body if block.block_type == "paragraph"]
    assert len(paragraphs) == 5
    body_text = " ".join(str(block.value) for block in paragraphs)
    assert "Читайте также" not in body_text
    items = list(article.related_items.all())
    assert [timezone.localtime(i.published_at).strftime("%d.%m %H:%M") for i in items] == [
        "19.05 09:39",
        "16.05 17:36",
        "16.05 11:27",
        "16.05 10:38",
        "16.05 09:47",
    ]
    assert all(item.headline and item.lead and item.target is None for item in items)
    assert not any(item.headline in body_text for item in items)

    html = client.get(article.get_url_parts()[2]).content.decode()
    html = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for text in (
        "Москва. Северо-Восточный административный округ",
        "Опубликовано 29 Янв 2024 в 09:41 | Текст: Звёздный Бульвар",
        "Фото: Д. Гришкин, mos.ru. Пресс-служба мэра и Правительства Москвы",
        "19 мая 2025 в 09:39",
        "16 мая 2025 в 09:47",
        items[0].headline,
    ):
        assert text in html


def test_importing_the_seed_twice_changes_nothing(seed_page, network):
    import_page(seed_page, outlet="zvezdny")
    article = ArticlePage.objects.get(headline_key__startswith="собянин рассказал о новых")
    revisions = article.revisions.count()
    output = import_page(seed_page, outlet="zvezdny")
    assert "\tбез изменений" in output
    assert article.revisions.count() == revisions
    assert ArticlePage.objects.filter(headline_key=article.headline_key).count() == 1


def test_related_item_links_to_the_network_article_of_that_headline(own_page, network):
    path, existing = own_page
    import_page(path)
    article = ArticlePage.objects.get(slug="v-kryukove-otkrylsya-tsentr-detskogo-tvorchestva")
    linked, pending = article.related_items.all()
    assert linked.target_id == existing.pk
    assert pending.target is None and pending.headline == "Этого материала в сети пока нет"
    assert [t.url != "" for t in read_also(article)] == [True, False]


def test_own_page_takes_the_district_from_its_header(own_page, network):
    path, _ = own_page
    import_page(path)
    article = ArticlePage.objects.get(slug="v-kryukove-otkrylsya-tsentr-detskogo-tvorchestva")
    assert [r.name for r in article.regions.all()] == ["Крюково"]
    assert article.get_parent().slug == "zelpanorama"
    assert article.photo.credit_source == "пресс-служба префектуры ЗелАО"


def test_changed_page_updates_the_same_article(own_page, network):
    path, _ = own_page
    import_page(path)
    path.write_text(path.read_text().replace("керамики", "гончарного дела"))
    assert "\tобновлена" in import_page(path)
    [article] = ArticlePage.objects.filter(slug="v-kryukove-otkrylsya-tsentr-detskogo-tvorchestva")
    assert "гончарного дела" in str(article.body[0].value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "пуст"),
        (b"   \n\n  ", "пуст"),
        ("Просто заметка без даты.\n\nВторой абзац.".encode(), "Опубликовано"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (
            OWN_PAGE.format(
                related_headline="Х", related_lead="Л", related_date="1 Мар 2025"
            ).encode("cp1251"),
            "UTF-8",
        ),
        (b"a" * 10_000_000, "1000000"),
    ],
    ids=["empty", "whitespace", "no-date", "binary", "cp1251", "10MB"],
)
def test_malformed_input_gets_one_line_and_creates_nothing(tmp_path, network, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    pages = ArticlePage.objects.count()
    with pytest.raises(CommandError) as error:
        import_page(path)
    assert "\n" not in str(error.value) and message.casefold() in str(error.value).casefold()
    assert ArticlePage.objects.count() == pages


def test_unknown_outlet_is_a_clear_error(tmp_path, network):
    with pytest.raises(CommandError, match="Нет издания «nowhere»"):
        import_page(write_page(tmp_path, "x"), outlet="nowhere")


def test_missing_file_is_a_clear_error(tmp_path, network):
    with pytest.raises(CommandError, match="nope.txt"):
        import_page(tmp_path / "nope.txt")


def test_auto_accept_turns_confident_suggestions_into_tags(own_page, network, run_worker):
    from io import StringIO

    path, _ = own_page
    call_command(
        "import_text", str(path), outlet="zelpanorama", auto_accept=True, stdout=StringIO()
    )
    run_worker()
    article = ArticlePage.objects.get(slug="v-kryukove-otkrylsya-tsentr-detskogo-tvorchestva")
    assert "Крюково" in {region.name for region in article.regions.all()}
    assert article.suggestions.filter(status="accepted").exists()
