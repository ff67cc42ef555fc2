"""Sources are configured in the admin, in Russian; auto-accept reaches the enrichment queue."""

import pytest
from django.contrib.auth import get_user_model
from django_tasks_db.models import DBTaskResult

from vestnik.ingest.models import PollChain, Source
from vestnik.ingest.runs import run_source
from vestnik.ingest.tasks import poll_sources_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_superuser("ingest-admin", "a@example.org", "x")
    client.force_login(user)
    return client


def test_source_is_added_in_the_admin_and_its_poll_is_queued(admin_client, network):
    form = admin_client.get("/admin/snippets/ingest/source/add/").content.decode()
    for label in ("Название", "Вид", "Адрес или путь", "Издание", "Публиковать сразу",
                  "Проверять каждые, мин.", "Принимать подсказки"):  # fmt: skip
        assert label in form
    response = admin_client.post(
        "/admin/snippets/ingest/source/add/",
        {
            "name": "Префектура СЗАО",
            "kind": "feed",
            "location": "http://127.0.0.1:9/rss",
            "outlet": network["zelpanorama"].pk,
            "poll_interval": "30",
            "text_credit": "",
            "photo_credit": "",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(name="Префектура СЗАО")
    assert not source.publish_live and not source.auto_accept
    waiting = DBTaskResult.objects.filter(task_path=poll_sources_task.module_path, status="READY")
    assert [result.args_kwargs["args"] for result in waiting] == [[PollChain.objects.get().token]]
    listing = admin_client.get("/admin/snippets/ingest/source/").content.decode()
    assert "Источники" in listing and "Префектура СЗАО" in listing


def test_failed_poll_is_remembered_on_the_source(network):
    source = Source.objects.create(
        name="Недоступный",
        location="http://127.0.0.1:9/rss",
        internal_hosts="127.0.0.1",
        outlet=network["zvezdny"],
    )
    summary = run_source(source)
    assert summary.failed and "не удалось соединиться" in summary.failed[0][1]
    source.refresh_from_db()
    assert "с ошибкой: 1" in source.last_result


def test_auto_accepting_source_queues_enrichment_with_acceptance(district_site, network):
    source = Source.objects.create(
        name="Автоматический",
        kind=Source.Kind.PAGE,
        internal_hosts="127.0.0.1",
        location=district_site.base + "/szao/dosug",
        outlet=network["zvezdny"],
        publish_live=True,
        auto_accept=True,
    )
    run_source(source)
    queued = [result.args_kwargs["args"] for result in DBTaskResult.objects.all()
              if result.task_path.endswith("enrich_article_task")]  # fmt: skip
    article_id = source.items.get().article_id
    assert [article_id, True] in queued


def test_a_new_poll_chain_retires_the_polls_already_queued(district_site, network, run_worker):
    source = Source.objects.create(
        name="СЗАО", kind=Source.Kind.PAGE, internal_hosts="127.0.0.1",
        location=district_site.base + "/szao/dosug",
        outlet=network["zelpanorama"], publish_live=True, poll_interval=30,
    )  # fmt: skip
    old_token = PollChain.objects.get().token
    source.save()  # an edit in the admin starts a new chain
    assert PollChain.objects.get().token != old_token
    poll_sources_task.call(old_token)  # the retired poll does nothing
    assert not source.items.exists()
    run_worker()
    assert source.items.count() == 1
    ready = DBTaskResult.objects.filter(task_path=poll_sources_task.module_path, status="READY")
    assert [r.args_kwargs["args"] for r in ready] == [[PollChain.objects.get().token]]


def test_path_source_outside_the_import_directory_is_refused_in_the_admin(
    admin_client, network, tmp_path, settings
):
    settings.VESTNIK_IMPORT_DIR = tmp_path
    fields = {
        "name": "Весь диск",
        "kind": "text",
        "outlet": network["zvezdny"].pk,
        "poll_interval": "0",
        "text_credit": "",
        "photo_credit": "",
        "internal_hosts": "",
    }
    response = admin_client.post(
        "/admin/snippets/ingest/source/add/", {**fields, "location": "/etc"}
    )
    assert response.status_code == 200
    assert "Файлы читаются только из каталога импорта" in response.content.decode()
    assert not Source.objects.exists()
    response = admin_client.post(
        "/admin/snippets/ingest/source/add/", {**fields, "location": "archive"}
    )
    assert response.status_code == 302


def test_internal_hosts_are_set_by_a_superuser_only(admin_client, network, client):
    form = admin_client.get("/admin/snippets/ingest/source/add/").content.decode()
    assert "Разрешённые внутренние адреса" in form
    editor = get_user_model().objects.get(username="editor-zvezdny")
    client.force_login(editor)
    answer = client.get("/admin/snippets/ingest/source/add/")
    assert "Разрешённые внутренние адреса" not in answer.content.decode()
