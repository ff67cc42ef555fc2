"""Background work on articles, queued by publishing and run by `vestnik worker`: the
enrichment pipeline (suggestions, duplicate check, «Читайте также») and the tasks that run it."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

from vestnik.articles.models import ArticlePage
from vestnik.request_ids import carries_request_id, current_request_id, takes_request_id
from vestnik.work_failures import report_failure

from .duplicates import detect_duplicate, forget_duplicate
from .held_tasks import hand_on_or_keep, hold
from .locked_database import is_locked_database, waits_out_locks
from .related import articles_offering, forget_related, neighbours_of, store_related
from .suggestions import suggest_for_article

logger = logging.getLogger(__name__)


def enrich_article(article_id: int, *, auto_accept: bool = False) -> None:
    """One article through every enrichment step, in the worker."""
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return
    suggest_for_article(article, auto_accept=auto_accept)
    detect_duplicate(article_id)
    store_related(article_id)
    # Articles this one now resembles may want it among their own items.
    for neighbour_id in neighbours_of(article_id):
        refresh_related_task.enqueue(neighbour_id)
    # At INFO, hidden by default: with the request id it tells which publish the work served.
    logger.info("Article %s enriched", article_id)


@task(backend="enrichment", queue_name="enrichment")
@carries_request_id
@waits_out_locks
def enrich_article_task(article_id: int, auto_accept: bool = False, attempt: int = 1) -> None:
    """Suggestions, duplicate check and «Читайте также» for one article, retried on failure
    with a growing delay: a failure here never touches the published article."""
    try:
        enrich_article(article_id, auto_accept=auto_accept)
    except Exception as error:
        if is_locked_database(error):
            raise  # not a failure of the article: run again, at once, when the lock is gone
        logger.exception("Enrichment of article %s failed (attempt %s)", article_id, attempt)
        report_failure("enrichment")
        if attempt < settings.ENRICHMENT_MAX_ATTEMPTS:
            enrich_article_task.using(
                run_after=timezone.now() + timedelta(minutes=attempt)
            ).enqueue(article_id, auto_accept, attempt + 1, request_id=current_request_id())
        raise


@task(backend="enrichment", queue_name="enrichment")
@carries_request_id
@waits_out_locks
def refresh_related_task(article_id: int) -> None:
    """Recompute one article's «Читайте также» (a neighbour of a published or withdrawn one)."""
    store_related(article_id)


@task(backend="enrichment", queue_name="enrichment")
@carries_request_id
@waits_out_locks
def withdraw_article_task(article_id: int) -> None:
    """An article left the network: drop its duplicate marks and refresh the articles that
    offered it as «Читайте также»."""
    forget_duplicate(article_id)
    for other_id in articles_offering(article_id):
        refresh_related_task.enqueue(other_id)
    forget_related(article_id)


def enqueue_safely(task_to_run: Task, *args: object) -> None:
    """Queue work without ever failing the editor's publish, and without losing it.

    The database queue takes the task in the publish's own transaction (both or neither).
    For a queue outside it (Redis) the task is held in the database in that transaction and
    handed to the queue once it commits, so the worker never reads an article before it is
    saved, nor one whose save was rolled back; if Redis does not answer then, the task stays
    held until the worker hands it on (``held_tasks``)."""
    kwargs = request_id_kwargs(task_to_run)
    if isinstance(task_to_run.get_backend(), DatabaseBackend):
        enqueue_or_log(task_to_run, args, kwargs)
    else:
        transaction.on_commit(partial(hand_on_or_keep, hold(task_to_run, args, kwargs)))


def request_id_kwargs(task_to_run: Task) -> dict[str, str]:
    """The request that queued the work names it in the worker's log lines too."""
    if takes_request_id(task_to_run.func) and (request_id := current_request_id()):
        return {"request_id": request_id}
    return {}


def enqueue_or_log(task_to_run: Task, args: tuple[object, ...], kwargs: dict[str, str]) -> None:
    try:
        task_to_run.enqueue(*args, **kwargs)
    except Exception:
        logger.exception("Could not queue %s%r", task_to_run, args)
