"""What a reader does to their address: subscribe (double opt-in), confirm, unsubscribe,
and delete it with everything kept about it.

Whatever the address, the answer a reader sees is the same («Проверьте почту»), so the form
does not tell a stranger who is subscribed; and one address gets at most one confirmation
(or deletion) letter per ``THROTTLE``, so the form cannot be used to flood a mailbox.
"""

import logging
import smtplib
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .messages import confirmation_message, deletion_message
from .models import DigestList, Subscriber, Subscription
from .tokens import read_token

__all__ = [
    "THROTTLE",
    "confirm",
    "delete_address",
    "request_deletion",
    "subscribe",
    "unsubscribe",
]

logger = logging.getLogger(__name__)

THROTTLE = timedelta(minutes=10)


def subscribe(outlet: OutletHomePage, region: Region | None, email: str) -> None:
    """Put ``email`` on the list, unconfirmed, and send it a confirmation link; an address
    already confirmed on it gets nothing."""
    email = normalize(email)
    now = timezone.now()
    with transaction.atomic():
        digest_list, _ = DigestList.objects.get_or_create(outlet=outlet, region=region)
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber, digest_list=digest_list
        )
        due = subscription.confirmation_sent_at is None or (
            now - subscription.confirmation_sent_at >= THROTTLE
        )
        if (subscription.confirmed_at and subscriber.stopped_at is None) or not due:
            return
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["confirmation_sent_at"])
    deliver(confirmation_message(subscription))


def confirm(token: str) -> Subscription | None:
    """The subscription the link confirms, now confirmed (again: a second click changes
    nothing); None for a bad or expired link, or a subscription since deleted. Confirming
    lifts an earlier bounce or complaint: the owner has just shown the address works."""
    try:
        pk = read_token("confirm", token)
    except Exception:  # noqa: BLE001  (BadSignature and its expiry)
        return None
    subscription = (
        Subscription.objects.select_related(
            "digest_list__outlet", "digest_list__region", "subscriber"
        )
        .filter(pk=pk)
        .first()
    )
    if subscription is None:
        return None
    with transaction.atomic():
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        Subscriber.objects.filter(pk=subscription.subscriber_id).update(
            stopped_at=None, stopped_because=""
        )
    return subscription


def unsubscribe(token: str) -> DigestList | None:
    """Take the address off the list the token names (its deliveries go with it); the list,
    or None for a bad token. An address left on no list is deleted altogether."""
    try:
        pk = read_token("unsubscribe", token)
    except Exception:  # noqa: BLE001
        return None
    subscription = (
        Subscription.objects.select_related("digest_list__outlet", "digest_list__region")
        .filter(pk=pk)
        .first()
    )
    if subscription is None:
        return None
    with transaction.atomic():
        subscription.delete()
        Subscriber.objects.filter(pk=subscription.subscriber_id, subscriptions=None).delete()
    return subscription.digest_list


def request_deletion(outlet: OutletHomePage, email: str) -> None:
    """Mail a deletion link to ``email`` if it is subscribed to anything; nothing otherwise."""
    now = timezone.now()
    subscriber = Subscriber.objects.filter(email=normalize(email)).first()
    if subscriber is None:
        return
    if subscriber.deletion_sent_at and now - subscriber.deletion_sent_at < THROTTLE:
        return
    Subscriber.objects.filter(pk=subscriber.pk).update(deletion_sent_at=now)
    deliver(deletion_message(outlet, subscriber.pk, subscriber.email))


def delete_address(token: str) -> bool:
    """Delete the address the token names, with its subscriptions and deliveries; False for
    a bad token. Deleting twice is no error: the address is gone either way."""
    try:
        pk = read_token("delete", token)
    except Exception:  # noqa: BLE001
        return False
    Subscriber.objects.filter(pk=pk).delete()
    return True


def normalize(email: str) -> str:
    """The domain is case-insensitive, the mailbox by convention too: one row per address."""
    return email.strip().lower()


def deliver(message: EmailMessage) -> None:
    """Send a letter now; a mail server that is away is logged (not the address), and the
    reader still sees «Проверьте почту»: they can ask again after ``THROTTLE``."""
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Письмо подписчику не отправлено: %s", type(error).__name__)
