"""Sending the pending deliveries: each subscriber gets each issue once, across crashes.

A delivery goes PENDING → ATTEMPTING (claimed by one worker, committed *before* the message
leaves) → SENT (committed right after the server's 250), or → REFUSED (a permanent 5xx for
the address, which stops all mail to it), or back to PENDING (a temporary failure; the next
round tries again). A second worker never claims what the first holds: the claim is one
conditional UPDATE of PENDING rows.

What can still double, and why that is the least bad: a worker that dies after the server
accepted a message and before SENT is committed leaves the delivery ATTEMPTING; once that
worker is known to be gone (``reclaim_abandoned``) the delivery is sent again. The window is
one message wide, and the retry carries the same ``Message-ID`` (``messages.message_id``),
which many receiving servers and mailboxes use to drop the copy. The alternative, never
retrying an ATTEMPTING delivery, would silently lose the issue for that subscriber whenever
a worker died while *connecting*, which is far more common than dying inside that window.
"""

import logging
import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from vestnik.newsroom.locked_database import patiently
from vestnik.newsroom.worker import worker_is_gone

from .messages import issue_message
from .models import Delivery, Subscriber

__all__ = ["Round", "reclaim_abandoned", "send_pending", "stop_address"]

logger = logging.getLogger(__name__)

# A claim older than this is taken back even from a worker on another machine, whose process
# this one cannot look at: sending one message never takes an hour.
CLAIM_LEASE = timedelta(hours=1)


@dataclass
class Round:
    sent: int = 0
    refused: int = 0
    deferred: int = 0


def send_pending(worker_id: str) -> Round:
    """Send every pending delivery, ``VESTNIK_DIGEST["BATCH"]`` over one SMTP connection at
    a time. An SMTP server that is away ends the round; its claims go back to PENDING."""
    done = Round()
    patiently(reclaim_abandoned, "рассылка")
    while batch := patiently(
        lambda: claim(worker_id, settings.VESTNIK_DIGEST["BATCH"]), "рассылка"
    ):
        connection = get_connection()
        try:
            connection.open()
            for position, delivery in enumerate(batch):
                try:
                    send_one(connection, delivery, done)
                except (smtplib.SMTPException, OSError) as error:
                    # Not about this address: the server or the network. Stop for now.
                    logger.warning("Рассылка: почтовый сервер недоступен: %s", error)
                    patiently(partial(release, batch[position:]), "рассылка")
                    done.deferred += len(batch) - position
                    return done
        except (smtplib.SMTPException, OSError) as error:  # could not even connect
            logger.warning("Рассылка: почтовый сервер недоступен: %s", error)
            patiently(lambda: release(batch), "рассылка")
            done.deferred += len(batch)
            return done
        finally:
            connection.close()
    return done


def claim(worker_id: str, size: int) -> list[Delivery]:
    """Up to ``size`` pending deliveries, now ATTEMPTING under ``worker_id``, committed."""
    now = timezone.now()
    ids = list(
        Delivery.objects.filter(state=Delivery.State.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )
    Delivery.objects.filter(pk__in=ids, state=Delivery.State.PENDING).update(
        state=Delivery.State.ATTEMPTING, worker=worker_id, attempted_at=now
    )
    return list(
        Delivery.objects.filter(
            pk__in=ids, state=Delivery.State.ATTEMPTING, worker=worker_id, attempted_at=now
        )
        .select_related(
            "issue__digest_list__outlet",
            "issue__digest_list__region",
            "subscription__subscriber",
            "subscription__digest_list__outlet",
        )
        .order_by("pk")
    )


def send_one(connection: object, delivery: Delivery, done: Round) -> None:
    subscriber = delivery.subscription.subscriber
    # Looked at again: an address refused earlier in this very batch is stopped by now.
    if Subscriber.objects.filter(pk=subscriber.pk, stopped_at__isnull=False).exists():
        patiently(lambda: finish(delivery, Delivery.State.SKIPPED), "рассылка")
        return
    try:
        connection.send_messages([issue_message(delivery)])  # type: ignore[attr-defined]
    except smtplib.SMTPRecipientsRefused as refused:
        code = next(iter(refused.recipients.values()))[0]
        if 500 <= code < 600:
            patiently(lambda: refuse(delivery, subscriber), "рассылка")
            done.refused += 1
        else:  # 4xx: the mailbox is full, greylisting… the next round tries again
            patiently(lambda: release([delivery]), "рассылка")
            done.deferred += 1
        return
    patiently(lambda: finish(delivery, Delivery.State.SENT), "рассылка")
    done.sent += 1


def finish(delivery: Delivery, state: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.ATTEMPTING).update(
        state=state, sent_at=timezone.now() if state == Delivery.State.SENT else None
    )


def refuse(delivery: Delivery, subscriber: Subscriber) -> None:
    finish(delivery, Delivery.State.REFUSED)
    stop_address(subscriber.email, "bounce")


def release(deliveries: list[Delivery]) -> None:
    Delivery.objects.filter(
        pk__in=[delivery.pk for delivery in deliveries], state=Delivery.State.ATTEMPTING
    ).update(state=Delivery.State.PENDING, worker="", attempted_at=None)


def stop_address(email: str, because: str) -> bool:
    """No more mail to ``email`` (a bounce or a complaint); its pending deliveries are
    skipped. False when no such address is subscribed."""
    now = timezone.now()
    stopped = Subscriber.objects.filter(email__iexact=email, stopped_at__isnull=True).update(
        stopped_at=now, stopped_because=because
    )
    Delivery.objects.filter(
        subscription__subscriber__email__iexact=email, state=Delivery.State.PENDING
    ).update(state=Delivery.State.SKIPPED)
    return bool(stopped) or Subscriber.objects.filter(email__iexact=email).exists()


def reclaim_abandoned() -> int:
    """Deliveries left ATTEMPTING by a worker of this machine that is gone (killed, say), or
    by any worker longer ago than ``CLAIM_LEASE``, go back to PENDING."""
    host = socket.gethostname()[:40]
    held = Delivery.objects.filter(state=Delivery.State.ATTEMPTING)
    gone = [pk for pk, worker in held.values_list("pk", "worker") if worker_is_gone(worker, host)]
    stale = Q(attempted_at__lt=timezone.now() - CLAIM_LEASE)
    return held.filter(Q(pk__in=gone) | stale).update(
        state=Delivery.State.PENDING, worker="", attempted_at=None
    )
