"""Editorial intelligence around articles: suggestions, duplicates, computed «Читайте также»,
and the worker that does it without ever holding up an editor."""

import json
import subprocess
import sys
from datetime import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vestnik.articles.models import ArticlePage, ComputedRelated, Suggestion, read_also
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.newsroom.models import DuplicateLink
from vestnik.newsroom.related import store_related
from vestnik.newsroom.suggestions import decide_suggestion
from vestnik.newsroom.tasks import enrich_article_task

pytestmark = pytest.mark.django_db


def moscow(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))


def names(article: ArticlePage, kind: str) -> set[str]:
    return set(article.suggestions.filter(kind=kind).values_list("name", flat=True))


def test_canonical_article_gets_the_expected_tag_suggestions_with_evidence(network):
    article = network["canonical"]
    expected = {"Сергей Собянин", "ОЭЗ «Технополис Москва»", "Руднево", "Алабушево"}
    found = names(article, "tag")
    assert expected <= found
    assert {"Владимир Путин", "Владимир Владимирович Путин"} & found
    sobyanin = article.suggestions.get(kind="tag", name="Сергей Собянин")
    assert sobyanin.tag_kind == "person"
    assert sobyanin.evidence and all(item["text"] for item in sobyanin.evidence)
    # the demo already carries these tags, so the suggestions are recorded as accepted
    assert sobyanin.status == Suggestion.Status.ACCEPTED


def test_region_suggestions_carry_evidence(network):
    outlet = network["zvezdny"]
    article, _ = upsert_article(
        outlet,
        ArticleSpec(
            slug="marfino-park",
            headline="В Марфине благоустроят парк",
            published_at=moscow(2024, 5, 1, 10, 0),
            paragraphs=(
                "Жители Марфина выбрали проект нового сквера у станции метро «Владыкино».",
            ),
        ),
    )
    call_command("worker", batch=True, verbosity=0)
    region = article.suggestions.get(kind="region", name="Марфино")
    assert region.region.name == "Марфино" and region.status == Suggestion.Status.PENDING
    assert any("Марфин" in item["text"] for item in region.evidence)


def test_accepting_a_suggestion_adds_the_tag_and_publishes(network, run_worker):
    article = network["canonical"]
    suggestion = Suggestion.objects.create(
        article=article,
        kind="tag",
        name="Федеральный центр беспилотных авиационных систем",
        tag_kind="organisation",
        confidence=0.7,
    )
    decide_suggestion(suggestion, accept=True)
    article.refresh_from_db()
    assert "Федеральный центр беспилотных авиационных систем" in {
        t.name for t in article.tags.all()
    }
    assert article.live and not article.has_unpublished_changes
    assert suggestion.status == Suggestion.Status.ACCEPTED


def test_rejected_suggestion_stays_rejected_after_enrichment_runs_again(network, run_worker):
    article = network["canonical"]
    suggestion = article.suggestions.filter(kind="tag").first()
    decide_suggestion(suggestion, accept=False)
    call_command("enrich", article.pk, stdout=StringIO())
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED


