"""An original's publishing, withdrawal and deletion reach its copies at once, in the same
transaction as the change itself (the admin wraps every editorial POST in one): the first
stage of the articles' pipeline, so indexing and purging see the copies as they now are."""

from django.db import transaction

from vestnik.articles import pipeline
from vestnik.articles.pipeline import Change, Event, Stage

from .syndication import propagate_edits, withdraw_copies


def carry_edits_to_copies(change: Change) -> None:
    revision = change.kwargs.get("revision")
    with transaction.atomic():
        propagate_edits(change.article, user=getattr(revision, "user", None))


def withdraw_copies_with_original(change: Change) -> None:
    with transaction.atomic():
        withdraw_copies(change.article)


def register_steps() -> None:
    pipeline.register(Stage.SYNDICATE, on={Event.PUBLISH}, step=carry_edits_to_copies)
    pipeline.register(
        Stage.SYNDICATE,
        on={Event.UNPUBLISH, Event.BEFORE_DELETE},
        step=withdraw_copies_with_original,
    )
