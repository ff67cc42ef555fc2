"""An original's publishing, withdrawal and deletion reach its copies at once, in the same
transaction as the change itself (the admin wraps every editorial POST in one)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from vestnik.articles.models import ArticlePage

from .syndication import propagate_edits, withdraw_copies


@receiver(page_published, sender=ArticlePage)
def carry_edits_to_copies(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    revision = kwargs.get("revision")
    with transaction.atomic():
        propagate_edits(instance, user=getattr(revision, "user", None))


@receiver(page_unpublished, sender=ArticlePage)
@receiver(pre_delete, sender=ArticlePage)
def withdraw_copies_with_original(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    with transaction.atomic():
        withdraw_copies(instance)