def test_admin_accepts_with_one_click_and_checks_permissions(client, network):
    article = network["canonical"]
    suggestion = Suggestion.objects.create(
        article=article, kind="tag", name="банкоматы", tag_kind="topic", confidence=0.7
    )
    foreign = get_user_model().objects.get(username="editor-yugozapad")
    client.force_login(foreign)
    client.post(f"/admin/suggestions/{suggestion.pk}/accept/")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    response = client.post(f"/admin/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert client.get(f"/admin/suggestions/{suggestion.pk}/accept/").status_code == 405


def test_edit_screen_shows_suggestions(client, network):
    client.force_login(get_user_model().objects.get(username="admin"))
    html = client.get(f"/admin/pages/{network['canonical'].pk}/edit/").content.decode()
    assert "Подсказки" in html and "Сергей Собянин" in html


def test_automatic_read_also_lists_related_articles_not_merely_the_newest(network):
    article = network["canonical"]
    article.related_items.all().delete()
    store_related(article.pk)
    headlines = {teaser.headline for teaser in read_also(article)}
    related = set(
        ArticlePage.objects.filter(
            slug__in=["rudnevo-drone-developers-space", "alabushevo-pharma-new-plant"]
        ).values_list("title", flat=True)
    )
    assert related <= headlines
    newest = set(
        ArticlePage.objects.live()
        .exclude(pk=article.pk)
        .newest_first()[:5]
        .values_list("title", flat=True)
    )
    assert headlines != newest


def test_computed_items_never_include_the_article_or_unpublished_ones(network):
    article = network["canonical"]
    targets = store_related(article.pk)
    assert article.pk not in targets and 3 <= len(targets) <= 5
    gone = ArticlePage.objects.get(pk=targets[0])
    gone.unpublish()
    assert gone.pk not in store_related(article.pk)


def test_lightly_edited_copy_is_marked_as_a_duplicate_and_never_offered(network, run_worker):
    original = network["canonical"]
    paragraphs = [
        str(block.value).replace("<p>", "").replace("</p>", "")
        for block in original.body
        if block.block_type == "paragraph"
    ]
    paragraphs[0] = paragraphs[0].replace("Мэр Москвы", "Глава города")
    copy, _ = upsert_article(
        network["yugozapad"],
        ArticleSpec(
            slug="technopolis-copy",
            headline="Собянин подвёл итоги года для «Технополиса Москва»",
            lead=original.lead,
            published_at=moscow(2024, 1, 29, 12, 0),
            paragraphs=tuple(paragraphs),
        ),
    )
    run_worker()
    link = DuplicateLink.objects.get(article_id=copy.pk)
    assert link.original_id == original.pk
    assert copy.pk not in store_related(original.pk)


def test_enrichment_failure_never_blocks_publishing_and_is_retried(
    network, monkeypatch, run_worker
):
    def broken(*args, **kwargs):
        raise RuntimeError("модель недоступна")

    monkeypatch.setattr("vestnik.newsroom.tasks.suggest_for_article", broken)
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(
            slug="fails",
            headline="Статья при сломанном обработчике",
            published_at=moscow(2024, 3, 3, 3, 3),
        ),
    )
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    run_worker()
    results = DBTaskResult.objects.filter(args_kwargs__args__0=article.pk)
    assert results.filter(status="FAILED").exists()
    assert results.filter(status="READY").exists()  # the retry, deferred


def test_a_broken_queue_never_blocks_publishing(network, monkeypatch):
    class BrokenQueue:
        func = enrich_article_task.func  # it takes a request id, as the real task

        def get_backend(self):  # the database queue, as the real task's
            return enrich_article_task.get_backend()

        def enqueue(self, *args, **kwargs):
            raise RuntimeError("очередь недоступна")

    monkeypatch.setattr("vestnik.newsroom.signals.enrich_article_task", BrokenQueue())
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(slug="no-queue", headline="Без очереди", published_at=moscow(2024, 3, 3)),
    )
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()


def test_withdrawn_article_leaves_the_lists_that_offered_it(network, run_worker):
    article = network["canonical"]
    article.related_items.all().delete()
    targets = store_related(article.pk)
    ArticlePage.objects.get(pk=targets[0]).unpublish()
    run_worker()
    assert targets[0] not in ComputedRelated.objects.filter(article_id=article.pk).values_list(
        "target_id", flat=True
    )


def test_analyze_prints_entities_and_regions_as_json():
    out = StringIO()
    call_command(
        "analyze",
        "Сергей Собянин открыл школу в Южном Медведкове.",
        title="Новая школа",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert {e["name"] for e in result["entities"]} >= {"Сергей Собянин"}
    assert "Южное Медведково" in {r["region"] for r in result["regions"]}


def test_web_process_never_imports_the_ner_models(tmp_path):
    """Serve a page and publish an article in a fresh process with production settings."""
    script = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from vestnik.demo.loader import load_demo
network = load_demo(port=80)
from django.test import Client
response = Client().get("/technopolis-2023/", HTTP_HOST="localhost")
assert response.status_code == 200, response.status_code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"natasha", "slovnet", "navec"})
print("HEAVY:", heavy)
"""
    env = {
        "PATH": "/usr/bin:/bin",
        "VESTNIK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/web.sqlite3",
        "DJANGO_SETTINGS_MODULE": "vestnik.settings.production",
        "SECRET_KEY": "test",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "HEAVY: []" in result.stdout


def enriched(outlet, slug: str, headline: str, *paragraphs: str) -> ArticlePage:  # type: ignore[no-untyped-def]
    """An article stored as an editor or importer stores it, then the worker's turn."""
    article, _ = upsert_article(
        outlet,
        ArticleSpec(
            slug=slug,
            headline=headline,
            published_at=moscow(2024, 5, 2, 9, 0),
            paragraphs=paragraphs,
        ),
    )
    call_command("worker", batch=True, verbosity=0)
    return article


