"""What happens to an article when it is saved, published, unpublished, moved or deleted: the
steps of the apps above, run stage by stage in one explicit order.

``articles`` connects Wagtail's and Django's signals for ``ArticlePage`` here, once
(``ArticlesConfig.ready``); each app above registers its short step functions into a stage from
its own ``ready()``. Whatever order ``INSTALLED_APPS`` gives, a change runs:

1. ``SYNDICATE``: the original's copies follow it (``newsroom``), so the stages after see them;
2. ``INDEX``: the search index (``search``);
3. ``ENQUEUE``: background work (``newsroom``'s enrichment; distribution channels to come);
4. ``PURGE``: the page cache names the pages to purge at commit (``pagecache``), last.

A change comes in two moments, each its own ``Event``: ``BEFORE_*`` while the article is still as
it was (the cache records which pages show it, syndication withdraws the copies of an article
about to be deleted), the other once it has changed. Publishing and unpublishing save the page,
so ``BEFORE_SAVE`` is their "before". Within a stage, steps run in the order they registered.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .models import ArticlePage

__all__ = ["Change", "Event", "Stage", "Step", "connect", "register", "run", "steps"]


class Stage(IntEnum):
    """The stages, in the order they run."""

    SYNDICATE = 1
    INDEX = 2
    ENQUEUE = 3
    PURGE = 4


class Event(Enum):
    BEFORE_SAVE = "before_save"
    SAVE = "save"  # every save of the page, a draft's too: a step tells them apart (``kwargs``)
    PUBLISH = "publish"  # a revision published: the first publish and every edit after it
    UNPUBLISH = "unpublish"
    BEFORE_MOVE = "before_move"
    MOVE = "move"
    BEFORE_DELETE = "before_delete"
    DELETE = "delete"


@dataclass(frozen=True)
class Change:
    """One event of one article, with the signal's own arguments (``revision``, ``raw``,
    ``update_fields``, ``url_path_before``…) for the steps that need them."""

    event: Event
    article: ArticlePage
    kwargs: Mapping[str, Any]


Step = Callable[[Change], None]


@dataclass(frozen=True)
class Registered:
    stage: Stage
    events: frozenset[Event]
    step: Step


_registry: list[Registered] = []


def register(stage: Stage, *, on: Iterable[Event], step: Step) -> None:
    """Run ``step`` in ``stage`` on each of the events ``on``; registering it again is a no-op,
    so a ``ready()`` run twice does not run a step twice."""
    entry = Registered(stage, frozenset(on), step)
    if entry not in _registry:
        _registry.append(entry)


def steps(event: Event) -> list[tuple[Stage, Step]]:
    """The steps ``event`` runs, in the order it runs them."""
    chosen = [entry for entry in _registry if event in entry.events]
    # ``sorted`` is stable: within a stage, the order of registration.
    return [(entry.stage, entry.step) for entry in sorted(chosen, key=lambda entry: entry.stage)]


def run(event: Event, article: ArticlePage, **kwargs: Any) -> None:
    change = Change(event, article, kwargs)
    for _stage, step in steps(event):
        step(change)


def _receiver(event: Event) -> Callable[..., None]:
    def receive(sender: type, instance: Any, **kwargs: Any) -> None:
        kwargs.pop("signal", None)
        if not isinstance(instance, ArticlePage):  # a move may send the generic ``Page``
            instance = instance.specific_deferred
        run(event, instance, **kwargs)

    receive.__name__ = f"run_{event.value}"
    return receive


SIGNALS = (
    (pre_save, Event.BEFORE_SAVE),
    (post_save, Event.SAVE),
    (page_published, Event.PUBLISH),
    (page_unpublished, Event.UNPUBLISH),
    (pre_page_move, Event.BEFORE_MOVE),
    (post_page_move, Event.MOVE),
    (pre_delete, Event.BEFORE_DELETE),
    (post_delete, Event.DELETE),
)


def connect() -> None:
    """Connect the signals of ``ArticlePage`` to the pipeline (``ArticlesConfig.ready``)."""
    for signal, event in SIGNALS:
        # Wagtail sends the move signals with the page's specific class as sender, as the model
        # signals are sent: ``ArticlePage`` for an article.
        signal.connect(
            _receiver(event), sender=ArticlePage, weak=False, dispatch_uid=f"pipeline.{event.value}"
        )
