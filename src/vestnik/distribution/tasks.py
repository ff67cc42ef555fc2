"""The worker's side of distribution: bring one article's post in one channel in line with the
article, exactly once.

``deliver`` looks at the article as it is now, not at what asked for the job: live and meant for
social networks → the channel should show its post (publish, or edit when it changed); anything
else → no post (delete). So jobs that pile up for one delivery, or run out of order, converge.

Exactly once: before calling the network the delivery is marked ``sending`` in its own committed
transaction, with the channel's newest known remote id. A job that finds ``sending`` without a
remote id follows one whose outcome is unknown (the worker was killed between the network's
answer and storing it), and asks the network (``Network.find``) before publishing again.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from vestnik.articles.models import ArticlePage
from vestnik.newsroom.locked_database import waits_out_locks
from vestnik.newsroom.tasks import enqueue_safely

from .clients import network_client
from .models import Channel, Delivery
from .networks import Network, Posted, Rejected, RetryLater
from .pacing import LATE, reserve_slot
from .posts import build_post, fingerprint
from .secrets import SecretUnreadable

__all__ = ["deliver", "deliver_task", "queue_delivery"]

logger = logging.getLogger(__name__)

State = Delivery.State
# Growing waits between retries when the network did not say how long: 30 s, 1, 2, 4… minutes.
FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(hours=1)


# Each job has its slot as ``run_after``: the database queue, ordered by it, takes them before
# enrichment's jobs (queued without one); RQ's worker looks at "distribution" before "enrichment".
@task(backend="enrichment", queue_name="distribution")
@waits_out_locks
def deliver_task(delivery_id: int, slot: str) -> None:
    deliver(delivery_id, datetime.fromisoformat(slot))


def queue_delivery(delivery_id: int, channel_id: int, not_before: datetime | None = None) -> None:
    """Queue the delivery's job in the channel's next free slot (``pacing``)."""
    slot = reserve_slot(channel_id, not_before)
    enqueue_safely(deliver_task.using(run_after=slot), delivery_id, slot.isoformat())


def wanted_article(delivery: Delivery) -> ArticlePage | None:
    """The article if the channel should show it now, else None."""
    article = ArticlePage.objects.live().filter(pk=delivery.page_id, social_off=False).first()
    channel = delivery.channel
    if article is None or not channel.active or article.outlet.pk != channel.outlet_id:
        return None
    return article


def deliver(delivery_id: int, slot: datetime) -> None:
    delivery = Delivery.objects.select_related("channel").filter(pk=delivery_id).first()
    if delivery is None:
        return
    outcome_unknown = delivery.state == State.SENDING and not delivery.remote_id
    # A backlog (the worker was away) takes fresh slots rather than sending all at once; not a
    # post whose publish is in doubt: it may be in the channel already, and goes first.
    if timezone.now() - slot > LATE and not outcome_unknown:
        queue_delivery(delivery.pk, delivery.channel_id)
        return
    article = wanted_article(delivery)
    content = fingerprint(article) if article is not None else ""
    if article is not None and delivery.state == State.SENT and delivery.sent_hash == content:
        return  # the channel already shows this
    if article is None and not delivery.remote_id:
        if delivery.state != State.DELETED:
            # Never sent (or its outcome is lost with the article): nothing to delete.
            Delivery.objects.filter(pk=delivery.pk).update(state=State.DELETED, last_error="")
        return
    if article is not None and not delivery.remote_id and not outcome_unknown:
        if in_doubt_before(delivery):
            queue_delivery(delivery.pk, delivery.channel_id)
            return
    try:
        network = network_client(delivery.channel.network, delivery.channel.credentials())
    except (SecretUnreadable, LookupError) as error:
        store(delivery, state=State.FAILED, last_error=str(error))
        return
    try:
        send(delivery, network, article, content, outcome_unknown=outcome_unknown)
    except RetryLater as error:
        retry_later(delivery, error)
    except Rejected as error:
        store(delivery, state=State.FAILED, last_error=error.description)
    finally:
        if close := getattr(network, "close", None):
            close()  # a client holding a connection pool (Telegram's)


def in_doubt_before(delivery: Delivery) -> bool:
    """Whether another post of the channel is in doubt (sent, outcome unknown): a new post waits
    for it, since ``Network.find`` looks for it among the posts after the channel's last known
    one, which must all be its own."""
    return (
        Delivery.objects.filter(
            channel_id=delivery.channel_id, state=State.SENDING, remote_id="", sending_hash__gt=""
        )
        .exclude(pk=delivery.pk)
        .exists()
    )


def send(
    delivery: Delivery,
    network: Network,
    article: ArticlePage | None,
    content: str,
    *,
    outcome_unknown: bool,
) -> None:
    """Publish, edit or delete, storing ``sending`` first and the outcome after."""
    if article is None:
        mark_sending(delivery, content="")
        network.delete(delivery.remote_id)
        store(delivery, state=State.DELETED, remote_id="", link="", sent_hash="")
        return
    post = build_post(article, delivery.channel_id)
    if outcome_unknown:
        found = network.find(post, delivery.after or None)
        if found is not None and delivery.sending_hash == content:
            store_posted(delivery, found, content)
            return
        if found is not None:
            delivery.remote_id = found.remote_id
    mark_sending(delivery, content)
    if delivery.remote_id:
        posted = network.edit(delivery.remote_id, post)
    else:
        posted = network.publish(post)
    store_posted(delivery, posted, content)


def mark_sending(delivery: Delivery, content: str) -> None:
    """Committed before the network is called: whatever happens next, a later job knows a call
    may have reached the network."""
    newest = Channel.objects.filter(pk=delivery.channel_id).values_list(
        "latest_remote_id", flat=True
    )
    store(
        delivery,
        state=State.SENDING,
        sending_hash=content,
        after=delivery.after if delivery.state == State.SENDING else (newest.first() or ""),
        attempts=delivery.attempts + 1,
    )


def store(delivery: Delivery, **fields: object) -> None:
    for name, value in fields.items():
        setattr(delivery, name, value)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)


def store_posted(delivery: Delivery, posted: Posted, content: str) -> None:
    with transaction.atomic():
        store(
            delivery,
            state=State.SENT,
            remote_id=posted.remote_id,
            link=posted.link,
            sent_hash=content,
            last_error="",
            attempts=0,
        )
        remember_newest(delivery.channel_id, posted.remote_id)


def remember_newest(channel_id: int, remote_id: str) -> None:
    channel = Channel.objects.select_for_update().only("latest_remote_id").get(pk=channel_id)
    if as_number(remote_id) > as_number(channel.latest_remote_id):
        Channel.objects.filter(pk=channel_id).update(latest_remote_id=remote_id)


def as_number(remote_id: str) -> int:
    return int(remote_id) if remote_id.isdigit() else -1


def retry_later(delivery: Delivery, error: RetryLater) -> None:
    """Queue the job again; after VESTNIK_DISTRIBUTION_MAX_ATTEMPTS, give up until an editor
    retries. The state stays what it is: a timed-out call may have reached the network."""
    if delivery.attempts >= settings.VESTNIK_DISTRIBUTION_MAX_ATTEMPTS:
        store(delivery, state=State.FAILED, last_error=error.description)
        return
    backoff = min(FIRST_BACKOFF * 2 ** max(0, delivery.attempts - 1), LONGEST_BACKOFF)
    if error.retry_after is not None:
        backoff = timedelta(seconds=error.retry_after)
    logger.warning(
        "Distribution of page %s to channel %s: %s; again in %s",
        delivery.page_id,
        delivery.channel_id,
        error.description,
        backoff,
    )
    store(delivery, last_error=error.description)
    queue_delivery(delivery.pk, delivery.channel_id, timezone.now() + backoff)