def test_quotes_in_the_body_reach_suggestions_and_index_unescaped(network):
    from vestnik.search.models import SearchDocument

    article = enriched(
        network["zvezdny"],
        "zhilishchnik-trubi",
        "Трубы заменят до осени",
        'ГБУ "Жилищник района Марфино" и АО "Мосводоканал" заменят трубы на улице Комдива Орлова.',
    )
    found = names(article, "tag")
    assert found and not [name for name in found if "&" in name or "quot" in name]
    evidence = [item["text"] for s in article.suggestions.all() for item in s.evidence]
    assert not [text for text in evidence if "&" in text]
    document = SearchDocument.objects.get(article_id=article.pk)
    assert '"Жилищник района Марфино"' in document.body
    terms = f"{document.body_terms} {document.extra_terms}".split()
    assert not {"quot", "amp", "nbsp"} & set(terms)


def test_worker_and_analyze_find_the_same_on_the_same_text(network):
    from vestnik.search.documents import body_text

    article = enriched(
        network["zvezdny"],
        "kosino-park",
        "Новый парк",
        "В Косине-Ухтомском открыли новый парк.",
        'Его строил ГБУ "Жилищник", сообщил Сергей Собянин. Вход &amp; выход свободны.',
    )
    out = StringIO()
    call_command("analyze", body_text(article), title=article.title, stdout=out)
    result = json.loads(out.getvalue())
    assert names(article, "tag") == {
        e["name"] for e in result["entities"] if e["name"] not in {"Москва"}
    }
    regions = {r["region"] for r in result["regions"]}
    assert names(article, "region") == regions
    assert "Косино-Ухтомский" in names(article, "tag") & regions


def test_a_name_read_as_two_kinds_is_one_suggestion_and_never_fails_the_run(network):
    # A real post (telegram-news-classifier, NKTKLN, CC BY 4.0, «Москва с огоньком» 45170):
    # natasha reads «Профи» as an organisation once and as a person twice.
    article = enriched(
        network["zvezdny"],
        "profi",
        "Ищете хорошего репетитора для себя или для своего ребенка?",
        "С сервисом Профи легко найти преподавателя, который поддержит вас и ваших детей в "
        "любых учебных начинаниях: будь то подготовка к ЕГЭ и поступлению в вуз, углубление "
        "в иностранные языки или базовые шаги в химии.",
        "Репетиторов можно выбирать по отзывам, рейтингу и форме обучения (онлайн или "
        "оффлайн), чтобы точно найти того, кто вам по душе.",
        "А еще на Профи широкий диапазон цен — от талантливых студентов до экспертов "
        "ведущих вузов.",
        "Переходите на Профи и найдите специалиста, который поможет воплотить ваши мечты в "
        "реальность!",
    )
    assert not DBTaskResult.objects.failed().exists()
    profi = article.suggestions.get(kind="tag", name="Профи")
    assert len(profi.evidence) == 3


def test_accepting_a_suggestion_in_the_admin_publishes_once_and_queues_no_enrichment(
    client, network
):
    from wagtail.signals import page_published

    article = enriched(
        network["zvezdny"],
        "marfino-skver",
        "В Марфине откроют сквер",
        "Сергей Собянин открыл сквер в Марфине.",
    )
    suggestion = article.suggestions.get(kind="tag", name="Сергей Собянин")
    published: list[int] = []

    def count(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
        published.append(instance.pk)

    page_published.connect(count, sender=ArticlePage, weak=False)
    try:
        client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
        response = client.post(f"/admin/suggestions/{suggestion.pk}/accept/")
    finally:
        page_published.disconnect(count, sender=ArticlePage)
    assert response.status_code == 302
    assert published == [article.pk]
    queued = DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    assert not [path for path in queued if path.endswith("enrich_article_task")]
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.live and not live.has_unpublished_changes
    assert "Сергей Собянин" in {tag.name for tag in live.tags.all()}


def test_auto_accept_publishes_the_article_once_for_all_its_suggestions(network):
    from wagtail.models import Revision

    article = enriched(
        network["zvezdny"],
        "marfino-sobyanin",
        "Сергей Собянин открыл сквер в Марфине",
        "Сергей Собянин осмотрел сквер в Марфине вместе с жителями Марфина.",
    )
    revisions = Revision.objects.filter(object_id=str(article.pk)).count()
    enrich_article_task.enqueue(article.pk, True)
    call_command("worker", batch=True, verbosity=0)
    accepted = article.suggestions.filter(status=Suggestion.Status.ACCEPTED).count()
    assert accepted >= 2
    assert Revision.objects.filter(object_id=str(article.pk)).count() == revisions + 1
    queued = DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    assert not [path for path in queued if path.endswith("enrich_article_task")]
