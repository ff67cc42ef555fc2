"""The e-mails: an issue for one subscriber (HTML and plain text, with the headers a mail
client's unsubscribe button reads), and the confirmation and deletion letters.

Every address in them is absolute, on the outlet's own site, and the HTML needs nothing
from outside (no images, no web fonts, styles inline), so it reads the same offline.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from vestnik.outlets.chrome import identity_of
from vestnik.outlets.colours import HEX_COLOUR
from vestnik.outlets.identity import DEFAULT_ACCENT
from vestnik.outlets.models import OutletHomePage

from .models import Delivery, DigestList, Issue, Subscription
from .tokens import make_token

__all__ = [
    "confirmation_message",
    "deletion_message",
    "issue_message",
    "message_id",
    "site_url",
]


def site_url(outlet: OutletHomePage, path: str) -> str:
    """``path`` on the outlet's site: «https://zvezdny.example/podpiska/»."""
    site: Site | None = outlet.get_site()
    root = site.root_url if site else ""
    return root + path


def outlet_url(outlet: OutletHomePage, subpath: str = "") -> str:
    return (outlet.get_full_url() or site_url(outlet, "/")) + subpath


@dataclass(frozen=True)
class Look:
    """The outlet as its letters show it."""

    name: str
    accent: str
    home_url: str


def look_of(outlet: OutletHomePage) -> Look:
    identity = identity_of(outlet.get_site())
    accent = identity.accent if HEX_COLOUR.fullmatch(identity.accent or "") else DEFAULT_ACCENT
    return Look(identity.official_name or outlet.title, accent, outlet_url(outlet))


def message_id(issue: Issue, subscription: Subscription) -> str:
    """The same for every attempt at the same delivery: a receiving server or mailbox that
    drops duplicates by Message-ID (many do) sees a retried message as the one it has."""
    domain = settings.VESTNIK_DIGEST["LIST_DOMAIN"]
    return f"<digest.{issue.pk}.{subscription.pk}@{domain}>"


def list_id(digest_list: DigestList) -> str:
    # ASCII only: a Russian phrase would be RFC 2047-encoded together with the id.
    return f"<list-{digest_list.pk}.{settings.VESTNIK_DIGEST['LIST_DOMAIN']}>"


def unsubscribe_url(subscription: Subscription) -> str:
    token = make_token("unsubscribe", subscription.pk)
    path = reverse("digest:unsubscribe", args=[token])
    return site_url(subscription.digest_list.outlet, path)


def deletion_url(outlet: OutletHomePage, subscriber_pk: int) -> str:
    path = reverse("digest:delete", args=[make_token("delete", subscriber_pk)])
    return site_url(outlet, path)


def issue_context(issue: Issue) -> dict[str, Any]:
    """What the letter and the archive's page of an issue both show."""
    items = [
        {**entry, "published_at": datetime.fromisoformat(entry["published_at"])}
        if entry.get("published_at")
        else entry
        for entry in issue.items
    ]
    return {
        "issue": issue,
        "most_read": [entry for entry in items if entry["kind"] == "most_read"],
        "newest": [entry for entry in items if entry["kind"] == "newest"],
    }


def issue_message(delivery: Delivery) -> EmailMultiAlternatives:
    issue, subscription = delivery.issue, delivery.subscription
    digest_list = issue.digest_list
    outlet = digest_list.outlet
    unsubscribe = unsubscribe_url(subscription)
    context = {
        **issue_context(issue),
        "look": look_of(outlet),
        "list_name": digest_list.name,
        "archive_url": outlet_url(outlet, f"digest/{issue.pk}/"),
        "unsubscribe_url": unsubscribe,
        "deletion_url": deletion_url(outlet, subscription.subscriber_id),
    }
    mailbox = settings.VESTNIK_DIGEST["UNSUBSCRIBE_MAILBOX"] or settings.DEFAULT_FROM_EMAIL
    mailto = f"mailto:{mailbox_address(mailbox)}?subject=unsubscribe-{subscription.pk}"
    message = EmailMultiAlternatives(
        subject=issue.subject,
        body=render_to_string("digest/email/issue.txt", context),
        to=[subscription.subscriber.email],
        headers={
            "Message-ID": message_id(issue, subscription),
            "List-Id": list_id(digest_list),
            # RFC 2369 and RFC 8058: a client's own button, one POST without cookies.
            "List-Unsubscribe": f"<{unsubscribe}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(render_to_string("digest/email/issue.html", context), "text/html")
    return message


def mailbox_address(mailbox: str) -> str:
    """«digest@example.ru» out of «Вестник <digest@example.ru>»."""
    return mailbox.rpartition("<")[2].rstrip(">").strip()


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    outlet = subscription.digest_list.outlet
    token = make_token("confirm", subscription.pk)
    context = {
        "look": look_of(outlet),
        "list_name": subscription.digest_list.name,
        "confirm_url": site_url(outlet, reverse("digest:confirm", args=[token])),
        "days": settings.VESTNIK_DIGEST["CONFIRM_DAYS"],
    }
    return EmailMultiAlternatives(
        subject=f"Подтвердите подписку: {subscription.digest_list.name}",
        body=render_to_string("digest/email/confirm.txt", context),
        to=[subscription.subscriber.email],
    )


def deletion_message(
    outlet: OutletHomePage, subscriber_pk: int, email: str
) -> EmailMultiAlternatives:
    context = {"look": look_of(outlet), "deletion_url": deletion_url(outlet, subscriber_pk)}
    return EmailMultiAlternatives(
        subject="Удаление адреса из рассылок",
        body=render_to_string("digest/email/delete.txt", context),
        to=[email],
    )
