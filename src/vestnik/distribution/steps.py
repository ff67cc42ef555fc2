"""Publishing, unpublishing and deleting an article queue its deliveries to its outlet's
channels: a step of the articles' pipeline (``Stage.ENQUEUE``), registered from
``DistributionConfig.ready``. It never fails a publish: whatever goes wrong is logged.

A syndicated copy is an article of its own outlet and goes out through that outlet's channels.
"""

import logging

from django.db import transaction

from vestnik.articles import pipeline
from vestnik.articles.models import ArticlePage
from vestnik.articles.pipeline import Change, Event, Stage

from .models import Channel, Delivery
from .posts import fingerprint
from .tasks import queue_delivery

__all__ = ["register_steps"]

logger = logging.getLogger(__name__)


def queue_deliveries(change: Change) -> None:
    try:
        # A savepoint: a failure here rolls back only this step, never the publish around it.
        with transaction.atomic():
            if change.event == Event.PUBLISH:
                publish(change.article)
            else:
                withdraw(change.article)
    except Exception:
        logger.exception("Could not queue distribution of page %s", change.article.pk)


def publish(article: ArticlePage) -> None:
    """Every active channel of the outlet gets the article (or, with «не публиковать в соцсети»
    switched on, loses the post it had)."""
    if article.social_off:
        withdraw(article)
        return
    content = fingerprint(article)
    for channel in Channel.objects.active().filter(outlet_id=article.outlet.pk):
        delivery, _ = Delivery.objects.get_or_create(channel=channel, page_id=article.pk)
        if delivery.state == Delivery.State.SENT and delivery.sent_hash == content:
            continue  # re-published unchanged
        if delivery.state != Delivery.State.SENDING:  # an unknown outcome stays known as such
            delivery.state = Delivery.State.QUEUED
        delivery.headline = article.title[:255]
        delivery.last_error = ""
        delivery.save()
        queue_delivery(delivery.pk, channel.pk)


def withdraw(article: ArticlePage) -> None:
    """The posts the article has go: each delivery that may have reached a channel is queued."""
    for delivery in Delivery.objects.filter(page_id=article.pk).exclude(
        state=Delivery.State.DELETED
    ):
        queue_delivery(delivery.pk, delivery.channel_id)


def register_steps() -> None:
    pipeline.register(
        Stage.ENQUEUE,
        on={Event.PUBLISH, Event.UNPUBLISH, Event.BEFORE_DELETE},
        step=queue_deliveries,
    )
